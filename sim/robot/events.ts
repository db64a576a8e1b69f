/**
 * Domain events a robot resource emits, proposed for the `SimEvent` union in sim/events.ts (owned by
 * the lead). Times are simulation µs; `robot` is the scenario's robot id.
 */
import type { RobotErrorCode } from "./errors";

/** A robot begins a planned task (one run of its program) at a station. */
export interface RobotTaskStarted {
  type: "RobotTaskStarted";
  t: number;
  robot: string;
  station?: string | undefined;
  /** task or template name */
  task: string;
  /** planned duration without signal waits, µs */
  plannedUs: number;
}

export interface RobotTaskCompleted {
  type: "RobotTaskCompleted";
  t: number;
  robot: string;
  station?: string | undefined;
  task: string;
  /** actual duration including signal waits, µs */
  durationUs: number;
}

/** A `set` step: the robot writes a signal (door request, cycle start, …). */
export interface RobotSignalSet {
  type: "RobotSignalSet";
  t: number;
  robot: string;
  signal: string;
  value: boolean;
}

/** A `grip` or `release` step completed: who holds which part, for traceability. */
export interface RobotGripperChanged {
  type: "RobotGripperChanged";
  t: number;
  robot: string;
  closed: boolean;
  part?: string | undefined;
}

/** A task could not be planned or run (unreachable point, LIN through a singularity, …). */
export interface RobotFaulted {
  type: "RobotFaulted";
  t: number;
  robot: string;
  code: RobotErrorCode;
  message: string;
}

export type RobotEvent =
  | RobotTaskStarted
  | RobotTaskCompleted
  | RobotSignalSet
  | RobotGripperChanged
  | RobotFaulted;
