import type { Command, CommandResult, WorkOrderSpec } from "../sim/commands";
import type { Db } from "./db/open";
import { stmt } from "./db/stmt";
import { readEpochMs, wallClockSimUs } from "./domain/epoch";
import type { WorkOrder } from "./domain/types";
import { rowToWorkOrder } from "./domain/work-orders";

/**
 * Which released order goes into the simulation next:
 * - `fifo`: first released, first dispatched;
 * - `edd`: earliest due date first (orders without one last);
 * - `priority`: highest priority first, then earliest due date.
 * Ties fall back to release order, then creation order, so the choice is deterministic.
 */
export type DispatchRule = "fifo" | "edd" | "priority";

export const DISPATCH_RULES: readonly DispatchRule[] = ["fifo", "edd", "priority"];

const ORDER_BY: Record<DispatchRule, string> = {
  fifo: "w.released_us, w.created_seq",
  edd: "w.due_us IS NULL, w.due_us, w.released_us, w.created_seq",
  priority: "w.priority DESC, w.due_us IS NULL, w.due_us, w.released_us, w.created_seq",
};

export interface DispatcherOptions {
  /** hands a command to the simulation (`sim.submit`) */
  submit: (cmd: Command) => CommandResult;
  rule?: DispatchRule;
  /**
   * orders in the simulation at once (dispatched, not yet completed or cancelled); 1 by default, so
   * the rule, not the source's queue, decides the sequence
   */
  maxActive?: number;
  /** the work-order-driven source to feed; the simulation's first one when omitted */
  source?: string;
  /** current simulation time, µs (stamps `dispatchedUs`) */
  now?: () => number;
  /** the simulation's product id for an ERP part number (see `scenarioProductResolver`); identity by default */
  simProduct?: (partNumber: string, revision: string) => string;
}

export interface DispatchReport {
  dispatched: string[];
  rejected: { number: string; code: string; reason: string }[];
}

/**
 * Releases ERP work into the simulation's sources. Call `dispatch()` after releasing orders and after
 * each drain of simulation events (a completed order frees a slot). State lives in the database, so
 * several dispatchers over one database agree.
 */
export class Dispatcher {
  rule: DispatchRule;
  maxActive: number;
  private readonly db: Db;
  private readonly submit: (cmd: Command) => CommandResult;
  private readonly source: string | undefined;
  private readonly now: () => number;
  private readonly simProduct: (partNumber: string, revision: string) => string;

  constructor(db: Db, options: DispatcherOptions) {
    this.db = db;
    this.submit = options.submit;
    this.rule = options.rule ?? "fifo";
    this.maxActive = options.maxActive ?? 1;
    this.source = options.source;
    this.now = options.now ?? wallClockSimUs(readEpochMs(db));
    this.simProduct = options.simProduct ?? ((partNumber) => partNumber);
  }

  /** Released orders not yet in the simulation, in the order the rule would dispatch them. */
  queue(): WorkOrder[] {
    const epochMs = readEpochMs(this.db);
    const rows = stmt(
      this.db,
      `SELECT w.*, p.released AS p_released, p.completed AS p_completed, p.scrapped AS p_scrapped,
           p.sim_status, p.updated_us
         FROM work_orders w LEFT JOIN work_order_progress p ON p.work_order = w.number
         WHERE w.status = 'released' AND w.dispatched_us IS NULL ORDER BY ${ORDER_BY[this.rule]}`,
    ).all() as Parameters<typeof rowToWorkOrder>[0][];
    return rows.map((r) => rowToWorkOrder(r, epochMs));
  }

  /** orders in the simulation that are not final */
  activeCount(): number {
    const row = stmt(
      this.db,
      "SELECT COUNT(*) AS n FROM work_orders WHERE dispatched_us IS NOT NULL AND status IN ('released', 'inProgress')",
    ).get() as { n: number };
    return row.n;
  }

  /**
   * Submits queued orders while there is room. A rejected order stays queued with its reason in
   * `dispatchError`, and the next one is tried.
   */
  dispatch(): DispatchReport {
    const report: DispatchReport = { dispatched: [], rejected: [] };
    let room = this.maxActive - this.activeCount();
    if (room <= 0) return report;
    const mark = stmt(
      this.db,
      "UPDATE work_orders SET dispatched_us = ?, dispatch_error = NULL WHERE number = ?",
    );
    const fail = stmt(this.db, "UPDATE work_orders SET dispatch_error = ? WHERE number = ?");
    for (const wo of this.queue()) {
      if (room <= 0) break;
      const product = this.simProduct(wo.partNumber, wo.revision);
      const order: WorkOrderSpec = { id: wo.number, product, quantity: wo.quantity };
      if (wo.dueUs !== null) order.dueUs = wo.dueUs;
      order.priority = wo.priority;
      const cmd: Command = { type: "releaseWorkOrder", order };
      if (this.source !== undefined) cmd.source = this.source;
      const res = this.submit(cmd);
      if (res.ok) {
        mark.run(this.now(), wo.number);
        report.dispatched.push(wo.number);
        room--;
      } else {
        fail.run(`${res.code}: ${res.reason}`, wo.number);
        report.rejected.push({ number: wo.number, code: res.code, reason: res.reason });
      }
    }
    return report;
  }
}
