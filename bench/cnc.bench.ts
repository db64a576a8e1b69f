import { performance } from "node:perf_hooks";
import {
  CncMachine,
  emptySample,
  formatGcodeError,
  interpret,
  parseGcode,
  planToolpath,
  VMC_3AXIS,
} from "../sim/cnc/index";
import type { Bench } from "./index";

/**
 * A CAM-style program of about `lines` lines: 3D-surfacing zig-zags in short G1 steps (what look-ahead
 * is for), pocket corners as G2/G3 arcs, and canned drilling, with N numbers and comments.
 */
function generateProgram(lines: number): string {
  const out: string[] = [
    "%",
    "O5000 (GENERATED SURFACING PROGRAM)",
    "G21 G17 G40 G49 G80 G90 G94 G64",
    "T2 M6",
    "G54 G0 X-40. Y-25. S8000 M3",
    "G43 H2 Z10. M8",
  ];
  let n = 10;
  let pass = 0;
  while (out.length < lines - 12) {
    const y = -25 + (pass % 50);
    out.push(`N${n} G1 Z-1. F800 (PASS ${pass})`);
    n += 10;
    let x = 0;
    for (let k = 0; k <= 80 && out.length < lines - 12; k++) {
      x = pass % 2 === 0 ? -40 + k : 40 - k;
      const z = -1 - 0.5 * Math.sin((x + y) / 7);
      out.push(`N${n} X${x.toFixed(3)} Y${y.toFixed(3)} Z${z.toFixed(4)} F2400`);
      n += 10;
    }
    out.push(`N${n} G2 X${x.toFixed(3)} Y${(y + 1).toFixed(3)} R0.5`);
    n += 10;
    if (pass % 10 === 9) {
      out.push(
        `N${n} G0 Z5.`,
        `N${n + 10} G99 G81 X0. Y0. Z-5. R2. F300`,
        `N${n + 20} X10.`,
        `N${n + 30} G80`,
      );
      n += 40;
    }
    pass++;
  }
  out.push("G0 Z25. M9", "G91 G28 Z0.", "G90", "M30", "%");
  return out.join("\n");
}

function timed<T>(fn: () => T): [T, number] {
  const t0 = performance.now();
  const r = fn();
  return [r, (performance.now() - t0) / 1000];
}

export const bench: Bench = {
  name: "cnc",
  async run() {
    const text = generateProgram(100_000);
    const rate = (n: number, s: number) => `${Math.round(n / s).toLocaleString("en-US")}/s`;
    // One warm-up round so the figures are for JIT-compiled code.
    planToolpath(interpret(parseGcode(text).program, VMC_3AXIS).ops, VMC_3AXIS);
    const [parsed, parseS] = timed(() => parseGcode(text));
    const lines = parsed.program.lineCount;
    const [run, interpS] = timed(() => interpret(parsed.program, VMC_3AXIS));
    const bad = [...parsed.errors, ...run.errors][0];
    if (bad !== undefined) throw new Error(`generated program: ${formatGcodeError(bad)}`);
    const [plan, planS] = timed(() => planToolpath(run.ops, VMC_3AXIS));
    const total = parseS + interpS + planS;
    process.stdout.write(
      `program: ${lines.toLocaleString("en-US")} lines, ${run.ops.length.toLocaleString("en-US")} ops, ${plan.data.count.toLocaleString("en-US")} segments, cycle time ${(plan.totalUs / 3.6e9).toFixed(2)} h\n` +
        `parse      ${(parseS * 1000).toFixed(0).padStart(6)} ms  ${rate(lines, parseS)} lines\n` +
        `interpret  ${(interpS * 1000).toFixed(0).padStart(6)} ms  ${rate(lines, interpS)} lines\n` +
        `plan       ${(planS * 1000).toFixed(0).padStart(6)} ms  ${rate(lines, planS)} lines\n` +
        `all three  ${(total * 1000).toFixed(0).padStart(6)} ms  ${rate(lines, total)} lines parsed and planned\n`,
    );
    const out = emptySample();
    const samples = 1_000_000;
    const step = plan.totalUs / samples;
    const [, sampleS] = timed(() => {
      for (let i = 0; i < samples; i++) plan.sample(i * step, out);
    });
    process.stdout.write(
      `sample(t)  ${(sampleS * 1000).toFixed(0).padStart(6)} ms  ${rate(samples, sampleS)} samples (binary search, no allocation)\n`,
    );
    const m = CncMachine.create({ id: "bench", machine: VMC_3AXIS });
    m.load("O5000", text, 0);
    m.cycleStart(0);
    const stepUs = Math.round(plan.totalUs / 100_000);
    const [, machineS] = timed(() => {
      for (let i = 1; i <= 100_000; i++) {
        if (i % 1000 === 0) m.setFeedOverride(i * stepUs, 80 + (i % 7000) / 100);
        m.sample(i * stepUs, out);
      }
    });
    process.stdout.write(
      `machine    ${(machineS * 1000).toFixed(0).padStart(6)} ms  ${rate(100_000, machineS)} samples through the override clock (100 override changes)\n`,
    );
  },
};
