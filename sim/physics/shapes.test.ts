import { beforeAll, describe, expect, it } from "vitest";
import { parseScenario } from "../scenario/parse";
import { Simulation } from "../simulation";
import { initPhysics } from "./rapier";

const S = 1e6;

beforeAll(async () => {
  await initPhysics();
});

/**
 * A flange as two solids: a disc 0.2 m across and 20 mm thick, and a hub 80 mm across standing 40 mm on
 * it; overall 0.2 × 0.2 × 0.06 m, 2.1 kg. A 4 m belt at 0.25 m/s carries it to a station.
 */
const FLANGE = (shape: string) => `name: shapes
fidelity: physics
products:
  - id: flange
    size: [0.2, 0.2, 0.06]
    mass: 2.1 kg
    shape: ${shape}
sources: [{ id: src, product: flange, interarrival: 30s, to: belt }]
conveyors: [{ id: belt, length: 4 m, speed: 0.25 m/s, pitch: 0.5 m, to: m, from: [0, 0], toPosition: [4, 0] }]
stations: [{ id: m, processTime: 1us, to: out }]
sinks: [{ id: out }]
`;
const COMPOUND = `
      - { cylinder: { diameter: 0.2, height: 0.02 }, at: [0, 0, -0.02] }
      - { cylinder: { diameter: 0.08, height: 0.04 }, at: [0, 0, 0.01] }`;

describe("part shapes from the product definition", () => {
  it("a compound rides the belt like any part: upright, on its disc, 4 m in 16 s", () => {
    const sim = new Simulation(parseScenario(FLANGE(COMPOUND), "t.yaml"), { seed: 1 });
    const w = sim.physics!.world;
    sim.advanceTo(38 * S); // entered at 30 s: 2 m along
    const [pose] = sim.physics!.partPoses();
    const part = pose!.part;
    expect(w.partShape(part).kind).toBe("compound");
    // the disc's underside on the belt surface (0.8 m): the centre of the overall box is 30 mm up
    expect(pose!.position[2]).toBeCloseTo(0.83, 3);
    expect(pose!.position[0]).toBeCloseTo(2 - 0.1, 2);
    const [qx, qy] = pose!.rotation;
    expect(Math.hypot(qx, qy)).toBeLessThan(1e-3);
    // the mass shared by volume: disc π/4·0.2²·0.02, hub π/4·0.08²·0.04; centre of mass 12.7 mm low
    const { mass, com } = w.massOf(part);
    expect(mass).toBeCloseTo(2.1, 6);
    const disc = 0.2 ** 2 * 0.02;
    const hub = 0.08 ** 2 * 0.04;
    expect(com.z).toBeCloseTo((disc * -0.02 + hub * 0.01) / (disc + hub), 6);
    sim.advanceTo(200 * S);
    const done = sim.drainEvents().flatMap((e) => (e.type === "PartCompleted" ? [e] : []));
    expect(done.length).toBe(6);
    for (const e of done) expect(Math.abs(e.leadTimeUs - 16 * S)).toBeLessThan(0.01 * 16 * S);
  });

  it("`shape: cylinder` stands the part upright as a cylinder of the smaller footprint side", () => {
    const sim = new Simulation(parseScenario(FLANGE("cylinder"), "t.yaml"), { seed: 1 });
    sim.advanceTo(38 * S);
    const part = sim.physics!.partPoses()[0]!.part;
    const w = sim.physics!.world;
    expect(w.partShape(part).kind).toBe("cylinder");
    expect(w.massOf(part).com.z).toBeCloseTo(0, 9);
    expect(w.position(part).z).toBeCloseTo(0.83, 3);
  });

  it("a compound without its overall size is refused", () => {
    expect(() =>
      parseScenario(FLANGE(COMPOUND).replace("    size: [0.2, 0.2, 0.06]\n", ""), "t.yaml"),
    ).toThrow("t.yaml:4:5 products[0].size: a compound shape needs the part's overall `size`");
  });
});
