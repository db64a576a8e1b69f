/**
 * Public surface of the CNC module: G-code parsing and interpretation, the motion planner, the machine
 * library and the CncMachine model. Other folders import from here only.
 */

export { arcLength } from "./arc";
export {
  formatGcodeError,
  GCODE_ERRORS,
  type GcodeError,
  type GcodeErrorCode,
} from "./errors";
export type {
  CncAlarmCleared,
  CncAlarmRaised,
  CncDoorChanged,
  CncEvent,
  CncOverrideChanged,
  CncProgramFinished,
  CncStateChanged,
  CncToolChanged,
} from "./events";
export { type InterpretOptions, type InterpretResult, interpret } from "./interpreter";
export {
  type CncAlarm,
  CncMachine,
  type CncMachineConfig,
  type CncMachineState,
  type CncResult,
} from "./machine";
export { LATHE_2AXIS, MACHINE_LIBRARY, machineById, VMC_3AXIS } from "./machine-library";
export type {
  AxisName,
  AxisSpec,
  MachineDefinition,
  MachineSetup,
  ToolLife,
  ToolSpec,
  Vec3,
  WorkOffsetCode,
} from "./machine-types";
export type { ModalState } from "./modal";
export { type GcodeBlock, type GcodeProgram, type GcodeWord, type ParseResult, parseGcode } from "./parser";
export {
  type CncSample,
  emptySample,
  type FeedState,
  type PlanData,
  PlannedProgram,
  type PlanStats,
  samplePlan,
  type ToolStats,
} from "./plan-data";
export { type PlanOptions, planToolpath } from "./planner";
export { type CompiledProgram, type CompileOptions, compileProgram } from "./program";
export {
  type ChannelState,
  CNC_ERRORS,
  CNC_SEVERITY,
  type CncErrorCode,
  channelOf,
  OPC40502_CHANNEL_STATUS,
  OPC40502_OPERATION_MODE,
  OPC40502_PROGRAM_STATUS,
  type OperationMode,
  opc40501ProgramState,
  type ProgramState,
} from "./states";
export type { ToolState } from "./tool-life";
export type { ToolpathOp } from "./toolpath";
