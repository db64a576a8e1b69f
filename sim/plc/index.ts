/**
 * Public surface of the soft PLC: Structured Text parsing and compilation, the scan engine, PLC
 * profiles (schema, parsing, tag naming). Everything here is pure and deterministic.
 */
export type { ElemType, StSource } from "./ast";
export type { CellAlarmCode, CellController, CellControllerState, CellScan } from "./cell-controller";
export { checkSignalValue, createCellController } from "./cell-controller";
export type { CompiledProgram, CompileOptions, CompileResult, PlcVariable } from "./compile";
export { compileSt } from "./compile";
export type { StError, StErrorCode } from "./errors";
export { formatStError, ST_ERR } from "./errors";
export type { PlcCommand, PlcEvent } from "./events";
export type { ParseResult } from "./parser";
export { parseSt } from "./parser";
export type { PlcProfile, PlcProfileErrorCode, PlcProfileIssue, PlcSignal, ProfileResult } from "./profile";
export {
  bindProgram,
  DEFAULT_SCOPE,
  formatProfileIssue,
  modbusSpan,
  PLC_PROFILE_ERR,
  PlcProfileError,
  parsePlcProfile,
} from "./profile";
export type { ControllerFamily, ModbusTable, ProfileInput, SignalType } from "./profile-schema";
export {
  CONTROLLER_FAMILIES,
  MODBUS_TABLES,
  parseDuration,
  profileJsonSchema,
  profileSchema,
  SIGNAL_TYPES,
} from "./profile-schema";
export type { PlcValue, ScanResult, SoftPlc, SoftPlcOptions, SoftPlcState } from "./soft-plc";
export { createSoftPlc, DEFAULT_LOOP_BUDGET, PlcIoError, StCompileError } from "./soft-plc";
export type { OpcuaDataType, OpcuaTag } from "./tag-naming";
export { opcuaIdentifier, opcuaTags, tagName } from "./tag-naming";
export type { ToyCellState } from "./toy-cell";
export { applyToyCell, createToyCell, readToyCell, stepToyCell } from "./toy-cell";
