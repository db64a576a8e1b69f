import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { minutes, seconds } from "../../sim/time";
import { ExecutionRecorder } from "../recorder/recorder";
import { get, post, seedProduct, type TestApi, testApi } from "../test/helpers";
import { shiftEvents } from "../test/shift-events";

let t: TestApi;
beforeAll(async () => {
  t = await testApi();
  await seedProduct(t.app);
  await post(t.app, "/api/work-orders", {
    number: "WO-1",
    partNumber: "BRK-100",
    quantity: 2,
    dueDate: "2025-01-06T06:10:00Z",
  });
  t.clock.now = seconds(30);
  await post(t.app, "/api/work-orders/WO-1/release");
  const rec = new ExecutionRecorder(t.db, { batchSize: 4 });
  rec.record(shiftEvents());
  rec.flush();
  t.clock.now = minutes(20);
});
afterAll(async () => {
  await t.app.close();
  t.db.close();
});

describe("traceability and KPIs over REST, from a recorded event sequence", () => {
  it("GET /api/parts/:serial/trace names every station, robot, tool, program and operator", async () => {
    const res = await get(t.app, "/api/parts/P-1/trace");
    expect(res.status).toBe(200);
    expect(res.body.touchedBy).toEqual({
      stations: ["robot-cell-1", "cnc-1", "bench-1"],
      operators: ["alice"],
      robots: ["ur5e-1"],
      tools: ["T12"],
      programs: ["PICK", "O1001"],
    });
    expect(
      res.body.operations.map((o: { station: string; startedUs: number; completedUs: number }) => [
        o.station,
        o.startedUs,
        o.completedUs,
      ]),
    ).toEqual([
      ["robot-cell-1", minutes(2), minutes(2) + seconds(12)],
      ["cnc-1", minutes(3), minutes(5)],
      ["bench-1", minutes(6), minutes(7)],
    ]);
    expect(res.body.events[0]).toEqual({
      seq: 2,
      tUs: minutes(1),
      type: "PartCreated",
      entity: "src-1",
      payload: {
        type: "PartCreated",
        t: minutes(1),
        part: "P-1",
        product: "BRK-100",
        source: "src-1",
        workOrder: "WO-1",
      },
    });
    expect((await get(t.app, "/api/parts/NOPE/trace")).body).toMatchObject({
      statusCode: 404,
      code: "API_ERR_PART_NOT_FOUND",
    });
  });

  it("GET /api/work-orders/:number shows the simulation's progress; /kpi its lead time and lateness", async () => {
    expect((await get(t.app, "/api/work-orders/WO-1")).body).toMatchObject({
      status: "completed",
      completedUs: minutes(8),
      progress: { released: 2, completed: 1, scrapped: 1, remaining: 1, simStatus: "completed" },
    });
    expect((await get(t.app, "/api/work-orders/WO-1/kpi")).body).toMatchObject({
      leadTimeUs: minutes(8) - seconds(30),
      latenessUs: -minutes(2),
      tardinessUs: 0,
      onTime: true,
      scrapRate: 0.5,
    });
    expect((await get(t.app, "/api/work-orders/WO-1/parts")).body).toEqual(["P-1", "P-2"]);
  });

  it("GET /api/events pages the log", async () => {
    const page = await get(t.app, "/api/events?afterSeq=10&limit=3&type=OperationCompleted");
    expect(page.body.map((e: { seq: number }) => e.seq)).toEqual([13, 15]);
    expect((await get(t.app, "/api/events?limit=0")).body).toMatchObject({
      code: "API_ERR_VALIDATION",
      field: "querystring.limit",
    });
  });
});
