import type { Db } from "../db/open";
import { stmt } from "../db/stmt";
import type { WorkOrderStatus } from "../domain/types";
import { getWorkOrder } from "../domain/work-orders";

/** Key figures of one work order. All durations and times are simulation µs. */
export interface WorkOrderKpi {
  number: string;
  status: WorkOrderStatus;
  quantity: number;
  completed: number;
  scrapped: number;
  /** scrapped / (completed + scrapped), null before any part left */
  scrapRate: number | null;
  releasedUs: number | null;
  firstPartUs: number | null;
  /** when the order completed, null before */
  completedUs: number | null;
  /** release to completion */
  leadTimeUs: number | null;
  /** first part created to completion */
  flowTimeUs: number | null;
  /** mean creation-to-exit time of the order's good parts */
  meanPartLeadTimeUs: number | null;
  dueUs: number | null;
  /** completion minus due date: negative is early, positive late; null without both */
  latenessUs: number | null;
  /** max(0, lateness) */
  tardinessUs: number | null;
  onTime: boolean | null;
  /** not final and past its due date at `nowUs` */
  overdue: boolean;
}

export function workOrderKpi(db: Db, number: string, nowUs: number, epochMs: number): WorkOrderKpi {
  const wo = getWorkOrder(db, number, epochMs);
  const parts = stmt(
    db,
    `SELECT MIN(created_us) AS first_us,
         SUM(outcome = 'completed') AS good, SUM(outcome = 'scrapped') AS bad,
         AVG(CASE WHEN outcome = 'completed' THEN lead_time_us END) AS mean_lead
       FROM parts WHERE work_order = ?`,
  ).get(number) as {
    first_us: number | null;
    good: number | null;
    bad: number | null;
    mean_lead: number | null;
  };
  // the simulation's own counts win; the part table covers a run that never reported progress
  const reported = wo.progress.simStatus !== null;
  const completed = reported ? wo.progress.completed : (parts.good ?? 0);
  const scrapped = reported ? wo.progress.scrapped : (parts.bad ?? 0);
  const finished = completed + scrapped;
  const done = wo.completedUs;
  const lateness = done !== null && wo.dueUs !== null ? done - wo.dueUs : null;
  const final = wo.status === "completed" || wo.status === "cancelled";
  return {
    number,
    status: wo.status,
    quantity: wo.quantity,
    completed,
    scrapped,
    scrapRate: finished === 0 ? null : scrapped / finished,
    releasedUs: wo.releasedUs,
    firstPartUs: parts.first_us,
    completedUs: done,
    leadTimeUs: done !== null && wo.releasedUs !== null ? done - wo.releasedUs : null,
    flowTimeUs: done !== null && parts.first_us !== null ? done - parts.first_us : null,
    meanPartLeadTimeUs: parts.mean_lead === null ? null : Math.round(parts.mean_lead),
    dueUs: wo.dueUs,
    latenessUs: lateness,
    tardinessUs: lateness === null ? null : Math.max(0, lateness),
    onTime: lateness === null ? null : lateness <= 0,
    overdue: !final && wo.dueUs !== null && nowUs > wo.dueUs,
  };
}
