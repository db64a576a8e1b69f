import type { ChannelState, OperationMode, ProgramState } from "./states";

/**
 * What a CNC machine reports, drained from `advance` and from command results. Times are simulation µs;
 * `machine` is the station id the machine was created with. The line model turns these into its domain
 * events (StateChanged, AlarmRaised, OperationCompleted, …).
 */

export interface CncStateChanged {
  type: "CncStateChanged";
  t: number;
  machine: string;
  mode: OperationMode;
  channel: ChannelState;
  program: ProgramState;
  previous: ProgramState;
  /** what caused it: `load`, `cycleStart`, `feedHold`, `resume`, `abort`, `M0`, `M1`, `M30`, `mode` */
  reason: string;
  /** NC file line at the change, 0 when none */
  line: number;
}

export interface CncProgramFinished {
  type: "CncProgramFinished";
  t: number;
  machine: string;
  program: string;
  /** cycle start to end, including holds and stops, µs */
  cycleUs: number;
}

export interface CncToolChanged {
  type: "CncToolChanged";
  t: number;
  machine: string;
  tool: number;
  previous: number;
  line: number;
}

export interface CncAlarmRaised {
  type: "CncAlarmRaised";
  t: number;
  machine: string;
  alarm: string;
  code: string;
  /** OPC UA severity 1..1000 */
  severity: number;
  message: string;
  tool?: number | undefined;
}

export interface CncAlarmCleared {
  type: "CncAlarmCleared";
  t: number;
  machine: string;
  alarm: string;
}

export interface CncDoorChanged {
  type: "CncDoorChanged";
  t: number;
  machine: string;
  open: boolean;
}

export interface CncOverrideChanged {
  type: "CncOverrideChanged";
  t: number;
  machine: string;
  override: "feed" | "spindle" | "rapid";
  /** % */
  pct: number;
}

export type CncEvent =
  | CncStateChanged
  | CncProgramFinished
  | CncToolChanged
  | CncAlarmRaised
  | CncAlarmCleared
  | CncDoorChanged
  | CncOverrideChanged;
