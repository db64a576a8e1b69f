import type { PlcCommand } from "./plc/events";

/**
 * Commands are how anything outside the core changes a running simulation (the viewer, OPC UA writes and
 * method calls, the ERP bridge, the soft PLC's external I/O). `sim.submit(cmd)` validates a command and
 * applies it at the current simulation time, in submission order, or rejects it with a reason.
 */

export interface WorkOrderSpec {
  id: string;
  product: string;
  quantity: number;
  /** due date, simulation µs */
  dueUs?: number | undefined;
  /** higher is more urgent */
  priority?: number | undefined;
}

export type Command =
  /** Fail an entity now; it stays down for `durationS` seconds, or until `clearFault`. */
  | { type: "injectFault"; entity: string; fault?: string | undefined; durationS?: number | undefined }
  | { type: "clearFault"; entity: string }
  | { type: "acknowledgeAlarm"; alarm: string; comment?: string | undefined }
  /** Stop an entity after its current operation, or start it again. */
  | { type: "stopEntity"; entity: string }
  | { type: "startEntity"; entity: string }
  /** Release a work order into a work-order-driven source (the first such source when omitted). */
  | { type: "releaseWorkOrder"; order: WorkOrderSpec; source?: string | undefined }
  | { type: "cancelWorkOrder"; id: string }
  /** Conveyor belt speed, m/s. */
  | { type: "setConveyorSpeed"; entity: string; speed: number }
  /** CNC override, %: feed and spindle 0–150, rapid 0–100. Takes effect on the running cycle. */
  | { type: "setOverride"; entity: string; override: "feed" | "spindle" | "rapid"; pct: number }
  /** Abort the running NC program; the part in the machine is scrapped. */
  | { type: "abortProgram"; entity: string }
  /** Run this NC program (a file the station knows, by name) for the following parts. */
  | { type: "loadProgram"; entity: string; program: string }
  /**
   * Robot speed override, % (1–100): slows the robot's moves from its next operation or handling step on
   * (grips and timed waits keep their time).
   */
  | { type: "setRobotSpeedOverride"; robot: string; pct: number }
  /** A plant signal the scenario has no model for, e.g. a guard door: `{ entity: cell1, signal: doorClosed }`. */
  | { type: "setSignal"; entity: string; signal: string; value: boolean | number }
  | PlcCommand;

export type CommandType = Command["type"];

export type CommandResult = { ok: true } | { ok: false; code: string; reason: string };
