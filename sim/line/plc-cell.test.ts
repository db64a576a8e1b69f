import { readFileSync } from "node:fs";
import { dirname, relative, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { EventLogHash } from "../event-log";
import type { SimEvent } from "../events";
import { createSoftPlc } from "../plc/soft-plc";
import { parseScenario } from "../scenario/parse";
import { Simulation } from "../simulation";

const S = 1e6;
function load(path: string) {
  return parseScenario(readFileSync(path, "utf8"), path, (ref, from) => {
    const f = relative(process.cwd(), resolve(dirname(from), ref));
    return { text: readFileSync(f, "utf8"), fileName: f };
  });
}
const done = (evs: SimEvent[]) => evs.filter((e) => e.type === "PartCompleted").map((e) => e.t);

describe("a cell under PLC control", () => {
  it("runs under its Structured Text program: one part per feeder cycle, deterministically", () => {
    const sc = load("scenarios/plc-cell.yaml");
    const a = new Simulation(sc);
    a.advanceTo(600 * S);
    const evs = a.drainEvents();
    const times = done(evs);
    expect(times.length).toBeGreaterThan(80);
    // the feeder is the bottleneck (7 s); the PLC's 10 ms scans make each cycle 7.02 s
    const gaps = times.slice(5).map((t, i) => t - times[i + 4]!);
    for (const g of gaps) expect(g).toBe(7.02 * S);
    const sig = evs
      .filter((e) => e.type === "SignalChanged")
      .map((e) => (e.type === "SignalChanged" ? e.signal : ""));
    expect(new Set(sig)).toEqual(new Set(["cv1/run", "cv1/speed", "r1/start", "m1/start"]));
    const b = new Simulation(sc);
    b.advanceTo(600 * S);
    const ha = new EventLogHash();
    ha.add(evs);
    const hb = new EventLogHash();
    hb.add(b.drainEvents());
    expect(hb.digest()).toBe(ha.digest());
  });

  it("an open guard door stops the cell and raises the PLC's alarm; closing it resumes", () => {
    const sim = new Simulation(load("scenarios/plc-cell.yaml"));
    sim.advanceTo(100 * S);
    sim.drainEvents();
    expect(sim.submit({ type: "setSignal", entity: "cell1", signal: "doorClosed", value: false }).ok).toBe(
      true,
    );
    sim.advanceTo(200 * S);
    const open = sim.drainEvents();
    expect(open.find((e) => e.type === "AlarmRaised")).toMatchObject({ entity: "cell1", code: "PLC_ALARM" });
    // at most the part already in the machine finishes
    expect(done(open).length).toBeLessThanOrEqual(1);
    sim.submit({ type: "setSignal", entity: "cell1", signal: "doorClosed", value: true });
    sim.advanceTo(300 * S);
    const closed = sim.drainEvents();
    expect(closed.some((e) => e.type === "AlarmCleared")).toBe(true);
    expect(done(closed).length).toBeGreaterThan(10);
  });

  it("a stuck photo-eye (forced) starves the robot; releasing the force recovers", () => {
    const sim = new Simulation(load("scenarios/plc-cell.yaml"));
    const cell = sim.plcController!.profile.id;
    sim.advanceTo(50 * S);
    expect(sim.submit({ type: "forcePlcSignal", cell, signal: "Conveyor1_PhotoEye", value: false }).ok).toBe(
      true,
    );
    expect(sim.submit({ type: "forcePlcSignal", cell, signal: "NoSuchSignal", value: true })).toMatchObject({
      ok: false,
      code: "SIM_ERR_UNKNOWN_SIGNAL",
    });
    sim.drainEvents();
    sim.advanceTo(150 * S);
    expect(done(sim.drainEvents()).length).toBeLessThanOrEqual(1);
    sim.submit({ type: "forcePlcSignal", cell, signal: "Conveyor1_PhotoEye", value: null });
    sim.advanceTo(250 * S);
    expect(done(sim.drainEvents()).length).toBeGreaterThan(10);
  });

  it("the same program run outside, writing outputs after each scan, makes the same parts at the same times", () => {
    const internal = new Simulation(load("scenarios/plc-cell.yaml"));
    internal.advanceTo(300 * S);
    const expected = done(internal.drainEvents());

    const sim = new Simulation(load("scenarios/plc-cell-external.yaml"));
    const ctrl = sim.plcController!;
    const remote = createSoftPlc(readFileSync("plc-profiles/conveyor-robot-cell.st", "utf8"), {
      scanTimeUs: ctrl.scanTimeUs,
    });
    const inputs = ctrl.profile.signals.filter((s) => s.direction === "input");
    const outputs = ctrl.profile.signals.filter((s) => s.direction === "output");
    const got: number[] = [];
    for (let t = 0; t <= 300 * S; t += ctrl.scanTimeUs) {
      sim.advanceTo(t);
      got.push(...done(sim.drainEvents()));
      const r = remote.scan(t, Object.fromEntries(inputs.map((s) => [s.variable, ctrl.value(s.variable)])));
      for (const s of outputs) {
        const v = r.outputs[s.variable];
        if (v !== undefined)
          expect(
            sim.submit({ type: "writePlcOutput", cell: ctrl.profile.id, signal: s.variable, value: v }).ok,
          ).toBe(true);
      }
    }
    expect(got).toEqual(expected);
    expect(got.length).toBeGreaterThan(35);
  });

  it("an external controller that falls silent trips the watchdog into the safe state", () => {
    const sim = new Simulation(load("scenarios/plc-cell-external.yaml"));
    sim.advanceTo(2 * S);
    const evs = sim.drainEvents();
    expect(evs.find((e) => e.type === "PlcFaulted")).toMatchObject({ code: "PLC_ERR_EXTERNAL_WATCHDOG" });
    expect(done(evs)).toEqual([]);
  });
});
