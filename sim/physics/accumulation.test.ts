import { beforeAll, describe, expect, it } from "vitest";
import { parseScenario } from "../scenario/parse";
import { Simulation } from "../simulation";
import { initPhysics } from "./rapier";

const S = 1e6;

beforeAll(async () => {
  await initPhysics();
});

/** A 4 m belt jammed by a slow station: parts pile up at its end. Parts are 0.30 m long. */
const jam = (pitch: string, fidelity = "physics") => `name: jam
fidelity: ${fidelity}
products: [{ id: p, size: [0.30, 0.22, 0.18], mass: 4.2 kg }]
sources: [{ id: src, product: p, interarrival: 3s, to: belt }]
conveyors: [{ id: belt, length: 4 m, speed: 0.25 m/s, pitch: ${pitch}, to: m, from: [0, 0], toPosition: [4, 0] }]
stations: [{ id: m, processTime: 40s, to: out }]
sinks: [{ id: out }]
`;

interface Watch {
  maxCount: number;
  minGap: number;
  maxLead: number;
  minZ: number;
  maxZ: number;
  done: number;
}

/** Runs `untilS` seconds, looking at the belt every 0.25 s. */
function watch(text: string, untilS: number): Watch {
  const sim = new Simulation(parseScenario(text, "jam.yaml"), { seed: 1 });
  const w: Watch = { maxCount: 0, minGap: Infinity, maxLead: 0, minZ: Infinity, maxZ: 0, done: 0 };
  for (let t = 0; t <= untilS; t += 0.25) {
    sim.advanceTo(Math.round(t * S));
    const pos = sim.conveyorPositions("belt");
    w.maxCount = Math.max(w.maxCount, pos.length);
    // head first: the gap between one part's leading edge and the leading edge of the part behind
    for (let i = 1; i < pos.length; i++) w.minGap = Math.min(w.minGap, pos[i - 1]! - pos[i]!);
    for (const p of pos) w.maxLead = Math.max(w.maxLead, p);
    // the bodies themselves, not only the sampled positions: centres along x, heights
    const poses = (sim.physics?.partPoses() ?? []).sort((a, b) => b.position[0] - a.position[0]);
    for (let i = 0; i < poses.length; i++) {
      const p = poses[i]!.position;
      if (i > 0) w.minGap = Math.min(w.minGap, poses[i - 1]!.position[0] - p[0]);
      w.minZ = Math.min(w.minZ, p[2]);
      w.maxZ = Math.max(w.maxZ, p[2]);
    }
    w.done += sim.drainEvents().filter((e) => e.type === "PartCompleted").length;
  }
  return w;
}

describe("a jammed belt", () => {
  it("zero-pressure zones: parts stop a pitch apart, never touching, as the analytic belt does", () => {
    const phys = watch(jam("0.5 m"), 400);
    expect(phys.maxCount).toBe(8); // floor(4 / 0.5)
    // a held part stops within one step (5 mm at 0.25 m/s) of its zone's end; released, parts start from
    // rest and friction (~9 m/s²) takes 3.5 mm to bring them to speed, which a part still running behind
    // gains on them: the gaps shrink by less than a centimetre and never close
    expect(phys.minGap).toBeGreaterThan(0.5 - 0.01);
    expect(phys.maxLead).toBeLessThan(4 + 0.006);
    expect(phys.minZ).toBeGreaterThan(0.89 - 0.002);
    expect(phys.maxZ).toBeLessThan(0.89 + 0.002);
    const flow = watch(jam("0.5 m", "flow"), 400);
    expect(flow.maxCount).toBe(8);
    expect(phys.done).toBe(flow.done); // the station is the bottleneck either way
  });

  it("pressure accumulation: with a pitch shorter than the parts they press together but never overlap", () => {
    const w = watch(jam("0.2 m"), 400);
    // the head rests on the end stop 1 cm past the end, 13 parts reach back to 0.11 m, and a 14th fits:
    // the entry takes a part once the last one's trailing edge has cleared it (lead ≥ 0.30 m)
    expect(w.maxCount).toBe(14);
    // in contact, 13 × 4.2 kg pushed by the belt's friction (~480 N): the solver lets them overlap by
    // at most 1 % of their length (2 mm measured), they never pass through each other
    expect(w.minGap).toBeGreaterThan(0.3 - 0.003);
    expect(w.maxLead).toBeLessThan(4 + 0.011 + 0.002); // against the end stop 1 cm past the end
    expect(w.minZ).toBeGreaterThan(0.89 - 0.002); // none pushed up onto another
    expect(w.maxZ).toBeLessThan(0.89 + 0.002);
  });
});
