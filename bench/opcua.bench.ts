import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { monitorEventLoopDelay, performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import {
  AttributeIds,
  DataType,
  MessageSecurityMode,
  NodeClass,
  OPCUACertificateManager,
  OPCUAClient,
  OPCUAServer,
  SecurityPolicy,
  StatusCodes,
  TimestampsToReturn,
  Variant,
} from "node-opcua";
import { workshopSimulation } from "../opcua-server/fixtures";
import { startOpcUaServer } from "../opcua-server/index";
import type { Bench } from "./index";

/**
 * Value changes per second that reach a subscribed client in another process, with the event-loop lag of
 * the server process: the twin's server while the simulation runs in real time (×1) and fast (×60), and
 * in the same run a bare node-opcua server that rewrites the same number of variables at 10 Hz.
 */

const WARMUP_S = 3;
const MEASURE_S = 10;
/** the bare server rewrites every variable this often, ms (the twin's publish interval) */
const BARE_TICK_MS = 100;

interface ClientJob {
  url: string;
  nodeIds: string[];
  pki: string;
}

interface Phase {
  label: string;
  subscribed: number;
  changesPerS: number;
  cpuPct: number;
  lagP50: number;
  lagP99: number;
  lagMax: number;
}

// ---- the client process --------------------------------------------------------------------------

async function runClient(job: ClientJob): Promise<void> {
  const client = OPCUAClient.create({
    endpointMustExist: false,
    securityMode: MessageSecurityMode.None,
    securityPolicy: SecurityPolicy.None,
    connectionStrategy: { maxRetry: 0 },
    clientCertificateManager: new OPCUACertificateManager({
      rootFolder: job.pki,
      automaticallyAcceptUnknownCertificate: true,
    }),
  });
  await client.connect(job.url);
  const session = await client.createSession();
  const sub = await session.createSubscription2({
    requestedPublishingInterval: 100,
    requestedMaxKeepAliveCount: 20,
    requestedLifetimeCount: 200,
    maxNotificationsPerPublish: 0,
    publishingEnabled: true,
  });
  let count = 0;
  for (let i = 0; i < job.nodeIds.length; i += 500) {
    const items = job.nodeIds
      .slice(i, i + 500)
      .map((nodeId) => ({ nodeId, attributeId: AttributeIds.Value }));
    const group = await sub.monitorItems(
      items,
      { samplingInterval: 0, queueSize: 100, discardOldest: true },
      TimestampsToReturn.Both,
    );
    group.on("changed", () => {
      count++;
    });
  }
  process.stdout.write("READY\n");
  await sleep(WARMUP_S * 1000);
  const c0 = count;
  const t0 = performance.now();
  await sleep(MEASURE_S * 1000);
  const seconds = (performance.now() - t0) / 1000;
  process.stdout.write(`RESULT ${JSON.stringify({ changes: count - c0, seconds })}\n`);
  await sub.terminate();
  await session.close();
  await client.disconnect();
}

const job = process.env.OPCUA_BENCH_CLIENT;
if (job !== undefined) {
  await runClient(JSON.parse(job) as ClientJob);
  process.exit(0);
}

// ---- the server process --------------------------------------------------------------------------

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

function startClient(j: ClientJob): {
  child: ChildProcess;
  ready: Promise<void>;
  result: Promise<{ changes: number; seconds: number }>;
} {
  const child = spawn(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url)], {
    env: { ...process.env, OPCUA_BENCH_CLIENT: JSON.stringify(j) },
    stdio: ["ignore", "pipe", "inherit"],
  });
  let buf = "";
  let onReady: () => void = () => undefined;
  let onResult: (r: { changes: number; seconds: number }) => void = () => undefined;
  const ready = new Promise<void>((r) => {
    onReady = r;
  });
  const result = new Promise<{ changes: number; seconds: number }>((resolve, reject) => {
    onResult = resolve;
    child.once("exit", (code) => reject(new Error(`bench client exited with ${code}`)));
  });
  child.stdout!.on("data", (d: Buffer) => {
    buf += d.toString();
    for (let nl = buf.indexOf("\n"); nl >= 0; nl = buf.indexOf("\n")) {
      const line = buf.slice(0, nl);
      buf = buf.slice(nl + 1);
      if (line === "READY") onReady();
      else if (line.startsWith("RESULT ")) onResult(JSON.parse(line.slice(7)));
    }
  });
  return { child, ready, result };
}

/** Runs `tick` every `everyMs` while the client measures; returns the phase's figures. */
async function measure(label: string, j: ClientJob, everyMs: number, tick: () => void): Promise<Phase> {
  const c = startClient(j);
  await c.ready;
  const timer = setInterval(tick, everyMs);
  await sleep(WARMUP_S * 1000);
  const lag = monitorEventLoopDelay({ resolution: 1 });
  lag.enable();
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const r = await c.result;
  const cpu = process.cpuUsage(cpu0);
  const wallS = (performance.now() - t0) / 1000;
  lag.disable();
  clearInterval(timer);
  return {
    label,
    subscribed: j.nodeIds.length,
    changesPerS: r.changes / r.seconds,
    cpuPct: ((cpu.user + cpu.system) / 1e6 / wallS) * 100,
    lagP50: lag.percentile(50) / 1e6,
    lagP99: lag.percentile(99) / 1e6,
    lagMax: lag.max / 1e6,
  };
}

async function twinPhase(dir: string, speed: number): Promise<{ phase: Phase; live: number }> {
  const sim = workshopSimulation();
  sim.advanceTo(sim.scenario.warmup * 1e6);
  sim.drainEvents();
  const srv = await startOpcUaServer({
    port: await freePort(),
    host: "127.0.0.1",
    pkiDir: join(dir, "pki-twin"),
    securityModes: ["None"],
    getSim: () => sim,
    simToWall: (tUs) => new Date(Date.UTC(2026, 0, 5, 6) + tUs / 1000),
  });
  const ns = srv.workshop.namespaceIndex;
  const space = srv.server.engine.addressSpace!;
  const nodeIds: string[] = [];
  for (const n of (
    space.getNamespace(ns) as unknown as {
      nodeIterator(): Iterable<{ nodeClass: NodeClass; nodeId: { toString(): string } }>;
    }
  ).nodeIterator()) {
    if (n.nodeClass === NodeClass.Variable) nodeIds.push(n.nodeId.toString());
  }
  const simT0 = sim.now;
  let wall0 = -1;
  const phase = await measure(
    `twin ×${speed}`,
    { url: srv.endpointUrl, nodeIds, pki: join(dir, "client") },
    20,
    () => {
      if (wall0 < 0) wall0 = performance.now();
      sim.advanceTo(simT0 + Math.round((performance.now() - wall0) * 1000 * speed));
      srv.update(sim.drainEvents());
    },
  );
  const live = srv.workshop.publisher.size;
  await srv.close();
  return { phase, live };
}

async function barePhase(dir: string, n: number): Promise<Phase> {
  const server = new OPCUAServer({
    port: await freePort(),
    host: "127.0.0.1",
    hostname: "127.0.0.1",
    securityModes: [MessageSecurityMode.None],
    securityPolicies: [SecurityPolicy.None],
    serverCertificateManager: new OPCUACertificateManager({ rootFolder: join(dir, "pki-bare") }),
    isAuditing: false,
  });
  await server.initialize();
  const space = server.engine.addressSpace!;
  const ns = space.getOwnNamespace();
  const folder = ns.addObject({ organizedBy: space.rootFolder.objects, browseName: "Bench" });
  const vars = Array.from({ length: n }, (_, i) =>
    ns.addVariable({
      componentOf: folder,
      browseName: `V${i}`,
      nodeId: `s=V${i}`,
      dataType: "Double",
      value: { dataType: DataType.Double, value: 0 },
    }),
  );
  await server.start();
  let k = 0;
  const phase = await measure(
    `bare ${n} vars @${1000 / BARE_TICK_MS} Hz`,
    { url: server.getEndpointUrl(), nodeIds: vars.map((v) => v.nodeId.toString()), pki: join(dir, "client") },
    BARE_TICK_MS,
    () => {
      k++;
      const now = new Date();
      for (let i = 0; i < vars.length; i++)
        vars[i]!.setValueFromSource(
          new Variant({ dataType: DataType.Double, value: k + i }),
          StatusCodes.Good,
          now,
        );
    },
  );
  await server.shutdown(0);
  return phase;
}

function line(p: Phase): string {
  return (
    `${p.label.padEnd(22)} ${String(p.subscribed).padStart(5)} items  ${p.changesPerS.toFixed(0).padStart(7)} changes/s  ` +
    `CPU ${p.cpuPct.toFixed(0).padStart(3)} %  lag p50 ${p.lagP50.toFixed(1)} ms p99 ${p.lagP99.toFixed(1)} ms max ${p.lagMax.toFixed(1)} ms\n`
  );
}

export const bench: Bench = {
  name: "opcua",
  async run() {
    const dir = mkdtempSync(join(tmpdir(), "opcua-bench-"));
    try {
      const x1 = await twinPhase(dir, 1);
      process.stdout.write(line(x1.phase));
      const x60 = await twinPhase(dir, 60);
      process.stdout.write(line(x60.phase));
      const bare = await barePhase(dir, x60.live);
      process.stdout.write(line(bare));
      const perChange = (p: Phase) => (p.cpuPct * 10) / Math.max(1, p.changesPerS);
      process.stdout.write(
        `twin: ${x60.live} live values (bindings); ratio twin ×60 / bare: delivered changes/s ${(x60.phase.changesPerS / bare.changesPerS).toFixed(3)}, ` +
          `server CPU per delivered change ${(perChange(x60.phase) / perChange(bare)).toFixed(2)}\n`,
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
};
