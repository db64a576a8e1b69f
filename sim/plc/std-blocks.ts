/**
 * The IEC 61131-3 standard function blocks. An instance is a run of slots in the PLC memory: its
 * inputs, then its outputs, then hidden state, so a snapshot of the memory captures every timer and
 * edge detector. Timers read the simulated time of the scan (µs), never a clock.
 */
import type { ElemType } from "./ast";

export interface BlockPin {
  name: string;
  type: ElemType;
}

export interface StdBlock {
  name: string;
  inputs: BlockPin[];
  outputs: BlockPin[];
  /** number of hidden state slots after the pins */
  internals: number;
  /** one call of the block; `base` is the instance's first slot, `now` the scan time in µs */
  run(mem: Float64Array, base: number, now: number): void;
}

const IN = 0;
const PT = 1;
const Q = 2;
const ET = 3;

const timerPins = {
  inputs: [
    { name: "IN", type: "BOOL" },
    { name: "PT", type: "TIME" },
  ] as BlockPin[],
  outputs: [
    { name: "Q", type: "BOOL" },
    { name: "ET", type: "TIME" },
  ] as BlockPin[],
};

/** On-delay: Q rises once IN has been TRUE for PT; ET counts up to PT and resets when IN falls. */
const TON: StdBlock = {
  name: "TON",
  ...timerPins,
  internals: 2,
  run(mem, b, now) {
    const timing = b + 4;
    const start = b + 5;
    if (mem[b + IN] === 0) {
      mem[b + Q] = 0;
      mem[b + ET] = 0;
      mem[timing] = 0;
      return;
    }
    if (mem[timing] === 0) {
      mem[timing] = 1;
      mem[start] = now;
    }
    const et = now - mem[start]!;
    const pt = mem[b + PT]!;
    if (et >= pt) {
      mem[b + ET] = pt;
      mem[b + Q] = 1;
    } else {
      mem[b + ET] = et;
      mem[b + Q] = 0;
    }
  },
};

/** Off-delay: Q follows IN up, and stays TRUE for PT after IN falls; ET holds PT until IN rises. */
const TOF: StdBlock = {
  name: "TOF",
  ...timerPins,
  internals: 3,
  run(mem, b, now) {
    const timing = b + 4;
    const start = b + 5;
    const prevIn = b + 6;
    const input = mem[b + IN]!;
    if (input !== 0) {
      mem[b + Q] = 1;
      mem[b + ET] = 0;
      mem[timing] = 0;
    } else {
      if (mem[prevIn] !== 0) {
        mem[timing] = 1;
        mem[start] = now;
      }
      if (mem[timing] !== 0) {
        const et = now - mem[start]!;
        const pt = mem[b + PT]!;
        if (et >= pt) {
          mem[b + ET] = pt;
          mem[b + Q] = 0;
          mem[timing] = 0;
        } else {
          mem[b + ET] = et;
        }
      }
    }
    mem[prevIn] = input;
  },
};

/** Pulse: a rising edge of IN starts a pulse of exactly PT; edges during the pulse are ignored. */
const TP: StdBlock = {
  name: "TP",
  ...timerPins,
  internals: 3,
  run(mem, b, now) {
    const running = b + 4;
    const start = b + 5;
    const prevIn = b + 6;
    const input = mem[b + IN]!;
    if (mem[running] === 0 && input !== 0 && mem[prevIn] === 0) {
      mem[running] = 1;
      mem[start] = now;
    }
    mem[prevIn] = input;
    if (mem[running] !== 0) {
      const et = now - mem[start]!;
      const pt = mem[b + PT]!;
      if (et >= pt) {
        mem[running] = 0;
        mem[b + Q] = 0;
        mem[b + ET] = input !== 0 ? pt : 0;
      } else {
        mem[b + Q] = 1;
        mem[b + ET] = et;
      }
    } else {
      mem[b + Q] = 0;
      if (input === 0) mem[b + ET] = 0;
    }
  },
};

const trigPins = {
  inputs: [{ name: "CLK", type: "BOOL" }] as BlockPin[],
  outputs: [{ name: "Q", type: "BOOL" }] as BlockPin[],
  internals: 1,
};

/** Q is TRUE for the one call in which CLK went from FALSE to TRUE. */
const R_TRIG: StdBlock = {
  name: "R_TRIG",
  ...trigPins,
  run(mem, b) {
    const clk = mem[b]!;
    mem[b + 1] = clk !== 0 && mem[b + 2] === 0 ? 1 : 0;
    mem[b + 2] = clk;
  },
};

/** Q is TRUE for the one call in which CLK went from TRUE to FALSE (never on the first call). */
const F_TRIG: StdBlock = {
  name: "F_TRIG",
  ...trigPins,
  run(mem, b) {
    const clk = mem[b]!;
    mem[b + 1] = clk === 0 && mem[b + 2] !== 0 ? 1 : 0;
    mem[b + 2] = clk;
  },
};

/** Up counter: CV counts rising edges of CU (up to 32767), R clears it, Q = CV >= PV. */
const CTU: StdBlock = {
  name: "CTU",
  inputs: [
    { name: "CU", type: "BOOL" },
    { name: "R", type: "BOOL" },
    { name: "PV", type: "INT" },
  ],
  outputs: [
    { name: "Q", type: "BOOL" },
    { name: "CV", type: "INT" },
  ],
  internals: 1,
  run(mem, b) {
    const cu = mem[b]!;
    if (mem[b + 1] !== 0) mem[b + 4] = 0;
    else if (cu !== 0 && mem[b + 5] === 0 && mem[b + 4]! < 32767) mem[b + 4]! += 1;
    mem[b + 5] = cu;
    mem[b + 3] = mem[b + 4]! >= mem[b + 2]! ? 1 : 0;
  },
};

/** Down counter: LD loads PV into CV, rising edges of CD count down (to -32768), Q = CV <= 0. */
const CTD: StdBlock = {
  name: "CTD",
  inputs: [
    { name: "CD", type: "BOOL" },
    { name: "LD", type: "BOOL" },
    { name: "PV", type: "INT" },
  ],
  outputs: [
    { name: "Q", type: "BOOL" },
    { name: "CV", type: "INT" },
  ],
  internals: 1,
  run(mem, b) {
    const cd = mem[b]!;
    if (mem[b + 1] !== 0) mem[b + 4] = mem[b + 2]!;
    else if (cd !== 0 && mem[b + 5] === 0 && mem[b + 4]! > -32768) mem[b + 4]! -= 1;
    mem[b + 5] = cd;
    mem[b + 3] = mem[b + 4]! <= 0 ? 1 : 0;
  },
};

/** Set-dominant bistable: Q1 := S1 OR (NOT R AND Q1). */
const SR: StdBlock = {
  name: "SR",
  inputs: [
    { name: "S1", type: "BOOL" },
    { name: "R", type: "BOOL" },
  ],
  outputs: [{ name: "Q1", type: "BOOL" }],
  internals: 0,
  run(mem, b) {
    mem[b + 2] = mem[b] !== 0 || (mem[b + 1] === 0 && mem[b + 2] !== 0) ? 1 : 0;
  },
};

/** Reset-dominant bistable: Q1 := NOT R1 AND (S OR Q1). */
const RS: StdBlock = {
  name: "RS",
  inputs: [
    { name: "S", type: "BOOL" },
    { name: "R1", type: "BOOL" },
  ],
  outputs: [{ name: "Q1", type: "BOOL" }],
  internals: 0,
  run(mem, b) {
    mem[b + 2] = mem[b + 1] === 0 && (mem[b] !== 0 || mem[b + 2] !== 0) ? 1 : 0;
  },
};

export const STD_BLOCKS: ReadonlyMap<string, StdBlock> = new Map(
  [TON, TOF, TP, R_TRIG, F_TRIG, CTU, CTD, SR, RS].map((b) => [b.name, b]),
);

export function blockSize(b: StdBlock): number {
  return b.inputs.length + b.outputs.length + b.internals;
}
