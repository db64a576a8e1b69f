/**
 * The Modbus view of a profile: which signal sits at which coil, discrete input or register, and how
 * values become 16-bit registers. INT is one register (two's complement); DINT and REAL are two
 * registers (REAL as IEEE 754 single), high word first unless the profile says `wordOrder: lowFirst`.
 */
import type { PlcProfile, PlcSignal } from "../sim/plc/profile";
import type { ModbusTable, SignalType } from "../sim/plc/profile-schema";

export interface RegisterPoint {
  signal: PlcSignal;
  /** 0 = the signal's first address, 1 = its second register (DINT, REAL) */
  word: number;
}

export interface ModbusMap {
  coil: Map<number, RegisterPoint>;
  discreteInput: Map<number, RegisterPoint>;
  holdingRegister: Map<number, RegisterPoint>;
  inputRegister: Map<number, RegisterPoint>;
  wordOrder: "highFirst" | "lowFirst";
}

/** Address map of the profile's signals that have a `modbus:` entry (the profile check rules out overlaps). */
export function buildModbusMap(profile: PlcProfile): ModbusMap {
  const map: ModbusMap = {
    coil: new Map(),
    discreteInput: new Map(),
    holdingRegister: new Map(),
    inputRegister: new Map(),
    wordOrder: profile.modbus.wordOrder,
  };
  for (const signal of profile.signals) {
    if (!signal.modbus) continue;
    const table: Map<number, RegisterPoint> = map[signal.modbus.table satisfies ModbusTable];
    const words = signal.type === "DINT" || signal.type === "REAL" ? 2 : 1;
    for (let w = 0; w < words; w++) table.set(signal.modbus.address + w, { signal, word: w });
  }
  return map;
}

// one scratch buffer: encoding happens on the event loop, one request at a time
const scratch = new DataView(new ArrayBuffer(4));

/** A signal value as 16-bit registers (unsigned 0..65535), in the profile's word order. */
export function encodeRegisters(
  type: SignalType,
  value: number | boolean,
  wordOrder: "highFirst" | "lowFirst",
): number[] {
  const v = typeof value === "boolean" ? (value ? 1 : 0) : value;
  if (type === "INT" || type === "BOOL") return [Math.trunc(v) & 0xffff];
  if (type === "DINT") scratch.setInt32(0, Math.trunc(v));
  else scratch.setFloat32(0, v);
  const hi = scratch.getUint16(0);
  const lo = scratch.getUint16(2);
  return wordOrder === "highFirst" ? [hi, lo] : [lo, hi];
}

/** Registers back to a signal value: INT and DINT signed, REAL single precision. */
export function decodeRegisters(
  type: SignalType,
  words: readonly number[],
  wordOrder: "highFirst" | "lowFirst",
): number {
  if (type === "INT" || type === "BOOL") return ((words[0]! & 0xffff) << 16) >> 16;
  const [a, b] = [words[0]! & 0xffff, words[1]! & 0xffff];
  const [hi, lo] = wordOrder === "highFirst" ? [a, b] : [b, a];
  scratch.setUint16(0, hi);
  scratch.setUint16(2, lo);
  return type === "DINT" ? scratch.getInt32(0) : scratch.getFloat32(0);
}
