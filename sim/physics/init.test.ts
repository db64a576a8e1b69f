import { describe, expect, it } from "vitest";
import { parseScenario } from "../scenario/parse";
import { Simulation, type SimulationOptions } from "../simulation";
import { PhysicsError } from "./errors";
import { initPhysics, physicsReady } from "./rapier";
import { PhysicsWorld } from "./world";

const TEXT = `name: init
fidelity: physics
products: [{ id: p }]
sources: [{ id: src, product: p, interarrival: 30s, to: belt }]
conveyors: [{ id: belt, length: 4 m, speed: 0.25 m/s, to: out }]
sinks: [{ id: out }]
`;
const scenario = parseScenario(TEXT, "init.yaml");

// this file runs in its own module graph: Rapier is not loaded until the test below loads it
describe("physics initialisation", () => {
  it("says what to do when `initPhysics()` was forgotten, then works once it is called", async () => {
    expect(physicsReady()).toBe(false);
    expect(() => new Simulation(scenario)).toThrow(PhysicsError);
    expect(() => new Simulation(scenario)).toThrow(
      "PHYS_ERR_NOT_INITIALISED: physics is not initialised: call `await initPhysics()` once before creating a Simulation with `fidelity: physics` (or a PhysicsWorld)",
    );
    expect(() => new PhysicsWorld(10_000)).toThrow("PHYS_ERR_NOT_INITIALISED");
    // flow fidelity never needs Rapier
    expect(() => new Simulation({ ...scenario, fidelity: "flow" })).not.toThrow();

    await initPhysics();
    await initPhysics(); // idempotent
    expect(physicsReady()).toBe(true);
    const sim = new Simulation(scenario);
    sim.advanceTo(60e6);
    expect(sim.drainEvents().some((e) => e.type === "PartCompleted")).toBe(true);
  });

  it.each<[string, SimulationOptions["physics"], string]>([
    [
      "a step that is not whole µs",
      { dtUs: 2.5 },
      "PHYS_ERR_BAD_VALUE: dtUs: expected a whole number of µs in 1…100000, got 2.5",
    ],
    [
      "a zero step",
      { dtUs: 0 },
      "PHYS_ERR_BAD_VALUE: dtUs: expected a whole number of µs in 1…100000, got 0",
    ],
    [
      "a photo-eye on an unknown belt",
      { photoEyes: [{ signal: "e", conveyor: "nope", at: 1 }] },
      'PHYS_ERR_UNKNOWN_CONVEYOR: photoEyes[0].conveyor: no conveyor "nope" in this scenario',
    ],
    [
      "a photo-eye off the belt",
      { photoEyes: [{ signal: "e", conveyor: "belt", at: 4.5 }] },
      "PHYS_ERR_BAD_VALUE: photoEyes[0].at: 4.5 m is not on the belt (0 … 4 m)",
    ],
  ])("rejects %s", async (_, physics, message) => {
    await initPhysics();
    expect(() => new Simulation(scenario, physics === undefined ? {} : { physics })).toThrow(message);
  });
});
