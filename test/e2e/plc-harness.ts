/**
 * What the virtual-commissioning tests share: the reference run under the internal soft PLC, the
 * "external PLC" (the cell's own ST program run by the test, wired to the twin only through the
 * protocol under test), and the lockstep loop.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { loadScenarioFile } from "../../app/scenario-files";
import type { PlcSignal, SimEvent } from "../../sim/index";
import { Simulation } from "../../sim/index";
import { createSoftPlc, type PlcValue } from "../../sim/plc/index";

export const ROOT = join(import.meta.dirname, "..", "..");
export const S = 1e6;

export const scenario = (name: string) => new Simulation(loadScenarioFile(join(ROOT, "scenarios", name)));

export const completions = (evs: readonly SimEvent[]) =>
  evs.filter((e) => e.type === "PartCompleted").map((e) => e.t);

/** PartCompleted times (µs) of plc-cell.yaml under its internal soft PLC up to `endUs`. */
export function internalRun(endUs: number): number[] {
  const sim = scenario("plc-cell.yaml");
  sim.advanceTo(endUs);
  return completions(sim.drainEvents());
}

/** The external controller: conveyor-robot-cell.st in a soft PLC of the test's own. */
export function externalPlc(scanTimeUs: number) {
  const text = readFileSync(join(ROOT, "plc-profiles", "conveyor-robot-cell.st"), "utf8");
  return createSoftPlc(text, { scanTimeUs });
}

export interface LockstepIo {
  /** read the cell's inputs over the wire, right after the scan at `tUs` */
  readInputs(inputs: readonly PlcSignal[]): Promise<Record<string, PlcValue>>;
  /** write the controller's outputs over the wire, before the next scan at `tUs` + scan time */
  writeOutputs(outputs: readonly PlcSignal[], values: Record<string, PlcValue>, tUs: number): Promise<void>;
}

/**
 * Runs plc-cell-external.yaml scan by scan up to `endUs`: the test advances the simulation to each
 * scan time itself (so no wall clock is involved), reads the inputs over the wire, runs the external
 * controller, writes its outputs over the wire. Returns the PartCompleted times and every event.
 */
export async function lockstep(sim: Simulation, endUs: number, io: LockstepIo) {
  const ctrl = sim.plcController;
  if (ctrl === null) throw new Error("the scenario has no PLC cell");
  const inputs = ctrl.profile.signals.filter((s) => s.direction === "input");
  const outputs = ctrl.profile.signals.filter((s) => s.direction === "output");
  const remote = externalPlc(ctrl.scanTimeUs);
  const events: SimEvent[] = [];
  for (let t = 0; t <= endUs; t += ctrl.scanTimeUs) {
    sim.advanceTo(t);
    events.push(...sim.drainEvents());
    const r = remote.scan(t, await io.readInputs(inputs));
    if (!r.ok) throw new Error(`external PLC faulted: ${r.fault.message}`);
    await io.writeOutputs(outputs, r.outputs, t);
  }
  return { times: completions(events), events };
}

/** µs between two writes of unchanged outputs: well inside the external profile's 500 ms watchdog */
export const KEEPALIVE_US = 100_000;

/**
 * Write-on-change with a keep-alive, as Modbus masters and OPC UA clients of PLCs usually do: an
 * output written once stays until the next write, so skipping unchanged values changes nothing in the
 * cell, and the keep-alive keeps the watchdog quiet. Saves the tests most of their round trips.
 */
export function changeFilter() {
  let last = "";
  let lastUs = Number.NEGATIVE_INFINITY;
  return (values: unknown, tUs: number): boolean => {
    const key = JSON.stringify(values);
    if (key === last && tUs - lastUs < KEEPALIVE_US) return false;
    last = key;
    lastUs = tUs;
    return true;
  };
}
