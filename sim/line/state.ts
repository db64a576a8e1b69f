import type { ResourceState } from "../events";

/** Everything that changes while a line runs, as plain data: `structuredClone` snapshots it. */

export interface PartState {
  serial: string;
  product: string;
  /** µs */
  createdT: number;
  workOrder: string | null;
  reworks: number;
}

export interface OrderState {
  id: string;
  product: string;
  quantity: number;
  dueUs: number | null;
  priority: number;
  released: number;
  completed: number;
  scrapped: number;
  status: "released" | "inProgress" | "completed" | "cancelled";
  /** order of arrival, for FIFO and stable ties */
  seq: number;
}

export interface SourceState {
  id: string;
  produced: number;
  /** a created part waiting for room downstream */
  held: string | null;
  stopped: boolean;
  /** queue of work orders (work-order-driven sources) */
  orders: string[];
  state: ResourceState;
}

export interface BufferState {
  id: string;
  queue: string[];
}

export interface ConveyorItem {
  part: string;
  /** free-travel position, m, at time t0 */
  pos0: number;
  /** µs */
  t0: number;
}

export interface ConveyorState {
  id: string;
  /** m/s */
  speed: number;
  /** head first */
  items: ConveyorItem[];
  /** head is at the end and cannot leave */
  blocked: boolean;
  /** parts that have left the belt at its end */
  delivered: number;
  /** alarm of an injected fault, while down */
  alarm: string | null;
  /** invalidates a scheduled head arrival after a speed change */
  gen: number;
  stopped: boolean;
  down: boolean;
  state: ResourceState;
}

export type StationPhase =
  | "idle"
  | "acquiring"
  | "loading"
  | "setup"
  /** loaded and set up, waiting to start processing (a worn CNC tool is being replaced) */
  | "loaded"
  | "processing"
  | "unloadWait"
  | "unloading"
  | "done";

export interface StationState {
  id: string;
  phase: StationPhase;
  part: string | null;
  lastProduct: string | null;
  /** µs of setup or processing left (valid while paused by a failure) */
  remainingUs: number;
  /** µs the current timed phase (re)started */
  phaseStartT: number;
  /** the setup or processing timer is paused (station down) */
  timerPaused: boolean;
  /** operating time until the next failure, µs (Infinity without failures) */
  ttfUs: number;
  /** bumps whenever a scheduled completion becomes stale */
  gen: number;
  /** the pool member assigned to attend (from assignment on), and whether it has arrived */
  member: string | null;
  memberPresent: boolean;
  /** processing time of the current operation, µs (for the event) */
  processUs: number;
  down: "failure" | "fault" | "tool" | null;
  /** active alarm while down */
  alarm: string | null;
  /** waiting for a maintenance operator to start the repair */
  repairPending: boolean;
  /** maintenance operator assigned to the repair */
  repairMember: string | null;
  /** where the finished part goes when it needs rework elsewhere */
  reworkTarget: string | null;
  /** outcome of the last processing, until the part is unloaded */
  result: "good" | "scrap" | "rework" | null;
  /** member who attended last (named on the completion of a tended operation) */
  lastMember: string | null;
  /** NC program file chosen by command, overriding the product's program */
  programOverride: string | null;
  /** the running program was aborted: the part is scrapped at the next timer */
  abortRequested: boolean;
  /** PLC control: a rising \`start\` lets the station take (robot) or start (machine) one part */
  startPermit: boolean;
  /** PLC control: the robot placed its part; TRUE until \`start\` drops */
  doneFlag: boolean;
  stopped: boolean;
  state: ResourceState;
  good: number;
  scrap: number;
  rework: number;
}

export interface MemberState {
  id: string;
  pool: string;
  /** station being served (walking to, or working at) */
  station: string | null;
  /** kind of job, for the event */
  job: "work" | "repair" | null;
  location: [number, number];
  onShift: boolean;
}

export interface PoolState {
  id: string;
  members: MemberState[];
  /** stations waiting for a member, in request order: `station` or `repair:station` */
  requests: string[];
  onShift: boolean;
}

export interface AlarmState {
  id: string;
  entity: string;
  code: string;
  severity: number;
  message: string;
  active: boolean;
  acked: boolean;
  raisedT: number;
}

export interface LineState {
  parts: Map<string, PartState>;
  orders: Map<string, OrderState>;
  orderSeq: number;
  sources: Map<string, SourceState>;
  buffers: Map<string, BufferState>;
  conveyors: Map<string, ConveyorState>;
  stations: Map<string, StationState>;
  sinks: Map<string, { id: string; count: number }>;
  pools: Map<string, PoolState>;
  /** node id → upstream nodes blocked on it, in the order they blocked */
  waiting: Map<string, string[]>;
  alarms: Map<string, AlarmState>;
  alarmSeq: number;
  /** calendar name → on */
  calendarOn: Map<string, boolean>;
  /** values of PLC-bound signals the scenario has no model for (a guard door), by `entity/signal` */
  signals: Map<string, boolean | number>;
  /** robot speed override, % (1..100), by robot id; absent = 100 */
  robotOverride: Map<string, number>;
  /** PLC outputs as last applied to the actuators, by ST variable */
  plcOutputs: Map<string, boolean | number>;
  /** active alarms raised by PLC alarm outputs, by `entity/signal` */
  plcAlarms: Map<string, string>;
}
