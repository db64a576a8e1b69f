import { describe, expect, it } from "vitest";
import { machineById } from "../cnc/machine-library";
import { compileProgram } from "../cnc/program";
import { EventLogHash } from "../event-log";
import type { SimEvent } from "../events";
import { parseScenario } from "../scenario/parse";
import { Simulation } from "../simulation";

const S = 1e6;
const PROGRAM = `%
O1 (SQUARE AND TWO HOLES)
N10 G21 G17 G90 G94
N20 T1 M6
N30 G54 G0 X0 Y0 S3000 M3
N40 G43 H1 Z5.
N50 G1 Z-1. F300
N60 X50. F600
N70 Y50.
N80 X0.
N90 Y0.
N100 G0 Z5.
N110 G81 X10. Y10. Z-5. R2. F200
N120 X40.
N130 G80
N140 G0 Z50.
N150 M30
%
`;
const files: Record<string, string> = { "part.nc": PROGRAM };
const load = (ref: string) => {
  const text = files[ref];
  if (text === undefined) throw new Error("ENOENT");
  return { text, fileName: ref };
};
const SCENARIO = `name: cnc cell
products: [{ id: p }]
sources: [{ id: src, product: p, interarrival: 10 min, firstArrival: 10s, to: mill }]
stations:
  - { id: mill, kind: cnc, machine: vmc-3axis, program: part.nc, to: out }
sinks: [{ id: out }]
`;
const planned = compileProgram(PROGRAM, machineById("vmc-3axis")!).plan!.totalUs;

function completed(evs: SimEvent[]) {
  return evs.filter((e) => e.type === "OperationCompleted");
}

describe("CNC stations run their NC program", () => {
  it("takes the program's planned cycle time and names program and tools", () => {
    const sim = new Simulation(parseScenario(SCENARIO, "cell.yaml", load));
    sim.advanceTo(30 * 60 * S);
    const evs = sim.drainEvents();
    const ops = completed(evs);
    expect(ops.length).toBe(3);
    const times = ops.map((op) => (op.type === "OperationCompleted" ? op.processUs : 0));
    for (const op of ops)
      expect(op).toMatchObject({ station: "mill", program: "part.nc", tool: "T1", result: "good" });
    // within 1 % of the plan from the home position: later cycles start where the last one left the axes
    for (const t of times) expect(Math.abs(t - planned) / planned).toBeLessThan(0.01);
    expect(times[2]).toBe(times[1]);
    expect(evs.some((e) => e.type === "CncStateChanged" && e.program === "Running")).toBe(true);
    // the axes move along the programmed path while the cycle runs
    const m = sim.cncMachine("mill")!;
    expect(m.state.cyclesCompleted).toBe(3);
  });

  it("a feed override halfway through a cycle stretches what is left of it", () => {
    const sim = new Simulation(parseScenario(SCENARIO, "cell.yaml", load));
    const start = 10 * S;
    sim.advanceTo(start + planned / 2);
    expect(sim.submit({ type: "setOverride", entity: "mill", override: "feed", pct: 50 }).ok).toBe(true);
    expect(sim.submit({ type: "setOverride", entity: "mill", override: "feed", pct: 151 })).toMatchObject({
      ok: false,
      code: "SIM_ERR_OUT_OF_RANGE",
    });
    sim.advanceTo(start + 3 * planned);
    const op = completed(sim.drainEvents())[0];
    expect(op?.type === "OperationCompleted" && op.processUs).toBeGreaterThan(planned * 1.2);
    expect(op?.type === "OperationCompleted" && op.processUs).toBeLessThan(planned * 2);
  });

  it("an aborted program scraps the part in the machine", () => {
    const sim = new Simulation(parseScenario(SCENARIO, "cell.yaml", load));
    sim.advanceTo(20 * S);
    expect(sim.submit({ type: "abortProgram", entity: "mill" }).ok).toBe(true);
    sim.advanceTo(21 * S);
    const evs = sim.drainEvents();
    expect(completed(evs)[0]).toMatchObject({ result: "scrap" });
    expect(evs.some((e) => e.type === "PartScrapped")).toBe(true);
    expect(sim.submit({ type: "abortProgram", entity: "mill" })).toMatchObject({
      ok: false,
      code: "SIM_ERR_STATE",
    });
  });

  it("snapshot and restore in the middle of a cycle continue identically", () => {
    const sc = parseScenario(SCENARIO, "cell.yaml", load);
    const a = new Simulation(sc);
    const ha = new EventLogHash();
    a.advanceTo(60 * S);
    ha.add(a.drainEvents());
    const snap = a.snapshot();
    a.advanceTo(3600 * S);
    ha.add(a.drainEvents());
    const b = new Simulation(sc);
    b.restore(snap);
    b.advanceTo(3600 * S);
    const hb = new EventLogHash();
    const early = new Simulation(sc);
    early.advanceTo(60 * S);
    hb.add(early.drainEvents());
    hb.add(b.drainEvents());
    expect(hb.digest()).toBe(ha.digest());
  });

  it("a program that does not fit the machine is refused when the scenario loads, naming the NC line", () => {
    files["bad.nc"] = "%\nO2\nG21 G90\nG0 X5000.\nM30\n%\n";
    expect(() => parseScenario(SCENARIO.replace("part.nc", "bad.nc"), "cell.yaml", load)).toThrow(
      /cell\.yaml:5:\d+ stations\[0\]\.program: NC program does not run on vmc-3axis: bad\.nc: line 4/,
    );
    expect(() => parseScenario(SCENARIO.replace("part.nc", "missing.nc"), "cell.yaml", load)).toThrow(
      /cannot read NC program "missing.nc": ENOENT/,
    );
    expect(() => parseScenario(SCENARIO.replace("vmc-3axis", "vmc-9axis"), "cell.yaml", load)).toThrow(
      /unknown machine "vmc-9axis"/,
    );
  });
});
