import { validationError } from "../errors";
import {
  type BomLine,
  ID_MAX,
  ID_PATTERN,
  PRIORITY_MAX,
  PRIORITY_MIN,
  type Product,
  QUANTITY_MAX,
  REVISION_MAX,
  type RoutingOperation,
  type WorkOrderInput,
} from "./types";

/**
 * The same rules whether a record arrives by REST (after JSON-schema checks), by import or from the
 * OPC UA adapter, so no path stores something another path would refuse. `at` prefixes field names.
 */

const ID_RE = new RegExp(ID_PATTERN);

function join(at: string, name: string): string {
  return at === "" ? name : `${at}.${name}`;
}

export function checkId(value: unknown, field: string, max = ID_MAX): string {
  if (typeof value !== "string" || value.length === 0)
    throw validationError(field, "must be a non-empty string");
  if (value.length > max) throw validationError(field, `must be at most ${max} characters`);
  if (!ID_RE.test(value)) {
    throw validationError(
      field,
      "may hold only letters, digits, '.', '_' and '-', starting with a letter or digit",
    );
  }
  return value;
}

function checkText(value: unknown, field: string, max: number): string {
  if (typeof value !== "string") throw validationError(field, "must be a string");
  if (value.length > max) throw validationError(field, `must be at most ${max} characters`);
  return value;
}

function checkInt(value: unknown, field: string, min: number, max: number): number {
  if (typeof value !== "number" || !Number.isInteger(value))
    throw validationError(field, "must be an integer");
  if (value < min || value > max) throw validationError(field, `must be between ${min} and ${max}`);
  return value;
}

function checkPositive(value: unknown, field: string): number {
  if (typeof value !== "number" || !Number.isFinite(value)) throw validationError(field, "must be a number");
  if (value <= 0) throw validationError(field, "must be greater than 0");
  return value;
}

export function checkProduct(p: Product, at = ""): Product {
  return {
    partNumber: checkId(p.partNumber, join(at, "partNumber")),
    revision: checkId(p.revision, join(at, "revision"), REVISION_MAX),
    description: checkText(p.description ?? "", join(at, "description"), 500),
  };
}

export function checkBomLine(line: BomLine, at = ""): BomLine {
  return {
    position: checkInt(line.position, join(at, "position"), 1, 9999),
    component: checkId(line.component, join(at, "component")),
    quantity: checkPositive(line.quantity, join(at, "quantity")),
    unit: checkId(line.unit ?? "ea", join(at, "unit"), 16),
  };
}

export function checkOperation(op: RoutingOperation, at = ""): RoutingOperation {
  const seq = checkInt(op.seq, join(at, "seq"), 1, 9999);
  const name = checkText(op.name, join(at, "name"), 200);
  if (name.trim() === "") throw validationError(join(at, "name"), "must not be blank");
  const hasType = op.stationType !== undefined && op.stationType !== null;
  const hasStation = op.station !== undefined && op.station !== null;
  if (hasType === hasStation) {
    throw validationError(join(at, "stationType"), "give exactly one of stationType or station");
  }
  const out: RoutingOperation = {
    seq,
    name,
    standardTimeS: checkPositive(op.standardTimeS, join(at, "standardTimeS")),
  };
  if (hasType) out.stationType = checkId(op.stationType, join(at, "stationType"));
  if (hasStation) out.station = checkId(op.station, join(at, "station"));
  if (op.program !== undefined && op.program !== null) {
    const kind = op.program.kind;
    if (kind !== "nc" && kind !== "robot")
      throw validationError(join(at, "program.kind"), "must be nc or robot");
    const ref = checkText(op.program.ref, join(at, "program.ref"), 200);
    if (ref.trim() === "") throw validationError(join(at, "program.ref"), "must not be blank");
    out.program = { kind, ref };
  }
  return out;
}

/** Checks a whole routing; operation numbers must be unique (they order the routing). */
export function checkRouting(ops: readonly RoutingOperation[], at = "operations"): RoutingOperation[] {
  if (ops.length === 0) throw validationError(at, "a routing needs at least one operation");
  const seen = new Set<number>();
  const out = ops.map((op, i) => {
    const checked = checkOperation(op, `${at}[${i}]`);
    if (seen.has(checked.seq))
      throw validationError(`${at}[${i}].seq`, `operation ${checked.seq} appears twice`);
    seen.add(checked.seq);
    return checked;
  });
  return out.sort((a, b) => a.seq - b.seq);
}

export function checkWorkOrderInput(w: WorkOrderInput, at = ""): WorkOrderInput {
  const out: WorkOrderInput = {
    number: checkId(w.number, join(at, "number")),
    partNumber: checkId(w.partNumber, join(at, "partNumber")),
    quantity: checkInt(w.quantity, join(at, "quantity"), 1, QUANTITY_MAX),
  };
  if (w.revision !== undefined) out.revision = checkId(w.revision, join(at, "revision"), REVISION_MAX);
  if (w.dueDate !== undefined) out.dueDate = checkText(w.dueDate, join(at, "dueDate"), 40);
  if (w.priority !== undefined)
    out.priority = checkInt(w.priority, join(at, "priority"), PRIORITY_MIN, PRIORITY_MAX);
  return out;
}
