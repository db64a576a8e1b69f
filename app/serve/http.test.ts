import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openErpDb } from "../../erp-bridge/index";
import { TwinHost } from "./host";
import { buildHttpApp } from "./http";

let host: TwinHost;
let app: FastifyInstance;

beforeAll(async () => {
  const db = openErpDb(":memory:");
  host = new TwinHost({
    scenarioPath: "scenarios/workshop.yaml",
    scenarioDir: "scenarios",
    speed: 1,
    seed: null,
    prerollS: 600,
    db,
    feeder: false,
  });
  await host.start();
  app = await buildHttpApp(host, { viewerDir: "/nonexistent/viewer", db });
});

afterAll(async () => {
  await app.close();
  await host.close();
});

describe("/api/twin", () => {
  it("reports the run", async () => {
    const r = await app.inject({ method: "GET", url: "/api/twin" });
    expect(r.statusCode).toBe(200);
    const body = r.json();
    expect(body.scenario.name).toBe("Digital workshop");
    expect(body.paused).toBe(false);
    expect(body.tUs).toBeGreaterThanOrEqual(600_000_000);
    expect(body.erp).toEqual({ queued: 0, active: 0, feeder: false });
  });

  it("pauses and resumes", async () => {
    expect((await app.inject({ method: "POST", url: "/api/twin/pause" })).json()).toEqual({ ok: true });
    expect((await app.inject({ method: "GET", url: "/api/twin" })).json().paused).toBe(true);
    expect((await app.inject({ method: "POST", url: "/api/twin/resume" })).json()).toEqual({ ok: true });
    expect((await app.inject({ method: "GET", url: "/api/twin" })).json().paused).toBe(false);
  });

  it.each([
    [
      "PUT",
      "/api/twin/speed",
      { speed: 1000 },
      409,
      "TWIN_ERR_OUT_OF_RANGE",
      "speed 1000 is outside 0.1 … 100",
    ],
    ["PUT", "/api/twin/speed", { speed: "x" }, 400, "TWIN_ERR_BAD_COMMAND", "speed: expected a number"],
    ["POST", "/api/twin/commands", { type: "x" }, 400, "TWIN_ERR_BAD_COMMAND", 'type: unknown command "x"'],
    [
      "POST",
      "/api/twin/faults",
      { entity: "lathe9", fault: "x" },
      409,
      "TWIN_ERR_UNKNOWN_ENTITY",
      'no station or conveyor "lathe9" in this scenario',
    ],
    [
      "POST",
      "/api/twin/faults",
      { entity: "blanks", fault: "x" },
      409,
      "TWIN_ERR_UNKNOWN_ENTITY",
      'no station or conveyor "blanks" in this scenario',
    ],
    [
      "PUT",
      "/api/twin/scenario",
      { file: "missing.yaml" },
      409,
      "TWIN_ERR_UNKNOWN_SCENARIO",
      'no valid scenario "missing.yaml" in scenarios',
    ],
    [
      "POST",
      "/api/twin/alarms/nope%231/acknowledge",
      undefined,
      409,
      "TWIN_ERR_REJECTED",
      'SIM_ERR_UNKNOWN_ALARM: no unacknowledged alarm "nope#1"',
    ],
  ])("%s %s %j → %i %s", async (method, url, payload, status, code, reason) => {
    const r = await app.inject({ method: method as "PUT" | "POST", url, payload });
    expect(r.statusCode).toBe(status);
    expect(r.json()).toEqual({ ok: false, code, reason });
  });

  it("injects a fault, refuses a second one on the same machine, and clears it", async () => {
    const inject = () =>
      app.inject({
        method: "POST",
        url: "/api/twin/faults",
        payload: { entity: "a10", fault: "torque-error", durationS: null },
      });
    expect((await inject()).json()).toEqual({ ok: true });
    const alarm = host.current.sim.state.stations.get("a10")!.alarm!;
    expect(host.current.sim.state.alarms.get(alarm)!.message).toBe(
      "a10: Screwdriver torque out of tolerance",
    );
    const again = await inject();
    expect(again.statusCode).toBe(409);
    expect(again.json()).toEqual({
      ok: false,
      code: "TWIN_ERR_REJECTED",
      reason: "SIM_ERR_STATE: a10 is already down",
    });
    expect((await app.inject({ method: "DELETE", url: "/api/twin/faults/a10" })).json()).toEqual({
      ok: true,
    });
    const ack = await app.inject({
      method: "POST",
      url: `/api/twin/alarms/${encodeURIComponent(alarm)}/acknowledge`,
    });
    expect(ack.json()).toEqual({ ok: true });
  });

  it("mounts the ERP routes under /api and explains a missing viewer build", async () => {
    const wo = await app.inject({ method: "GET", url: "/api/work-orders" });
    expect(wo.statusCode).toBe(200);
    expect(Array.isArray(wo.json())).toBe(true);
    const page = await app.inject({ method: "GET", url: "/" });
    expect(page.statusCode).toBe(503);
    expect(page.body).toContain("Run: npm run build:viewer");
  });
});
