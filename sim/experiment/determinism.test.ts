import { describe, expect, it } from "vitest";
import { EventLogHash } from "../event-log";
import { parseScenario } from "../scenario/parse";
import type { Scenario } from "../scenario/schema";
import { Simulation } from "../simulation";
import { runOnce } from "./replicate";

const BASE = `name: det
startAt: "mon 06:00"
calendars:
  day: { shifts: [{ start: "06:00", end: "18:00", breaks: [{ start: "12:00", duration: 30 min }] }] }
calendar: day
products: [{ id: a }, { id: b }]
sources:
  - { id: src, mix: [{ product: a, weight: 2 }, { product: b, weight: 1 }], interarrival: { dist: exponential, mean: 50s }, to: q }
buffers: [{ id: q, capacity: 8, to: s1 }]
conveyors: [{ id: belt, length: 3 m, speed: 0.3 m/s, pitch: 0.5 m, to: s2 }]
stations:
  - id: s1
    kind: manual
    operators: crew
    processTime: { dist: lognormal, mean: 40s, sd: 10s }
    setupTime: 30s
    failures: { mtbf: { dist: exponential, mean: 2h }, mttr: { dist: exponential, mean: 10 min }, repairBy: crew }
    to: belt
  - id: s2
    processTime: { dist: triangular, min: 30s, mode: 40s, max: 60s }
    quality: { scrap: 0.02, rework: 0.05 }
    to: out
sinks: [{ id: out }]
operators: [{ id: crew, headcount: 2, efficiency: 0.9 }]
`;

const HOUR = 3600e6;
const scenario = (text = BASE): Scenario => parseScenario(text, "det.yaml");

function hashRun(sc: Scenario, seed: number, until: number): string {
  return runOnce(sc, { seed, horizonUs: until, warmupUs: 0, hash: true }).hash!;
}

describe("determinism", () => {
  it("one seed gives one event log; another seed gives another", () => {
    const sc = scenario();
    const a = hashRun(sc, 42, 48 * HOUR);
    expect(hashRun(sc, 42, 48 * HOUR)).toBe(a);
    expect(hashRun(scenario(), 42, 48 * HOUR)).toBe(a);
    expect(hashRun(sc, 43, 48 * HOUR)).not.toBe(a);
  });

  it("snapshot, restore and continue gives the same log as a straight run", () => {
    const sc = scenario();
    const straight = new Simulation(sc, { seed: 9 });
    const h1 = new EventLogHash();
    straight.advanceTo(10 * HOUR);
    h1.add(straight.drainEvents());
    straight.advanceTo(30 * HOUR);
    h1.add(straight.drainEvents());

    const split = new Simulation(sc, { seed: 9 });
    const h2 = new EventLogHash();
    split.advanceTo(10 * HOUR);
    h2.add(split.drainEvents());
    const snap = split.snapshot();
    // wander off: more time and a command, then come back
    split.advanceTo(20 * HOUR);
    split.submit({ type: "injectFault", entity: "s2", durationS: 600 });
    split.drainEvents();
    split.restore(snap);
    split.advanceTo(30 * HOUR);
    h2.add(split.drainEvents());
    expect(h2.events).toBe(h1.events);
    expect(h2.digest()).toBe(h1.digest());

    // a fresh simulation restored from the snapshot continues identically too
    const fresh = new Simulation(sc, { seed: 9 });
    fresh.restore(snap);
    fresh.advanceTo(30 * HOUR);
    const h3 = new EventLogHash();
    const early = new Simulation(sc, { seed: 9 });
    early.advanceTo(10 * HOUR);
    h3.add(early.drainEvents());
    h3.add(fresh.drainEvents());
    expect(h3.digest()).toBe(h1.digest());
  });

  it("timed commands are part of the input: same commands, same log", () => {
    const sc = scenario();
    const cmds = [{ t: 5 * HOUR, command: { type: "injectFault" as const, entity: "s2", durationS: 900 } }];
    const a = runOnce(sc, { seed: 3, horizonUs: 12 * HOUR, warmupUs: 0, hash: true, commands: cmds }).hash;
    const b = runOnce(sc, { seed: 3, horizonUs: 12 * HOUR, warmupUs: 0, hash: true, commands: cmds }).hash;
    const none = runOnce(sc, { seed: 3, horizonUs: 12 * HOUR, warmupUs: 0, hash: true }).hash;
    expect(a).toBe(b);
    expect(a).not.toBe(none);
  });

  it("adding an unrelated station does not change another station's sampled process times", () => {
    const withExtra = BASE.replace(
      "sinks: [{ id: out }]",
      `  - { id: extra, processTime: { dist: exponential, mean: 20s }, to: out2 }
sinks: [{ id: out }, { id: out2 }]`,
    ).replace(
      "sources:\n",
      "sources:\n  - { id: src2, product: b, interarrival: { dist: exponential, mean: 30s }, to: extra }\n",
    );
    const times = (sc: Scenario) => {
      const out: number[] = [];
      runOnce(sc, {
        seed: 77,
        horizonUs: 24 * HOUR,
        warmupUs: 0,
        onEvents: (evs) => {
          for (const e of evs)
            if (e.type === "OperationCompleted" && e.station === "s2") out.push(e.processUs);
        },
      });
      return out;
    };
    const a = times(scenario());
    const b = times(scenario(withExtra));
    expect(a.length).toBeGreaterThan(500);
    expect(b).toEqual(a);
  });
});
