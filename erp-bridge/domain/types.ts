/**
 * PDM and ERP records as the bridge stores and serves them. Times are simulation µs on the same axis as
 * the simulation's events; calendar dates are converted through the database's simulation epoch.
 */

export const ID_PATTERN = "^[A-Za-z0-9][A-Za-z0-9._-]*$";
export const ID_MAX = 64;
export const REVISION_MAX = 16;
export const QUANTITY_MAX = 1_000_000;
export const PRIORITY_MIN = 0;
export const PRIORITY_MAX = 1000;

export interface Product {
  partNumber: string;
  revision: string;
  description: string;
}

export interface BomLine {
  /** item position within the bill, 1.. */
  position: number;
  /** part number of the component */
  component: string;
  /** amount of the component per one parent, in `unit` */
  quantity: number;
  unit: string;
}

export type ProgramKind = "nc" | "robot";

export interface RoutingOperation {
  /** operation number, orders the routing (10, 20, 30…) */
  seq: number;
  name: string;
  /** the kind of station that can do it (exactly one of stationType / station) */
  stationType?: string | undefined;
  /** one specific station id from the scenario */
  station?: string | undefined;
  /** standard time per part, seconds */
  standardTimeS: number;
  /** the NC program or robot program the station runs */
  program?: { kind: ProgramKind; ref: string } | undefined;
}

export interface ProductDetail extends Product {
  bom: BomLine[];
  routing: RoutingOperation[];
}

export type WorkOrderStatus = "created" | "released" | "inProgress" | "completed" | "cancelled";

export const WORK_ORDER_STATUSES: readonly WorkOrderStatus[] = [
  "created",
  "released",
  "inProgress",
  "completed",
  "cancelled",
];

export interface WorkOrderInput {
  number: string;
  partNumber: string;
  /** the highest revision (text order) when omitted */
  revision?: string | undefined;
  quantity: number;
  /** ISO 8601 date-time */
  dueDate?: string | undefined;
  /** 0..1000, higher is more urgent */
  priority?: number | undefined;
}

export interface WorkOrderProgressView {
  /** parts the simulation has started for the order */
  released: number;
  completed: number;
  scrapped: number;
  /** ordered quantity not yet completed good */
  remaining: number;
  /** the simulation's own status of the order, null before it reported any */
  simStatus: string | null;
  /** simulation µs of the last progress report */
  updatedUs: number | null;
}

export interface WorkOrder {
  number: string;
  partNumber: string;
  revision: string;
  quantity: number;
  /** ISO 8601, null when none */
  dueDate: string | null;
  /** simulation µs, null when none */
  dueUs: number | null;
  priority: number;
  status: WorkOrderStatus;
  /** simulation µs of each lifecycle step, null when not (yet) reached */
  createdUs: number;
  releasedUs: number | null;
  dispatchedUs: number | null;
  completedUs: number | null;
  cancelledUs: number | null;
  /** why the last attempt to hand the order to the simulation failed */
  dispatchError: string | null;
  progress: WorkOrderProgressView;
}
