import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { type CellController, createCellController } from "../sim/plc/cell-controller";
import { createSoftPlc } from "../sim/plc/soft-plc";
import { applyToyCell, createToyCell, readToyCell, stepToyCell } from "../sim/plc/toy-cell";
import { loadPlcProfile } from "./load";

const dir = import.meta.dirname;
const SCAN = 10_000;
const END = 120_000_000;

/** Door open from 30 s to 33 s. */
const doorAt = (t: number) => t < 30_000_000 || t >= 33_000_000;

function internalRun(file: string) {
  const { profile, program } = loadPlcProfile(join(dir, file), dir);
  const ctrl = createCellController(profile, program);
  return drive(ctrl, () => {});
}

/** The same ST program running in an "external PLC" that reads the inputs and writes the outputs. */
function externalRun() {
  const { profile } = loadPlcProfile(join(dir, "conveyor-robot-cell-external.yaml"), dir);
  const { program } = loadPlcProfile(join(dir, "conveyor-robot-cell-s7.yaml"), dir);
  const ctrl = createCellController(profile, null);
  const remote = createSoftPlc(program!, { scanTimeUs: SCAN });
  const inputs = profile.signals.filter((s) => s.direction === "input");
  return drive(ctrl, (t) => {
    const r = remote.scan(t, Object.fromEntries(inputs.map((s) => [s.variable, ctrl.value(s.variable)])));
    for (const [name, v] of Object.entries(r.outputs)) ctrl.writeOutput(name, v, t);
  });
}

function drive(ctrl: CellController, afterScan: (t: number) => void) {
  const cell = createToyCell();
  const alarms: [number, string][] = [];
  for (let t = 0; t <= END; t += SCAN) {
    cell.doorClosed = doorAt(t);
    const r = ctrl.scan(t, (s) => readToyCell(cell, s));
    if (r.alarm) alarms.push([t, r.alarm.code]);
    applyToyCell(cell, r.outputs, t);
    afterScan(t);
    stepToyCell(cell, t, SCAN);
  }
  return { completed: cell.completed, arrivals: cell.arrivals, alarms, count: ctrl.value("Cell_PartCount") };
}

describe("the conveyor + robot cell, soft PLC vs external controller", () => {
  const internal = internalRun("conveyor-robot-cell-s7.yaml");

  it("runs parts through under its ST program (first two completions hand-checked)", () => {
    // part 1 reaches the photo-eye at 3.01 s, robot starts 3.02 s, done 5.02 s, machine 5.03 s → 10.03 s
    // part 2 waits at the eye from 10.00 s, machine ready 10.03 s, robot 10.04–12.04 s, machine 12.05 s → 17.05 s
    expect(internal.completed.slice(0, 2)).toEqual([10_030_000, 17_050_000]);
    expect(internal.completed.length).toBeGreaterThan(10);
    expect(internal.alarms).toEqual([]);
  });

  it("every controller family runs the same program to the same parts at the same times", () => {
    for (const f of ["twincat", "codesys", "logix"]) {
      expect(internalRun(`conveyor-robot-cell-${f}.yaml`)).toEqual(internal);
    }
  });

  it("the same program run outside, writing through the external control source, gives the same parts at the same times", () => {
    expect(externalRun()).toEqual(internal);
  });
});
