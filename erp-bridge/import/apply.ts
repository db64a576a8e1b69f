import type { Db } from "../db/open";
import { stmt } from "../db/stmt";
import { listBom, putRouting, replaceBom, upsertProduct } from "../domain/products";
import type { BomLine, RoutingOperation } from "../domain/types";
import { type Clock, upsertWorkOrder } from "../domain/work-orders";
import { ApiError, apiError, importError } from "../errors";
import { type B2mmlDocument, parseB2mml } from "./b2mml";
import { parseCsv } from "./csv";
import {
  bomRecords,
  type CsvKind,
  type Located,
  productRecords,
  routingRecords,
  workOrderRecords,
} from "./csv-records";

export interface ImportResult {
  format: "csv" | "b2mml";
  /** products, routings, BOMs or work orders, by what happened to each */
  created: number;
  updated: number;
  unchanged: number;
  /** ids of the imported items in file order (`partNumber/revision` or the work-order number) */
  items: string[];
}

type Outcome = "created" | "updated" | "unchanged";

/**
 * Re-throws a domain error with the place in the file: a refused field becomes a 400 at that field's
 * cell or element, a clash with stored data a 409 at the record.
 */
function locate<T>(whereOf: (field: string | undefined) => string, fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    if (!(e instanceof ApiError) || e.code === "API_ERR_IMPORT_PARSE") throw e;
    const where = whereOf(e.field);
    if (e.code === "API_ERR_VALIDATION") throw importError(where, `${e.field}: ${e.reason}`);
    if (e.statusCode === 409) throw apiError("API_ERR_IMPORT_CONFLICT", [where, e.message], { where });
    throw importError(where, e.message);
  }
}

function csvWhere<T>(fileName: string, rec: Located<T>) {
  return (field: string | undefined) => {
    const key = field?.replace(/^(lines|operations)\[\d+\]\./, "");
    const c = (key === undefined ? undefined : rec.cells[key]) ?? Object.values(rec.cells)[0];
    return `${fileName}:${c?.line ?? rec.line}:${c?.col ?? 1}`;
  };
}

function tally(result: ImportResult, outcome: Outcome, item: string): void {
  result[outcome]++;
  result.items.push(item);
}

function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

function routingOf(db: Db, partNumber: string, revision: string): unknown[] {
  return stmt(db, "SELECT * FROM routing_operations WHERE part_number = ? AND revision = ? ORDER BY seq").all(
    partNumber,
    revision,
  );
}

function writeRouting(db: Db, partNumber: string, revision: string, ops: RoutingOperation[]): Outcome {
  const before = routingOf(db, partNumber, revision);
  putRouting(db, partNumber, revision, ops);
  const after = routingOf(db, partNumber, revision);
  return before.length === 0 ? "created" : sameJson(before, after) ? "unchanged" : "updated";
}

function writeBom(db: Db, partNumber: string, revision: string, lines: BomLine[]): Outcome {
  const before = listBom(db, partNumber, revision);
  const after = replaceBom(db, partNumber, revision, lines);
  return before.length === 0 ? "created" : sameJson(before, after) ? "unchanged" : "updated";
}

/** Groups rows by product revision, keeping file order of first appearance. */
function groupByProduct<T extends { partNumber: string; revision: string }>(recs: Located<T>[]) {
  const groups = new Map<string, Located<T>[]>();
  for (const rec of recs) {
    const key = `${rec.value.partNumber}/${rec.value.revision}`;
    const g = groups.get(key);
    if (g === undefined) groups.set(key, [rec]);
    else g.push(rec);
  }
  return groups;
}

/**
 * Imports one CSV file of the given kind, all or nothing: the first bad row aborts the import and the
 * database is as before. Routings and BOMs replace those of each product revision the file names.
 */
export function importCsv(db: Db, kind: CsvKind, text: string, fileName: string, clock: Clock): ImportResult {
  const table = parseCsv(text, fileName);
  const result: ImportResult = { format: "csv", created: 0, updated: 0, unchanged: 0, items: [] };
  db.transaction(() => {
    if (kind === "products") {
      for (const rec of productRecords(table, fileName)) {
        const outcome = locate(csvWhere(fileName, rec), () => upsertProduct(db, rec.value));
        tally(result, outcome, `${rec.value.partNumber}/${rec.value.revision}`);
      }
    } else if (kind === "work-orders") {
      for (const rec of workOrderRecords(table, fileName)) {
        tally(
          result,
          locate(csvWhere(fileName, rec), () => upsertWorkOrder(db, rec.value, clock)),
          rec.value.number,
        );
      }
    } else if (kind === "routings") {
      for (const [key, recs] of groupByProduct(routingRecords(table, fileName))) {
        const first = recs[0]!;
        const outcome = locate(
          (field) => {
            const i = Number(/^operations\[(\d+)\]/.exec(field ?? "")?.[1] ?? 0);
            return csvWhere(fileName, recs[i] ?? first)(field);
          },
          () =>
            writeRouting(
              db,
              first.value.partNumber,
              first.value.revision,
              recs.map((r) => r.value.operation),
            ),
        );
        tally(result, outcome, key);
      }
    } else {
      for (const [key, recs] of groupByProduct(bomRecords(table, fileName))) {
        const first = recs[0]!;
        const outcome = locate(
          (field) => {
            const i = Number(/^lines\[(\d+)\]/.exec(field ?? "")?.[1] ?? 0);
            return csvWhere(fileName, recs[i] ?? first)(field);
          },
          () =>
            writeBom(
              db,
              first.value.partNumber,
              first.value.revision,
              recs.map((r) => r.value.line),
            ),
        );
        tally(result, outcome, key);
      }
    }
  })();
  return result;
}

/**
 * Imports a B2MML document, all or nothing. `expect` refuses a document of the other kind (a schedule
 * posted where product definitions belong). A product definition replaces the routing and BOM of its
 * revision when it carries segments or bills.
 */
export function importB2mml(
  db: Db,
  xml: string,
  fileName: string,
  clock: Clock,
  expect?: B2mmlDocument["kind"],
): ImportResult {
  const doc = parseB2mml(xml, fileName);
  if (expect !== undefined && doc.kind !== expect) {
    throw importError(
      `${fileName}:/${doc.root}`,
      `expected ${expect} (B2MML), found ${doc.kind} in ${doc.root}`,
    );
  }
  const result: ImportResult = { format: "b2mml", created: 0, updated: 0, unchanged: 0, items: [] };
  db.transaction(() => {
    if (doc.kind === "work-orders") {
      for (const { where, order } of doc.orders) {
        tally(
          result,
          locate(
            () => where,
            () => upsertWorkOrder(db, order, clock),
          ),
          order.number,
        );
      }
      return;
    }
    for (const def of doc.definitions) {
      const { partNumber, revision } = def.product;
      const outcomes: Outcome[] = [
        locate(
          () => def.where,
          () => upsertProduct(db, def.product),
        ),
      ];
      if (def.routing.length > 0) {
        const ops = def.routing.map((s) => s.operation);
        outcomes.push(
          locate(
            (field) =>
              def.routing[Number(/^operations\[(\d+)\]/.exec(field ?? "")?.[1] ?? 0)]?.where ?? def.where,
            () => writeRouting(db, partNumber, revision, ops),
          ),
        );
      }
      if (def.bom.length > 0) {
        const lines = def.bom.map((b) => b.line);
        outcomes.push(
          locate(
            (field) => def.bom[Number(/^lines\[(\d+)\]/.exec(field ?? "")?.[1] ?? 0)]?.where ?? def.where,
            () => writeBom(db, partNumber, revision, lines),
          ),
        );
      }
      const outcome: Outcome =
        outcomes[0] === "created"
          ? "created"
          : outcomes.every((o) => o === "unchanged")
            ? "unchanged"
            : "updated";
      tally(result, outcome, `${partNumber}/${revision}`);
    }
  })();
  return result;
}
