import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { type BrowserContext, chromium, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SERVE_DEFAULTS } from "../../app/serve/config";
import { ensureViewer } from "../../app/serve/ensure-viewer";
import { REPO_ROOT, type ServeHandle, startServe } from "../../app/serve/server";

/**
 * A physics twin in a real headless Chromium: `twin serve scenarios/assembly-physics.yaml` in-process
 * (no OPC UA, Modbus or database: this test is about the frames) and the viewer drawing its parts where
 * the Rapier world has them.
 */

const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

interface DrawnPart {
  id: number;
  position: [number, number, number];
  rotation: [number, number, number, number];
  box: boolean;
}

let dir: string;
let serve: ServeHandle;
let browser: BrowserContext;
let page: Page;
const consoleErrors: string[] = [];

function drawnParts(): Promise<DrawnPart[]> {
  return page.evaluate("window.__twin.parts()") as Promise<DrawnPart[]>;
}

async function until(cond: () => Promise<boolean>, ms: number, what: string): Promise<void> {
  const t0 = Date.now();
  while (!(await cond())) {
    if (Date.now() - t0 > ms) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function post(path: string): Promise<void> {
  const r = await fetch(`${serve.url}${path}`, { method: "POST" });
  expect(r.status).toBe(200);
}

beforeAll(async () => {
  await ensureViewer(REPO_ROOT, "viewer/dist", () => {});
  dir = mkdtempSync(join(tmpdir(), "twin-e2e-physics-"));
  serve = await startServe(
    {
      ...SERVE_DEFAULTS,
      scenario: resolve(REPO_ROOT, "scenarios/assembly-physics.yaml"),
      port: 0,
      host: "127.0.0.1",
      opcuaPort: null,
      modbusPort: null,
      speed: 10,
      // ten minutes of line: parts on the belt from the first frame
      prerollS: 600,
      buildViewer: false,
    },
    { cwd: REPO_ROOT, log: () => {}, db: false, opcua: null },
  );
  browser = await chromium.launchPersistentContext(join(dir, "chromium"), {
    executablePath: "/usr/bin/chromium",
    args: CHROMIUM_ARGS,
    viewport: { width: 1280, height: 720 },
  });
  page = browser.pages()[0] ?? (await browser.newPage());
  page.on("console", (m) => {
    if (m.type() === "error") consoleErrors.push(m.text());
  });
  page.on("pageerror", (e) => consoleErrors.push(`page error: ${e.message}`));
  await page.goto(`${serve.url}/`);
  await until(
    () =>
      page.evaluate("window.__twin !== undefined && window.__twin.framesReceived() > 5") as Promise<boolean>,
    30_000,
    "the scene and the first frames",
  );
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await serve?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe("the viewer with a physics twin", () => {
  it("draws each part with a body as a box at its physics pose (position and rotation)", async () => {
    const twin = serve.host.current;
    expect(twin.sim.physics).not.toBeNull();
    // pause with a part on the belt, so the frames, the view and the world hold still at one instant
    const belt = () => twin.sim.state.conveyors.get("c10")!.items.length;
    for (let attempt = 0; ; attempt++) {
      await until(async () => belt() > 0, 20_000, "a part on the belt");
      await post("/api/twin/pause");
      if (belt() > 0 || attempt > 5) break;
      await post("/api/twin/resume");
    }
    const poses = twin.sim.physics!.partPoses();
    const onBelt = twin.sim.state.conveyors.get("c10")!.items.map((it) => it.part);
    expect(onBelt.length).toBeGreaterThan(0);
    // paused, the view is the newest frame exactly: wait for a frame of the paused instant
    const nowUs = twin.sim.now;
    await until(
      async () => (await page.evaluate("window.__twin.simTimeUs()")) === nowUs,
      10_000,
      "a frame of the paused instant",
    );
    await page.waitForTimeout(300);
    const ids = poses.map((p) => twin.frames.partId(p.part));
    let drawn: DrawnPart[] = [];
    await until(
      async () => {
        drawn = await drawnParts();
        return ids.every((id) => id !== undefined && drawn.some((d) => d.id === id));
      },
      10_000,
      "the paused frame in the view",
    );
    let matchedOnBelt = 0;
    for (const [k, pose] of poses.entries()) {
      const d = drawn.find((x) => x.id === ids[k])!;
      expect(d.box).toBe(true);
      // f32 in the frame and in three.js' instance matrix: a few µm
      for (let i = 0; i < 3; i++) expect(Math.abs(d.position[i]! - pose.position[i]!)).toBeLessThan(1e-4);
      const dot = d.rotation.reduce((s, q, i) => s + q * pose.rotation[i]!, 0);
      // |q·p| = cos(angle / 2): within 0.01 rad of the body's rotation
      expect(Math.abs(dot)).toBeGreaterThan(Math.cos(0.005));
      if (onBelt.includes(pose.part)) matchedOnBelt++;
    }
    expect(matchedOnBelt).toBe(onBelt.length);
    await post("/api/twin/resume");
    expect(consoleErrors).toEqual([]);
  }, 30_000);
});
