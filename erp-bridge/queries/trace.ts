import type { Db } from "../db/open";
import { stmt } from "../db/stmt";
import { simUsToIso } from "../domain/epoch";
import { apiError } from "../errors";

/** One operation a part went through, with everything that touched it. Times: simulation µs. */
export interface TraceOperation {
  station: string;
  product: string;
  startedUs: number | null;
  completedUs: number | null;
  startedAt: string | null;
  completedAt: string | null;
  /** processing time, µs */
  processUs: number | null;
  result: string | null;
  operator: string | null;
  robot: string | null;
  tool: string | null;
  program: string | null;
}

export interface TraceEvent {
  seq: number;
  tUs: number;
  type: string;
  entity: string | null;
  payload: unknown;
}

/** A part's genealogy: where it came from, where it went, who and what worked on it. */
export interface PartTrace {
  serial: string;
  product: string;
  workOrder: string | null;
  source: string | null;
  createdUs: number | null;
  finishedUs: number | null;
  /** "completed", "scrapped" or null while in the system */
  outcome: string | null;
  sink: string | null;
  scrappedAt: string | null;
  /** creation to leaving the system, µs */
  leadTimeUs: number | null;
  operations: TraceOperation[];
  /** distinct resources that touched the part, in first-touch order */
  touchedBy: {
    stations: string[];
    operators: string[];
    robots: string[];
    tools: string[];
    programs: string[];
  };
  /** every logged event about the part, in log order */
  events: TraceEvent[];
}

interface OpRow {
  station: string;
  product: string;
  started_us: number | null;
  completed_us: number | null;
  process_us: number | null;
  result: string | null;
  operator: string | null;
  robot: string | null;
  tool: string | null;
  program: string | null;
}

function distinct(values: readonly (string | null)[]): string[] {
  const out: string[] = [];
  for (const v of values) if (v !== null && !out.includes(v)) out.push(v);
  return out;
}

export function tracePart(db: Db, serial: string, epochMs: number): PartTrace {
  const part = stmt(db, "SELECT * FROM parts WHERE serial = ?").get(serial) as
    | {
        product: string;
        work_order: string | null;
        source: string | null;
        created_us: number | null;
        finished_us: number | null;
        outcome: string | null;
        sink: string | null;
        scrapped_at: string | null;
        lead_time_us: number | null;
      }
    | undefined;
  if (part === undefined) throw apiError("API_ERR_PART_NOT_FOUND", [serial]);
  const rows = stmt(
    db,
    `SELECT station, product, started_us, completed_us, process_us, result, operator, robot, tool, program
       FROM part_operations WHERE part = ? ORDER BY COALESCE(start_seq, end_seq), id`,
  ).all(serial) as OpRow[];
  const iso = (us: number | null) => (us === null ? null : simUsToIso(us, epochMs));
  const operations = rows.map((r) => ({
    station: r.station,
    product: r.product,
    startedUs: r.started_us,
    completedUs: r.completed_us,
    startedAt: iso(r.started_us),
    completedAt: iso(r.completed_us),
    processUs: r.process_us,
    result: r.result,
    operator: r.operator,
    robot: r.robot,
    tool: r.tool,
    program: r.program,
  }));
  const events = (
    stmt(db, "SELECT seq, t_us, type, entity, payload FROM events WHERE part = ? ORDER BY seq").all(
      serial,
    ) as {
      seq: number;
      t_us: number;
      type: string;
      entity: string | null;
      payload: string;
    }[]
  ).map((e) => ({ seq: e.seq, tUs: e.t_us, type: e.type, entity: e.entity, payload: JSON.parse(e.payload) }));
  return {
    serial,
    product: part.product,
    workOrder: part.work_order,
    source: part.source,
    createdUs: part.created_us,
    finishedUs: part.finished_us,
    outcome: part.outcome,
    sink: part.sink,
    scrappedAt: part.scrapped_at,
    leadTimeUs: part.lead_time_us,
    operations,
    touchedBy: {
      stations: distinct(rows.map((r) => r.station)),
      operators: distinct(rows.map((r) => r.operator)),
      robots: distinct(rows.map((r) => r.robot)),
      tools: distinct(rows.map((r) => r.tool)),
      programs: distinct(rows.map((r) => r.program)),
    },
    events,
  };
}

/** Serials of a work order's parts, in creation order. */
export function partsOfWorkOrder(db: Db, workOrder: string): string[] {
  return (
    stmt(db, "SELECT serial FROM parts WHERE work_order = ? ORDER BY created_seq").all(workOrder) as {
      serial: string;
    }[]
  ).map((r) => r.serial);
}

/** A page of the event log after `afterSeq`, oldest first. */
export function readEvents(
  db: Db,
  options: { afterSeq?: number; limit?: number; type?: string | undefined } = {},
): TraceEvent[] {
  const after = options.afterSeq ?? 0;
  const limit = Math.min(Math.max(1, options.limit ?? 100), 10_000);
  const rows = (
    options.type === undefined
      ? stmt(db, "SELECT * FROM events WHERE seq > ? ORDER BY seq LIMIT ?").all(after, limit)
      : stmt(db, "SELECT * FROM events WHERE seq > ? AND type = ? ORDER BY seq LIMIT ?").all(
          after,
          options.type,
          limit,
        )
  ) as { seq: number; t_us: number; type: string; entity: string | null; payload: string }[];
  return rows.map((e) => ({
    seq: e.seq,
    tUs: e.t_us,
    type: e.type,
    entity: e.entity,
    payload: JSON.parse(e.payload),
  }));
}
