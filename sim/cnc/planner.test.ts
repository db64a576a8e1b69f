import { describe, expect, it } from "vitest";
import { arcLength } from "./arc";
import { formatGcodeError } from "./errors";
import type { MachineDefinition } from "./machine-types";
import type { PlannedProgram } from "./plan-data";
import { type CompileOptions, compileProgram } from "./program";
import { restToRest, TEST_MILL } from "./test-fixtures";

function plan(
  text: string,
  options: CompileOptions = {},
  machine: MachineDefinition = TEST_MILL,
): PlannedProgram {
  const c = compileProgram(text, machine, options);
  expect(c.errors.map(formatGcodeError)).toEqual([]);
  return c.plan!;
}

/** Cycle time in s, asserted within 1 % of the hand-computed reference. */
function expectCycle(p: PlannedProgram, referenceS: number): void {
  const s = p.totalUs / 1e6;
  expect(Math.abs(s - referenceS) / referenceS).toBeLessThan(0.01);
}

const A = 2; // m/s², every axis of TEST_MILL
const RAMP_1000 = 0.1; // s: 1,000 rpm at 10,000 rpm per second

describe("cycle times against hand-computed values", () => {
  const square = "G21 G90 G94 G17 G61\nS1000 M3\nG1 X100 F6000\nY100\nG0 X0 Y0\nM5\nM30";

  it("straight moves in exact stop: two feeds, one diagonal rapid, two spindle ramps", () => {
    // Feed 6000 mm/min = 0.1 m/s over 100 mm; the diagonal rapid is limited by both axes at once:
    // v = 0.5/cos45°, a = 2/cos45° along the path, 141.4 mm long (never reaches speed).
    const diag = Math.hypot(0.1, 0.1);
    const ref =
      RAMP_1000 +
      2 * restToRest(0.1, 0.1, A) +
      restToRest(diag, 0.5 * Math.SQRT2, A * Math.SQRT2) +
      RAMP_1000;
    expect(ref).toBeCloseTo(2.7472, 4);
    expectCycle(plan(square), ref);
  });

  it("feed override 50 % halves feeds; rapid override 50 % halves rapids", () => {
    const diag = Math.hypot(0.1, 0.1);
    const feedHalf =
      2 * RAMP_1000 + 2 * restToRest(0.1, 0.05, A) + restToRest(diag, 0.5 * Math.SQRT2, A * Math.SQRT2);
    expectCycle(plan(square, { feedOverridePct: 50 }), feedHalf);
    const rapidHalf =
      2 * RAMP_1000 + 2 * restToRest(0.1, 0.1, A) + restToRest(diag, 0.25 * Math.SQRT2, A * Math.SQRT2);
    expectCycle(plan(square, { rapidOverridePct: 50 }), rapidHalf);
  });

  it("continuous path runs through collinear blocks without stopping", () => {
    const split = plan("G64 S1000 M3\nG1 X25 F6000\nX50\nX75\nX100\nM5\nM30");
    expectCycle(split, 2 * RAMP_1000 + restToRest(0.1, 0.1, A));
    const exact = plan("G61 S1000 M3\nG1 X25 F6000\nX50\nX75\nX100\nM5\nM30");
    expectCycle(exact, 2 * RAMP_1000 + 4 * restToRest(0.025, 0.1, A));
  });

  it("continuous path slows to the junction-deviation speed at a 90° corner", () => {
    // v_j² = a·δ·sin(θ/2)/(1 − sin(θ/2)) with θ = 90°, δ = 0.01 mm (TEST_MILL), a = 2 m/s²
    const sinHalf = Math.SQRT1_2;
    const vj = Math.sqrt((A * 0.01e-3 * sinHalf) / (1 - sinHalf));
    expect(vj).toBeCloseTo(0.0069487, 6);
    const v = 0.1;
    // 100 mm each: accelerate 0 → v, cruise, decelerate v → vj; then the mirror image
    const leg = v / A + (v - vj) / A + (0.1 - v ** 2 / (2 * A) - (v ** 2 - vj ** 2) / (2 * A)) / v;
    expectCycle(plan("G64 S1000 M3\nG1 X100 F6000\nY100\nM5\nM30"), 2 * RAMP_1000 + 2 * leg);
  });

  it("a full circle at feed, and a small circle held back by the centripetal limit v = √(a·r)", () => {
    const big = plan("S1000 M3\nG0 X10\nG1 X10 F6000\nG3 I-10\nM5\nM30");
    const rapidIn = restToRest(0.01, 0.5, A);
    expectCycle(big, 2 * RAMP_1000 + rapidIn + restToRest(2 * Math.PI * 0.01, 0.1, A));
    const small = plan("S1000 M3\nG0 X2\nG2 I-2 F6000\nM5\nM30");
    const vc = Math.sqrt(A * 0.002); // 0.063 m/s < 0.1 m/s programmed
    expectCycle(small, 2 * RAMP_1000 + restToRest(0.002, 0.5, A) + restToRest(2 * Math.PI * 0.002, vc, A));
  });

  it("a drilling pattern of three G81 holes with G99, a dwell and a tool change", () => {
    const text = [
      "T1 M6",
      "S1000 M3",
      "G0 X0 Y0 Z20",
      "G99 G81 X10 Z-10 R2 F600",
      "X20",
      "X30",
      "G80 G4 P500",
      "M30",
    ].join("\n");
    const v = 0.01; // 600 mm/min
    const xStep = restToRest(0.01, 0.5, A);
    const ref =
      2 + // tool change
      2 * RAMP_1000 + // spindle up, and down at M30
      restToRest(0.02, 0.5, A) + // Z0 → Z20
      3 * xStep + // to each hole
      restToRest(0.018, 0.5, A) + // Z20 → R2, first hole only (G99 stays at R)
      3 * restToRest(0.012, v, A) + // feed R2 → Z-10
      3 * restToRest(0.012, 0.5, A) + // rapid back to R
      0.5; // G4 P500 = 500 ms
    expectCycle(plan(text), ref);
  });

  it("per-revolution feed follows the spindle override", () => {
    const text = "G95 S1000 M3\nG1 X100 F0.1\nM5\nM30"; // 0.1 mm/rev × 1000 rpm = 100 mm/min
    expectCycle(plan(text), 2 * RAMP_1000 + restToRest(0.1, 0.1 / 60, A));
    const slow = plan(text, { spindleOverridePct: 50 });
    expectCycle(slow, 2 * 0.05 + restToRest(0.1, 0.05 / 60, A));
  });
});

describe("arc lengths", () => {
  it.each([
    ["quarter circle, R format", "G2 X10 Y0 R10", (Math.PI / 2) * 0.01],
    ["half circle, I/J", "G2 X20 Y10 I10 J0", Math.PI * 0.01],
    ["three quarters, negative R", "G2 X10 Y0 R-10", ((3 * Math.PI) / 2) * 0.01],
    ["full circle", "G3 I5", 2 * Math.PI * 0.005],
    ["helix, one turn rising 5 mm", "G3 I10 Z5", Math.hypot(2 * Math.PI * 0.01, 0.005)],
  ])("%s", (_name, arc, expected) => {
    const p = plan(`S1000 M3\nG0 X0 Y10\nG1 X0 F100\n${arc}\nM5\nM30`);
    expect(p.stats.cuttingM).toBeCloseTo(expected, 12);
  });

  it("arcLength is planar r·θ without rise and the helix hypotenuse with it", () => {
    expect(arcLength(0.01, Math.PI, 0)).toBeCloseTo(0.0314159265, 9);
    expect(arcLength(0.01, -2 * Math.PI, 0.03)).toBeCloseTo(Math.hypot(0.0628318531, 0.03), 9);
  });
});

describe("sample(t)", () => {
  const text = [
    "G64 S1000 M3",
    "G0 X10 Y10 Z5",
    "G1 Z-1 F300",
    "X40",
    "G2 X50 Y0 R10",
    "G3 X60 Y-10 I10",
    "G1 X60 Y-30 Z-2",
    "G0 Z5",
    "M30",
  ].join("\n");
  const programmed: [number, [number, number, number]][] = [
    [2, [10, 10, 5]],
    [3, [10, 10, -1]],
    [4, [40, 10, -1]],
    [5, [50, 0, -1]],
    [6, [60, -10, -1]],
    [7, [60, -30, -2]],
    [8, [60, -30, 5]],
  ];

  it("reaches every programmed point at the end time of its block", () => {
    const p = plan(text);
    const d = p.data;
    for (const [line, [x, y, z]] of programmed) {
      let last = -1;
      for (let i = 0; i < d.count; i++) if (d.line[i] === line) last = i;
      const s = p.sample(d.startUs[last + 1]!);
      expect([s.x * 1000, s.y * 1000, s.z * 1000]).toEqual([x, y, z].map((v) => expect.closeTo(v, 9)));
    }
  });

  it("starts at home, ends at the last point, reports line, tool, spindle and feed state", () => {
    const p = plan(text);
    const start = p.sample(0);
    expect([start.x, start.y, start.z, start.feedState, start.line]).toEqual([0, 0, 0, "spindleRamp", 1]);
    const end = p.sample(p.totalUs + 1e6);
    expect([end.x, end.y * 1000, end.z * 1000, end.feedState, end.spindleRpm]).toEqual([
      0.06,
      -30,
      5,
      "idle",
      0,
    ]);
    const d = p.data;
    const arc = Array.from(d.line).indexOf(5);
    const mid = p.sample((d.startUs[arc]! + d.startUs[arc + 1]!) / 2);
    expect(mid.line).toBe(5);
    expect(mid.feedState).toBe("feed");
    expect(mid.spindleRpm).toBe(1000);
    expect(Math.hypot(mid.x - 0.04, mid.y - 0)).toBeCloseTo(0.01, 12); // on the R10 arc about (40, 0)
  });

  it("fills the caller's object without allocating a new one", () => {
    const p = plan(text);
    const out = p.sample(0);
    expect(p.sample(p.totalUs / 3, out)).toBe(out);
  });
});
