/**
 * Machine states named so the OPC UA adapter maps them 1:1 onto the companion specifications:
 * OPC 40502 (CNC Systems) CncOperationMode, CncChannelStatus and CncChannelProgramStatus, and
 * OPC 40501 (MachineTool) ChannelState and the ProductionProgram state machine. The enumeration values
 * below are the ones in the nodesets shipped with node-opcua-nodesets (Opc.Ua.CNC.NodeSet.xml,
 * Opc.Ua.MachineTool.NodeSet2.xml).
 */

/** CncOperationMode (OPC 40502): Manual 0, MDA 1, Automatic 2. A program runs only in Automatic. */
export type OperationMode = "Manual" | "MDA" | "Automatic";

/** CncChannelStatus (OPC 40502) = ChannelState (OPC 40501): Active 0, Interrupted 1, Reset 2. */
export type ChannelState = "Active" | "Interrupted" | "Reset";

/**
 * Program state:
 * - Ready: loaded, at its start (also after a normal end with M30), waiting for cycle start
 * - Running: executing
 * - Interrupted: feed hold by command; resumes where it stopped
 * - Stopped: stopped by M0 (or M1 with optional stop on); cycle start continues
 * - Aborted: aborted by command; cycle start runs it again from the beginning
 */
export type ProgramState = "Ready" | "Running" | "Interrupted" | "Stopped" | "Aborted";

export const OPC40502_OPERATION_MODE: Record<OperationMode, number> = { Manual: 0, MDA: 1, Automatic: 2 };

export const OPC40502_CHANNEL_STATUS: Record<ChannelState, number> = { Active: 0, Interrupted: 1, Reset: 2 };

/** CncChannelProgramStatus (OPC 40502): Stopped 0, Running 1, Waiting 2, Interrupted 3, Canceled 4. */
export const OPC40502_PROGRAM_STATUS: Record<ProgramState, number> = {
  Ready: 0,
  Running: 1,
  Stopped: 2,
  Interrupted: 3,
  Aborted: 4,
};

/** ProductionProgram state machine (OPC 40501): Initializing, Running, Ended, Interrupted, Aborted. */
export function opc40501ProgramState(
  state: ProgramState,
  cyclesCompleted: number,
): "Initializing" | "Running" | "Ended" | "Interrupted" | "Aborted" {
  switch (state) {
    case "Ready":
      return cyclesCompleted > 0 ? "Ended" : "Initializing";
    case "Running":
      return "Running";
    case "Interrupted":
    case "Stopped":
      return "Interrupted";
    case "Aborted":
      return "Aborted";
  }
}

/** Channel state that goes with a program state. */
export function channelOf(state: ProgramState): ChannelState {
  if (state === "Running") return "Active";
  if (state === "Interrupted" || state === "Stopped") return "Interrupted";
  return "Reset";
}

/** OPC UA alarm severities (1..1000) this model raises. */
export const CNC_SEVERITY = {
  /** a tool reached its life: the machine finishes the cycle and will not start another */
  toolWorn: 600,
} as const;

/** Why a command was refused. */
export const CNC_ERRORS = {
  CNC_ERR_NO_PROGRAM: "no program is loaded",
  CNC_ERR_PROGRAM: "the program has errors",
  CNC_ERR_BUSY: "a program is running or interrupted; abort it first",
  CNC_ERR_RUNNING: "not possible while the program is running",
  CNC_ERR_NOT_RUNNING: "the program is not running",
  CNC_ERR_NOT_INTERRUPTED: "the program is not interrupted",
  CNC_ERR_MODE: "cycle start needs operation mode Automatic",
  CNC_ERR_DOOR_OPEN: "the door is open",
  CNC_ERR_DOOR_LOCKED: "the door is locked while the program runs",
  CNC_ERR_TOOL_WORN: "a tool the program uses is worn out",
  CNC_ERR_OVERRIDE_RANGE: "override out of range",
  CNC_ERR_UNKNOWN_TOOL: "no such tool",
  CNC_ERR_TIME: "time went backwards",
} as const;

export type CncErrorCode = keyof typeof CNC_ERRORS;
