import { XMLParser, XMLValidator } from "fast-xml-parser";
import type { BomLine, Product, RoutingOperation, WorkOrderInput } from "../domain/types";
import { importError } from "../errors";

/**
 * ISA-95 B2MML (MESA, V0600 and later) into bridge records. Pure: the caller reads the file.
 *
 * Product definitions (`ProductDefinition`, alone, in `ProductInformation`, or in a Sync/Process/Show
 * message's `DataArea`):
 *   ID → partNumber, Version → revision, Description → description;
 *   ProductSegment → routing operation: ID (an integer, else 10, 20, … by position) → seq, Description →
 *   name, Duration (xs:duration, e.g. PT1M30S) → standardTimeS, EquipmentSpecification/EquipmentClassID →
 *   stationType or EquipmentID → station, Parameter ID NCProgram / RobotProgram → program;
 *   ManufacturingBill → BOM line: MaterialDefinitionID → component, Quantity/QuantityString and
 *   UnitOfMeasure → quantity and unit.
 * Work orders (`OperationsSchedule` / `ProductionSchedule`, same wrappers):
 *   OperationsRequest or ProductionRequest: ID → number, EndTime → dueDate, Priority → priority; the
 *   MaterialRequirement with MaterialUse Produced → partNumber (MaterialDefinitionID), quantity, and a
 *   MaterialRequirementProperty ID Revision → revision.
 * Errors name the XML path (`file:/ProductDefinition[1]/ProductSegment[2]/Duration`), or line:col when
 * the XML itself is malformed.
 */

export interface B2mmlProductDefinition {
  where: string;
  product: Product;
  routing: { where: string; operation: RoutingOperation }[];
  bom: { where: string; line: BomLine }[];
}

export type B2mmlDocument =
  | { kind: "products"; root: string; definitions: B2mmlProductDefinition[] }
  | { kind: "work-orders"; root: string; orders: { where: string; order: WorkOrderInput }[] };

type Node = Record<string, unknown>;

const REPEATED = new Set([
  "ProductDefinition",
  "ProductSegment",
  "ManufacturingBill",
  "EquipmentSpecification",
  "Parameter",
  "OperationsRequest",
  "ProductionRequest",
  "SegmentRequirement",
  "MaterialRequirement",
  "MaterialRequirementProperty",
  "MaterialProducedRequirement",
  "Description",
  "Quantity",
]);

const parser = new XMLParser({
  ignoreAttributes: false,
  removeNSPrefix: true,
  parseTagValue: false,
  trimValues: true,
  isArray: (name) => REPEATED.has(name),
});

/** Text of an element that may carry attributes (`<ID schemeID="…">X</ID>`) or repeat. */
function text(v: unknown): string | undefined {
  if (Array.isArray(v)) return text(v[0]);
  if (typeof v === "string") return v.trim() === "" ? undefined : v.trim();
  if (typeof v === "number") return String(v);
  if (v !== null && typeof v === "object") return text((v as Node)["#text"]);
  return undefined;
}

function list(v: unknown): Node[] {
  if (v === undefined || v === null) return [];
  return (Array.isArray(v) ? v : [v]).filter((x): x is Node => x !== null && typeof x === "object");
}

/** xs:duration → seconds (years and months are refused: their length is not fixed). */
export function parseDurationS(s: string): number | undefined {
  const m =
    /^P(?:(\d+(?:\.\d+)?)D)?(?:T(?:(\d+(?:\.\d+)?)H)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)S)?)?$/.exec(s);
  if (m === null || s === "P" || s.endsWith("T")) return undefined;
  const [, d, h, min, sec] = m;
  return Number(d ?? 0) * 86400 + Number(h ?? 0) * 3600 + Number(min ?? 0) * 60 + Number(sec ?? 0);
}

class Reader {
  constructor(private readonly fileName: string) {}

  at(path: string): string {
    return `${this.fileName}:${path}`;
  }

  need(node: Node, name: string, path: string): string {
    const v = text(node[name]);
    if (v === undefined) throw importError(this.at(`${path}/${name}`), `${name} is required`);
    return v;
  }

  number(node: Node, name: string, path: string): number | undefined {
    const v = text(node[name]);
    if (v === undefined) return undefined;
    const x = Number(v);
    if (!Number.isFinite(x) || v === "")
      throw importError(this.at(`${path}/${name}`), `${name} must be a number, found "${v}"`);
    return x;
  }

  requiredNumber(node: Node, name: string, path: string): number {
    const x = this.number(node, name, path);
    if (x === undefined) throw importError(this.at(`${path}/${name}`), `${name} is required`);
    return x;
  }
}

/** The element holding the payload: the document root, or its DataArea in a Sync/Process/Show message. */
function payload(doc: Node): { root: string; body: Node } {
  const roots = Object.keys(doc).filter((k) => !k.startsWith("?"));
  const root = roots[0];
  if (root === undefined) throw new Error("unreachable: validated XML has a root");
  const top = list(doc[root])[0] ?? {};
  const data = list(top.DataArea)[0];
  return { root, body: data ?? { [root]: doc[root] } };
}

export function parseB2mml(xml: string, fileName: string): B2mmlDocument {
  const valid = XMLValidator.validate(xml);
  if (valid !== true) throw importError(`${fileName}:${valid.err.line}:${valid.err.col}`, valid.err.msg);
  const doc = parser.parse(xml) as Node;
  const { root, body } = payload(doc);
  const r = new Reader(fileName);
  const info = list(body.ProductInformation)[0];
  const defs = list(body.ProductDefinition).concat(info === undefined ? [] : list(info.ProductDefinition));
  if (defs.length > 0) {
    const base = info === undefined ? "" : "/ProductInformation";
    return {
      kind: "products",
      root,
      definitions: defs.map((d, i) => productDefinition(r, d, `${base}/ProductDefinition[${i + 1}]`)),
    };
  }
  const schedule = list(body.OperationsSchedule)[0] ?? list(body.ProductionSchedule)[0];
  if (schedule !== undefined) {
    const sName = body.OperationsSchedule !== undefined ? "OperationsSchedule" : "ProductionSchedule";
    const requests = list(schedule.OperationsRequest).map((n, i) => ({
      n,
      path: `/${sName}/OperationsRequest[${i + 1}]`,
    }));
    const older = list(schedule.ProductionRequest).map((n, i) => ({
      n,
      path: `/${sName}/ProductionRequest[${i + 1}]`,
    }));
    const all = requests.concat(older);
    if (all.length === 0) throw importError(r.at(`/${sName}`), "the schedule holds no OperationsRequest");
    return {
      kind: "work-orders",
      root,
      orders: all.map(({ n, path }) => ({ where: r.at(path), order: workOrder(r, n, path) })),
    };
  }
  throw importError(
    r.at(`/${root}`),
    `expected a B2MML ProductDefinition, ProductInformation, OperationsSchedule or ProductionSchedule, found ${root}`,
  );
}

function productDefinition(r: Reader, d: Node, path: string): B2mmlProductDefinition {
  const product: Product = {
    partNumber: r.need(d, "ID", path),
    revision: r.need(d, "Version", path),
    description: text(d.Description) ?? "",
  };
  const routing = list(d.ProductSegment).map((s, i) => {
    const p = `${path}/ProductSegment[${i + 1}]`;
    const id = r.need(s, "ID", p);
    const seq = /^\d+$/.test(id) ? Number(id) : (i + 1) * 10;
    const durText = r.need(s, "Duration", p);
    const standardTimeS = parseDurationS(durText);
    if (standardTimeS === undefined) {
      throw importError(
        r.at(`${p}/Duration`),
        `Duration must be an xs:duration like PT1M30S, found "${durText}"`,
      );
    }
    const op: RoutingOperation = {
      seq,
      name: text(s.Description) ?? text(s.ProcessSegmentID) ?? id,
      standardTimeS,
    };
    const eq = list(s.EquipmentSpecification)[0];
    const cls = eq === undefined ? undefined : text(eq.EquipmentClassID);
    const one = eq === undefined ? undefined : text(eq.EquipmentID);
    if (cls !== undefined) op.stationType = cls;
    else if (one !== undefined) op.station = one;
    else
      throw importError(
        r.at(`${p}/EquipmentSpecification`),
        "an EquipmentClassID or EquipmentID is required",
      );
    for (const param of list(s.Parameter)) {
      const pid = text(param.ID);
      const value = text(list(param.Value)[0]?.ValueString ?? param.Value);
      if (pid === "NCProgram" && value !== undefined) op.program = { kind: "nc", ref: value };
      if (pid === "RobotProgram" && value !== undefined) op.program = { kind: "robot", ref: value };
    }
    return { where: r.at(p), operation: op };
  });
  const bom = list(d.ManufacturingBill).map((b, i) => {
    const p = `${path}/ManufacturingBill[${i + 1}]`;
    const q = list(b.Quantity)[0];
    if (q === undefined) throw importError(r.at(`${p}/Quantity`), "Quantity is required");
    const id = text(b.ID);
    return {
      where: r.at(p),
      line: {
        position: id !== undefined && /^\d+$/.test(id) ? Number(id) : i + 1,
        component: r.need(b, "MaterialDefinitionID", p),
        quantity: r.requiredNumber(q, "QuantityString", `${p}/Quantity`),
        unit: text(q.UnitOfMeasure) ?? "ea",
      },
    };
  });
  return { where: r.at(path), product, routing, bom };
}

function workOrder(r: Reader, n: Node, path: string): WorkOrderInput {
  const number = r.need(n, "ID", path);
  let produced: { node: Node; path: string } | undefined;
  list(n.SegmentRequirement).forEach((seg, si) => {
    const reqs = list(seg.MaterialRequirement).concat(list(seg.MaterialProducedRequirement));
    reqs.forEach((m, mi) => {
      const use = text(m.MaterialUse);
      const isProduced =
        use === "Produced" || (use === undefined && seg.MaterialProducedRequirement !== undefined);
      if (isProduced && produced === undefined) {
        produced = { node: m, path: `${path}/SegmentRequirement[${si + 1}]/MaterialRequirement[${mi + 1}]` };
      }
    });
  });
  if (produced === undefined) {
    throw importError(
      r.at(`${path}/SegmentRequirement`),
      "no MaterialRequirement with MaterialUse Produced names the product",
    );
  }
  const m = produced.node;
  const q = list(m.Quantity)[0];
  if (q === undefined) throw importError(r.at(`${produced.path}/Quantity`), "Quantity is required");
  const order: WorkOrderInput = {
    number,
    partNumber: r.need(m, "MaterialDefinitionID", produced.path),
    quantity: r.requiredNumber(q, "QuantityString", `${produced.path}/Quantity`),
  };
  const rev = list(m.MaterialRequirementProperty).find((p) => text(p.ID) === "Revision");
  const revText = rev === undefined ? undefined : text(list(rev.Value)[0]?.ValueString ?? rev.Value);
  if (revText !== undefined) order.revision = revText;
  const due = text(n.EndTime);
  if (due !== undefined) order.dueDate = due;
  const priority = r.number(n, "Priority", path);
  if (priority !== undefined) order.priority = priority;
  return order;
}
