import { describe, expect, it } from "vitest";
import { createSoftPlc, type PlcValue } from "./soft-plc";

/** One scan: time (µs), inputs, and the outputs expected after it. */
type Scan = [number, Record<string, PlcValue>, Record<string, PlcValue>];

function runScans(src: string, scans: Scan[]) {
  const plc = createSoftPlc(src, { scanTimeUs: 10_000 });
  return scans.map(([t, inputs]) => {
    const r = plc.scan(t, inputs);
    if (!r.ok) throw new Error(r.fault.message);
    return r.outputs;
  });
}

const ms = (n: number) => n * 1000;

const timer = (type: string) => `
PROGRAM Main
VAR_INPUT x : BOOL; END_VAR
VAR_OUTPUT q : BOOL; et : TIME; END_VAR
VAR t : ${type}; END_VAR
t(IN := x, PT := T#100ms);
q := t.Q;
et := t.ET;
END_PROGRAM`;

const edges = `
PROGRAM Main
VAR_INPUT clk : BOOL; END_VAR
VAR_OUTPUT r : BOOL; f : BOOL; END_VAR
VAR rt : R_TRIG; ft : F_TRIG; END_VAR
rt(CLK := clk, Q => r);
ft(CLK := clk, Q => f);
END_PROGRAM`;

const counters = `
PROGRAM Main
VAR_INPUT cu : BOOL; r : BOOL; cd : BOOL; ld : BOOL; END_VAR
VAR_OUTPUT qu : BOOL; cvu : INT; qd : BOOL; cvd : INT; END_VAR
VAR up : CTU; down : CTD; END_VAR
up(CU := cu, R := r, PV := 3, Q => qu, CV => cvu);
down(CD := cd, LD := ld, PV := 2, Q => qd, CV => cvd);
END_PROGRAM`;

const bistables = `
PROGRAM Main
VAR_INPUT s : BOOL; r : BOOL; END_VAR
VAR_OUTPUT sr_q : BOOL; rs_q : BOOL; END_VAR
VAR a : SR; b : RS; END_VAR
a(S1 := s, R := r, Q1 => sr_q);
b(S := s, R1 := r, Q1 => rs_q);
END_PROGRAM`;

const cases: { name: string; src: string; scans: Scan[] }[] = [
  {
    name: "TON: Q rises exactly PT after IN, ET saturates, falling IN resets",
    src: timer("TON"),
    scans: [
      [0, { x: true }, { q: false, et: 0 }],
      [ms(50), {}, { q: false, et: ms(50) }],
      [ms(100) - 1, {}, { q: false, et: ms(100) - 1 }],
      [ms(100), {}, { q: true, et: ms(100) }],
      [ms(150), {}, { q: true, et: ms(100) }],
      [ms(160), { x: false }, { q: false, et: 0 }],
      [ms(170), { x: true }, { q: false, et: 0 }],
      [ms(269), {}, { q: false, et: ms(99) }],
      [ms(270), {}, { q: true, et: ms(100) }],
    ],
  },
  {
    name: "TOF: Q follows IN up and drops PT after IN falls; ET holds PT until IN rises",
    src: timer("TOF"),
    scans: [
      [0, { x: false }, { q: false, et: 0 }],
      [ms(10), { x: true }, { q: true, et: 0 }],
      [ms(20), { x: false }, { q: true, et: 0 }],
      [ms(120) - 1, {}, { q: true, et: ms(100) - 1 }],
      [ms(120), {}, { q: false, et: ms(100) }],
      [ms(200), {}, { q: false, et: ms(100) }],
      [ms(210), { x: true }, { q: true, et: 0 }],
      [ms(220), { x: false }, { q: true, et: 0 }],
      [ms(250), { x: true }, { q: true, et: 0 }],
      [ms(260), { x: false }, { q: true, et: 0 }],
      [ms(360), {}, { q: false, et: ms(100) }],
    ],
  },
  {
    name: "TP: a rising edge starts a pulse of exactly PT; edges during the pulse are ignored",
    src: timer("TP"),
    scans: [
      [0, { x: true }, { q: true, et: 0 }],
      [ms(50), { x: false }, { q: true, et: ms(50) }],
      [ms(60), { x: true }, { q: true, et: ms(60) }],
      [ms(100), {}, { q: false, et: ms(100) }],
      [ms(110), {}, { q: false, et: ms(100) }],
      [ms(120), { x: false }, { q: false, et: 0 }],
      [ms(130), { x: true }, { q: true, et: 0 }],
      [ms(180), { x: false }, { q: true, et: ms(50) }],
      [ms(230), {}, { q: false, et: 0 }],
    ],
  },
  {
    name: "R_TRIG and F_TRIG: one scan per edge, no falling edge on the first scan",
    src: edges,
    scans: [
      [0, { clk: false }, { r: false, f: false }],
      [1, { clk: true }, { r: true, f: false }],
      [2, { clk: true }, { r: false, f: false }],
      [3, { clk: false }, { r: false, f: true }],
      [4, { clk: false }, { r: false, f: false }],
      [5, { clk: true }, { r: true, f: false }],
    ],
  },
  {
    name: "R_TRIG fires on a first scan with CLK TRUE",
    src: edges,
    scans: [[0, { clk: true }, { r: true, f: false }]],
  },
  {
    name: "CTU counts rising edges, Q at PV, R clears; CTD loads PV and counts down past 0",
    src: counters,
    scans: [
      [0, { cu: true, ld: true }, { cvu: 1, qu: false, cvd: 2, qd: false }],
      [1, { cu: false, ld: false }, { cvu: 1, qu: false, cvd: 2, qd: false }],
      [2, { cu: true, cd: true }, { cvu: 2, qu: false, cvd: 1, qd: false }],
      [3, {}, { cvu: 2, qu: false, cvd: 1, qd: false }],
      [4, { cu: false, cd: false }, { cvu: 2, qu: false, cvd: 1, qd: false }],
      [5, { cu: true, cd: true }, { cvu: 3, qu: true, cvd: 0, qd: true }],
      [6, { cu: false, cd: false }, { cvu: 3, qu: true, cvd: 0, qd: true }],
      [7, { cu: true, cd: true }, { cvu: 4, qu: true, cvd: -1, qd: true }],
      [8, { r: true, ld: true }, { cvu: 0, qu: false, cvd: 2, qd: false }],
      [9, { r: false, cu: false }, { cvu: 0, qu: false, cvd: 2, qd: false }],
    ],
  },
  {
    name: "SR is set-dominant, RS is reset-dominant, both hold",
    src: bistables,
    scans: [
      [0, { s: false, r: false }, { sr_q: false, rs_q: false }],
      [1, { s: true }, { sr_q: true, rs_q: true }],
      [2, { s: false }, { sr_q: true, rs_q: true }],
      [3, { s: true, r: true }, { sr_q: true, rs_q: false }],
      [4, { s: false, r: true }, { sr_q: false, rs_q: false }],
      [5, { r: false }, { sr_q: false, rs_q: false }],
    ],
  },
];

describe("standard function blocks per scan", () => {
  for (const c of cases) {
    it(c.name, () => {
      expect(runScans(c.src, c.scans)).toEqual(c.scans.map((s) => s[2]));
    });
  }

  it("timers keep counting across snapshot and restore", () => {
    const plc = createSoftPlc(timer("TON"), { scanTimeUs: 10_000 });
    plc.scan(0, { x: true });
    plc.scan(ms(40), {});
    const snap = structuredClone(plc.snapshot());
    expect(plc.scan(ms(100), {}).outputs).toEqual({ q: true, et: ms(100) });
    plc.restore(snap);
    expect(plc.scan(ms(90), {}).outputs).toEqual({ q: false, et: ms(90) });
    expect(plc.read("t.ET")).toBe(ms(90));
  });
});
