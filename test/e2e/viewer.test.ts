import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import {
  AttributeIds,
  type ClientSession,
  constructEventFilter,
  OPCUACertificateManager,
  OPCUAClient,
  ofType,
  TimestampsToReturn,
} from "node-opcua";
import type { BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SERVE_DEFAULTS } from "../../app/serve/config";
import { ensureViewer } from "../../app/serve/ensure-viewer";
import { loadScenarioFile } from "../../app/serve/scenario-files";
import { REPO_ROOT, type ServeHandle, startServe } from "../../app/serve/server";
import { openChromium } from "./chromium";

/**
 * The live twin end to end: `startServe` as `npm start` runs it (HTTP, Socket.IO, OPC UA, SQLite in a
 * temporary folder) and the built viewer in a real headless Chromium (WebGL through SwiftShader).
 */

let dir: string;
let serve: ServeHandle;
let browser: BrowserContext;
let page: Page;
let client: OPCUAClient | null = null;
let session: ClientSession | null = null;
let consoleErrors: string[] = [];

async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const s = createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolvePort(port));
    });
  });
}

/** Luminance variance and distinct colours of a PNG (base64), computed in the page by its PNG decoder. */
const PIXEL_STATS = `async (b64) => {
  const img = new Image();
  img.src = "data:image/png;base64," + b64;
  await img.decode();
  const c = document.createElement("canvas");
  c.width = img.width;
  c.height = img.height;
  const g = c.getContext("2d");
  g.drawImage(img, 0, 0);
  const d = g.getImageData(0, 0, c.width, c.height).data;
  let n = 0, sum = 0, sum2 = 0;
  const colours = new Set();
  for (let i = 0; i < d.length; i += 16) {
    const y = 0.299 * d[i] + 0.587 * d[i + 1] + 0.114 * d[i + 2];
    sum += y; sum2 += y * y; n++;
    colours.add((d[i] << 16) | (d[i + 1] << 8) | d[i + 2]);
  }
  const mean = sum / n;
  return { variance: sum2 / n - mean * mean, colours: colours.size, width: c.width };
}`;

interface TwinHandle {
  counts(): { cnc: number; robots: number; stations: number; conveyors: number; operators: number };
  simTimeUs(): number | null;
  framesReceived(): number;
  selected(): string | null;
  alarms(): { id: string; message: string; acked: boolean; active: boolean }[];
  screenPosition(id: string, dz?: number): { x: number; y: number } | null;
  readonly fps: number;
}

/** Evaluates against `window.__twin` in the page. */
function twin<T>(fn: (t: TwinHandle) => T): Promise<T> {
  return page.evaluate(`(${fn.toString()})(window.__twin)`) as Promise<T>;
}

async function until(cond: () => Promise<boolean>, ms = 30_000, what = "condition"): Promise<void> {
  const t0 = Date.now();
  while (!(await cond())) {
    if (Date.now() - t0 > ms) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

beforeAll(async () => {
  await ensureViewer(REPO_ROOT, "viewer/dist", () => {});
  dir = mkdtempSync(join(tmpdir(), "twin-e2e-viewer-"));
  serve = await startServe(
    {
      ...SERVE_DEFAULTS,
      port: 0,
      host: "127.0.0.1",
      opcuaPort: await freePort(),
      opcuaUsers: join(dir, "opcua-users.json"),
      modbusPort: 0,
      db: join(dir, "twin.db"),
      speed: 10,
      buildViewer: false,
    },
    { cwd: REPO_ROOT, log: () => {} },
  );
  ({ browser, page, consoleErrors } = await openChromium(dir, { width: 1600, height: 900 }));
  await page.goto(`${serve.url}/`);
  await until(
    () => twin((t) => t !== undefined && t.counts().cnc > 0 && t.framesReceived() > 5),
    60_000,
    "the scene and the first frames",
  );
}, 180_000);

afterAll(async () => {
  await session?.close();
  await client?.disconnect();
  await browser?.close();
  await serve?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe("the viewer in Chromium", () => {
  it("loads without console errors", async () => {
    await page.waitForTimeout(1000);
    expect(consoleErrors).toEqual([]);
  });

  it("draws as many machines and robots as the scenario has", async () => {
    const sc = loadScenarioFile(resolve(REPO_ROOT, "scenarios/workshop.yaml"));
    const counts = await twin((t) => t.counts());
    expect(counts.cnc).toBe(sc.stations.filter((s) => s.kind === "cnc").length);
    expect(counts.robots).toBe(sc.robots.length);
    expect(counts.stations).toBe(sc.stations.length);
    expect(counts.conveyors).toBe(sc.conveyors.length);
    expect(counts.operators).toBe(sc.operators.reduce((n, p) => n + p.headcount, 0));
  });

  it("renders a WebGL picture that is not blank (pixel variance of a screenshot)", async () => {
    const png = await page.locator("canvas").first().screenshot();
    // decode in the page: the browser has a PNG decoder
    const stats = (await page.evaluate(`(${PIXEL_STATS})(${JSON.stringify(png.toString("base64"))})`)) as {
      variance: number;
      colours: number;
      width: number;
    };
    expect(stats.width).toBeGreaterThan(800);
    expect(stats.variance).toBeGreaterThan(50);
    expect(stats.colours).toBeGreaterThan(100);
  });

  it("selecting a machine shows its name and state in the inspector", async () => {
    await page.getByTestId("camera-overview").click();
    await page.waitForTimeout(1200);
    const at = await twin((t) => t.screenPosition("cnc1", 1));
    expect(at).not.toBeNull();
    await page.mouse.click(at!.x, at!.y);
    await until(() => twin((t) => t.selected() === "cnc1"), 15_000, "cnc1 to be selected");
    const inspector = page.getByTestId("inspector");
    await inspector.waitFor();
    expect(await inspector.getAttribute("data-entity")).toBe("cnc1");
    expect(await page.getByTestId("inspector-name").textContent()).toBe("VMC 1");
    const state = await page.getByTestId("inspector-state").textContent();
    expect([
      "Running",
      "Setup",
      "Idle (starved)",
      "Waiting for operator",
      "Blocked",
      "Down",
      "Off shift",
      "Stopped",
    ]).toContain(state);
    expect(await page.getByTestId("inspector-browse-path").textContent()).toBe("Objects/Machines/cnc1");
  });

  it("pause stops the simulated clock, resume starts it again", async () => {
    await page.getByTestId("play-pause").click();
    const status = async () =>
      (await fetch(`${serve.url}/api/twin`).then((r) => r.json())) as { paused: boolean; tUs: number };
    await until(async () => (await status()).paused, 10_000, "pause");
    await page.waitForTimeout(500);
    const a = await twin((t) => t.simTimeUs());
    const restA = await status();
    await page.waitForTimeout(1500);
    const b = await twin((t) => t.simTimeUs());
    const restB = await status();
    expect(b).toBe(a);
    expect(restB.tUs).toBe(restA.tUs);
    expect(await page.getByTestId("play-pause").textContent()).toContain("Paused");
    await page.getByTestId("play-pause").click();
    await until(
      async () => ((await twin((t) => t.simTimeUs())) ?? 0) > (b ?? 0),
      10_000,
      "the clock to run again",
    );
  });

  it("a fault injected from the UI appears in the alarm list and as an OPC UA alarm event", async () => {
    expect(serve.opcua).not.toBeNull();
    client = OPCUAClient.create({
      endpointMustExist: false,
      connectionStrategy: { maxRetry: 0 },
      clientCertificateManager: new OPCUACertificateManager({
        rootFolder: join(dir, "ua-client"),
        automaticallyAcceptUnknownCertificate: true,
      }),
    });
    await client.connect(serve.opcua!);
    session = await client.createSession();
    const sub = await session.createSubscription2({
      requestedPublishingInterval: 50,
      publishingEnabled: true,
    });
    const fields = ["SourceName", "Message", "Severity", "ActiveState.Id"];
    const received: Record<string, unknown>[] = [];
    const item = await sub.monitor(
      { nodeId: "ns=0;i=2253", attributeId: AttributeIds.EventNotifier },
      { queueSize: 100, filter: constructEventFilter(fields, ofType("AlarmConditionType")) },
      TimestampsToReturn.Both,
    );
    item.on("changed", (values: unknown) => {
      const list = values as { value: unknown }[];
      received.push(Object.fromEntries(fields.map((f, i) => [f, list[i]?.value])));
    });

    await page.getByTestId("tab-faults").click();
    await page.getByTestId("fault-entity").selectOption("cnc2");
    await page.getByTestId("fault-type").selectOption("spindle-overload");
    await page.getByTestId("fault-inject").click();
    await page.getByTestId("tab-alarms").click();
    const row = page.getByTestId("alarm-list").getByText("cnc2: Spindle overload");
    await row.waitFor({ timeout: 15_000 });
    const alarms = await twin((t) => t.alarms());
    expect(alarms.some((a) => a.message === "cnc2: Spindle overload" && a.active && !a.acked)).toBe(true);
    await until(
      async () => received.some((e) => e.SourceName === "cnc2" && e["ActiveState.Id"] === true),
      20_000,
      "the OPC UA alarm event",
    );
    const ev = received.find((e) => e.SourceName === "cnc2")!;
    expect((ev.Message as { text: string }).text).toBe("cnc2: Spindle overload");
    expect(ev.Severity).toBe(800);
  });

  it("writes a screenshot of the default scenario under test-results/", async () => {
    await page.getByTestId("camera-overview").click();
    await page.waitForTimeout(1500);
    const out = resolve(REPO_ROOT, "test-results");
    mkdirSync(out, { recursive: true });
    const png = await page.screenshot();
    writeFileSync(join(out, "viewer-workshop.png"), png);
    expect(png.byteLength).toBeGreaterThan(50_000);
  });

  it("the scenario picker restarts the twin on another scenario, and the scene follows", async () => {
    const before = await page.getByTestId("app").getAttribute("data-run");
    await page.getByTestId("scenario-picker").selectOption("assembly-robot.yaml");
    await until(
      async () => {
        const run = await page.getByTestId("app").getAttribute("data-run");
        return run !== before && run !== "" && (await twin((t) => t.counts().stations)) > 0;
      },
      60_000,
      "the new scenario's scene",
    );
    const sc = loadScenarioFile(resolve(REPO_ROOT, "scenarios/assembly-robot.yaml"));
    const counts = await twin((t) => t.counts());
    expect(counts.robots).toBe(sc.robots.length);
    expect(counts.stations).toBe(sc.stations.length);
    expect(counts.cnc).toBe(0);
    expect(consoleErrors).toEqual([]);
  });
});
