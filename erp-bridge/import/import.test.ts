import { readFileSync } from "node:fs";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { hours, minutes } from "../../sim/time";
import { get, type TestApi, testApi } from "../test/helpers";

const fixture = (name: string) =>
  readFileSync(new URL(`../../test/fixtures/erp/${name}`, import.meta.url), "utf8");

let t: TestApi;
beforeEach(async () => {
  t = await testApi();
});
afterEach(async () => {
  await t.app.close();
  t.db.close();
});

async function upload(url: string, body: string, type: string, headers: Record<string, string> = {}) {
  const res = await t.app.inject({
    method: "POST",
    url,
    payload: body,
    headers: { "content-type": type, ...headers },
  });
  return { status: res.statusCode, body: res.json() };
}

async function importCsvFixtures() {
  for (const [kind, file] of [
    ["products", "products.csv"],
    ["routings", "routings.csv"],
    ["bom", "bom.csv"],
    ["work-orders", "work-orders.csv"],
  ]) {
    const res = await upload(`/api/import/${kind}?fileName=${file}`, fixture(file!), "text/csv");
    expect(res.status, JSON.stringify(res.body)).toBe(200);
  }
}

describe("CSV import of the sample files", () => {
  it("creates products, routings, BOMs and work orders", async () => {
    const res = await upload("/api/import/products", fixture("products.csv"), "text/csv; charset=utf-8");
    expect(res.body).toEqual({
      format: "csv",
      created: 5,
      updated: 0,
      unchanged: 0,
      items: ["BRK-100/A", "BRK-100/B", "SHF-200/A", "RAW-AL-50/A", "RAW-ST-25/A"],
    });
    expect((await upload("/api/import/routings", fixture("routings.csv"), "text/csv")).body).toMatchObject({
      created: 2,
      items: ["BRK-100/B", "SHF-200/A"],
    });
    expect((await upload("/api/import/bom", fixture("bom.csv"), "text/csv")).body).toMatchObject({
      created: 2,
    });
    expect(
      (await upload("/api/import/work-orders", fixture("work-orders.csv"), "text/csv")).body,
    ).toMatchObject({
      created: 3,
      items: ["WO-1001", "WO-1002", "WO-1003"],
    });

    const brk = (await get(t.app, "/api/products/BRK-100/B")).body;
    expect(brk.description).toBe("Bracket, milled; wider slot");
    expect(brk.routing).toEqual([
      {
        seq: 10,
        name: "Load blank",
        station: "robot-cell-1",
        standardTimeS: 12,
        program: { kind: "robot", ref: "PICK_BLANK" },
      },
      {
        seq: 20,
        name: "Rough and finish milling",
        stationType: "cnc-mill",
        standardTimeS: 95.5,
        program: { kind: "nc", ref: "O1001" },
      },
      { seq: 30, name: "Deburr and inspect", stationType: "manual-bench", standardTimeS: 40 },
    ]);
    expect(brk.bom).toEqual([{ position: 1, component: "RAW-AL-50", quantity: 0.12, unit: "m" }]);
    const wo = (await get(t.app, "/api/work-orders/WO-1003")).body;
    // empty revision: the highest one; due 2025-01-07T06:00Z is 24 h after the epoch
    expect(wo).toMatchObject({
      revision: "B",
      quantity: 12,
      priority: 9,
      dueUs: hours(24),
      status: "created",
    });
    expect((await get(t.app, "/api/work-orders/WO-1002")).body.dueUs).toBe(hours(4));
  });

  it("a second import of the same files changes nothing", async () => {
    await importCsvFixtures();
    const again = await upload("/api/import/work-orders", fixture("work-orders.csv"), "text/csv");
    expect(again.body).toMatchObject({ created: 0, updated: 0, unchanged: 3 });
    expect((await upload("/api/import/routings", fixture("routings.csv"), "text/csv")).body).toMatchObject({
      unchanged: 2,
    });
  });

  it("reads semicolon files with quoted line breaks", async () => {
    const text = 'partNumber;revision;description\r\nX-1;A;"two\nlines; one ""quote"""\r\n';
    expect((await upload("/api/import/products", text, "text/csv")).status).toBe(200);
    expect((await get(t.app, "/api/products/X-1/A")).body.description).toBe('two\nlines; one "quote"');
  });

  const BAD: [string, string, string, string, string][] = [
    [
      "products",
      "partNumber,revision,descr\nA-1,A,x\n",
      "products.csv:1:21",
      'unknown column "descr" for a products file (columns: partnumber, revision, description)',
      "API_ERR_IMPORT_PARSE",
    ],
    [
      "products",
      "partNumber,description\nA-1,x\n",
      "products.csv:1:1",
      "a products file needs the column revision",
      "API_ERR_IMPORT_PARSE",
    ],
    ["products", "", "products.csv:1:1", "the file is empty; expected a header row", "API_ERR_IMPORT_PARSE"],
    [
      "products",
      'partNumber,revision\nA-1,"B\n',
      "products.csv:2:5",
      "quoted field is not closed",
      "API_ERR_IMPORT_PARSE",
    ],
    [
      "products",
      "partNumber,revision\nA-1,A\nA 2,A\n",
      "products.csv:3:1",
      "partNumber: may hold only letters, digits, '.', '_' and '-', starting with a letter or digit",
      "API_ERR_IMPORT_PARSE",
    ],
    [
      "work-orders",
      "number,partNumber,quantity\nW-1,BRK-100,12 pcs\n",
      "work-orders.csv:2:13",
      'quantity must be a number, found "12 pcs"',
      "API_ERR_IMPORT_PARSE",
    ],
    [
      "work-orders",
      "number,partNumber,quantity\nW-1,BRK-100,0\n",
      "work-orders.csv:2:13",
      "quantity: must be between 1 and 1000000",
      "API_ERR_IMPORT_PARSE",
    ],
    [
      "work-orders",
      "number,partNumber,quantity\nW-1,NOPE,1\n",
      "work-orders.csv:2:5",
      "partNumber: no product NOPE exists",
      "API_ERR_IMPORT_PARSE",
    ],
    [
      "work-orders",
      "number,partNumber,quantity,dueDate\nW-1,BRK-100,1,tomorrow\n",
      "work-orders.csv:2:15",
      "dueDate: must be an ISO 8601 date or date-time with zone, e.g. 2025-01-06T14:00:00Z",
      "API_ERR_IMPORT_PARSE",
    ],
    [
      "routings",
      "partNumber,revision,seq,name,standardTimeS\nBRK-100,A,10,Mill,60\n",
      "routings.csv:2:1",
      "stationType: give exactly one of stationType or station",
      "API_ERR_IMPORT_PARSE",
    ],
    [
      "routings",
      "partNumber,revision,seq,name,stationType,standardTimeS\nBRK-100,A,10,Mill,cnc,60\nBRK-100,A,20,Deburr,bench,-5\n",
      "routings.csv:3:27",
      "standardTimeS: must be greater than 0",
      "API_ERR_IMPORT_PARSE",
    ],
    [
      "bom",
      "partNumber,revision,position,component,quantity\nBRK-100,A,1,BRK-100,1\n",
      "bom.csv:2:13",
      "component BRK-100 would make the bill of materials of BRK-100 cyclic",
      "API_ERR_IMPORT_CONFLICT",
    ],
  ];

  it.each(BAD)("refuses a bad %s file at the spot: %s", async (kind, text, where, reason, code) => {
    await upload("/api/import/products", "partNumber,revision\nBRK-100,A\n", "text/csv");
    await upload("/api/import/work-orders", "number,partNumber,quantity\nKEEP-1,BRK-100,3\n", "text/csv");
    const res = await upload(`/api/import/${kind}`, text, "text/csv");
    expect(res.body.code).toBe(code);
    expect(res.body.where).toBe(where);
    expect(res.body.message).toContain(reason);
    expect(res.status).toBe(code === "API_ERR_IMPORT_CONFLICT" ? 409 : 400);
    // all or nothing: the rows before the bad one are not stored either
    expect((await get(t.app, "/api/products")).body.map((p: { partNumber: string }) => p.partNumber)).toEqual(
      ["BRK-100"],
    );
    expect(
      (await get(t.app, "/api/work-orders")).body.map((w: { number: string; quantity: number }) => [
        w.number,
        w.quantity,
      ]),
    ).toEqual([["KEEP-1", 3]]);
    expect((await get(t.app, "/api/products/BRK-100/A")).body).toMatchObject({ routing: [], bom: [] });
  });

  it("refuses to change an order that has been released", async () => {
    await importCsvFixtures();
    await t.app.inject({ method: "POST", url: "/api/work-orders/WO-1001/release" });
    const changed = fixture("work-orders.csv").replace("WO-1001,BRK-100,B,20", "WO-1001,BRK-100,B,25");
    const res = await upload("/api/import/work-orders", changed, "text/csv");
    expect(res.status).toBe(409);
    expect(res.body).toMatchObject({ code: "API_ERR_IMPORT_CONFLICT", where: "work-orders.csv:2:1" });
    expect(res.body.message).toContain("work order is released and differs from the import");
    expect((await get(t.app, "/api/work-orders/WO-1001")).body.quantity).toBe(20);
  });
});

describe("B2MML import of the sample files", () => {
  it("reads product definitions with segments and manufacturing bills, then an operations schedule", async () => {
    const defs = await upload(
      "/api/import/products",
      fixture("product-definition.b2mml.xml"),
      "application/xml",
    );
    expect(defs.body).toEqual({
      format: "b2mml",
      created: 2,
      updated: 0,
      unchanged: 0,
      items: ["HSG-300/C", "CAST-HSG-300/A"],
    });
    const hsg = (await get(t.app, "/api/products/HSG-300/C")).body;
    expect(hsg).toEqual({
      partNumber: "HSG-300",
      revision: "C",
      description: "Gearbox housing",
      routing: [
        {
          seq: 10,
          name: "Robot loads casting",
          station: "robot-cell-1",
          standardTimeS: 15,
          program: { kind: "robot", ref: "LOAD_HSG" },
        },
        {
          seq: 20,
          name: "Mill faces and bores",
          stationType: "cnc-mill",
          standardTimeS: 270,
          program: { kind: "nc", ref: "O3001" },
        },
        { seq: 30, name: "Leak test", stationType: "test-bench", standardTimeS: 60 },
      ],
      bom: [
        { position: 1, component: "CAST-HSG-300", quantity: 1, unit: "ea" },
        { position: 2, component: "PLUG-M12", quantity: 4, unit: "ea" },
      ],
    });
    const sched = await upload(
      "/api/import/work-orders",
      fixture("operations-schedule.b2mml.xml"),
      "application/xml",
    );
    expect(sched.body).toMatchObject({ format: "b2mml", created: 2, items: ["WO-2001", "WO-2002"] });
    expect((await get(t.app, "/api/work-orders/WO-2001")).body).toMatchObject({
      partNumber: "HSG-300",
      revision: "C",
      quantity: 10,
      priority: 3,
      dueUs: hours(6),
    });
    // 09:30+01:00 is 08:30Z, 2.5 h after the epoch
    expect((await get(t.app, "/api/work-orders/WO-2002")).body).toMatchObject({
      quantity: 4,
      priority: 7,
      dueUs: hours(2) + minutes(30),
    });
    const again = await upload("/api/import/products", fixture("product-definition.b2mml.xml"), "text/xml");
    expect(again.body).toMatchObject({ created: 0, updated: 0, unchanged: 2 });
  });

  const xml = (inner: string) =>
    `<?xml version="1.0"?>\n<ProductDefinition xmlns="http://www.mesa.org/xml/B2MML">${inner}</ProductDefinition>`;
  const BAD: [string, string, string, string, string][] = [
    [
      "malformed XML",
      "products",
      "<ProductDefinition>\n<ID>A</ProductDefinition>",
      "products.xml:2:6",
      "Expected closing tag 'ID'",
    ],
    [
      "no Version",
      "products",
      xml("<ID>A-1</ID>"),
      "products.xml:/ProductDefinition[1]/Version",
      "Version is required",
    ],
    [
      "bad Duration",
      "products",
      xml(
        "<ID>A-1</ID><Version>A</Version><ProductSegment><ID>10</ID><Duration>90 s</Duration><EquipmentSpecification><EquipmentClassID>m</EquipmentClassID></EquipmentSpecification></ProductSegment>",
      ),
      "products.xml:/ProductDefinition[1]/ProductSegment[1]/Duration",
      'Duration must be an xs:duration like PT1M30S, found "90 s"',
    ],
    [
      "segment without equipment",
      "products",
      xml(
        "<ID>A-1</ID><Version>A</Version><ProductSegment><ID>10</ID><Duration>PT1S</Duration></ProductSegment>",
      ),
      "products.xml:/ProductDefinition[1]/ProductSegment[1]/EquipmentSpecification",
      "an EquipmentClassID or EquipmentID is required",
    ],
    [
      "a schedule sent as products",
      "products",
      fixture("operations-schedule.b2mml.xml"),
      "products.xml:/OperationsSchedule",
      "expected products (B2MML), found work-orders",
    ],
    [
      "an unknown document",
      "work-orders",
      "<MaterialLot><ID>L1</ID></MaterialLot>",
      "work-orders.xml:/MaterialLot",
      "found MaterialLot",
    ],
    [
      "order without produced material",
      "work-orders",
      "<OperationsSchedule><OperationsRequest><ID>W-1</ID><SegmentRequirement><MaterialRequirement><MaterialDefinitionID>X</MaterialDefinitionID><MaterialUse>Consumed</MaterialUse></MaterialRequirement></SegmentRequirement></OperationsRequest></OperationsSchedule>",
      "work-orders.xml:/OperationsSchedule/OperationsRequest[1]/SegmentRequirement",
      "no MaterialRequirement with MaterialUse Produced names the product",
    ],
    [
      "order for an unknown product",
      "work-orders",
      "<OperationsSchedule><OperationsRequest><ID>W-1</ID><SegmentRequirement><MaterialRequirement><MaterialDefinitionID>NOPE</MaterialDefinitionID><MaterialUse>Produced</MaterialUse><Quantity><QuantityString>2</QuantityString></Quantity></MaterialRequirement></SegmentRequirement></OperationsRequest></OperationsSchedule>",
      "work-orders.xml:/OperationsSchedule/OperationsRequest[1]",
      "partNumber: no product NOPE exists",
    ],
  ];

  it.each(BAD)("refuses %s with where and why", async (_what, kind, text, where, reason) => {
    const res = await upload(`/api/import/${kind}`, text, "application/xml");
    expect(res.status).toBe(400);
    expect(res.body.code).toBe("API_ERR_IMPORT_PARSE");
    expect(res.body.where).toBe(where);
    expect(res.body.message).toContain(reason);
    expect((await get(t.app, "/api/products")).body).toEqual([]);
  });

  it("accepts XML only where a B2MML document fits", async () => {
    const res = await upload(
      "/api/import/routings",
      fixture("product-definition.b2mml.xml"),
      "application/xml",
    );
    expect(res.status).toBe(415);
    expect(res.body).toMatchObject({
      code: "API_ERR_UNSUPPORTED_MEDIA_TYPE",
      message: "content type application/xml is not accepted here; send text/csv",
    });
  });
});
