/** The JSON messages besides frames: status with KPIs, the connect snapshot, and discrete events. */

/** Live KPIs since the start of the run (ISO 22400 definitions, as in `twin run`). */
export interface KpiSnapshot {
  /** simulation time, µs */
  tUs: number;
  goodParts: number;
  scrappedParts: number;
  /** parts in the system now */
  wip: number;
  /** good parts per hour over the last simulated hour (since the start when shorter) */
  throughputPerHour: number;
  /** line OEE so far: good parts × ideal cycle of the slowest station / planned production time */
  lineOee: number;
  /** mean lead time of good parts so far, s (null before the first) */
  leadTimeMeanS: number | null;
  stations: StationKpi[];
}

export interface StationKpi {
  id: string;
  availability: number;
  performance: number;
  quality: number;
  oee: number;
  good: number;
  scrap: number;
  /** fraction of the elapsed time busy */
  busyShare: number;
}

/** One point of the dashboard's charts. */
export interface KpiPoint {
  /** simulation time, µs */
  tUs: number;
  throughputPerHour: number;
  lineOee: number;
  wip: number;
}

/** What the inspector shows of an entity, besides its state code in the frame. */
export interface EntityDetail {
  id: string;
  /** what it is doing in words, e.g. "processing flange-80" */
  task: string;
  part: string | null;
  product: string | null;
  /** NC or robot program when known */
  program: string | null;
  /** 0…1 of the current timed phase, null when none */
  progress: number | null;
  /** the operator or robot attending, or the station a member serves */
  with: string | null;
  /** active alarm id */
  alarm: string | null;
  /** parts held (buffers, conveyors, sinks) */
  count: number | null;
}

export interface StatusMessage {
  v: number;
  r: string;
  /** simulation time, µs */
  tUs: number;
  speed: number;
  paused: boolean;
  kpi: KpiSnapshot;
  details: EntityDetail[];
  /** ERP side: orders waiting to be dispatched, orders in the simulation, and whether the demo feeder runs */
  erp: { queued: number; active: number; feeder: boolean };
  /** one chart point per status message */
  point: KpiPoint;
}

export interface AlarmView {
  id: string;
  entity: string;
  code: string;
  /** OPC UA severity 1…1000 */
  severity: number;
  message: string;
  active: boolean;
  acked: boolean;
  /** simulation µs */
  raisedUs: number;
}

export interface WorkOrderView {
  id: string;
  product: string;
  quantity: number;
  released: number;
  completed: number;
  scrapped: number;
  status: "released" | "inProgress" | "completed" | "cancelled";
  /** simulation µs, null when none */
  dueUs: number | null;
}

/** Sent right after the layout: the state of the lists a viewer shows, and the chart history. */
export interface Snapshot {
  v: number;
  r: string;
  alarms: AlarmView[];
  orders: WorkOrderView[];
  history: KpiPoint[];
}

export type TwinEvent =
  | { type: "alarmRaised"; alarm: AlarmView }
  | { type: "alarmCleared"; id: string; tUs: number }
  | { type: "alarmAcknowledged"; id: string; tUs: number; comment?: string | undefined }
  | { type: "workOrder"; order: WorkOrderView }
  | { type: "commandApplied"; tUs: number; command: string; detail: string }
  /** the twin is about to restart (scenario switch): a new layout follows */
  | { type: "restarting"; file: string };

export interface EventsMessage {
  v: number;
  r: string;
  events: TwinEvent[];
}
