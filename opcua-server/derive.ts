import type { LineState, ResourceState } from "../sim/index";
import type { CncModelView } from "./models";

/**
 * What the companion specifications show for a simulated entity, derived from the simulation's state
 * alone (no node-opcua here, so the mapping is tested as a table). Enumeration values are those of the
 * nodesets in node-opcua-nodesets.
 */

type StationState = LineState["stations"] extends Map<string, infer S> ? S : never;

/** OPC 40001-1 MachineryItemState_StateMachineType states. */
export type MachineryItemStateName = "NotAvailable" | "OutOfService" | "Executing" | "NotExecuting";

export function machineryItemState(state: ResourceState): MachineryItemStateName {
  switch (state) {
    case "busy":
    case "setup":
      return "Executing";
    case "starved":
    case "blocked":
    case "waiting":
    case "stopped":
      return "NotExecuting";
    case "down":
      return "OutOfService";
    case "offShift":
      return "NotAvailable";
  }
}

/** OPC 40001-1 MachineryOperationModeStateMachineType states. */
export type MachineryOperationModeName = "None" | "Maintenance" | "Setup" | "Processing";

export function machineryOperationMode(st: StationState): MachineryOperationModeName {
  if (st.phase === "setup") return "Setup";
  if (st.down !== null && st.repairMember !== null) return "Maintenance";
  if (st.state === "offShift") return "None";
  return "Processing";
}

/** OPC 40501 MachineOperationMode: Manual 0, Automatic 1, Setup 2, AutoWithManualIntervention 3, Service 4, Other 5. */
export const MACHINE_OPERATION_MODE = { Manual: 0, Automatic: 1, Setup: 2, Service: 4, Other: 5 } as const;

export function machineToolOperationMode(st: StationState, cnc: CncModelView | undefined): number {
  if (st.phase === "setup") return MACHINE_OPERATION_MODE.Setup;
  if (st.down !== null && st.repairMember !== null) return MACHINE_OPERATION_MODE.Service;
  if (cnc !== undefined && cnc.state.mode !== "Automatic") return MACHINE_OPERATION_MODE.Manual;
  return MACHINE_OPERATION_MODE.Automatic;
}

/** OPC 40501 ChannelState = OPC 40502 CncChannelStatus: Active 0, Interrupted 1, Reset 2. */
export const CHANNEL_STATE = { Active: 0, Interrupted: 1, Reset: 2 } as const;

/** OPC 40501 ChannelMode: Automatic 0, MdaMdi 1, JogManual 2. */
export const CHANNEL_MODE = { Automatic: 0, MdaMdi: 1, JogManual: 2 } as const;

/** OPC 40502 CncOperationMode: Manual 0, MDA 1, Automatic 2. */
export const CNC_OPERATION_MODE = { Manual: 0, MDA: 1, Automatic: 2 } as const;

/** OPC 40502 CncChannelProgramStatus: Stopped 0, Running 1, Waiting 2, Interrupted 3, Canceled 4. */
export const CNC_PROGRAM_STATUS = {
  Stopped: 0,
  Running: 1,
  Waiting: 2,
  Interrupted: 3,
  Canceled: 4,
} as const;

export type ProgramStateName = "Initializing" | "Running" | "Ended" | "Interrupted" | "Aborted";

/** Program, channel and mode of a CNC station: from its CNC model when there is one, else from the line. */
export interface CncChannelView {
  channelState: number;
  channelMode: number;
  cncMode: number;
  programStatus: number;
  /** OPC 40501 ProductionProgramStateMachineType state */
  program: ProgramStateName;
  /** empty when no program is loaded */
  programName: string;
}

export function cncChannel(
  st: StationState,
  cnc: CncModelView | undefined,
  lastProgram: string,
): CncChannelView {
  if (cnc !== undefined) {
    const s = cnc.state;
    const p = s.program;
    return {
      channelState:
        p === "Running"
          ? CHANNEL_STATE.Active
          : p === "Interrupted" || p === "Stopped"
            ? CHANNEL_STATE.Interrupted
            : CHANNEL_STATE.Reset,
      channelMode:
        s.mode === "Automatic"
          ? CHANNEL_MODE.Automatic
          : s.mode === "MDA"
            ? CHANNEL_MODE.MdaMdi
            : CHANNEL_MODE.JogManual,
      cncMode: CNC_OPERATION_MODE[s.mode],
      programStatus:
        p === "Running"
          ? CNC_PROGRAM_STATUS.Running
          : p === "Interrupted"
            ? CNC_PROGRAM_STATUS.Interrupted
            : p === "Stopped"
              ? CNC_PROGRAM_STATUS.Waiting
              : p === "Aborted"
                ? CNC_PROGRAM_STATUS.Canceled
                : CNC_PROGRAM_STATUS.Stopped,
      program:
        p === "Running"
          ? "Running"
          : p === "Interrupted" || p === "Stopped"
            ? "Interrupted"
            : p === "Aborted"
              ? "Aborted"
              : s.cyclesCompleted > 0
                ? "Ended"
                : "Initializing",
      programName: s.programName ?? "",
    };
  }
  // line model only: a station processing a part runs its program; a breakdown interrupts it
  const processing = st.phase === "processing" || st.phase === "setup";
  const interrupted = processing && st.down !== null;
  const done = st.good + st.scrap + st.rework > 0;
  return {
    channelState: interrupted
      ? CHANNEL_STATE.Interrupted
      : processing
        ? CHANNEL_STATE.Active
        : CHANNEL_STATE.Reset,
    channelMode: CHANNEL_MODE.Automatic,
    cncMode: CNC_OPERATION_MODE.Automatic,
    programStatus: interrupted
      ? CNC_PROGRAM_STATUS.Interrupted
      : processing
        ? CNC_PROGRAM_STATUS.Running
        : CNC_PROGRAM_STATUS.Stopped,
    program: interrupted ? "Interrupted" : processing ? "Running" : done ? "Ended" : "Initializing",
    programName: lastProgram,
  };
}

/** OPC 40010 OperationalModeEnumeration: AUTOMATIC 3, AUTOMATIC_EXTERNAL 4 (the line's control). */
export const ROBOT_OPERATIONAL_MODE = { AUTOMATIC_EXTERNAL: 4 } as const;

/** OPC 40010 MotionDeviceCategoryEnumeration by robot library kind. */
export function motionDeviceCategory(kind: "articulated" | "collaborative" | "gantry" | undefined): number {
  if (kind === "gantry") return 3; // CARTESIAN_ROBOT
  if (kind === "articulated" || kind === "collaborative") return 1; // ARTICULATED_ROBOT
  return 0; // OTHER
}

/** The fault text a robot emergency stop puts on the stations it serves (sim alarm message suffix). */
export function eStopFault(robot: string): string {
  return `emergency stop of robot ${robot}`;
}

/** True while a station is down with the e-stop fault of `robot`. */
export function stationEStopped(line: Readonly<LineState>, station: string, robot: string): boolean {
  const st = line.stations.get(station);
  if (st === undefined || st.alarm === null || st.down !== "fault") return false;
  const a = line.alarms.get(st.alarm);
  return a !== undefined && a.message === `${station}: ${eStopFault(robot)}`;
}

/** Stations a robot serves (`robot: <id>` in the scenario), in scenario order. */
export function stationsServedBy(
  stations: readonly { id: string; robot?: string | undefined }[],
  robot: string,
) {
  return stations.filter((s) => s.robot === robot).map((s) => s.id);
}

/** PackML: the line is starved when no station has anything to do. */
export function lineStarved(line: Readonly<LineState>): boolean {
  if (line.stations.size === 0) return false;
  for (const st of line.stations.values()) if (st.state !== "starved") return false;
  return true;
}

/** PackML: the line is blocked when a station that feeds a sink cannot pass its part on. */
export function lineBlocked(line: Readonly<LineState>, lastStations: readonly string[]): boolean {
  return lastStations.some((id) => line.stations.get(id)?.state === "blocked");
}
