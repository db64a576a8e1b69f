import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { loadPlcProfile } from "../plc-profiles/load";
import { createCellController } from "../sim/plc/cell-controller";
import { compileSt } from "../sim/plc/compile";
import { createSoftPlc } from "../sim/plc/soft-plc";
import { applyToyCell, createToyCell, readToyCell, stepToyCell } from "../sim/plc/toy-cell";
import type { Bench } from "./index";

const SCAN_US = 10_000;

function rate(n: number, ms: number): string {
  return `${Math.round((n / ms) * 1000).toLocaleString("en-US")}/s`;
}

/** Scans per second of the shipped conveyor + robot cell program, bare and inside a cell controller. */
export const bench: Bench = {
  name: "plc",
  async run() {
    const { profile, program, programText } = loadPlcProfile(
      join(import.meta.dirname, "..", "plc-profiles", "conveyor-robot-cell-s7.yaml"),
    );

    let t0 = performance.now();
    const compiles = 200;
    for (let i = 0; i < compiles; i++) compileSt(programText!);
    const compileMs = (performance.now() - t0) / compiles;
    process.stdout.write(`compile conveyor-robot-cell.st: ${compileMs.toFixed(3)} ms\n`);

    // bare soft PLC, inputs changing every few scans so every branch runs
    const plc = createSoftPlc(program!, { scanTimeUs: SCAN_US });
    const n = 1_000_000;
    const inputs = [
      { Conveyor1_PhotoEye: false, Robot1_Done: false, Machine1_Ready: true, Cell_DoorClosed: true },
      { Conveyor1_PhotoEye: true, Robot1_Done: false, Machine1_Ready: true, Cell_DoorClosed: true },
      { Conveyor1_PhotoEye: false, Robot1_Done: true, Machine1_Ready: true, Cell_DoorClosed: true },
      { Conveyor1_PhotoEye: false, Robot1_Done: false, Machine1_Ready: false, Cell_DoorClosed: true },
    ];
    t0 = performance.now();
    for (let i = 0; i < n; i++) plc.scan(i * SCAN_US, inputs[(i >> 3) & 3]!);
    const bareMs = performance.now() - t0;
    process.stdout.write(
      `soft PLC scan (4 inputs, 7 outputs): ${rate(n, bareMs)}, ${((bareMs * 1000) / n).toFixed(3)} µs/scan\n`,
    );

    // cell controller + toy cell: one simulated hour at 10 ms scans
    const ctrl = createCellController(profile, program);
    const cell = createToyCell();
    const scans = 3600 * 100;
    t0 = performance.now();
    for (let k = 0; k < scans; k++) {
      const t = k * SCAN_US;
      const r = ctrl.scan(t, (s) => readToyCell(cell, s));
      applyToyCell(cell, r.outputs, t);
      stepToyCell(cell, t, SCAN_US);
    }
    const cellMs = performance.now() - t0;
    process.stdout.write(
      `cell controller + toy cell, 1 h at 10 ms scans: ${cellMs.toFixed(0)} ms (${rate(scans, cellMs)}, ` +
        `${Math.round(3_600_000 / cellMs)}x real time), ${cell.completed.length} parts\n`,
    );
  },
};
