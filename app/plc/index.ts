/** The PLC side of the live twin: the running cell's profile over Modbus TCP. */
export {
  PLC_MODBUS_EXCEPTION,
  type PlcModbusHandle,
  type PlcModbusOptions,
  plcServiceVector,
  startPlcModbus,
} from "./modbus-bridge";
