import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { io as connect, type Socket } from "socket.io-client";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openErpDb } from "../../erp-bridge/index";
import {
  type CommandReply,
  createFrameData,
  decodeFrame,
  type FrameMessage,
  type Layout,
  MSG,
  PROTOCOL_VERSION,
  type Snapshot,
} from "../../protocol/index";
import { Gateway } from "./gateway";
import { TwinHost } from "./host";
import { loadScenarioFile } from "./scenario-files";

const SCENARIO = "scenarios/workshop.yaml";

let http: Server;
let host: TwinHost;
let gateway: Gateway;
let url: string;
const clients: Socket[] = [];

beforeEach(async () => {
  host = new TwinHost({
    scenarioPath: SCENARIO,
    scenarioDir: "scenarios",
    speed: 20,
    seed: null,
    prerollS: 1800,
    db: openErpDb(":memory:"),
    feeder: true,
  });
  await host.start();
  http = createServer();
  gateway = new Gateway(http, host, { frameHz: 30, maxInFlight: 2, ackTimeoutMs: 60_000 });
  await new Promise<void>((r) => http.listen(0, "127.0.0.1", () => r()));
  url = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
});

afterEach(async () => {
  for (const c of clients.splice(0)) c.disconnect();
  await gateway.close();
  await new Promise<void>((r) => http.close(() => r()));
  await host.close();
});

function client(): Socket {
  const c = connect(url, { transports: ["websocket"], forceNew: true, reconnection: false });
  clients.push(c);
  return c;
}

/** Records the order of messages and decodes frames against the layout. */
function recorder(c: Socket, ack = true) {
  const order: string[] = [];
  const layouts: Layout[] = [];
  const snapshots: Snapshot[] = [];
  const times: number[] = [];
  const paused: boolean[] = [];
  let shape: Layout | null = null;
  c.on(MSG.layout, (l: Layout) => {
    order.push("layout");
    layouts.push(l);
    shape = l;
  });
  c.on(MSG.snapshot, (s: Snapshot) => {
    order.push("snapshot");
    snapshots.push(s);
  });
  c.on(MSG.frame, (f: FrameMessage, done?: () => void) => {
    order.push("frame");
    if (shape !== null) {
      const data = createFrameData(shape);
      const why = decodeFrame(f.b as Uint8Array, shape, data);
      if (why !== null) throw new Error(why);
      expect(f.s).toHaveLength(shape.stateCount);
      times.push(data.tUs);
      paused.push(data.paused);
    }
    if (ack) done?.();
  });
  return { order, layouts, snapshots, times, paused };
}

const until = async (cond: () => boolean, ms = 10_000) => {
  const t0 = Date.now();
  while (!cond()) {
    if (Date.now() - t0 > ms) throw new Error("timed out");
    await new Promise((r) => setTimeout(r, 20));
  }
};

function command(c: Socket, cmd: unknown): Promise<CommandReply> {
  return new Promise((r) => c.emit(MSG.command, cmd, r));
}

describe("gateway", () => {
  it("sends the layout, then the snapshot, then frames that decode against the layout", async () => {
    const rec = recorder(client());
    await until(() => rec.times.length >= 10);
    expect(rec.order.slice(0, 3)).toEqual(["layout", "snapshot", "frame"]);
    const layout = rec.layouts[0]!;
    const sc = loadScenarioFile(SCENARIO);
    expect(layout.version).toBe(PROTOCOL_VERSION);
    expect(layout.entities.filter((e) => e.kind === "station")).toHaveLength(sc.stations.length);
    expect(layout.entities.filter((e) => e.stationKind === "cnc")).toHaveLength(2);
    expect(layout.robots.map((r) => r.model)).toEqual(["ur5e", "irb120"]);
    expect(layout.jointCount).toBe(12);
    expect(rec.snapshots[0]!.orders.map((o) => o.id)).toContain("WO-1001");
    // the simulated clock moves forward from frame to frame (×20, pre-rolled 30 min)
    for (let i = 1; i < rec.times.length; i++)
      expect(rec.times[i]!).toBeGreaterThanOrEqual(rec.times[i - 1]!);
    expect(rec.times[0]!).toBeGreaterThanOrEqual(1_800_000_000);
    expect(rec.times.at(-1)!).toBeGreaterThan(rec.times[0]!);
  });

  it("drops frames for a viewer that does not acknowledge, without holding back the others or the simulation", async () => {
    const slow = recorder(client(), false);
    const fast = recorder(client(), true);
    await until(() => fast.times.length >= 30);
    const t0 = host.current.sim.now;
    await until(() => fast.times.length >= 45);
    expect(slow.times.length).toBe(2);
    expect(gateway.stats.framesDropped).toBeGreaterThan(20);
    expect(host.current.sim.now).toBeGreaterThan(t0);
  });

  it("pause from a viewer freezes the simulated time in the frames", async () => {
    const c = client();
    const rec = recorder(c);
    await until(() => rec.times.length >= 3);
    expect(await command(c, { type: "pause" })).toEqual({ ok: true });
    const n = rec.times.length;
    await until(() => rec.times.length >= n + 10);
    const after = rec.times.slice(n + 1);
    expect(new Set(after).size).toBe(1);
    expect(rec.paused.at(-1)).toBe(true);
    expect(await command(c, { type: "setSpeed", speed: 500 })).toEqual({
      ok: false,
      code: "TWIN_ERR_OUT_OF_RANGE",
      reason: "speed 500 is outside 0.1 … 100",
    });
    expect(await command(c, { type: "warp" })).toEqual({
      ok: false,
      code: "TWIN_ERR_BAD_COMMAND",
      reason: 'type: unknown command "warp"',
    });
  });

  it("a viewer that reconnects starts again from a fresh layout", async () => {
    const first = recorder(client());
    await until(() => first.times.length >= 2);
    clients[0]!.disconnect();
    const again = recorder(client());
    await until(() => again.times.length >= 2);
    expect(again.order[0]).toBe("layout");
    expect(again.layouts[0]!.runId).toBe(first.layouts[0]!.runId);
  });

  it("a scenario switch sends every viewer a new layout of the new run", async () => {
    const c = client();
    const rec = recorder(c);
    await until(() => rec.times.length >= 2);
    const reply = await command(c, { type: "switchScenario", file: "assembly-robot.yaml" });
    expect(reply).toEqual({ ok: true, detail: "running Gearbox housing assembly (two robot cells)" });
    await until(() => rec.layouts.length >= 2);
    expect(rec.layouts[1]!.runId).not.toBe(rec.layouts[0]!.runId);
    expect(rec.layouts[1]!.scenario.file).toBe("assembly-robot.yaml");
    expect(await command(c, { type: "switchScenario", file: "nope.yaml" })).toMatchObject({
      ok: false,
      code: "TWIN_ERR_UNKNOWN_SCENARIO",
    });
  });
});
