import { describe, expect, it } from "vitest";
import { Dispatcher, getWorkOrder, listProducts, openErpDb, readEpochMs } from "../../erp-bridge/index";
import { Simulation } from "../../sim/index";
import { OrderFeeder } from "./feeder";
import { loadScenarioFile } from "./scenario-files";

const scenario = loadScenarioFile("scenarios/workshop.yaml");

describe("demo order feeder", () => {
  it("puts the scenario's products into the ERP and releases an order when work runs low", () => {
    const db = openErpDb(":memory:");
    const sim = new Simulation(scenario);
    const feeder = new OrderFeeder(db, { lowWaterParts: 30, quantity: [20, 60] });
    feeder.startRun(sim);
    expect(listProducts(db).map((p) => `${p.partNumber}/${p.revision}`)).toEqual([
      "flange-100/A",
      "flange-80/A",
    ]);
    // before time 0 is processed the scenario's own orders are not released: nothing to make
    expect(feeder.workLeft(sim, [])).toBe(0);
    const n = feeder.top(sim, []);
    expect(n).toBe("DEMO-000001");
    const wo = getWorkOrder(db, n!, readEpochMs(db));
    expect(wo.status).toBe("released");
    expect(wo.quantity).toBeGreaterThanOrEqual(20);
    expect(wo.quantity).toBeLessThanOrEqual(60);
    expect(["flange-80", "flange-100"]).toContain(wo.partNumber);
    // due 8 h after release
    expect(wo.dueUs).toBe(8 * 3600 * 1e6);
    // enough work queued in the ERP: no new order
    expect(feeder.top(sim, [{ quantity: 30 }])).toBeNull();
  });

  it("is repeatable for a seed, continues the numbering, and stays quiet when switched off", () => {
    const a = openErpDb(":memory:");
    const b = openErpDb(":memory:");
    const sim = new Simulation(scenario);
    const fa = new OrderFeeder(a);
    const fb = new OrderFeeder(b);
    fa.startRun(sim);
    fb.startRun(sim);
    const na = fa.top(sim, [])!;
    const nb = fb.top(sim, [])!;
    const ea = readEpochMs(a);
    expect(getWorkOrder(a, na, ea).quantity).toBe(getWorkOrder(b, nb, readEpochMs(b)).quantity);
    expect(getWorkOrder(a, na, ea).partNumber).toBe(getWorkOrder(b, nb, readEpochMs(b)).partNumber);
    const again = new OrderFeeder(a);
    expect(again.top(sim, [])).toBe("DEMO-000002");
    again.enabled = false;
    expect(again.top(sim, [])).toBeNull();
  });

  it("cancels orders a previous run had dispatched and not finished", () => {
    const db = openErpDb(":memory:");
    const first = new Simulation(scenario);
    const feeder = new OrderFeeder(db);
    feeder.startRun(first);
    const n = feeder.top(first, [])!;
    const dispatcher = new Dispatcher(db, { submit: (c) => first.submit(c), now: () => first.now });
    expect(dispatcher.dispatch().dispatched).toEqual([n]);
    const second = new Simulation(scenario);
    expect(feeder.startRun(second)).toEqual([n]);
    expect(getWorkOrder(db, n, readEpochMs(db)).status).toBe("cancelled");
  });
});
