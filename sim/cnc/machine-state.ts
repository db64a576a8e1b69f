import type { GcodeError } from "./errors";
import type { CncEvent } from "./events";
import { machineById } from "./machine-library";
import type { MachineDefinition, MachineSetup, Vec3 } from "./machine-types";
import type { CncSample, PlanData } from "./plan-data";
import { CNC_SEVERITY, type CncErrorCode, type OperationMode, type ProgramState } from "./states";
import type { ToolState } from "./tool-life";
import type { ToolpathOp } from "./toolpath";

export interface CncAlarm {
  id: string;
  code: string;
  /** OPC UA severity 1..1000 */
  severity: number;
  message: string;
  /** µs */
  raisedUs: number;
  tool?: number | undefined;
}

/** A machine's whole state as plain data: `structuredClone` it to snapshot, `CncMachine.fromState` to restore. */
export interface CncMachineState {
  id: string;
  def: MachineDefinition;
  setup: MachineSetup;
  blockDelete: boolean;
  optionalStop: boolean;
  mode: OperationMode;
  program: ProgramState;
  doorOpen: boolean;
  /** % */
  feedPct: number;
  spindlePct: number;
  rapidPct: number;
  alarms: CncAlarm[];
  alarmSeq: number;
  programName: string | null;
  ops: ToolpathOp[] | null;
  toolsUsed: number[];
  plan: PlanData | null;
  /** plan position (µs, fractional) at the anchor time */
  anchorPlan: number;
  /** simulation time of the anchor, µs */
  anchorUs: number;
  /** last time the machine was advanced to, µs */
  nowUs: number;
  nextStop: number;
  nextToolChange: number;
  /** line of the M0/M1 the program is stopped at, 0 otherwise */
  stopLine: number;
  /** machine position while no program moves it, m */
  pos: Vec3;
  tool: number;
  tools: Record<number, ToolState>;
  cycleStartUs: number;
  cyclesCompleted: number;
  /** µs, 0 before the first completed cycle */
  lastCycleUs: number;
}

export type CncResult =
  | { ok: true; events: CncEvent[] }
  | { ok: false; code: CncErrorCode; reason: string; events: CncEvent[]; errors?: GcodeError[] | undefined };

export interface CncMachineConfig {
  /** station id, used in events and alarm ids */
  id: string;
  /** library id (`vmc-3axis`, `lathe-2axis`) or a full definition */
  machine: string | MachineDefinition;
  setup?: MachineSetup | undefined;
  optionalStop?: boolean | undefined;
  blockDelete?: boolean | undefined;
}

/** The state of a new machine: Automatic mode, no program, door closed, axes at home, fresh tools. */
export function initialState(config: CncMachineConfig): CncMachineState {
  const def = typeof config.machine === "string" ? machineById(config.machine) : config.machine;
  if (def === undefined) throw new Error(`unknown machine "${String(config.machine)}"`);
  const setup = config.setup ?? def.setup;
  const tools: Record<number, ToolState> = {};
  for (const [no, spec] of Object.entries(setup.tools)) {
    tools[Number(no)] = {
      tool: Number(no),
      life: spec.life ?? null,
      count: 0,
      cutS: 0,
      cutM: 0,
      worn: false,
    };
  }
  return {
    id: config.id,
    def,
    setup,
    blockDelete: config.blockDelete ?? false,
    optionalStop: config.optionalStop ?? false,
    mode: "Automatic",
    program: "Ready",
    doorOpen: false,
    feedPct: 100,
    spindlePct: 100,
    rapidPct: 100,
    alarms: [],
    alarmSeq: 0,
    programName: null,
    ops: null,
    toolsUsed: [],
    plan: null,
    anchorPlan: 0,
    anchorUs: 0,
    nowUs: 0,
    nextStop: 0,
    nextToolChange: 0,
    stopLine: 0,
    pos: { ...def.home },
    tool: 0,
    tools,
    cycleStartUs: 0,
    cyclesCompleted: 0,
    lastCycleUs: 0,
  };
}

/** The alarm for a tool that reached its life (numbered per machine). */
export function wearAlarm(s: CncMachineState, ts: ToolState, t: number): CncAlarm {
  const life = ts.life!;
  const what =
    life.kind === "count"
      ? `${life.limit} calls`
      : life.kind === "time"
        ? `${life.limitS} s of cutting`
        : `${life.limitM} m of cutting`;
  return {
    id: `${s.id}/tool-worn/${++s.alarmSeq}`,
    code: "CNC_ALARM_TOOL_WORN",
    severity: CNC_SEVERITY.toolWorn,
    message: `tool T${ts.tool} reached its life (${what}); replace it before the next cycle`,
    raisedUs: t,
    tool: ts.tool,
  };
}

/** Sample of a machine with no program: where the axes stand, nothing moving. */
export function samplePlanless(s: CncMachineState, out: CncSample): CncSample {
  out.x = s.pos.x;
  out.y = s.pos.y;
  out.z = s.pos.z;
  out.spindleRpm = 0;
  out.spindleDir = 0;
  out.line = 0;
  out.tool = s.tool;
  out.feedState = "idle";
  out.speed = 0;
  out.coolant = false;
  out.segment = -1;
  return out;
}
