import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { hours } from "../../sim/time";
import { get, post, seedProduct, type TestApi, testApi } from "../test/helpers";

let t: TestApi;
beforeEach(async () => {
  t = await testApi();
  await seedProduct(t.app);
});
afterEach(async () => {
  await t.app.close();
  t.db.close();
});

describe("work-order lifecycle through the REST API", () => {
  it("creates, releases and cancels, stamping each step with simulation time", async () => {
    t.clock.now = 5_000_000;
    const created = await post(t.app, "/api/work-orders", {
      number: "WO-1",
      partNumber: "BRK-100",
      quantity: 20,
      dueDate: "2025-01-06T14:00:00Z",
      priority: 5,
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      number: "WO-1",
      revision: "A",
      status: "created",
      createdUs: 5_000_000,
      // epoch is 2025-01-06T06:00Z, so 14:00 is 8 h of simulation time
      dueUs: hours(8),
      dueDate: "2025-01-06T14:00:00.000Z",
      releasedUs: null,
      progress: { released: 0, completed: 0, scrapped: 0, remaining: 20, simStatus: null },
    });

    t.clock.now = 7_000_000;
    const released = await post(t.app, "/api/work-orders/WO-1/release");
    expect(released.status).toBe(200);
    expect(released.body).toMatchObject({ status: "released", releasedUs: 7_000_000 });

    const again = await post(t.app, "/api/work-orders/WO-1/release");
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({
      code: "API_ERR_INVALID_TRANSITION",
      message: "work order WO-1 is released; it cannot be released",
    });

    t.clock.now = 9_000_000;
    const cancelled = await post(t.app, "/api/work-orders/WO-1/cancel");
    expect(cancelled.status).toBe(200);
    expect(cancelled.body).toMatchObject({
      status: "cancelled",
      cancelledUs: 9_000_000,
      releasedUs: 7_000_000,
    });

    for (const verb of ["release", "cancel"]) {
      const res = await post(t.app, `/api/work-orders/WO-1/${verb}`);
      expect(res.status).toBe(409);
      expect(res.body.code).toBe("API_ERR_INVALID_TRANSITION");
    }
    const status = await get(t.app, "/api/work-orders/WO-1");
    expect(status.body.status).toBe("cancelled");
  });

  it("answers 404 for unknown orders and 409 for duplicate numbers", async () => {
    expect((await get(t.app, "/api/work-orders/NOPE")).body).toMatchObject({
      statusCode: 404,
      code: "API_ERR_WORK_ORDER_NOT_FOUND",
      message: "work order NOPE not found",
    });
    expect((await post(t.app, "/api/work-orders/NOPE/release")).status).toBe(404);
    const body = { number: "WO-2", partNumber: "BRK-100", quantity: 1 };
    expect((await post(t.app, "/api/work-orders", body)).status).toBe(201);
    const dup = await post(t.app, "/api/work-orders", { ...body, quantity: 3 });
    expect(dup.status).toBe(409);
    expect(dup.body.code).toBe("API_ERR_WORK_ORDER_EXISTS");
    expect((await get(t.app, "/api/work-orders/WO-2")).body.quantity).toBe(1);
  });

  it("lists by status in creation order", async () => {
    for (const n of ["A1", "A2", "A3"])
      await post(t.app, "/api/work-orders", { number: n, partNumber: "BRK-100", quantity: 1 });
    await post(t.app, "/api/work-orders/A2/release");
    const released = await get(t.app, "/api/work-orders?status=released");
    expect(released.body.map((w: { number: string }) => w.number)).toEqual(["A2"]);
    const all = await get(t.app, "/api/work-orders");
    expect(all.body.map((w: { number: string }) => w.number)).toEqual(["A1", "A2", "A3"]);
  });

  it("refuses to delete a product a work order uses, and keeps both", async () => {
    await post(t.app, "/api/work-orders", { number: "WO-9", partNumber: "BRK-100", quantity: 1 });
    const del = await t.app.inject({ method: "DELETE", url: "/api/products/BRK-100/A" });
    expect(del.statusCode).toBe(409);
    expect(del.json().code).toBe("API_ERR_PRODUCT_IN_USE");
    expect((await get(t.app, "/api/products/BRK-100/A")).body.routing).toHaveLength(3);
  });

  it("serves OpenAPI at /docs", async () => {
    const spec = await get(t.app, "/docs/json");
    expect(spec.status).toBe(200);
    expect(spec.body.openapi).toBe("3.0.3");
    expect(Object.keys(spec.body.paths)).toEqual(
      expect.arrayContaining(["/api/work-orders", "/api/parts/{serial}/trace", "/api/import/work-orders"]),
    );
    const ui = await t.app.inject({ method: "GET", url: "/docs/" });
    expect(ui.statusCode).toBe(200);
    expect(ui.headers["content-type"]).toContain("text/html");
  });
});
