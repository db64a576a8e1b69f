import { beforeAll, describe, expect, it } from "vitest";
import type { SimEvent } from "../events";
import { parseScenario } from "../scenario/parse";
import { Simulation, type SimulationOptions } from "../simulation";
import { initPhysics } from "./rapier";

const S = 1e6;

beforeAll(async () => {
  await initPhysics();
});

interface BeltOpts {
  speed?: string;
  station?: string;
  interarrival?: string;
  pitch?: string;
  fidelity?: "flow" | "physics";
}

/** A 4 m belt from (0, 0) to (4, 0) feeding a station; parts 0.30 m long, 4.2 kg. */
const belt = (o: BeltOpts = {}) => `name: belt
fidelity: ${o.fidelity ?? "physics"}
products: [{ id: p, size: [0.30, 0.22, 0.18], mass: 4.2 kg }]
sources: [{ id: src, product: p, interarrival: ${o.interarrival ?? "30s"}, to: belt }]
conveyors: [{ id: belt, length: 4 m, speed: ${o.speed ?? "0.25 m/s"}, pitch: ${o.pitch ?? "0.5 m"}, to: m, from: [0, 0], toPosition: [4, 0] }]
stations: [{ id: m, processTime: ${o.station ?? "1us"}, to: out }]
sinks: [{ id: out }]
`;

function sim(text: string, options: SimulationOptions = {}): Simulation {
  return new Simulation(parseScenario(text, "t.yaml"), { seed: 1, ...options });
}

function run(text: string, untilS: number, options: SimulationOptions = {}): SimEvent[] {
  const s = sim(text, options);
  s.advanceTo(untilS * S);
  return s.drainEvents();
}

const completions = (evs: SimEvent[]) => evs.flatMap((e) => (e.type === "PartCompleted" ? [e] : []));

describe("parts on a belt", () => {
  it("a part travels 4 m at 0.25 m/s in 16 s (within 1 %, in fact within a step)", () => {
    const done = completions(run(belt(), 200));
    expect(done.length).toBe(6); // arrivals at 30, 60, … 180 s; each is done 16 s later
    for (const e of done) expect(Math.abs(e.leadTimeUs - 16 * S)).toBeLessThan(0.01 * 16 * S);
    for (const e of done) expect(Math.abs(e.leadTimeUs - 16 * S)).toBeLessThan(20_000);
  });

  it("at 0.8 m/s and with a 5 ms step too: 5 s within 1 %", () => {
    const done = completions(run(belt({ speed: "0.8 m/s" }), 100, { physics: { dtUs: 5000 } }));
    expect(done.length).toBe(3);
    for (const e of done) expect(Math.abs(e.leadTimeUs - 5 * S)).toBeLessThan(0.01 * 5 * S);
  });

  it("keeps the part on the belt's centre line, upright, at the belt's height", () => {
    const s = sim(belt());
    s.advanceTo(40 * S); // the first part entered at 30 s: 2.5 m along
    const [pose] = s.physics!.partPoses();
    expect(pose!.position[0]).toBeCloseTo(2.5 - 0.15, 2);
    expect(Math.abs(pose!.position[1])).toBeLessThan(1e-3);
    expect(pose!.position[2]).toBeCloseTo(0.8 + 0.09, 2);
    expect(s.conveyorPositions("belt")[0]).toBeCloseTo(2.5, 2);
  });

  it("a speed change re-times the part already on the belt", () => {
    const s = sim(belt());
    s.advanceTo(34 * S); // entered at 30 s: 1 m along
    expect(s.submit({ type: "setConveyorSpeed", entity: "belt", speed: 0.5 }).ok).toBe(true);
    s.advanceTo(60 * S);
    // 3 m left at 0.5 m/s: done at 40 s (the part accelerates by friction in a few ms)
    const [first] = completions(s.drainEvents());
    expect(Math.abs(first!.t - 40 * S)).toBeLessThan(30_000);
  });

  it("a stopped belt holds its parts; restarted, they arrive late by the stop", () => {
    const s = sim(belt());
    s.advanceTo(34 * S);
    expect(s.submit({ type: "stopEntity", entity: "belt" }).ok).toBe(true);
    s.advanceTo(44 * S);
    const pos = s.conveyorPositions("belt")[0]!;
    expect(pos).toBeGreaterThan(1);
    expect(pos).toBeLessThan(1.01); // braked by friction within a few mm
    expect(s.submit({ type: "startEntity", entity: "belt" }).ok).toBe(true);
    s.advanceTo(60 * S);
    const [first] = completions(s.drainEvents());
    expect(Math.abs(first!.t - 56 * S)).toBeLessThan(50_000);
  });
});

describe("photo-eyes", () => {
  it("raise and clear their signals at the times the edges pass, not on the step grid", () => {
    // arrivals off the 20 ms grid: 30.007 s, 60.014 s
    const evs = run(belt({ interarrival: "30.007s" }), 70, {
      physics: {
        photoEyes: [
          { signal: "eye1", conveyor: "belt", at: 1 },
          { signal: "eye3", conveyor: "belt", at: 3 },
        ],
      },
    });
    const sig = evs.flatMap((e) => (e.type === "SignalChanged" ? [[e.signal, e.value, e.t] as const] : []));
    const t0 = 30.007;
    // leading edge at 1 m after 4 s; trailing edge (0.30 m behind) 1.2 s later
    const expected: [string, boolean, number][] = [
      ["eye1", true, t0 + 4],
      ["eye1", false, t0 + 5.2],
      ["eye3", true, t0 + 12],
      ["eye3", false, t0 + 13.2],
      ["eye1", true, 2 * t0 + 4],
      ["eye1", false, 2 * t0 + 5.2],
    ];
    expect(sig.map(([s, v]) => [s, v])).toEqual(expected.map(([s, v]) => [s, v]));
    sig.forEach(([, , t], i) => {
      expect(Math.abs(t - expected[i]![2] * S)).toBeLessThan(1000); // 1 ms, a twentieth of a step
    });
  });

  it("the default exit eye stays blocked while the head waits, and clears when it leaves", () => {
    const evs = run(belt({ station: "60s", interarrival: "20s" }), 200);
    const exit = evs.flatMap((e) => (e.type === "SignalChanged" && e.signal === "belt.exit" ? [e] : []));
    // first part: arrives at 20 + 15.92 s, goes straight into the idle station at 36 s
    expect(exit[0]!.value).toBe(true);
    expect(Math.abs(exit[0]!.t - 35.92 * S)).toBeLessThan(1000);
    expect(exit[1]!.value).toBe(false);
    expect(Math.abs(exit[1]!.t - 36 * S)).toBeLessThan(1000);
    // second part: arrives at 56 s and waits until the station frees at 96 s
    expect(exit[2]!.value).toBe(true);
    expect(Math.abs(exit[2]!.t - 55.92 * S)).toBeLessThan(1000);
    expect(exit[3]!.value).toBe(false);
    expect(Math.abs(exit[3]!.t - 96 * S)).toBeLessThan(1000);
  });
});
