/**
 * The soft PLC: one instance of a compiled PROGRAM and its memory. The caller (the simulation kernel)
 * decides when scans happen and passes the simulated time in; a scan copies the inputs into the
 * process image, runs the program once, and returns the outputs. All state is plain numbers, so
 * `snapshot()` / `restore()` round-trip through structuredClone or JSON.
 */
import type { ElemType } from "./ast";
import { type CompiledProgram, type CompileOptions, compileSt, type PlcVariable } from "./compile";
import { formatStError, type StError } from "./errors";
import { PlcFault, SLOT_BUDGET, SLOT_BUDGET_LIMIT, SLOT_NOW } from "./scope";
import { coerceTo } from "./types";

export type PlcValue = boolean | number;

export type ScanResult =
  | { ok: true; outputs: Record<string, PlcValue> }
  /** the PLC is in fault (STOP): outputs are in their safe state (FALSE / 0) */
  | { ok: false; fault: StError; outputs: Record<string, PlcValue> };

/** Everything a PLC remembers, as plain data. */
export interface SoftPlcState {
  /** the whole memory: process image, variables, block instances, timers */
  mem: number[];
  /** time of the last scan, µs (-1 before the first) */
  lastScanUs: number;
  scans: number;
  fault: StError | null;
}

export interface SoftPlcOptions extends CompileOptions {
  /** scan period, µs: the kernel schedules a scan every `scanTimeUs`; the PLC only reports it */
  scanTimeUs: number;
  /** loop iterations one scan may run before the watchdog stops the PLC (default 100 000) */
  loopBudget?: number;
}

export interface SoftPlc {
  readonly program: CompiledProgram;
  /** scan period, µs */
  readonly scanTimeUs: number;
  /** set once the PLC faulted (watchdog, division by zero); cleared by coldRestart */
  readonly fault: StError | null;
  /**
   * One scan at simulation time `tUs` (µs, never decreasing). Inputs not given keep their previous
   * value, as in a process image.
   */
  scan(tUs: number, inputs?: Readonly<Record<string, PlcValue>>): ScanResult;
  /** current value of a PROGRAM variable or block pin (`tmr.ET`), for tests and HMIs */
  read(name: string): PlcValue;
  snapshot(): SoftPlcState;
  restore(state: SoftPlcState): void;
  /** back to initial values, fault cleared (a PLC cold restart) */
  coldRestart(): void;
}

export const DEFAULT_LOOP_BUDGET = 100_000;

/** Thrown by createSoftPlc when the source does not compile; `errors` carry line and column. */
export class StCompileError extends Error {
  constructor(readonly errors: StError[]) {
    super(errors.map((e) => formatStError(e)).join("\n"));
    this.name = "StCompileError";
  }
}

/** Bad use of the scan API by the caller (unknown input, wrong value type, time going back). */
export class PlcIoError extends Error {
  override name = "PlcIoError";
}

function toValue(type: ElemType, v: number): PlcValue {
  return type === "BOOL" ? v !== 0 : v;
}

export function createSoftPlc(source: string | CompiledProgram, options: SoftPlcOptions): SoftPlc {
  let program: CompiledProgram;
  if (typeof source === "string") {
    const r = compileSt(source, options);
    if (!r.ok) throw new StCompileError(r.errors);
    program = r.program;
  } else {
    program = source;
  }
  const budget = options.loopBudget ?? DEFAULT_LOOP_BUDGET;
  const mem = new Float64Array(program.memSize);
  const inputsByName = new Map<string, PlcVariable>();
  for (const v of program.inputs) {
    inputsByName.set(v.name, v);
    inputsByName.set(v.name.toUpperCase(), v);
  }
  let lastScanUs = -1;
  let scans = 0;
  let fault: StError | null = null;

  const coldRestart = () => {
    mem.set(program.init);
    mem[SLOT_BUDGET_LIMIT] = budget;
    lastScanUs = -1;
    scans = 0;
    fault = null;
  };
  coldRestart();

  const writeInput = (name: string, value: PlcValue) => {
    const v = inputsByName.get(name) ?? inputsByName.get(name.toUpperCase());
    if (!v) {
      throw new PlcIoError(
        `"${name}" is not a VAR_INPUT of ${program.name} (inputs: ${program.inputs.map((i) => i.name).join(", ")})`,
      );
    }
    if (typeof value === "boolean") {
      if (v.type !== "BOOL") throw new PlcIoError(`input "${v.name}" is ${v.type}, got a boolean`);
      mem[v.slot] = value ? 1 : 0;
    } else {
      if (!Number.isFinite(value)) throw new PlcIoError(`input "${v.name}" got ${value}`);
      mem[v.slot] = coerceTo(v.type, value);
    }
  };

  const outputs = (safe: boolean) => {
    const out: Record<string, PlcValue> = {};
    for (const v of program.outputs) out[v.name] = toValue(v.type, safe ? 0 : mem[v.slot]!);
    return out;
  };

  return {
    program,
    scanTimeUs: options.scanTimeUs,
    get fault() {
      return fault;
    },
    scan(tUs, inputs) {
      if (!Number.isInteger(tUs) || tUs < lastScanUs) {
        throw new PlcIoError(
          `scan time ${tUs} µs is not an integer at or after the last scan (${lastScanUs} µs)`,
        );
      }
      if (fault) return { ok: false, fault, outputs: outputs(true) };
      if (inputs) for (const name in inputs) writeInput(name, inputs[name]!);
      mem[SLOT_NOW] = tUs;
      mem[SLOT_BUDGET] = budget;
      lastScanUs = tUs;
      scans++;
      try {
        program.run(mem);
      } catch (e) {
        if (!(e instanceof PlcFault)) throw e;
        fault = e.error;
        return { ok: false, fault, outputs: outputs(true) };
      }
      return { ok: true, outputs: outputs(false) };
    },
    read(name) {
      const v = program.symbols.get(name.toUpperCase());
      if (!v) throw new PlcIoError(`${program.name} has no variable "${name}"`);
      return toValue(v.type, mem[v.slot]!);
    },
    snapshot() {
      return { mem: Array.from(mem), lastScanUs, scans, fault: fault ? { ...fault } : null };
    },
    restore(state) {
      if (state.mem.length !== program.memSize) {
        throw new PlcIoError(
          `snapshot has ${state.mem.length} memory slots, ${program.name} needs ${program.memSize}`,
        );
      }
      mem.set(state.mem);
      lastScanUs = state.lastScanUs;
      scans = state.scans;
      fault = state.fault ? { ...state.fault } : null;
    },
    coldRestart,
  };
}
