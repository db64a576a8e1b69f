/// <reference types="vite/client" />
import { beforeAll, describe, expect, it } from "vitest";
import reference from "../../scenarios/assembly-manual.yaml?raw";
import { EventLogHash } from "../event-log";
import { parseScenario } from "../scenario/parse";
import type { Scenario } from "../scenario/schema";
import { Simulation } from "../simulation";
import { initPhysics } from "./rapier";

const HOUR = 3600e6;

beforeAll(async () => {
  await initPhysics();
});

/** The reference assembly line (one 4 m transfer belt between deburring and the press), at a fidelity. */
function line(fidelity: "flow" | "physics"): Scenario {
  return { ...parseScenario(reference, "scenarios/assembly-manual.yaml"), fidelity };
}

function run(sim: Simulation, untilUs: number, hash: EventLogHash): number {
  let done = 0;
  for (let t = sim.now + HOUR; ; t += HOUR) {
    sim.advanceTo(Math.min(t, untilUs));
    const evs = sim.drainEvents();
    hash.add(evs);
    done += evs.filter((e) => e.type === "PartCompleted").length;
    if (t >= untilUs) return done;
  }
}

describe("physics and flow fidelity", () => {
  it("agree on the reference line's throughput over the early shift within 2 %", { timeout: 120_000 }, () => {
    const flow = run(new Simulation(line("flow")), 8 * HOUR, new EventLogHash());
    const phys = new Simulation(line("physics"));
    const physics = run(phys, 8 * HOUR, new EventLogHash());
    expect(flow).toBeGreaterThan(300); // a real shift's output, not an empty run
    expect(Math.abs(physics - flow) / flow).toBeLessThanOrEqual(0.02);
    // and the belt really ran in the physics world: it stepped, then slept at the end of the shift
    expect(phys.physics!.world.stats.steps).toBeGreaterThan(10_000);
  });

  it("give the same event log twice: same scenario, same seed", { timeout: 120_000 }, () => {
    const a = new EventLogHash();
    const b = new EventLogHash();
    run(new Simulation(line("physics"), { seed: 5 }), 2 * HOUR, a);
    run(new Simulation(line("physics"), { seed: 5 }), 2 * HOUR, b);
    expect(a.events).toBeGreaterThan(1000);
    expect(b.digest()).toBe(a.digest());
    const c = new EventLogHash();
    run(new Simulation(line("physics"), { seed: 6 }), 2 * HOUR, c);
    expect(c.digest()).not.toBe(a.digest());
  });

  it("snapshot mid-run, wander off, restore and continue: the same log as a straight run", {
    timeout: 120_000,
  }, () => {
    const sc = line("physics");
    const straight = new EventLogHash();
    const s = new Simulation(sc, { seed: 3 });
    // 1 h 0 min 7.3 s: off the step grid, with parts on the belt
    const mid = HOUR + 7_300_000;
    s.advanceTo(mid);
    straight.add(s.drainEvents());
    s.advanceTo(2 * HOUR);
    straight.add(s.drainEvents());

    const split = new EventLogHash();
    const r = new Simulation(sc, { seed: 3 });
    r.advanceTo(mid);
    split.add(r.drainEvents());
    expect(r.conveyorPositions("c10").length).toBeGreaterThan(0);
    const snap = r.snapshot();
    r.advanceTo(HOUR + 30 * 60e6);
    r.submit({ type: "setConveyorSpeed", entity: "c10", speed: 0.1 });
    r.advanceTo(HOUR + 40 * 60e6);
    r.drainEvents();
    r.restore(snap);
    r.advanceTo(2 * HOUR);
    split.add(r.drainEvents());
    expect(split.events).toBe(straight.events);
    expect(split.digest()).toBe(straight.digest());

    // a fresh simulation restored from the (serialisable) snapshot continues identically too
    const fresh = new Simulation(sc, { seed: 3 });
    fresh.restore(structuredClone(snap));
    fresh.advanceTo(2 * HOUR);
    const tail = new EventLogHash();
    tail.add(fresh.drainEvents());
    const early = new Simulation(sc, { seed: 3 });
    early.advanceTo(mid);
    early.drainEvents();
    early.advanceTo(2 * HOUR);
    const expected = new EventLogHash();
    expected.add(early.drainEvents());
    expect(tail.digest()).toBe(expected.digest());
  });
});
