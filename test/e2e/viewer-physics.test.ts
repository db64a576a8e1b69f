import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import type { BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SERVE_DEFAULTS } from "../../app/serve/config";
import { ensureViewer } from "../../app/serve/ensure-viewer";
import { REPO_ROOT, type ServeHandle, startServe } from "../../app/serve/server";
import { openChromium } from "./chromium";

/**
 * Physics twins in a real headless Chromium: `twin serve scenarios/assembly-physics.yaml` (box housings)
 * and `scenarios/workshop-physics.yaml` (cylinder flanges) in-process (no OPC UA, Modbus or database:
 * these tests are about the frames), one browser for both, and the viewer drawing each part in its
 * product's shape where the Rapier world has it.
 */

interface DrawnPart {
  id: number;
  position: [number, number, number];
  rotation: [number, number, number, number];
  shape: "box" | "cylinder" | "compound" | "round";
  solids: number;
}

let dir: string;
let serve: ServeHandle | undefined;
let browser: BrowserContext;
let page: Page;
let consoleErrors: string[] = [];

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
  const r = await fetch(`${serve!.url}${path}`, { method: "POST" });
  expect(r.status).toBe(200);
}

/** Serves `file` (ten minutes of line pre-rolled: parts in the system from the first frame) and opens it. */
async function open(file: string): Promise<ServeHandle> {
  await serve?.close();
  serve = await startServe(
    {
      ...SERVE_DEFAULTS,
      scenario: resolve(REPO_ROOT, "scenarios", file),
      port: 0,
      host: "127.0.0.1",
      opcuaPort: null,
      modbusPort: null,
      speed: 10,
      prerollS: 600,
      buildViewer: false,
    },
    { cwd: REPO_ROOT, log: () => {}, db: false, opcua: null },
  );
  await page.goto(`${serve.url}/`);
  await until(
    () =>
      page.evaluate(
        `window.__twin !== undefined && window.__twin.layout?.scenario.file === ${JSON.stringify(file)} && window.__twin.framesReceived() > 5`,
      ) as Promise<boolean>,
    30_000,
    "the scene and the first frames",
  );
  return serve;
}

/**
 * Pauses the twin once `ready()` holds (retrying if it stops holding at the pause), waits until the view
 * shows the paused instant, and returns every part with a body next to how the viewer drew it.
 */
async function pausedPoses(s: ServeHandle, ready: () => boolean) {
  const twin = s.host.current;
  expect(twin.sim.physics).not.toBeNull();
  for (let attempt = 0; ; attempt++) {
    await until(async () => ready(), 20_000, "the part wanted");
    await post("/api/twin/pause");
    if (ready() || attempt > 5) break;
    await post("/api/twin/resume");
  }
  const poses = twin.sim.physics!.partPoses();
  expect(poses.length).toBeGreaterThan(0);
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
  return poses.map((pose, k) => ({ pose, drawn: drawn.find((x) => x.id === ids[k])! }));
}

/** Position within 0.1 mm (f32 in the frame and in three.js' instance matrix) and rotation within 0.01 rad. */
function expectAtPose(d: DrawnPart, pose: { position: number[]; rotation: number[] }): void {
  for (let i = 0; i < 3; i++) expect(Math.abs(d.position[i]! - pose.position[i]!)).toBeLessThan(1e-4);
  const dot = d.rotation.reduce((s, q, i) => s + q * pose.rotation[i]!, 0);
  // |q·p| = cos(angle / 2)
  expect(Math.abs(dot)).toBeGreaterThan(Math.cos(0.005));
}

beforeAll(async () => {
  await ensureViewer(REPO_ROOT, "viewer/dist", () => {});
  dir = mkdtempSync(join(tmpdir(), "twin-e2e-physics-"));
  ({ browser, page, consoleErrors } = await openChromium(dir, { width: 1280, height: 720 }));
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await serve?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe("the viewer with a physics twin", () => {
  it("draws each part with a body as a box at its physics pose (position and rotation)", async () => {
    const s = await open("assembly-physics.yaml");
    // pause with a part on the belt, so the frames, the view and the world hold still at one instant
    const belt = () => s.host.current.sim.state.conveyors.get("c10")!.items.map((it) => it.part);
    const parts = await pausedPoses(s, () => belt().length > 0);
    const onBelt = belt();
    expect(onBelt.length).toBeGreaterThan(0);
    let matchedOnBelt = 0;
    for (const { pose, drawn } of parts) {
      expect([drawn.shape, drawn.solids]).toEqual(["box", 1]);
      expectAtPose(drawn, pose);
      if (onBelt.includes(pose.part)) matchedOnBelt++;
    }
    expect(matchedOnBelt).toBe(onBelt.length);
    await post("/api/twin/resume");
    expect(consoleErrors).toEqual([]);
  }, 60_000);

  it("draws the workshop's flanges as upright cylinders at their physics poses", async () => {
    const s = await open("workshop-physics.yaml");
    const layout = (await page.evaluate("window.__twin.layout")) as { products: { shape: unknown }[] };
    expect(layout.products.map((p) => p.shape)).toEqual(["cylinder", "cylinder"]);
    const parts = await pausedPoses(s, () => (s.host.current.sim.physics?.partPoses().length ?? 0) > 0);
    for (const { pose, drawn } of parts) {
      expect([drawn.shape, drawn.solids]).toEqual(["cylinder", 1]);
      expectAtPose(drawn, pose);
    }
    await post("/api/twin/resume");
    expect(consoleErrors).toEqual([]);
  }, 60_000);
});
