import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { SimEvent } from "../../sim/events";
import { minutes, seconds } from "../../sim/time";
import { type Db, openErpDb } from "../db/open";
import { readEpochMs } from "../domain/epoch";
import { createProduct } from "../domain/products";
import { createWorkOrder, getWorkOrder, releaseWorkOrder } from "../domain/work-orders";
import { workOrderKpi } from "../queries/kpi";
import { readEvents, tracePart } from "../queries/trace";
import { shiftEvents } from "../test/shift-events";
import { ExecutionRecorder } from "./recorder";

let db: Db;
beforeEach(() => {
  db = openErpDb(":memory:");
});
afterEach(() => db.close());

function count(table: string): number {
  return (db.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get() as { n: number }).n;
}

describe("ExecutionRecorder", () => {
  it("commits whole batches, keeps the rest until flush, and reports each commit", () => {
    const commits: [number, number][] = [];
    const rec = new ExecutionRecorder(db, { batchSize: 3, onCommit: (seq, n) => commits.push([seq, n]) });
    const events = shiftEvents();
    rec.record(events.slice(0, 7));
    expect(commits).toEqual([
      [3, 3],
      [6, 3],
    ]);
    expect(rec.pendingCount).toBe(1);
    expect(count("events")).toBe(6);
    rec.record(events.slice(7));
    expect(rec.pendingCount).toBe(2);
    expect(rec.flush()).toEqual({ count: 2, lastSeq: 17 });
    expect(commits).toEqual([
      [3, 3],
      [6, 3],
      [9, 3],
      [12, 3],
      [15, 3],
      [17, 2],
    ]);
    expect(count("events")).toBe(17);
    expect(rec.lastSeq).toBe(17);
    expect(rec.close()).toEqual({ count: 0, lastSeq: 17 });
    expect(() => rec.record(events)).toThrow("ExecutionRecorder is closed");
  });

  it("stores every event as it was reported, with its indexed keys", () => {
    const rec = new ExecutionRecorder(db);
    const events = shiftEvents();
    rec.record(events);
    rec.flush();
    const stored = readEvents(db, { limit: 1000 });
    expect(stored.map((e) => e.payload)).toEqual(events);
    expect(stored.map((e) => e.seq)).toEqual(events.map((_, i) => i + 1));
    const alarm = stored.find((e) => e.type === "AlarmRaised")!;
    expect([alarm.tUs, alarm.entity]).toEqual([minutes(4), "cnc-1"]);
    expect(readEvents(db, { afterSeq: 15, limit: 10 }).map((e) => e.seq)).toEqual([16, 17]);
  });

  it("is append-only", () => {
    const rec = new ExecutionRecorder(db);
    rec.record(shiftEvents());
    rec.flush();
    expect(() => db.prepare("DELETE FROM events").run()).toThrow("events is append-only");
    expect(() => db.prepare("UPDATE events SET type = 'x'").run()).toThrow("events is append-only");
    expect(count("events")).toBe(17);
  });

  it("rolls a failed batch back whole and keeps its events pending", () => {
    const rec = new ExecutionRecorder(db, { batchSize: 100 });
    const poison = { type: "SignalChanged", t: 5, signal: "s", value: 1n } as unknown as SimEvent;
    rec.record([shiftEvents()[1]!, poison]);
    expect(() => rec.flush()).toThrow(/BigInt/);
    expect(count("events")).toBe(0);
    expect(count("parts")).toBe(0);
    expect(rec.pendingCount).toBe(2);
  });

  it("traces a part: stations, robots, tools, programs and operators, with times", () => {
    const rec = new ExecutionRecorder(db);
    rec.record(shiftEvents());
    rec.flush();
    const trace = tracePart(db, "P-1", readEpochMs(db));
    expect(trace).toMatchObject({
      serial: "P-1",
      product: "BRK-100",
      workOrder: "WO-1",
      source: "src-1",
      createdUs: minutes(1),
      finishedUs: minutes(8),
      outcome: "completed",
      sink: "sink-1",
      leadTimeUs: minutes(7),
    });
    expect(trace.operations).toEqual([
      {
        station: "robot-cell-1",
        product: "BRK-100",
        startedUs: minutes(2),
        completedUs: minutes(2) + seconds(12),
        startedAt: "2025-01-06T06:02:00.000Z",
        completedAt: "2025-01-06T06:02:12.000Z",
        processUs: seconds(12),
        result: "good",
        operator: null,
        robot: "ur5e-1",
        tool: null,
        program: "PICK",
      },
      {
        station: "cnc-1",
        product: "BRK-100",
        startedUs: minutes(3),
        completedUs: minutes(5),
        startedAt: "2025-01-06T06:03:00.000Z",
        completedAt: "2025-01-06T06:05:00.000Z",
        processUs: minutes(2),
        result: "good",
        operator: null,
        robot: null,
        tool: "T12",
        program: "O1001",
      },
      {
        station: "bench-1",
        product: "BRK-100",
        startedUs: minutes(6),
        completedUs: minutes(7),
        startedAt: "2025-01-06T06:06:00.000Z",
        completedAt: "2025-01-06T06:07:00.000Z",
        processUs: minutes(1),
        result: "good",
        operator: "alice",
        robot: null,
        tool: null,
        program: null,
      },
    ]);
    expect(trace.touchedBy).toEqual({
      stations: ["robot-cell-1", "cnc-1", "bench-1"],
      operators: ["alice"],
      robots: ["ur5e-1"],
      tools: ["T12"],
      programs: ["PICK", "O1001"],
    });
    expect(trace.events.map((e) => e.type)).toEqual([
      "PartCreated",
      "OperationStarted",
      "OperationCompleted",
      "OperationStarted",
      "OperationCompleted",
      "OperationStarted",
      "OperationCompleted",
      "PartCompleted",
    ]);
    const scrapped = tracePart(db, "P-2", readEpochMs(db));
    expect(scrapped).toMatchObject({
      outcome: "scrapped",
      scrappedAt: "cnc-1",
      sink: null,
      leadTimeUs: minutes(4),
    });
    expect(scrapped.operations.map((o) => [o.station, o.tool, o.result])).toEqual([
      ["cnc-1", "T14", "scrap"],
    ]);
  });

  it("moves the ERP order along its lifecycle and gives its KPIs", () => {
    const epochMs = readEpochMs(db);
    createProduct(db, { partNumber: "BRK-100", revision: "A", description: "" });
    // due at 06:07, release at 06:00:30
    createWorkOrder(
      db,
      { number: "WO-1", partNumber: "BRK-100", quantity: 2, dueDate: "2025-01-06T06:07:00Z" },
      { nowUs: 0, epochMs },
    );
    releaseWorkOrder(db, "WO-1", { nowUs: seconds(30), epochMs });
    const rec = new ExecutionRecorder(db);
    const events = shiftEvents();
    rec.record(events.slice(0, 2));
    rec.flush();
    expect(getWorkOrder(db, "WO-1", epochMs).status).toBe("inProgress");
    rec.record(events.slice(2));
    rec.flush();
    const wo = getWorkOrder(db, "WO-1", epochMs);
    expect(wo).toMatchObject({ status: "completed", completedUs: minutes(8) });
    expect(wo.progress).toEqual({
      released: 2,
      completed: 1,
      scrapped: 1,
      remaining: 1,
      simStatus: "completed",
      updatedUs: minutes(8),
    });
    expect(workOrderKpi(db, "WO-1", minutes(9), epochMs)).toEqual({
      number: "WO-1",
      status: "completed",
      quantity: 2,
      completed: 1,
      scrapped: 1,
      scrapRate: 0.5,
      releasedUs: seconds(30),
      firstPartUs: minutes(1),
      completedUs: minutes(8),
      leadTimeUs: minutes(8) - seconds(30),
      flowTimeUs: minutes(7),
      meanPartLeadTimeUs: minutes(7),
      dueUs: minutes(7),
      latenessUs: minutes(1),
      tardinessUs: minutes(1),
      onTime: false,
      overdue: false,
    });
  });

  it("records operations whose start it never saw (a recorder started mid-run)", () => {
    const rec = new ExecutionRecorder(db);
    rec.record([
      {
        type: "OperationCompleted",
        t: 50,
        station: "cnc-2",
        part: "Q-1",
        product: "SHF-200",
        result: "rework",
        processUs: 40,
        tool: "T1",
      },
    ]);
    rec.flush();
    const trace = tracePart(db, "Q-1", readEpochMs(db));
    expect(trace.operations).toMatchObject([
      { station: "cnc-2", startedUs: null, completedUs: 50, result: "rework", tool: "T1" },
    ]);
    expect(trace.createdUs).toBeNull();
  });
});
