import type { Db } from "../db/open";
import { stmt } from "../db/stmt";
import { apiError, validationError } from "../errors";
import type { BomLine, Product, ProductDetail, RoutingOperation } from "./types";
import { checkBomLine, checkId, checkProduct, checkRouting } from "./validate";

/**
 * PDM master data: products (part number + revision), their bills of materials and routings. Every
 * function validates its input and throws `ApiError`; callers wrap several in one transaction when they
 * must succeed or fail together (imports).
 */

interface OperationRow {
  seq: number;
  name: string;
  station_type: string | null;
  station: string | null;
  standard_time_s: number;
  program_kind: "nc" | "robot" | null;
  program: string | null;
}

function exists(db: Db, partNumber: string, revision: string): boolean {
  return (
    stmt(db, "SELECT 1 FROM products WHERE part_number = ? AND revision = ?").get(partNumber, revision) !==
    undefined
  );
}

function mustExist(db: Db, partNumber: string, revision: string): void {
  if (!exists(db, partNumber, revision)) throw apiError("API_ERR_PRODUCT_NOT_FOUND", [partNumber, revision]);
}

export function listProducts(db: Db, filter: { partNumber?: string | undefined } = {}): Product[] {
  const rows =
    filter.partNumber === undefined
      ? stmt(
          db,
          "SELECT part_number, revision, description FROM products ORDER BY part_number, revision",
        ).all()
      : stmt(
          db,
          "SELECT part_number, revision, description FROM products WHERE part_number = ? ORDER BY revision",
        ).all(filter.partNumber);
  return (rows as { part_number: string; revision: string; description: string }[]).map((r) => ({
    partNumber: r.part_number,
    revision: r.revision,
    description: r.description,
  }));
}

export function getProduct(db: Db, partNumber: string, revision: string): ProductDetail {
  const row = stmt(db, "SELECT description FROM products WHERE part_number = ? AND revision = ?").get(
    partNumber,
    revision,
  ) as { description: string } | undefined;
  if (row === undefined) throw apiError("API_ERR_PRODUCT_NOT_FOUND", [partNumber, revision]);
  return {
    partNumber,
    revision,
    description: row.description,
    bom: listBom(db, partNumber, revision),
    routing: readRouting(db, partNumber, revision),
  };
}

export function createProduct(db: Db, input: Product): Product {
  const p = checkProduct(input);
  if (exists(db, p.partNumber, p.revision))
    throw apiError("API_ERR_PRODUCT_EXISTS", [p.partNumber, p.revision]);
  stmt(db, "INSERT INTO products (part_number, revision, description) VALUES (?, ?, ?)").run(
    p.partNumber,
    p.revision,
    p.description,
  );
  return p;
}

/** Creates the product or updates its description; returns whether it was created, updated or unchanged. */
export function upsertProduct(db: Db, input: Product): "created" | "updated" | "unchanged" {
  const p = checkProduct(input);
  const row = stmt(db, "SELECT description FROM products WHERE part_number = ? AND revision = ?").get(
    p.partNumber,
    p.revision,
  ) as { description: string } | undefined;
  if (row === undefined) {
    createProduct(db, p);
    return "created";
  }
  if (row.description === p.description) return "unchanged";
  updateProduct(db, p.partNumber, p.revision, { description: p.description });
  return "updated";
}

export function updateProduct(
  db: Db,
  partNumber: string,
  revision: string,
  patch: { description: string },
): Product {
  const p = checkProduct({ partNumber, revision, description: patch.description });
  mustExist(db, partNumber, revision);
  stmt(db, "UPDATE products SET description = ? WHERE part_number = ? AND revision = ?").run(
    p.description,
    partNumber,
    revision,
  );
  return p;
}

/** Deletes a product with its BOM and routing; refused while a work order refers to it. */
export function deleteProduct(db: Db, partNumber: string, revision: string): void {
  mustExist(db, partNumber, revision);
  const { n } = stmt(db, "SELECT COUNT(*) AS n FROM work_orders WHERE part_number = ? AND revision = ?").get(
    partNumber,
    revision,
  ) as { n: number };
  if (n > 0) throw apiError("API_ERR_PRODUCT_IN_USE", [partNumber, revision, n]);
  stmt(db, "DELETE FROM products WHERE part_number = ? AND revision = ?").run(partNumber, revision);
}

export function listBom(db: Db, partNumber: string, revision: string): BomLine[] {
  const rows = stmt(
    db,
    "SELECT position, component, quantity, unit FROM bom_lines WHERE part_number = ? AND revision = ? ORDER BY position",
  ).all(partNumber, revision) as BomLine[];
  return rows.map((r) => ({
    position: r.position,
    component: r.component,
    quantity: r.quantity,
    unit: r.unit,
  }));
}

/** True when `component` (any revision) already contains `partNumber` somewhere below it. */
function wouldCycle(db: Db, partNumber: string, component: string): boolean {
  if (component === partNumber) return true;
  const hit = stmt(
    db,
    `WITH RECURSIVE below(pn) AS (
         SELECT ? UNION SELECT b.component FROM bom_lines b JOIN below ON b.part_number = below.pn
       ) SELECT 1 FROM below WHERE pn = ? LIMIT 1`,
  ).get(component, partNumber);
  return hit !== undefined;
}

export function addBomLine(db: Db, partNumber: string, revision: string, input: BomLine): BomLine {
  const line = checkBomLine(input);
  mustExist(db, partNumber, revision);
  const taken = stmt(
    db,
    "SELECT 1 FROM bom_lines WHERE part_number = ? AND revision = ? AND position = ?",
  ).get(partNumber, revision, line.position);
  if (taken !== undefined) throw apiError("API_ERR_BOM_LINE_EXISTS", [partNumber, revision, line.position]);
  if (wouldCycle(db, partNumber, line.component)) {
    throw apiError("API_ERR_BOM_CYCLE", [line.component, partNumber], { field: "component" });
  }
  stmt(
    db,
    "INSERT INTO bom_lines (part_number, revision, position, component, quantity, unit) VALUES (?, ?, ?, ?, ?, ?)",
  ).run(partNumber, revision, line.position, line.component, line.quantity, line.unit);
  return line;
}

/** Replaces the whole bill; positions must be unique. Run inside a transaction to keep it atomic. */
export function replaceBom(
  db: Db,
  partNumber: string,
  revision: string,
  lines: readonly BomLine[],
): BomLine[] {
  mustExist(db, partNumber, revision);
  const seen = new Set<number>();
  const checked = lines.map((l, i) => {
    const line = checkBomLine(l, `lines[${i}]`);
    if (seen.has(line.position)) {
      throw validationError(`lines[${i}].position`, `position ${line.position} appears twice`);
    }
    seen.add(line.position);
    return line;
  });
  stmt(db, "DELETE FROM bom_lines WHERE part_number = ? AND revision = ?").run(partNumber, revision);
  for (const line of checked) addBomLine(db, partNumber, revision, line);
  return listBom(db, partNumber, revision);
}

export function deleteBomLine(db: Db, partNumber: string, revision: string, position: number): void {
  mustExist(db, partNumber, revision);
  const res = stmt(db, "DELETE FROM bom_lines WHERE part_number = ? AND revision = ? AND position = ?").run(
    partNumber,
    revision,
    position,
  );
  if (res.changes === 0) throw apiError("API_ERR_BOM_LINE_NOT_FOUND", [partNumber, revision, position]);
}

function readRouting(db: Db, partNumber: string, revision: string): RoutingOperation[] {
  const rows = stmt(
    db,
    `SELECT seq, name, station_type, station, standard_time_s, program_kind, program
       FROM routing_operations WHERE part_number = ? AND revision = ? ORDER BY seq`,
  ).all(partNumber, revision) as OperationRow[];
  return rows.map((r) => {
    const op: RoutingOperation = { seq: r.seq, name: r.name, standardTimeS: r.standard_time_s };
    if (r.station_type !== null) op.stationType = r.station_type;
    if (r.station !== null) op.station = r.station;
    if (r.program_kind !== null && r.program !== null) op.program = { kind: r.program_kind, ref: r.program };
    return op;
  });
}

export function getRouting(db: Db, partNumber: string, revision: string): RoutingOperation[] {
  mustExist(db, partNumber, revision);
  const ops = readRouting(db, partNumber, revision);
  if (ops.length === 0) throw apiError("API_ERR_ROUTING_NOT_FOUND", [partNumber, revision]);
  return ops;
}

/** Creates or replaces the routing of a product revision. Run inside a transaction to keep it atomic. */
export function putRouting(
  db: Db,
  partNumber: string,
  revision: string,
  operations: readonly RoutingOperation[],
): RoutingOperation[] {
  checkId(partNumber, "partNumber");
  const ops = checkRouting(operations);
  mustExist(db, partNumber, revision);
  stmt(db, "DELETE FROM routing_operations WHERE part_number = ? AND revision = ?").run(partNumber, revision);
  const insert = stmt(
    db,
    `INSERT INTO routing_operations
       (part_number, revision, seq, name, station_type, station, standard_time_s, program_kind, program)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  for (const op of ops) {
    insert.run(
      partNumber,
      revision,
      op.seq,
      op.name,
      op.stationType ?? null,
      op.station ?? null,
      op.standardTimeS,
      op.program?.kind ?? null,
      op.program?.ref ?? null,
    );
  }
  return ops;
}

export function deleteRouting(db: Db, partNumber: string, revision: string): void {
  mustExist(db, partNumber, revision);
  const res = stmt(db, "DELETE FROM routing_operations WHERE part_number = ? AND revision = ?").run(
    partNumber,
    revision,
  );
  if (res.changes === 0) throw apiError("API_ERR_ROUTING_NOT_FOUND", [partNumber, revision]);
}
