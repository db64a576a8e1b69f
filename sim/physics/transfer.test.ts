import { beforeAll, describe, expect, it } from "vitest";
import { EventLogHash } from "../event-log";
import type { SimEvent } from "../events";
import { parseScenario } from "../scenario/parse";
import { Simulation } from "../simulation";
import { initPhysics } from "./rapier";

const S = 1e6;

beforeAll(async () => {
  await initPhysics();
});

/** Belt a (0,0)→(2,0) hands parts on to belt b (2,0)→(4,0), 0.25 m/s both; parts 0.30 m, 4.2 kg. */
const inline = `name: inline
fidelity: physics
products: [{ id: p, size: [0.30, 0.22, 0.18], mass: 4.2 kg }]
sources: [{ id: src, product: p, interarrival: 30s, to: a }]
conveyors:
  - { id: a, length: 2 m, speed: 0.25 m/s, pitch: 0.5 m, to: b, from: [0, 0], toPosition: [2, 0] }
  - { id: b, length: 2 m, speed: 0.25 m/s, pitch: 0.5 m, to: m, from: [2, 0], toPosition: [4, 0] }
stations: [{ id: m, processTime: 1us, to: out }]
sinks: [{ id: out }]
`;

/**
 * A 3 m belt ending at (3, 0) diverts by product to two branches at right angles whose entries lie
 * 0.5 m to either side of its last part's centre line: p1 to the left (+y), p2 to the right (−y).
 */
const diverter = `name: diverter
fidelity: physics
products:
  - { id: p1, size: [0.30, 0.22, 0.18], mass: 4.2 kg }
  - { id: p2, size: [0.30, 0.22, 0.18], mass: 4.2 kg }
sources:
  - { id: s1, product: p1, interarrival: 40s, to: a }
  - { id: s2, product: p2, interarrival: 40s, firstArrival: 20s, to: a }
conveyors:
  - { id: a, length: 3 m, speed: 0.25 m/s, pitch: 0.5 m, to: { p1: b1, p2: b2 }, from: [0, 0], toPosition: [3, 0] }
  - { id: b1, length: 2 m, speed: 0.25 m/s, pitch: 0.5 m, to: m1, from: [2.85, 0.5], toPosition: [2.85, 2.5] }
  - { id: b2, length: 2 m, speed: 0.25 m/s, pitch: 0.5 m, to: m2, from: [2.85, -0.5], toPosition: [2.85, -2.5] }
stations:
  - { id: m1, processTime: 1us, to: out1 }
  - { id: m2, processTime: 1us, to: out2 }
sinks: [{ id: out1 }, { id: out2 }]
`;

const completions = (evs: SimEvent[]) => evs.flatMap((e) => (e.type === "PartCompleted" ? [e] : []));

describe("belt-to-belt hand-over", () => {
  it("in line: the same body rides from a onto b, arriving at b's end after (2 + 2) m / 0.25 m/s", () => {
    const s = new Simulation(parseScenario(inline, "t.yaml"), { seed: 1 });
    const w = s.physics!.world;
    s.advanceTo(31 * S); // the first part entered a at 30 s
    const [id] = w.partIds();
    const handle = w.bodyHandle(id!);
    // around the hand-over (leading edge at a's end at 38 s): sample every 50 ms from 37 s to 39 s
    const samples: [number, number, number][] = [];
    for (let t = 37 * S; t <= 39 * S; t += 50_000) {
      s.advanceTo(t);
      expect(w.partIds()).toEqual([id]);
      expect(w.bodyHandle(id!)).toBe(handle);
      const p = w.position(id!);
      samples.push([w.tUs, p.x, p.y]);
    }
    expect(samples[0]![1]).toBeLessThan(2 - 0.15); // before: on a
    expect(samples[samples.length - 1]![1]).toBeGreaterThan(2 - 0.15 + 0.2); // after: on b
    for (let i = 1; i < samples.length; i++) {
      const [t0, x0] = samples[i - 1]!;
      const [t1, x1, y1] = samples[i]!;
      if (t1 === t0) continue;
      // 0.25 m/s throughout: no jump at the joint (within 1 mm per sample)
      expect(Math.abs(x1 - x0 - (0.25 * (t1 - t0)) / S)).toBeLessThan(1e-3);
      expect(Math.abs(y1)).toBeLessThan(1e-3);
    }
    s.advanceTo(200 * S);
    const done = completions(s.drainEvents());
    expect(done.length).toBe(6); // entries at 30 … 180 s, each 16 s on the belts
    for (const e of done) expect(Math.abs(e.leadTimeUs - 16 * S)).toBeLessThan(0.01 * 16 * S);
  });

  it("a diverter pushes each product onto its branch, the same body throughout", () => {
    const s = new Simulation(parseScenario(diverter, "t.yaml"), { seed: 1 });
    const w = s.physics!.world;
    s.advanceTo(41 * S); // p1 entered a at 40 s (p2's first part, from 20 s, is on its branch)
    const id = w.partIds().find((x) => x.startsWith("s1"));
    const handle = w.bodyHandle(id!);
    // 12 s on a, 0.35 m pushed at 0.25 m/s (1.4 s), then 2 m on b1: at 40 + 12 + 1.4 + 4 s halfway up b1
    s.advanceTo(57.4 * S);
    expect(w.bodyHandle(id!)).toBe(handle);
    const p = w.position(id!);
    expect(p.x).toBeCloseTo(2.85, 2);
    expect(p.y).toBeCloseTo(0.5 + 1 - 0.15, 1);
    // turned to the branch's direction, upright
    const q = w.rotation(id!);
    expect(Math.abs(2 * Math.atan2(q.z, q.w))).toBeCloseTo(Math.PI / 2, 1);
    s.advanceTo(300 * S);
    const done = completions(s.drainEvents());
    expect(done.filter((e) => e.product === "p1").length).toBe(6); // 40 … 240 s
    expect(done.filter((e) => e.product === "p2").length).toBe(7); // 20 … 260 s
    for (const e of done) {
      expect(e.sink).toBe(e.product === "p1" ? "out1" : "out2");
      // measured 21.42 s (p1) and 21.40 s (p2): the push starts on the step after the head's arrival
      expect(Math.abs(e.leadTimeUs - 21.4 * S)).toBeLessThan(0.01 * 21.4 * S);
    }
  });

  it("unjoined belts: the same body is put down at the next belt's entry", () => {
    const apart = inline.replace("from: [2, 0], toPosition: [4, 0]", "from: [2, 5], toPosition: [4, 5]");
    const s = new Simulation(parseScenario(apart, "t.yaml"), { seed: 1 });
    const w = s.physics!.world;
    s.advanceTo(31 * S);
    const h = w.bodyHandle(w.partIds()[0]!);
    s.advanceTo(40 * S);
    const [id] = w.partIds();
    expect(w.position(id!).y).toBeCloseTo(5, 2);
    expect(w.partIds()).toHaveLength(1);
    expect(w.bodyHandle(id!)).toBe(h);
  });

  it("in line with the next belt full: parts wait at the open joint, none falls off, flow's count", () => {
    const slow = (f: string) =>
      inline.replace("fidelity: physics", `fidelity: ${f}`).replace("processTime: 1us", "processTime: 70s");
    const phys = new Simulation(parseScenario(slow("physics"), "t.yaml"), { seed: 1 });
    const w = phys.physics!.world;
    let lowest = Number.POSITIVE_INFINITY;
    for (let t = 60; t <= 900; t += 10) {
      phys.advanceTo(t * S);
      for (const id of w.partIds()) lowest = Math.min(lowest, w.position(id).z);
    }
    expect(w.partIds().length).toBeGreaterThan(5); // queued on both belts
    expect(lowest).toBeGreaterThan(0.8 + 0.09 - 0.005); // all on the belt surfaces
    const flow = new Simulation(parseScenario(slow("flow"), "t.yaml"), { seed: 1 });
    flow.advanceTo(900 * S);
    expect(completions(phys.drainEvents()).length).toBe(completions(flow.drainEvents()).length);
  });

  it("snapshot in the middle of a push, wander off, restore: the same log as a straight run", () => {
    const sc = parseScenario(diverter, "t.yaml");
    const straight = new EventLogHash();
    const a = new Simulation(sc, { seed: 2 });
    a.advanceTo(52.7 * S); // p1's push onto b1 runs from 52.0 to 53.4 s
    straight.add(a.drainEvents());
    a.advanceTo(200 * S);
    straight.add(a.drainEvents());

    const split = new EventLogHash();
    const b = new Simulation(sc, { seed: 2 });
    b.advanceTo(52.7 * S);
    split.add(b.drainEvents());
    expect(b.physics!.snapshot().transfers!.length).toBe(1);
    const snap = b.snapshot();
    b.advanceTo(120 * S);
    b.drainEvents();
    b.restore(structuredClone(snap));
    b.advanceTo(200 * S);
    split.add(b.drainEvents());
    expect(split.events).toBeGreaterThan(20);
    expect(split.digest()).toBe(straight.digest());
  });
});
