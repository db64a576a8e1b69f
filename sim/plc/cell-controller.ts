/**
 * One PLC-controlled cell inside the kernel. Every `scanTimeUs` the kernel calls `scan(t, read)`:
 *   1. the outputs decided in the previous cycle reach the actuators (returned, with what changed);
 *   2. the input signals are read (`read`, or a force: stuck sensor, open circuit);
 *   3. internal control: the soft PLC runs on them and its outputs wait for the next scan;
 *      external control: the outside controller reads the inputs now and writes its outputs before
 *      the next scan (`writeOutput`).
 * Both sources therefore act with the same one-scan latency (a real PLC writes its outputs at the end
 * of its cycle), which is what makes a cell driven by the soft PLC and the same program run outside
 * produce the same parts at the same times. The process image is what OPC UA and Modbus publish.
 * All state is plain data (snapshot / restore).
 */
import type { CompiledProgram } from "./compile";
import type { PlcProfile, PlcSignal } from "./profile";
import { createSoftPlc, type PlcValue, type SoftPlcState } from "./soft-plc";

export type CellAlarmCode = "ST_ERR_WATCHDOG" | "ST_ERR_DIV_ZERO" | "PLC_ERR_EXTERNAL_WATCHDOG";

export interface CellScan {
  /** output values that take effect now, by ST variable */
  outputs: Record<string, PlcValue>;
  /** output signals whose value changed now: the actuators to update */
  changed: PlcSignal[];
  /** the cell goes to its safe state (PLC fault: from the next scan; silent external controller: now) */
  alarm: { code: CellAlarmCode; message: string; line?: number; col?: number } | null;
  /** the external controller is writing again after a watchdog trip */
  recovered: boolean;
}

export interface CellControllerState {
  plc: SoftPlcState | null;
  /** process image: inputs as read at the last scan, outputs as applied */
  image: Record<string, PlcValue>;
  forces: Record<string, PlcValue>;
  /** outputs to apply at the next scan: the soft PLC's result, or what the external controller wrote */
  pending: Record<string, PlcValue>;
  /** external control: µs of the last write (or of the first scan, before any write) */
  lastWriteUs: number;
  tripped: boolean;
}

export interface CellController {
  readonly profile: PlcProfile;
  /** µs between scans */
  readonly scanTimeUs: number;
  /** one scan at simulation time `tUs` (µs); `read` returns the simulation's value of an input signal */
  scan(tUs: number, read: (signal: PlcSignal) => PlcValue): CellScan;
  /** external control: a client wrote an output; it takes effect at the next scan. Throws on bad input. */
  writeOutput(variable: string, value: PlcValue, tUs: number): void;
  /** force a signal to a value (stuck sensor, open circuit = FALSE / 0, forced actuator); null releases it */
  force(variable: string, value: PlcValue | null): void;
  /** current process-image value of a signal (what OPC UA and Modbus serve) */
  value(variable: string): PlcValue;
  snapshot(): CellControllerState;
  restore(state: CellControllerState): void;
}

function zero(s: PlcSignal): PlcValue {
  return s.type === "BOOL" ? false : 0;
}

/** Checks a value against a signal's type; returns the stored form or throws with the reason. */
export function checkSignalValue(s: PlcSignal, value: PlcValue): PlcValue {
  if (s.type === "BOOL") {
    if (typeof value !== "boolean") throw new RangeError(`${s.variable} is BOOL, got ${value}`);
    return value;
  }
  if (typeof value !== "number" || !Number.isFinite(value))
    throw new RangeError(`${s.variable} is ${s.type}, got ${value}`);
  if (s.type === "REAL") return Math.fround(value);
  const [lo, hi] = s.type === "INT" ? [-32768, 32767] : [-2147483648, 2147483647];
  if (!Number.isInteger(value) || value < lo || value > hi) {
    throw new RangeError(`${s.variable} is ${s.type} (${lo}..${hi}), got ${value}`);
  }
  return value;
}

/**
 * `program` is the compiled ST program of an internal profile (from `bindProgram`), null for an
 * external one.
 */
export function createCellController(profile: PlcProfile, program: CompiledProgram | null): CellController {
  const internal = profile.control.source === "internal";
  if (internal && !program) throw new Error(`${profile.id}: an internal profile needs its compiled program`);
  const plc = internal && program ? createSoftPlc(program, { scanTimeUs: profile.scanTimeUs }) : null;
  const watchdogUs = profile.control.source === "external" ? profile.control.watchdogUs : 0;
  const bySignal = new Map(profile.signals.map((s) => [s.variable, s]));
  const inputs = profile.signals.filter((s) => s.direction === "input");
  const outputs = profile.signals.filter((s) => s.direction === "output");

  const fresh = (): CellControllerState => ({
    plc: null,
    image: Object.fromEntries(profile.signals.map((s) => [s.variable, zero(s)])),
    forces: {},
    pending: {},
    lastWriteUs: -1,
    tripped: false,
  });
  let st = fresh();

  const signal = (variable: string) => {
    const s = bySignal.get(variable);
    if (!s) throw new RangeError(`${profile.id} has no signal "${variable}"`);
    return s;
  };

  return {
    profile,
    scanTimeUs: profile.scanTimeUs,
    scan(tUs, read) {
      // 1. what the controller decided in the previous cycle reaches the actuators now
      let alarm: CellScan["alarm"] = null;
      let recovered = false;
      const next: Record<string, PlcValue> = {};
      if (!internal) {
        if (st.lastWriteUs < 0) st.lastWriteUs = tUs;
        const wrote = Object.keys(st.pending).length > 0;
        if (st.tripped && wrote) {
          st.tripped = false;
          recovered = true;
        }
        if (!st.tripped && tUs - st.lastWriteUs > watchdogUs) {
          st.tripped = true;
          alarm = {
            code: "PLC_ERR_EXTERNAL_WATCHDOG",
            message: `no write from the external controller for more than ${watchdogUs / 1000} ms`,
          };
        }
      }
      const changed: PlcSignal[] = [];
      for (const s of outputs) {
        let v: PlcValue;
        if (s.variable in st.forces) v = st.forces[s.variable]!;
        else if (st.tripped) v = zero(s);
        else v = st.pending[s.variable] ?? st.image[s.variable]!;
        next[s.variable] = v;
        if (st.image[s.variable] !== v) changed.push(s);
        st.image[s.variable] = v;
      }
      st.pending = {};
      // 2. inputs as the sensors show them now (or as forced)
      const inputValues: Record<string, PlcValue> = {};
      for (const s of inputs) {
        const v = s.variable in st.forces ? st.forces[s.variable]! : checkSignalValue(s, read(s));
        inputValues[s.variable] = v;
        st.image[s.variable] = v;
      }
      // 3. the soft PLC computes the outputs of the next cycle (safe state after a fault)
      if (plc) {
        const faultedBefore = plc.fault !== null;
        const r = plc.scan(tUs, inputValues);
        st.pending = r.outputs;
        if (!r.ok && !faultedBefore) {
          const { code, message, line, col } = r.fault;
          alarm = { code: code as CellAlarmCode, message, line, col };
        }
      }
      return { outputs: next, changed, alarm, recovered };
    },
    writeOutput(variable, value, tUs) {
      const s = signal(variable);
      if (internal)
        throw new RangeError(`${profile.id} is driven by its soft PLC; outputs cannot be written`);
      if (s.direction !== "output") throw new RangeError(`${variable} is an input of ${profile.id}`);
      st.pending[variable] = checkSignalValue(s, value);
      st.lastWriteUs = tUs;
    },
    force(variable, value) {
      const s = signal(variable);
      if (value === null) delete st.forces[variable];
      else st.forces[variable] = checkSignalValue(s, value);
    },
    value(variable) {
      signal(variable);
      return st.image[variable]!;
    },
    snapshot() {
      return structuredClone({ ...st, plc: plc ? plc.snapshot() : null });
    },
    restore(state) {
      st = structuredClone(state);
      if (plc && state.plc) plc.restore(state.plc);
      st.plc = null;
    },
  };
}
