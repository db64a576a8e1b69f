import { beforeAll, describe, expect, it } from "vitest";
import { parseScenario } from "../scenario/parse";
import { Simulation } from "../simulation";
import { binInterior } from "./layout";
import { initPhysics } from "./rapier";

const S = 1e6;

beforeAll(async () => {
  await initPhysics();
});

const text = (bins: string) => `name: bin
fidelity: physics
products: [{ id: p, size: [0.30, 0.22, 0.18], mass: 4.2 kg }]
sources: [{ id: src, product: p, interarrival: 6s, to: belt }]
conveyors: [{ id: belt, length: 4 m, speed: 0.25 m/s, to: bin, from: [0, 0], toPosition: [4, 0] }]
sinks: [{ id: bin }]
${bins}`;

describe("a belt into a bin", () => {
  it("drops its parts off the open end; they land in the bin and settle; timing as with flow", () => {
    const sim = new Simulation(parseScenario(text(""), "bin.yaml"), { seed: 1 });
    sim.advanceTo(150 * S);
    const done = sim.drainEvents().filter((e) => e.type === "PartCompleted");
    expect(done.length).toBe(22); // arrivals every 6 s from 6 s, done 16 s later: 6 … 132 s
    for (const e of done)
      if (e.type === "PartCompleted") expect(Math.abs(e.leadTimeUs - 16 * S)).toBeLessThan(20_000);
    const g = sim.physics!.world.belt("belt");
    expect(g.endStop).toBe(false);
    // stop feeding and watch the last parts go: over the end, down the chute, into the bin, at rest
    expect(sim.submit({ type: "stopEntity", entity: "src" }).ok).toBe(true);
    const bin = binInterior(g);
    const lowest = new Map<string, number[]>();
    for (let t = 150; t <= 200; t += 0.1) {
      sim.advanceTo(Math.round(t * S));
      const onBelt = new Set(sim.state.conveyors.get("belt")!.items.map((i) => i.part));
      for (const p of sim.physics!.partPoses()) {
        if (onBelt.has(p.part)) continue;
        const prev = lowest.get(p.part);
        if (prev === undefined || p.position[2] < prev[2]!) lowest.set(p.part, p.position);
      }
    }
    // the parts that were on the belt at 150 s and one before: all went down into the bin
    expect(lowest.size).toBeGreaterThanOrEqual(4);
    for (const [x = 0, y = 0, z = 0] of lowest.values()) {
      expect(x).toBeGreaterThan(bin.from);
      expect(x).toBeLessThan(bin.to);
      expect(Math.abs(y)).toBeLessThan(g.width / 2 + 0.2);
      expect(z).toBeGreaterThan(bin.floor);
      expect(z).toBeLessThan(bin.floor + 0.2); // lying on the floor (0.18 m high, maybe tipped)
    }
    // once at rest they are taken out: the world is empty
    expect(sim.physics!.partPoses()).toEqual([]);
    // physics went to sleep with them: nothing left to step
    const steps = sim.physics!.world.stats.steps;
    sim.advanceTo(300 * S);
    expect(sim.physics!.world.stats.steps).toBe(steps);
  });

  it("no bins when the option says so: the belt ends in a stop and parts vanish into the sink", () => {
    const sim = new Simulation(parseScenario(text(""), "bin.yaml"), { seed: 1, physics: { bins: false } });
    sim.advanceTo(60 * S);
    expect(sim.physics!.world.belt("belt").endStop).toBe(true);
    expect(sim.physics!.partPoses().length).toBe(sim.state.conveyors.get("belt")!.items.length);
  });
});
