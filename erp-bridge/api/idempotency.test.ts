import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { get, post, seedProduct, type TestApi, testApi } from "../test/helpers";
import { purgeIdempotencyKeys } from "./context";

let t: TestApi;
beforeEach(async () => {
  t = await testApi();
  await seedProduct(t.app);
});
afterEach(async () => {
  await t.app.close();
  t.db.close();
});

const order = { number: "WO-7", partNumber: "BRK-100", quantity: 4, priority: 2 };

describe("Idempotency-Key", () => {
  it("replays the first response to a repeated POST and creates nothing twice", async () => {
    t.clock.now = 100;
    const first = await post(t.app, "/api/work-orders", order, { "idempotency-key": "k-1" });
    expect(first.status).toBe(201);
    expect(first.headers["idempotent-replayed"]).toBeUndefined();
    t.clock.now = 999;
    // same body, fields in another order: still the same request
    const repeat = await post(
      t.app,
      "/api/work-orders",
      { priority: 2, quantity: 4, partNumber: "BRK-100", number: "WO-7" },
      {
        "idempotency-key": "k-1",
      },
    );
    expect(repeat.status).toBe(201);
    expect(repeat.headers["idempotent-replayed"]).toBe("true");
    expect(repeat.body).toEqual(first.body);
    expect(repeat.body.createdUs).toBe(100);
    // without the key the repeat is a conflict, as any duplicate would be
    expect((await post(t.app, "/api/work-orders", order)).status).toBe(409);
    expect((await get(t.app, "/api/work-orders")).body).toHaveLength(1);
  });

  it("makes a repeated release harmless instead of a 409", async () => {
    await post(t.app, "/api/work-orders", order);
    const a = await post(t.app, "/api/work-orders/WO-7/release", undefined, { "idempotency-key": "rel-7" });
    const b = await post(t.app, "/api/work-orders/WO-7/release", undefined, { "idempotency-key": "rel-7" });
    expect([a.status, b.status]).toEqual([200, 200]);
    expect(b.body).toEqual(a.body);
    expect(
      (await post(t.app, "/api/work-orders/WO-7/release", undefined, { "idempotency-key": "rel-other" }))
        .status,
    ).toBe(409);
  });

  it("refuses the same key with another body or URL (422) and changes nothing", async () => {
    await post(t.app, "/api/work-orders", order, { "idempotency-key": "k-2" });
    const other = await post(
      t.app,
      "/api/work-orders",
      { ...order, number: "WO-8" },
      { "idempotency-key": "k-2" },
    );
    expect(other.status).toBe(422);
    expect(other.body).toMatchObject({
      code: "API_ERR_IDEMPOTENCY_KEY_REUSED",
      message: "Idempotency-Key k-2 was already used for a different request (POST /api/work-orders)",
      field: "headers.idempotency-key",
    });
    const elsewhere = await post(
      t.app,
      "/api/products",
      { partNumber: "X-1", revision: "A" },
      { "idempotency-key": "k-2" },
    );
    expect(elsewhere.status).toBe(422);
    expect((await get(t.app, "/api/work-orders")).body.map((w: { number: string }) => w.number)).toEqual([
      "WO-7",
    ]);
    expect((await get(t.app, "/api/products")).body).toHaveLength(1);
  });

  it("does not store a failed request: a retry after fixing the cause succeeds", async () => {
    const bad = await post(
      t.app,
      "/api/work-orders",
      { ...order, partNumber: "LATER-1" },
      { "idempotency-key": "k-3" },
    );
    expect(bad.status).toBe(400);
    await post(t.app, "/api/products", { partNumber: "LATER-1", revision: "A" });
    const good = await post(
      t.app,
      "/api/work-orders",
      { ...order, partNumber: "LATER-1" },
      { "idempotency-key": "k-3" },
    );
    expect(good.status).toBe(201);
  });

  it("rejects malformed keys", async () => {
    const res = await post(t.app, "/api/work-orders", order, { "idempotency-key": "x".repeat(256) });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe("API_ERR_IDEMPOTENCY_KEY_INVALID");
    expect((await get(t.app, "/api/work-orders")).body).toHaveLength(0);
  });

  it("forgets keys older than a purge date", async () => {
    await post(t.app, "/api/work-orders", order, { "idempotency-key": "old" });
    expect(purgeIdempotencyKeys(t.db, "2000-01-01T00:00:00Z")).toBe(0);
    expect(purgeIdempotencyKeys(t.db, "2999-01-01T00:00:00Z")).toBe(1);
    // the key is free again: the repeat is a new request, and the order exists already
    expect((await post(t.app, "/api/work-orders", order, { "idempotency-key": "old" })).status).toBe(409);
  });
});
