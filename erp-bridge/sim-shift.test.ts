import { readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { OperationStarted, PartCompleted, SimEvent } from "../sim/events";
import { hours, minutes, parseScenario, Simulation } from "../sim/index";
import { buildApi } from "./api/app";
import { openErpDb } from "./db/open";
import { Dispatcher } from "./dispatcher";
import { readEpochMs } from "./domain/epoch";
import { ExecutionRecorder } from "./recorder/recorder";
import { scenarioProductResolver, seedFromScenario } from "./sim-link";

const file = new URL("../scenarios/workshop.yaml", import.meta.url);
// the scenario names NC programs and a PLC profile relative to itself
const root = fileURLToPath(new URL("..", import.meta.url));
const scenario = parseScenario(readFileSync(file, "utf8"), "scenarios/workshop.yaml", (ref, from) => {
  const target = resolve(dirname(resolve(root, from)), ref);
  return { text: readFileSync(target, "utf8"), fileName: target };
});
const sim = new Simulation(scenario);
const db = openErpDb(":memory:");
const epochMs = readEpochMs(db);
const recorder = new ExecutionRecorder(db, { batchSize: 500 });
const submit = (cmd: Parameters<Simulation["submit"]>[0]) => sim.submit(cmd);
const dispatcher = new Dispatcher(db, {
  submit,
  now: () => sim.now,
  rule: "edd",
  maxActive: 10,
  simProduct: scenarioProductResolver(scenario),
});
const app = await buildApi({ db, submit, now: () => sim.now, dispatcher });
/** every event the simulation reported, kept aside to check the database against */
const reported: SimEvent[] = [];

beforeAll(async () => {
  const seeded = seedFromScenario(db, scenario, { nowUs: 0, epochMs });
  expect(seeded).toEqual({
    products: ["FL-080-A", "FL-100-A"],
    workOrders: ["WO-1001", "WO-1002", "WO-1003"],
  });
  const created = await app.inject({
    method: "POST",
    url: "/api/work-orders",
    payload: {
      number: "WO-ERP-1",
      partNumber: "FL-100-A",
      quantity: 5,
      dueDate: "2025-01-06T12:00:00Z",
      priority: 5,
    },
  });
  expect(created.statusCode).toBe(201);
  expect((await app.inject({ method: "POST", url: "/api/work-orders/WO-ERP-1/release" })).statusCode).toBe(
    200,
  );
  // one early shift, drained every simulated minute as `twin serve` would
  for (let t = minutes(1); t <= hours(8); t += minutes(1)) {
    sim.advanceTo(t);
    const evs = sim.drainEvents();
    reported.push(...evs);
    recorder.record(evs);
    dispatcher.dispatch();
  }
  recorder.flush();
});
afterAll(async () => {
  await app.close();
  db.close();
});

describe("trace of a part after a simulated shift (scenarios/workshop.yaml)", () => {
  it("logged every reported event", () => {
    const { n } = db.prepare("SELECT COUNT(*) AS n FROM events").get() as { n: number };
    expect(reported.length).toBeGreaterThan(1000);
    expect(n).toBe(reported.length);
  });

  it("dispatched the ERP order into the simulation, which made it", async () => {
    const applied = reported.find((e) => e.type === "CommandApplied" && e.command === "releaseWorkOrder");
    expect(applied).toMatchObject({ t: 0 });
    const done = reported.filter(
      (e): e is PartCompleted => e.type === "PartCompleted" && e.workOrder === "WO-ERP-1",
    );
    const wo = (await app.inject({ method: "GET", url: "/api/work-orders/WO-ERP-1" })).json();
    expect(wo.dispatchedUs).toBe(0);
    expect(wo.progress.completed).toBe(done.length);
    expect(done.length).toBe(5);
    expect(wo.status).toBe("completed");
    const finished = reported.find(
      (e) => e.type === "WorkOrderProgress" && e.workOrder === "WO-ERP-1" && e.status === "completed",
    );
    expect(wo.completedUs).toBe(finished?.t);
    const kpi = (await app.inject({ method: "GET", url: "/api/work-orders/WO-ERP-1/kpi" })).json();
    expect(kpi.latenessUs).toBe(finished!.t - hours(6));
    expect(kpi.leadTimeUs).toBe(finished!.t);
  });

  it("traces the first finished part through the machines, robots and people the simulation reported", async () => {
    const first = reported.find(
      (e): e is PartCompleted => e.type === "PartCompleted" && e.workOrder === "WO-ERP-1",
    )!;
    const starts = reported.filter(
      (e): e is OperationStarted => e.type === "OperationStarted" && e.part === first.part,
    );
    const res = await app.inject({
      method: "GET",
      url: `/api/parts/${encodeURIComponent(first.part)}/trace`,
    });
    expect(res.statusCode).toBe(200);
    const trace = res.json();
    expect(trace).toMatchObject({
      serial: first.part,
      product: "flange-100",
      workOrder: "WO-ERP-1",
      source: "stock",
      outcome: "completed",
      sink: "outbound",
      finishedUs: first.t,
      leadTimeUs: first.leadTimeUs,
    });
    // the line: a machining centre, then the three assembly stations
    expect(trace.touchedBy.stations).toHaveLength(4);
    expect(["cnc1", "cnc2"]).toContain(trace.touchedBy.stations[0]);
    expect(trace.touchedBy.stations.slice(1)).toEqual(["a10", "a20", "a30"]);
    expect(
      trace.operations.map(
        (o: { station: string; startedUs: number; robot: string | null; operator: string | null }) => [
          o.station,
          o.startedUs,
          o.robot,
          o.operator,
        ],
      ),
    ).toEqual(starts.map((s) => [s.station, s.t, s.robot ?? null, s.operator ?? null]));
    expect(trace.touchedBy.robots.length).toBeGreaterThanOrEqual(2);
    expect(trace.touchedBy.operators.length).toBeGreaterThanOrEqual(1);
    for (const op of trace.operations) expect(op.completedUs).toBeGreaterThan(op.startedUs);
  });

  it("shows the scenario's own orders next to the ERP's", async () => {
    const list = (await app.inject({ method: "GET", url: "/api/work-orders" })).json();
    expect(list.map((w: { number: string }) => w.number)).toEqual([
      "WO-1001",
      "WO-1002",
      "WO-1003",
      "WO-ERP-1",
    ]);
    const wo1001 = list[0];
    expect(["inProgress", "completed"]).toContain(wo1001.status);
    expect(wo1001.progress.completed).toBe(
      reported.filter((e) => e.type === "PartCompleted" && e.workOrder === "WO-1001").length,
    );
  });
});
