import { describe, expect, it } from "vitest";
import { createMotionSample } from "../robot/index";
import { ScenarioError } from "../scenario/errors";
import { parseScenario } from "../scenario/parse";
import { Simulation } from "../simulation";

const S = 1e6;
const CELL = (hole: string) => `name: robot cell
products: [{ id: p }]
sources: [{ id: src, product: p, interarrival: 30s, to: a }]
stations:
  - id: a
    kind: robot
    robot: r
    position: [1, 0]
    task:
      template: assemblyInsertion
      station: a
      feeder: { x: 0.3, y: -0.35, z: 0.1 }
      hole: ${hole}
    to: out
sinks: [{ id: out }]
robots: [{ id: r, model: ur5e, position: [0.5, 0] }]
`;

describe("robot stations", () => {
  it("take the planned task's duration as process time, every time", () => {
    const sim = new Simulation(parseScenario(CELL("{ x: -0.6, y: 0.1, z: 0.2 }"), "cell.yaml"));
    const planned = sim.topo.stations.get("a")!.robotPlan!.durationUs;
    expect(planned).toBeGreaterThan(3 * S);
    expect(planned).toBeLessThan(30 * S);
    sim.advanceTo(300 * S);
    const ops = sim.drainEvents().filter((e) => e.type === "OperationCompleted");
    expect(ops.length).toBe(9);
    for (const op of ops) expect(op).toMatchObject({ robot: "r", processUs: planned });
  });

  it("samples the robot's joints along its task while it works, and at home otherwise", () => {
    const sim = new Simulation(parseScenario(CELL("{ x: -0.6, y: 0.1, z: 0.2 }"), "cell.yaml"));
    const pose = createMotionSample();
    sim.advanceTo(10 * S);
    expect(sim.robotPose("r", pose)).toBe("home");
    const home = Array.from(pose.q.slice(0, 6));
    sim.advanceTo(33 * S); // the first part arrived at 30 s
    expect(sim.robotPose("r", pose)).toBe("task");
    expect(Array.from(pose.q.slice(0, 6))).not.toEqual(home);
    expect(sim.robotPose("nobody", pose)).toBeNull();
  });

  it("an unreachable taught point is an error naming the point when the scenario loads", () => {
    let error: unknown;
    try {
      parseScenario(CELL("{ x: 3.0, y: 0.1, z: 0.2 }"), "cell.yaml");
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ScenarioError);
    expect((error as Error).message).toMatch(
      /^cell\.yaml:9:5 stations\[0\]\.task\.points\.[a-z-]+: point "[a-z-]+" is not reachable by ur5e/m,
    );
  });
});

describe("robot-tended machines", () => {
  const TENDED = `name: tended
products: [{ id: p }]
sources: [{ id: src, product: p, interarrival: 200s, firstArrival: 1s, to: m }]
stations:
  - id: m
    kind: cnc
    robot: r
    processTime: 60s
    position: [0, -1]
    handling:
      task: { template: machineTending, station: m, fixture: { y: 0.5, yaw: 180 deg }, doorClearance: 0.25, infeed: { x: -0.45, y: -0.1, z: 0.85 }, outfeed: { x: 0.55, y: -0.1, z: 0.85 } }
    to: out
sinks: [{ id: out }]
robots: [{ id: r, model: ur5e, position: [0, 0], mount: { z: 0.8 }, tool: { z: 0.15 } }]
`;
  it("load and unload last as long as the planned tending task's two halves", () => {
    const sim = new Simulation(parseScenario(TENDED, "t.yaml"));
    const h = sim.topo.stations.get("m")!.handlingPlan!;
    expect(h.unloadUs).toBeGreaterThan(S);
    expect(h.loadUs).toBeGreaterThan(S);
    expect(h.unloadUs + h.loadUs).toBe(h.plan.durationUs);
    sim.advanceTo(150 * S);
    const evs = sim.drainEvents();
    const started = evs.find((e) => e.type === "OperationStarted")!;
    const done = evs.find((e) => e.type === "PartCompleted")!;
    // arrival at 1 s, loading, 60 s of machining, unloading
    expect(started.t).toBe(S + h.loadUs);
    expect(done.t).toBe(S + h.loadUs + 60 * S + h.unloadUs);
  });
});

describe("robot speed override", () => {
  it("slows the robot's moves from the next operation on, and is checked", () => {
    const sim = new Simulation(parseScenario(CELL("{ x: -0.6, y: 0.1, z: 0.2 }"), "cell.yaml"));
    const plan = sim.topo.stations.get("a")!.robotPlan!;
    // time in motion: the union of the move segments (blended moves overlap)
    const edges = plan.segments
      .filter((s) => s.kind === "move")
      .map((s) => [s.startUs, s.startUs + s.durationUs] as const)
      .sort((a, b) => a[0] - b[0]);
    let moving = 0;
    let end = 0;
    for (const [a, b] of edges) {
      if (b > Math.max(a, end)) moving += b - Math.max(a, end);
      end = Math.max(end, b);
    }
    expect(sim.submit({ type: "setRobotSpeedOverride", robot: "r", pct: 50 }).ok).toBe(true);
    expect(sim.submit({ type: "setRobotSpeedOverride", robot: "r", pct: 0 })).toMatchObject({
      ok: false,
      code: "SIM_ERR_OUT_OF_RANGE",
    });
    expect(sim.submit({ type: "setRobotSpeedOverride", robot: "x", pct: 50 })).toMatchObject({
      ok: false,
      code: "SIM_ERR_UNKNOWN_ENTITY",
    });
    sim.advanceTo(100 * S);
    const op = sim.drainEvents().find((e) => e.type === "OperationCompleted");
    // moves take twice as long; grips and waits do not change
    expect(op?.type === "OperationCompleted" && op.processUs).toBe(plan.durationUs + moving);
  });
});
