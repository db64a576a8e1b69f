import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ensureViewer } from "../app/serve/ensure-viewer";
import { Gateway } from "../app/serve/gateway";
import { TwinHost } from "../app/serve/host";
import { buildHttpApp } from "../app/serve/http";
import { LiveTwin } from "../app/serve/live-twin";
import { loadScenarioFile } from "../app/serve/scenario-files";
import { REPO_ROOT } from "../app/serve/server";
import { openErpDb } from "../erp-bridge/index";
import { initPhysics } from "../sim/physics/index";
import { openChromium } from "../test/e2e/chromium";
import type { Bench } from "./index";

const VIEWERS = 20;
const WINDOW_S = 10;
const SPEED = 10;

/**
 * 20 Socket.IO viewers, run in a child process so the server's CPU time is the server's alone: each
 * acknowledges every frame and counts the bytes it receives. The same run without viewers gives the
 * baseline (the simulation and recorder alone).
 */
const CLIENTS = `
import { io } from "socket.io-client";
const [url, n, seconds] = process.argv.slice(1);
let frames = 0, bytes = 0, connected = 0;
const sockets = [];
for (let i = 0; i < Number(n); i++) {
  const s = io(url, { transports: ["websocket"], forceNew: true });
  s.on("connect", () => { connected++; });
  s.io.engine?.on("packet", () => {});
  s.on("frame", (f, ack) => { frames++; bytes += f.b.byteLength + JSON.stringify(f.s).length + 60; ack?.(); });
  s.on("status", (_m, ack) => ack?.());
  sockets.push(s);
}
setTimeout(() => {
  for (const s of sockets) s.disconnect();
  process.stdout.write(JSON.stringify({ frames, bytes, connected }));
  process.exit(0);
}, Number(seconds) * 1000);
`;

/** The default workshop, hosted as `twin serve` hosts it (in-memory database, work-order feeder). */
async function workshopHost(): Promise<TwinHost> {
  const host = new TwinHost({
    scenarioPath: join(REPO_ROOT, "scenarios/workshop.yaml"),
    scenarioDir: join(REPO_ROOT, "scenarios"),
    speed: SPEED,
    seed: null,
    prerollS: null,
    db: openErpDb(":memory:"),
    feeder: true,
  });
  await host.start();
  return host;
}

async function serverCpu(
  viewers: number,
  windowS = WINDOW_S,
): Promise<{ cpuPct: number; client: { frames: number; bytes: number }; stats: Gateway["stats"] }> {
  const host = await workshopHost();
  const http = createServer();
  const gateway = new Gateway(http, host, { frameHz: 30 });
  await new Promise<void>((r) => http.listen(0, "127.0.0.1", () => r()));
  const url = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
  let client = { frames: 0, bytes: 0 };
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  if (viewers > 0) {
    const out = await new Promise<string>((resolve, reject) => {
      const p = spawn(
        process.execPath,
        ["--input-type=module", "-e", CLIENTS, url, String(viewers), String(windowS)],
        {
          cwd: REPO_ROOT,
          stdio: ["ignore", "pipe", "inherit"],
        },
      );
      let s = "";
      p.stdout.on("data", (d) => {
        s += d;
      });
      p.on("error", reject);
      p.on("exit", () => resolve(s));
    });
    client = JSON.parse(out) as typeof client;
  } else {
    await new Promise((r) => setTimeout(r, windowS * 1000));
  }
  const cpu = process.cpuUsage(cpu0);
  const wallMs = performance.now() - t0;
  const stats = { ...gateway.stats };
  await gateway.close();
  await new Promise<void>((r) => http.close(() => r()));
  await host.close();
  return { cpuPct: ((cpu.user + cpu.system) / 1000 / wallMs) * 100, client, stats };
}

async function viewerFps(): Promise<{ fps: number; quality: string; frames: number }> {
  await ensureViewer(REPO_ROOT, "viewer/dist", (l) => process.stdout.write(`  ${l}\n`));
  const dir = mkdtempSync(join(tmpdir(), "twin-bench-"));
  const host = await workshopHost();
  const app = await buildHttpApp(host, { viewerDir: join(REPO_ROOT, "viewer/dist"), db: null });
  await app.listen({ port: 0, host: "127.0.0.1" });
  const gateway = new Gateway(app.server, host, { frameHz: 30 });
  const url = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}/`;
  const { browser, page } = await openChromium(dir, { width: 1600, height: 900 });
  try {
    await page.goto(url);
    await page.waitForFunction("window.__twin && window.__twin.counts().cnc > 0", undefined, {
      timeout: 60_000,
    });
    await page.waitForTimeout(3000);
    const a = (await page.evaluate("[window.__twin.renderedFrames, performance.now()]")) as [number, number];
    await page.waitForTimeout(WINDOW_S * 1000);
    const b = (await page.evaluate(
      "[window.__twin.renderedFrames, performance.now(), window.__twin.quality]",
    )) as [number, number, string];
    return { fps: ((b[0] - a[0]) * 1000) / (b[1] - a[1]), quality: b[2], frames: b[0] - a[0] };
  } finally {
    await browser.close();
    await gateway.close();
    await app.close();
    await host.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Frames of one scenario without sockets: an hour of line first, then `frames` frames 1/30 s of wall
 * time apart at ×SPEED. Bytes of the binary block, parts per frame, and the sampler's time per frame
 * (state, poses from the physics world, encoding), µs.
 */
async function frameFigures(
  file: string,
  frames = 900,
): Promise<{ bytes: number; parts: number; usPerFrame: number }> {
  const scenario = loadScenarioFile(join(REPO_ROOT, "scenarios", file));
  if (scenario.fidelity === "physics") await initPhysics();
  const twin = new LiveTwin({ scenario, file, runId: "bench" });
  twin.runner.fastForward(3600e6);
  const stepUs = (SPEED * 1e6) / 30;
  let bytes = 0;
  let parts = 0;
  let sampleMs = 0;
  for (let k = 0; k < frames; k++) {
    twin.runner.fastForward(twin.sim.now + stepUs);
    const t0 = performance.now();
    const f = twin.frame();
    sampleMs += performance.now() - t0;
    bytes += f.bytes.byteLength;
    parts += twin.frames.data.partCount;
  }
  return { bytes: bytes / frames, parts: parts / frames, usPerFrame: (sampleMs * 1000) / frames };
}

export const bench: Bench = {
  name: "live",
  async run() {
    // a first short run warms the JIT and the modules up; its figures are not used
    await serverCpu(0, 3);
    const idle = await serverCpu(0);
    const loaded = await serverCpu(VIEWERS);
    const perViewerFrames = loaded.client.frames / VIEWERS;
    const bytesPerFrame = loaded.client.frames > 0 ? loaded.client.bytes / loaded.client.frames : 0;
    process.stdout.write(
      [
        `workshop.yaml at ×${SPEED}, ${WINDOW_S} s windows, frames at up to 30 Hz`,
        `binary block per frame:       ${loaded.stats.lastFrameBytes} bytes`,
        `frame message (block + JSON): ${bytesPerFrame.toFixed(0)} bytes`,
        `frames per viewer:            ${(perViewerFrames / WINDOW_S).toFixed(1)} /s  (${((perViewerFrames * bytesPerFrame) / WINDOW_S / 1024).toFixed(1)} KiB/s)`,
        `frames sampled / dropped:     ${loaded.stats.framesSampled} / ${loaded.stats.framesDropped}`,
        `server CPU, no viewers:       ${idle.cpuPct.toFixed(1)} % of a core`,
        `server CPU, ${VIEWERS} viewers:      ${loaded.cpuPct.toFixed(1)} % of a core`,
        "",
      ].join("\n"),
    );
    for (const file of ["assembly-robot.yaml", "assembly-physics.yaml"]) {
      const f = await frameFigures(file);
      process.stdout.write(
        `${`${file}:`.padEnd(30)}${f.bytes.toFixed(0)} bytes per block, ${f.parts.toFixed(1)} parts, ` +
          `${f.usPerFrame.toFixed(0)} µs to sample and encode (900 frames at ×${SPEED})\n`,
      );
    }
    const v = await viewerFps();
    process.stdout.write(
      `viewer in headless Chromium:  ${v.fps.toFixed(1)} fps (${v.frames} frames in ${WINDOW_S} s, quality ${v.quality}, 1600×900)\n`,
    );
  },
};
