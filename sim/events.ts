/**
 * Domain events: every change of interest in the simulation, drained by adapters after each advance
 * (`sim.drainEvents()`). KPIs, the event log hash, the database and the viewer all read these, so they
 * never disagree. Times are simulation µs; ids are scenario ids (stations, robots, operators) or part
 * serial numbers.
 */

import type { CncEvent } from "./cnc/events";
import type { PhysicsEvent } from "./physics/events";
import type { PlcEvent } from "./plc/events";

/** Coarse state of any resource, in the ISA-95 / ISO 22400 spirit, used for time splits and colours. */
export type ResourceState =
  /** processing a part (or running a program) */
  | "busy"
  /** able to work but nothing to work on */
  | "starved"
  /** finished, but the next place cannot take the part */
  | "blocked"
  /** failed or faulted, awaiting or under repair */
  | "down"
  /** changing over between products */
  | "setup"
  /** outside the planned production time (shift calendar) */
  | "offShift"
  /** has a part, waits for an operator or a robot */
  | "waiting"
  /** stopped by command */
  | "stopped";

export type PartResult = "good" | "scrap" | "rework";

/** OPC UA severity scale 1..1000 */
export type Severity = number;

export interface PartCreated {
  type: "PartCreated";
  t: number;
  part: string;
  product: string;
  source: string;
  workOrder?: string | undefined;
}

export interface OperationStarted {
  type: "OperationStarted";
  t: number;
  station: string;
  part: string;
  product: string;
  operator?: string | undefined;
  robot?: string | undefined;
  /** NC or robot program, when the station runs one */
  program?: string | undefined;
  tool?: string | undefined;
}

export interface OperationCompleted {
  type: "OperationCompleted";
  t: number;
  station: string;
  part: string;
  product: string;
  result: PartResult;
  /** processing time, µs (excludes setup, waiting and downtime) */
  processUs: number;
  operator?: string | undefined;
  robot?: string | undefined;
  program?: string | undefined;
  tool?: string | undefined;
}

export interface SetupStarted {
  type: "SetupStarted";
  t: number;
  station: string;
  fromProduct: string | null;
  toProduct: string;
}

export interface PartCompleted {
  type: "PartCompleted";
  t: number;
  part: string;
  product: string;
  sink: string;
  /** time from creation to leaving the system, µs */
  leadTimeUs: number;
  workOrder?: string | undefined;
}

export interface PartScrapped {
  type: "PartScrapped";
  t: number;
  part: string;
  product: string;
  station: string;
  leadTimeUs: number;
  workOrder?: string | undefined;
}

export interface StateChanged {
  type: "StateChanged";
  t: number;
  /** station, conveyor, source or machine id */
  entity: string;
  state: ResourceState;
  previous: ResourceState;
}

export interface OperatorStateChanged {
  type: "OperatorStateChanged";
  t: number;
  operator: string;
  pool: string;
  state: "idle" | "walking" | "working" | "offShift" | "repairing";
  /** where the operator is or is heading */
  station?: string | undefined;
}

export interface AlarmRaised {
  type: "AlarmRaised";
  t: number;
  alarm: string;
  entity: string;
  code: string;
  severity: Severity;
  message: string;
}

export interface AlarmCleared {
  type: "AlarmCleared";
  t: number;
  alarm: string;
  entity: string;
}

export interface AlarmAcknowledged {
  type: "AlarmAcknowledged";
  t: number;
  alarm: string;
  entity: string;
  comment?: string | undefined;
}

export interface WorkOrderProgress {
  type: "WorkOrderProgress";
  t: number;
  workOrder: string;
  product: string;
  quantity: number;
  released: number;
  completed: number;
  scrapped: number;
  status: "released" | "inProgress" | "completed" | "cancelled";
}

export interface CommandApplied {
  type: "CommandApplied";
  t: number;
  command: string;
  detail: string;
}

export interface SignalChanged {
  type: "SignalChanged";
  t: number;
  signal: string;
  value: boolean | number;
}

export type SimEvent =
  | CncEvent
  | PlcEvent
  | PhysicsEvent
  | PartCreated
  | OperationStarted
  | OperationCompleted
  | SetupStarted
  | PartCompleted
  | PartScrapped
  | StateChanged
  | OperatorStateChanged
  | AlarmRaised
  | AlarmCleared
  | AlarmAcknowledged
  | WorkOrderProgress
  | CommandApplied
  | SignalChanged;

export type SimEventType = SimEvent["type"];
