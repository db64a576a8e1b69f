import type { Command, CommandResult } from "../../sim/commands";
import type { Db } from "../db/open";
import { stmt } from "../db/stmt";
import { apiError, validationError } from "../errors";
import { isoToSimUs, simUsToIso } from "./epoch";
import { canTransition, VERB } from "./lifecycle";
import type { WorkOrder, WorkOrderInput, WorkOrderStatus } from "./types";
import { checkWorkOrderInput } from "./validate";

/** What every work-order function needs besides the database: the current simulation time and the epoch. */
export interface Clock {
  /** current simulation time, µs */
  nowUs: number;
  /** calendar ms of simulation time 0 */
  epochMs: number;
}

interface WorkOrderRow {
  number: string;
  part_number: string;
  revision: string;
  quantity: number;
  due_us: number | null;
  priority: number;
  status: WorkOrderStatus;
  created_us: number;
  released_us: number | null;
  dispatched_us: number | null;
  completed_us: number | null;
  cancelled_us: number | null;
  dispatch_error: string | null;
  p_released: number | null;
  p_completed: number | null;
  p_scrapped: number | null;
  sim_status: string | null;
  updated_us: number | null;
}

const SELECT = `SELECT w.*, p.released AS p_released, p.completed AS p_completed, p.scrapped AS p_scrapped,
  p.sim_status, p.updated_us
  FROM work_orders w LEFT JOIN work_order_progress p ON p.work_order = w.number`;

export function rowToWorkOrder(r: WorkOrderRow, epochMs: number): WorkOrder {
  const completed = r.p_completed ?? 0;
  return {
    number: r.number,
    partNumber: r.part_number,
    revision: r.revision,
    quantity: r.quantity,
    dueDate: r.due_us === null ? null : simUsToIso(r.due_us, epochMs),
    dueUs: r.due_us,
    priority: r.priority,
    status: r.status,
    createdUs: r.created_us,
    releasedUs: r.released_us,
    dispatchedUs: r.dispatched_us,
    completedUs: r.completed_us,
    cancelledUs: r.cancelled_us,
    dispatchError: r.dispatch_error,
    progress: {
      released: r.p_released ?? 0,
      completed,
      scrapped: r.p_scrapped ?? 0,
      remaining: Math.max(0, r.quantity - completed),
      simStatus: r.sim_status,
      updatedUs: r.updated_us,
    },
  };
}

export function findWorkOrder(db: Db, number: string, epochMs: number): WorkOrder | undefined {
  const row = stmt(db, `${SELECT} WHERE w.number = ?`).get(number) as WorkOrderRow | undefined;
  return row === undefined ? undefined : rowToWorkOrder(row, epochMs);
}

export function getWorkOrder(db: Db, number: string, epochMs: number): WorkOrder {
  const wo = findWorkOrder(db, number, epochMs);
  if (wo === undefined) throw apiError("API_ERR_WORK_ORDER_NOT_FOUND", [number]);
  return wo;
}

export function listWorkOrders(
  db: Db,
  epochMs: number,
  filter: { status?: WorkOrderStatus | undefined } = {},
) {
  const rows =
    filter.status === undefined
      ? stmt(db, `${SELECT} ORDER BY w.created_seq`).all()
      : stmt(db, `${SELECT} WHERE w.status = ? ORDER BY w.created_seq`).all(filter.status);
  return (rows as WorkOrderRow[]).map((r) => rowToWorkOrder(r, epochMs));
}

interface Resolved {
  number: string;
  partNumber: string;
  revision: string;
  quantity: number;
  dueUs: number | null;
  priority: number;
}

/** Validates an order and resolves its revision and due date against the database. */
function resolve(db: Db, input: WorkOrderInput, epochMs: number): Resolved {
  const w = checkWorkOrderInput(input);
  let revision = w.revision;
  if (revision === undefined) {
    const row = stmt(
      db,
      "SELECT revision FROM products WHERE part_number = ? ORDER BY revision DESC LIMIT 1",
    ).get(w.partNumber) as { revision: string } | undefined;
    if (row === undefined) throw validationError("partNumber", `no product ${w.partNumber} exists`);
    revision = row.revision;
  } else if (
    stmt(db, "SELECT 1 FROM products WHERE part_number = ? AND revision = ?").get(w.partNumber, revision) ===
    undefined
  ) {
    throw validationError("revision", `no product ${w.partNumber} revision ${revision} exists`);
  }
  let dueUs: number | null = null;
  if (w.dueDate !== undefined) {
    const us = isoToSimUs(w.dueDate, epochMs);
    if (us === undefined) {
      throw validationError(
        "dueDate",
        "must be an ISO 8601 date or date-time with zone, e.g. 2025-01-06T14:00:00Z",
      );
    }
    dueUs = us;
  }
  return {
    number: w.number,
    partNumber: w.partNumber,
    revision,
    quantity: w.quantity,
    dueUs,
    priority: w.priority ?? 0,
  };
}

export function createWorkOrder(db: Db, input: WorkOrderInput, clock: Clock): WorkOrder {
  const w = resolve(db, input, clock.epochMs);
  if (stmt(db, "SELECT 1 FROM work_orders WHERE number = ?").get(w.number) !== undefined) {
    throw apiError("API_ERR_WORK_ORDER_EXISTS", [w.number]);
  }
  stmt(
    db,
    `INSERT INTO work_orders (number, part_number, revision, quantity, due_us, priority, created_seq, created_us)
     VALUES (?, ?, ?, ?, ?, ?, (SELECT COALESCE(MAX(created_seq), 0) + 1 FROM work_orders), ?)`,
  ).run(w.number, w.partNumber, w.revision, w.quantity, w.dueUs, w.priority, clock.nowUs);
  return getWorkOrder(db, w.number, clock.epochMs);
}

/**
 * For imports: creates the order, or updates it while it is still `created`. An order that has moved on
 * and differs from the import is a conflict (the plan changed under a running order).
 */
export function upsertWorkOrder(
  db: Db,
  input: WorkOrderInput,
  clock: Clock,
): "created" | "updated" | "unchanged" {
  const w = resolve(db, input, clock.epochMs);
  const old = stmt(db, "SELECT * FROM work_orders WHERE number = ?").get(w.number) as
    | WorkOrderRow
    | undefined;
  if (old === undefined) {
    createWorkOrder(db, input, clock);
    return "created";
  }
  const same =
    old.part_number === w.partNumber &&
    old.revision === w.revision &&
    old.quantity === w.quantity &&
    old.due_us === w.dueUs &&
    old.priority === w.priority;
  if (same) return "unchanged";
  if (old.status !== "created") {
    throw apiError("API_ERR_IMPORT_CONFLICT", [
      w.number,
      `work order is ${old.status} and differs from the import`,
    ]);
  }
  stmt(
    db,
    "UPDATE work_orders SET part_number = ?, revision = ?, quantity = ?, due_us = ?, priority = ? WHERE number = ?",
  ).run(w.partNumber, w.revision, w.quantity, w.dueUs, w.priority, w.number);
  return "updated";
}

function transition(db: Db, number: string, to: WorkOrderStatus, clock: Clock): WorkOrder {
  const wo = getWorkOrder(db, number, clock.epochMs);
  if (!canTransition(wo.status, to)) {
    throw apiError("API_ERR_INVALID_TRANSITION", [number, wo.status, VERB[to]], {
      reason: `status is ${wo.status}`,
    });
  }
  const column = to === "released" ? "released_us" : to === "cancelled" ? "cancelled_us" : "completed_us";
  stmt(db, `UPDATE work_orders SET status = ?, ${column} = ? WHERE number = ?`).run(to, clock.nowUs, number);
  return getWorkOrder(db, number, clock.epochMs);
}

/** created → released: the order is free to be dispatched into the simulation. */
export function releaseWorkOrder(db: Db, number: string, clock: Clock): WorkOrder {
  return transition(db, number, "released", clock);
}

/**
 * Cancels an order that is not final. When it was already handed to the simulation and `submit` is
 * given, the simulation is told first; if it refuses, nothing changes here (409).
 */
export function cancelWorkOrder(
  db: Db,
  number: string,
  clock: Clock,
  submit?: (cmd: Command) => CommandResult,
): WorkOrder {
  const wo = getWorkOrder(db, number, clock.epochMs);
  if (!canTransition(wo.status, "cancelled")) {
    throw apiError("API_ERR_INVALID_TRANSITION", [number, wo.status, "cancelled"], {
      reason: `status is ${wo.status}`,
    });
  }
  if (wo.dispatchedUs !== null && submit !== undefined) {
    const res = submit({ type: "cancelWorkOrder", id: number });
    if (!res.ok) throw apiError("API_ERR_SIM_REJECTED", [`cancelWorkOrder ${number}`, res.reason, res.code]);
  }
  return transition(db, number, "cancelled", clock);
}
