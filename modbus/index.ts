/** Modbus TCP adapter: serves a PLC profile's tags from the running simulation. */
export { findFreePort } from "./free-port";
export type { ModbusMap, RegisterPoint } from "./registers";
export { buildModbusMap, decodeRegisters, encodeRegisters } from "./registers";
export type { ModbusServerHandle, ModbusServerOptions, SignalValue } from "./server";
export {
  DEFAULT_MODBUS_PORT,
  MODBUS_EXCEPTION,
  ModbusException,
  serviceVector,
  startModbusServer,
} from "./server";
