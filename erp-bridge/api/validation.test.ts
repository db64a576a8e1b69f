import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { get, post, seedProduct, type TestApi, testApi } from "../test/helpers";

let t: TestApi;
beforeAll(async () => {
  t = await testApi();
  await seedProduct(t.app);
  await post(t.app, "/api/work-orders", { number: "KEEP-1", partNumber: "BRK-100", quantity: 7 });
});
afterAll(async () => {
  await t.app.close();
  t.db.close();
});

const order = { number: "WO-V", partNumber: "BRK-100", quantity: 5 };
const op = { seq: 10, name: "Mill", stationType: "cnc-mill", standardTimeS: 60 };

/** [what, method, url, payload, status, code, field, reason] */
const CASES: [
  string,
  "POST" | "PUT",
  string,
  unknown,
  number,
  string,
  string | undefined,
  string | undefined,
][] = [
  [
    "missing quantity",
    "POST",
    "/api/work-orders",
    { number: "X", partNumber: "BRK-100" },
    400,
    "API_ERR_VALIDATION",
    "body.quantity",
    "is required",
  ],
  [
    "zero quantity",
    "POST",
    "/api/work-orders",
    { ...order, quantity: 0 },
    400,
    "API_ERR_VALIDATION",
    "body.quantity",
    "must be >= 1",
  ],
  [
    "fractional quantity",
    "POST",
    "/api/work-orders",
    { ...order, quantity: 2.5 },
    400,
    "API_ERR_VALIDATION",
    "body.quantity",
    "must be integer",
  ],
  [
    "misspelt field",
    "POST",
    "/api/work-orders",
    { ...order, quantiy: 5 },
    400,
    "API_ERR_VALIDATION",
    "body.quantiy",
    "is not an accepted field",
  ],
  [
    "priority too high",
    "POST",
    "/api/work-orders",
    { ...order, priority: 1001 },
    400,
    "API_ERR_VALIDATION",
    "body.priority",
    "must be <= 1000",
  ],
  [
    "number with a slash",
    "POST",
    "/api/work-orders",
    { ...order, number: "WO/1" },
    400,
    "API_ERR_VALIDATION",
    "body.number",
    "may hold only letters, digits, '.', '_' and '-', starting with a letter or digit",
  ],
  [
    "due date not a date",
    "POST",
    "/api/work-orders",
    { ...order, dueDate: "next friday" },
    400,
    "API_ERR_VALIDATION",
    "body.dueDate",
    "must be an ISO 8601 date or date-time with zone, e.g. 2025-01-06T14:00:00Z",
  ],
  [
    "due date without zone",
    "POST",
    "/api/work-orders",
    { ...order, dueDate: "2025-01-06T14:00:00" },
    400,
    "API_ERR_VALIDATION",
    "body.dueDate",
    "must be an ISO 8601 date or date-time with zone, e.g. 2025-01-06T14:00:00Z",
  ],
  [
    "unknown product",
    "POST",
    "/api/work-orders",
    { ...order, partNumber: "NOPE-1" },
    400,
    "API_ERR_VALIDATION",
    "body.partNumber",
    "no product NOPE-1 exists",
  ],
  [
    "unknown revision",
    "POST",
    "/api/work-orders",
    { ...order, revision: "Z" },
    400,
    "API_ERR_VALIDATION",
    "body.revision",
    "no product BRK-100 revision Z exists",
  ],
  [
    "existing number",
    "POST",
    "/api/work-orders",
    { ...order, number: "KEEP-1" },
    409,
    "API_ERR_WORK_ORDER_EXISTS",
    undefined,
    undefined,
  ],
  [
    "product without revision",
    "POST",
    "/api/products",
    { partNumber: "P-1" },
    400,
    "API_ERR_VALIDATION",
    "body.revision",
    "is required",
  ],
  [
    "existing product",
    "POST",
    "/api/products",
    { partNumber: "BRK-100", revision: "A" },
    409,
    "API_ERR_PRODUCT_EXISTS",
    undefined,
    undefined,
  ],
  [
    "routing without operations",
    "PUT",
    "/api/products/BRK-100/A/routing",
    { operations: [] },
    400,
    "API_ERR_VALIDATION",
    "body.operations",
    "must NOT have fewer than 1 items",
  ],
  [
    "operation with negative time",
    "PUT",
    "/api/products/BRK-100/A/routing",
    { operations: [{ ...op, standardTimeS: -1 }] },
    400,
    "API_ERR_VALIDATION",
    "body.operations[0].standardTimeS",
    "must be > 0",
  ],
  [
    "operation with both station and type",
    "PUT",
    "/api/products/BRK-100/A/routing",
    { operations: [op, { ...op, seq: 20, station: "cnc-1" }] },
    400,
    "API_ERR_VALIDATION",
    "body.operations[1].stationType",
    "give exactly one of stationType or station",
  ],
  [
    "operation numbers twice",
    "PUT",
    "/api/products/BRK-100/A/routing",
    { operations: [op, { ...op, name: "Again" }] },
    400,
    "API_ERR_VALIDATION",
    "body.operations[1].seq",
    "operation 10 appears twice",
  ],
  [
    "program of unknown kind",
    "PUT",
    "/api/products/BRK-100/A/routing",
    { operations: [{ ...op, program: { kind: "plc", ref: "X" } }] },
    400,
    "API_ERR_VALIDATION",
    "body.operations[0].program.kind",
    "must be one of nc, robot",
  ],
  [
    "routing of unknown product",
    "PUT",
    "/api/products/NOPE/A/routing",
    { operations: [op] },
    404,
    "API_ERR_PRODUCT_NOT_FOUND",
    undefined,
    undefined,
  ],
  [
    "BOM line naming itself",
    "POST",
    "/api/products/BRK-100/A/bom",
    { position: 1, component: "BRK-100", quantity: 1 },
    409,
    "API_ERR_BOM_CYCLE",
    "body.component",
    undefined,
  ],
  [
    "BOM line with zero quantity",
    "POST",
    "/api/products/BRK-100/A/bom",
    { position: 1, component: "RAW", quantity: 0 },
    400,
    "API_ERR_VALIDATION",
    "body.quantity",
    "must be > 0",
  ],
  [
    "bad route parameter",
    "POST",
    "/api/work-orders/a%20b/release",
    undefined,
    400,
    "API_ERR_VALIDATION",
    "params.number",
    "may hold only letters, digits, '.', '_' and '-', starting with a letter or digit",
  ],
  [
    "import sent as text/plain",
    "POST",
    "/api/import/routings",
    "x",
    415,
    "API_ERR_UNSUPPORTED_MEDIA_TYPE",
    undefined,
    undefined,
  ],
];

describe("request validation: 400 with the field and the reason; nothing stored", () => {
  it.each(CASES)("%s", async (_what, method, url, payload, status, code, field, reason) => {
    const res = await t.app.inject({ method, url, payload: payload as object });
    const body = res.json();
    expect(res.statusCode).toBe(status);
    expect(body.statusCode).toBe(status);
    expect(body.code).toBe(code);
    expect(body.field).toBe(field);
    if (reason !== undefined) {
      expect(body.reason).toBe(reason);
      expect(body.message).toBe(`${field}: ${reason}`);
    }
  });

  it("left the stored data as it was", async () => {
    const orders = (await get(t.app, "/api/work-orders")).body;
    expect(orders.map((w: { number: string; quantity: number }) => [w.number, w.quantity])).toEqual([
      ["KEEP-1", 7],
    ]);
    const product = (await get(t.app, "/api/products/BRK-100/A")).body;
    expect(product.routing.map((o: { seq: number }) => o.seq)).toEqual([10, 20, 30]);
    expect(product.bom).toEqual([]);
    expect((await get(t.app, "/api/products")).body).toHaveLength(1);
  });

  it("refuses a BOM cycle through another product", async () => {
    await post(t.app, "/api/products", { partNumber: "SUB-1", revision: "A" });
    expect(
      (await post(t.app, "/api/products/BRK-100/A/bom", { position: 1, component: "SUB-1", quantity: 2 }))
        .status,
    ).toBe(201);
    const cyc = await post(t.app, "/api/products/SUB-1/A/bom", {
      position: 1,
      component: "BRK-100",
      quantity: 1,
    });
    expect(cyc.status).toBe(409);
    expect(cyc.body.message).toBe("component BRK-100 would make the bill of materials of SUB-1 cyclic");
  });

  it("a bad JSON body is a 400 with a code", async () => {
    const res = await t.app.inject({
      method: "POST",
      url: "/api/work-orders",
      payload: "{ not json",
      headers: { "content-type": "application/json" },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().code).toBe("API_ERR_BAD_BODY");
  });
});
