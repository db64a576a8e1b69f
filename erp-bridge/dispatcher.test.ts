import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Command, CommandResult } from "../sim/commands";
import { hours } from "../sim/time";
import { type Db, openErpDb } from "./db/open";
import { Dispatcher, type DispatchRule } from "./dispatcher";
import { readEpochMs } from "./domain/epoch";
import { createProduct } from "./domain/products";
import { cancelWorkOrder, createWorkOrder, getWorkOrder, releaseWorkOrder } from "./domain/work-orders";
import { ExecutionRecorder } from "./recorder/recorder";
import { get, post, seedProduct, testApi } from "./test/helpers";

let db: Db;
let epochMs: number;
let submitted: Command[];
const accept = (cmd: Command): CommandResult => {
  submitted.push(cmd);
  return { ok: true };
};

beforeEach(() => {
  db = openErpDb(":memory:");
  epochMs = readEpochMs(db);
  submitted = [];
  createProduct(db, { partNumber: "BRK-100", revision: "A", description: "" });
});
afterEach(() => db.close());

/** number, due (h after the epoch, or none), priority, release time µs */
const ORDERS: [string, number | undefined, number, number][] = [
  ["W-A", 8, 1, 10],
  ["W-B", 4, 1, 20],
  ["W-C", undefined, 9, 30],
  ["W-D", 6, 9, 40],
  ["W-E", 2, 0, 50],
];

function setup(): void {
  for (const [number, dueH, priority, releaseUs] of ORDERS) {
    const dueDate = dueH === undefined ? undefined : new Date(epochMs + dueH * 3_600_000).toISOString();
    createWorkOrder(
      db,
      { number, partNumber: "BRK-100", quantity: 3, dueDate, priority },
      { nowUs: 0, epochMs },
    );
    releaseWorkOrder(db, number, { nowUs: releaseUs, epochMs });
  }
}

describe("Dispatcher", () => {
  const EXPECTED: [DispatchRule, string[]][] = [
    ["fifo", ["W-A", "W-B", "W-C", "W-D", "W-E"]],
    ["edd", ["W-E", "W-B", "W-D", "W-A", "W-C"]],
    ["priority", ["W-D", "W-C", "W-B", "W-A", "W-E"]],
  ];

  it.each(EXPECTED)("orders the queue by %s", (rule, order) => {
    setup();
    const d = new Dispatcher(db, { submit: accept, rule, maxActive: 10, now: () => 99 });
    expect(d.queue().map((w) => w.number)).toEqual(order);
    expect(d.dispatch()).toEqual({ dispatched: order, rejected: [] });
    expect(submitted.map((c) => (c.type === "releaseWorkOrder" ? c.order.id : c.type))).toEqual(order);
    expect(getWorkOrder(db, "W-A", epochMs).dispatchedUs).toBe(99);
    expect(d.queue()).toEqual([]);
  });

  it("hands the simulation the order as a WorkOrderSpec", () => {
    setup();
    new Dispatcher(db, { submit: accept, rule: "edd", source: "src-2", now: () => 0 }).dispatch();
    expect(submitted).toEqual([
      {
        type: "releaseWorkOrder",
        order: { id: "W-E", product: "BRK-100", quantity: 3, dueUs: hours(2), priority: 0 },
        source: "src-2",
      },
    ]);
  });

  it("keeps at most maxActive orders in the simulation; a completed one frees its slot", () => {
    setup();
    const d = new Dispatcher(db, { submit: accept, rule: "priority", maxActive: 2, now: () => 0 });
    expect(d.dispatch().dispatched).toEqual(["W-D", "W-C"]);
    expect(d.dispatch().dispatched).toEqual([]);
    const rec = new ExecutionRecorder(db);
    rec.record([
      {
        type: "WorkOrderProgress",
        t: 5,
        workOrder: "W-D",
        product: "BRK-100",
        quantity: 3,
        released: 3,
        completed: 3,
        scrapped: 0,
        status: "completed",
      },
    ]);
    rec.flush();
    expect(d.activeCount()).toBe(1);
    expect(d.dispatch().dispatched).toEqual(["W-B"]);
    cancelWorkOrder(db, "W-C", { nowUs: 6, epochMs }, accept);
    expect(submitted.at(-1)).toEqual({ type: "cancelWorkOrder", id: "W-C" });
    expect(d.dispatch().dispatched).toEqual(["W-A"]);
  });

  it("leaves a rejected order queued with the reason and goes on with the next", () => {
    setup();
    const picky = (cmd: Command): CommandResult =>
      cmd.type === "releaseWorkOrder" && cmd.order.id === "W-A"
        ? { ok: false, code: "SIM_ERR_NO_SOURCE", reason: "no work-order source takes BRK-100" }
        : accept(cmd);
    const d = new Dispatcher(db, { submit: picky, rule: "fifo", maxActive: 1, now: () => 0 });
    expect(d.dispatch()).toEqual({
      dispatched: ["W-B"],
      rejected: [{ number: "W-A", code: "SIM_ERR_NO_SOURCE", reason: "no work-order source takes BRK-100" }],
    });
    expect(getWorkOrder(db, "W-A", epochMs)).toMatchObject({
      status: "released",
      dispatchedUs: null,
      dispatchError: "SIM_ERR_NO_SOURCE: no work-order source takes BRK-100",
    });
  });

  it("is driven from the API: release dispatches, cancel is refused when the simulation refuses", async () => {
    const refuseCancel = (cmd: Command): CommandResult =>
      cmd.type === "cancelWorkOrder"
        ? { ok: false, code: "SIM_ERR_DONE", reason: "order already finished" }
        : accept(cmd);
    const t = await testApi({ submit: refuseCancel });
    await seedProduct(t.app);
    await post(t.app, "/api/work-orders", { number: "W-1", partNumber: "BRK-100", quantity: 2 });
    await post(t.app, "/api/work-orders", { number: "W-2", partNumber: "BRK-100", quantity: 2, priority: 5 });
    t.clock.now = 1000;
    await post(t.app, "/api/work-orders/W-1/release");
    await post(t.app, "/api/work-orders/W-2/release");
    expect((await get(t.app, "/api/work-orders/W-1")).body.dispatchedUs).toBe(1000);
    expect((await get(t.app, "/api/work-orders/W-2")).body.dispatchedUs).toBeNull();
    const cancel = await post(t.app, "/api/work-orders/W-1/cancel");
    expect(cancel.status).toBe(409);
    expect(cancel.body).toMatchObject({
      code: "API_ERR_SIM_REJECTED",
      message: "the simulation rejected cancelWorkOrder W-1: order already finished (SIM_ERR_DONE)",
    });
    expect((await get(t.app, "/api/work-orders/W-1")).body.status).toBe("released");
    // an order the simulation never saw is cancelled without asking it
    expect((await post(t.app, "/api/work-orders/W-2/cancel")).status).toBe(200);
    const set = await post(t.app, "/api/dispatch", { rule: "edd", maxActive: 3 });
    expect(set.body).toEqual({ rule: "edd", maxActive: 3, dispatched: [], rejected: [] });
    await t.app.close();
    t.db.close();
  });

  it("POST /api/dispatch without a simulation is 503", async () => {
    const t = await testApi();
    const res = await post(t.app, "/api/dispatch", {});
    expect(res.status).toBe(503);
    expect(res.body.code).toBe("API_ERR_NO_SIMULATION");
    await t.app.close();
    t.db.close();
  });
});
