import { loadScenarioFile } from "../app/scenario-files";
import type { SimEvent } from "../sim/events";
import { planStationTask } from "../sim/line/robot-jobs";
import {
  checkStationTasks,
  initPhysics,
  type PhysicsOptions,
  PhysicsWorld,
  RobotCellWatch,
} from "../sim/physics/index";
import { rapier } from "../sim/physics/rapier";
import type { Scenario } from "../sim/scenario/schema";
import { Simulation } from "../sim/simulation";
import type { Bench } from "./index";

/**
 * Physics fidelity speed: the reference line over a shift (flow vs physics), the reference belt and
 * products with 300 parts in motion, and the belt-design measurements quoted in sim/physics/world.ts.
 * Wall times are medians on this (shared) machine: compare them as ratios, never against fixed numbers.
 */
export const bench: Bench = {
  name: "physics",
  async run() {
    const t0 = performance.now();
    await initPhysics();
    line("initPhysics() (import + instantiate the WebAssembly)", `${(performance.now() - t0).toFixed(0)} ms`);

    // 1. the reference line, an 8-hour shift, flow and physics
    const ref = loadScenarioFile("scenarios/assembly-manual.yaml");
    const shiftUs = 8 * 3600e6;
    const flowS = median(3, () => timeRun({ ...ref, fidelity: "flow" }, 0, shiftUs).s);
    let stats = { steps: 0, bodySteps: 0 };
    const physS = median(3, () => {
      const r = timeRun({ ...ref, fidelity: "physics" }, 0, shiftUs);
      stats = r.stats;
      return r.s;
    });
    line(`reference line (${ref.name}), 8-hour shift`, "");
    line("  flow fidelity", `${(flowS * 1000).toFixed(0)} ms wall, ×${fmt(28800 / flowS)} real time`);
    line("  physics fidelity", `${(physS * 1000).toFixed(0)} ms wall, ×${fmt(28800 / physS)} real time`);
    line(
      "  physics steps (50 Hz, only while parts move)",
      `${fmt(stats.steps)} = ${fmtS(stats.steps * 0.02)} of 8 h`,
    );
    line("  wall time per step, whole run", `${((physS * 1e6) / stats.steps).toFixed(1)} µs`);
    line("  moving bodies per step (mean)", (stats.bodySteps / stats.steps).toFixed(2));

    // 2. 300 parts in motion: the reference belt (4 m, 0.25 m/s, pitch 0.5 m) and products, 38 lanes
    const lanes = manyBelts(ref, 38);
    let moving = 0;
    let s2 = { steps: 0, bodySteps: 0 };
    const warmUs = 20e6;
    const spanUs = 60e6;
    const manyS = median(3, () => {
      // end stops, as on the reference belt (no bins: only belt transport is timed)
      const r = timeRun(
        lanes,
        warmUs,
        warmUs + spanUs,
        (sim) => {
          moving = lanes.conveyors.reduce((n, c) => n + sim.conveyorPositions(c.id).length, 0);
        },
        { bins: false },
      );
      s2 = r.stats;
      return r.s;
    });
    line("38 reference belts side by side, parts every 2 s", "");
    line("  parts in motion", `${moving}`);
    line(
      "  real-time factor",
      `×${(spanUs / 1e6 / manyS).toFixed(1)} (${(manyS * 1000).toFixed(0)} ms for 60 s)`,
    );
    line("  wall time per step", `${((manyS * 1e6) / s2.steps).toFixed(0)} µs`);
    line("  wall time per body per step", `${((manyS * 1e6) / s2.bodySteps).toFixed(2)} µs`);

    // 3. belt designs: drift of a part carried 14 s at 0.25 m/s, and solver cost of one long belt
    const single = beltDrift(1);
    const split = beltDrift(8);
    line(
      "belt as one kinematic body: part behind the analytic position after 14 s",
      `${(single * 1000).toFixed(2)} mm`,
    );
    line("belt as eight 0.5 m kinematic bodies: the same", `${(split * 1000).toFixed(1)} mm`);
    const oneLong = stepCost(1, 300);
    const perBelt = stepCost(38, 8);
    line("300 parts on one 152 m belt, per body per step", `${oneLong.toFixed(2)} µs`);
    line("304 parts on 38 belts of 6 m, per body per step", `${perBelt.toFixed(2)} µs`);

    // 4. robot collisions: twin check's load-time check, and the live watch repeating the same tasks
    const robotLine = loadScenarioFile("scenarios/assembly-robot.yaml");
    const checkS = median(3, () => wall(() => checkStationTasks(robotLine)));
    line(
      "collision check of the robot line's two ~40 s tasks (checkStationTasks)",
      `${(checkS * 1000).toFixed(0)} ms`,
    );
    const w = watchRepeats(robotLine, 500);
    line("  live watch: first start of each task (cell + other robot)", `${w.firstMs.toFixed(0)} ms`);
    line("  live watch: each of 500 repeated starts (cached)", `${(w.repeatMs * 1000).toFixed(0)} µs`);

    // 5. robots gripping line parts: the robot line and the workshop's tended machines, one run each
    for (const file of ["scenarios/assembly-physics.yaml", "scenarios/workshop.yaml"]) {
      const sc = loadScenarioFile(file);
      const f = timeRun({ ...sc, fidelity: "flow" }, 0, shiftUs).s;
      const n = { gripped: 0, settled: 0, collisions: 0 };
      const count = (evs: readonly SimEvent[]) => {
        for (const e of evs) {
          if (e.type === "PartGripped") n.gripped++;
          else if (e.type === "PartSettled") n.settled++;
          else if (e.type === "RobotCollision") n.collisions++;
        }
      };
      const p = timeRun({ ...sc, fidelity: "physics" }, 0, shiftUs, undefined, {}, count).s;
      line(`${sc.name}, 8 h`, "");
      line(
        "  flow / physics",
        `${(f * 1000).toFixed(0)} ms / ${(p * 1000).toFixed(0)} ms wall (×${fmt(28800 / p)} real time)`,
      );
      line("  parts gripped, settled; robot collisions", `${n.gripped}, ${n.settled}; ${n.collisions}`);
    }
  },
};

function wall(f: () => unknown): number {
  const t0 = performance.now();
  f();
  return (performance.now() - t0) / 1000;
}

/** ms for the first start of both robot stations' tasks, and ms per start over `n` repeats of both. */
function watchRepeats(sc: Scenario, n: number): { firstMs: number; repeatMs: number } {
  const runs = sc.stations.flatMap((st) => {
    const plan = st.robot === undefined ? null : planStationTask(sc, st).plan;
    return plan === null
      ? []
      : [{ robot: st.robot!, station: st.id, plan, planFromUs: 0, planToUs: plan.durationUs, rate: 1 }];
  });
  const watch = new RobotCellWatch(sc);
  const cycle = Math.max(...runs.map((r) => r.plan.durationUs)) + 1_000_000;
  const t0 = performance.now();
  for (const r of runs) watch.start({ ...r, startUs: 0 });
  const firstMs = performance.now() - t0;
  const t1 = performance.now();
  for (let k = 1; k <= n; k++) for (const r of runs) watch.start({ ...r, startUs: k * cycle });
  return { firstMs, repeatMs: (performance.now() - t1) / (n * runs.length) };
}

interface Timed {
  s: number;
  stats: { steps: number; bodySteps: number };
}

/** Wall time of [fromUs, toUs] of a run (the part before fromUs is not timed). */
function timeRun(
  sc: Scenario,
  fromUs: number,
  toUs: number,
  after?: (sim: Simulation) => void,
  physics: PhysicsOptions = {},
  onEvents?: (evs: readonly SimEvent[]) => void,
): Timed {
  const sim = new Simulation(sc, { seed: 1, physics });
  sim.advanceTo(fromUs);
  const before = sim.physics?.world.stats ?? { steps: 0, bodySteps: 0 };
  const t0 = performance.now();
  for (let t = fromUs; t < toUs; ) {
    t = Math.min(toUs, t + 600e6);
    sim.advanceTo(t);
    const evs = sim.drainEvents();
    onEvents?.(evs);
  }
  const s = (performance.now() - t0) / 1000;
  after?.(sim);
  const st = sim.physics?.world.stats ?? { steps: 0, bodySteps: 0 };
  sim.physics?.world.free();
  return { s, stats: { steps: st.steps - before.steps, bodySteps: st.bodySteps - before.bodySteps } };
}

/** `n` copies of the reference belt, each fed with the reference products every 2 s, into a sink. */
function manyBelts(ref: Scenario, n: number): Scenario {
  const belt = ref.conveyors[0]!;
  const mix = ref.sources[0]!.mix!;
  const lanes = Array.from({ length: n }, (_, i) => i);
  return {
    ...ref,
    name: "300 parts in motion",
    fidelity: "physics",
    calendar: undefined,
    calendars: {},
    orders: [],
    buffers: [],
    stations: [],
    operators: [],
    robots: [],
    sources: lanes.map((i) => ({
      id: `src-${i}`,
      mix,
      interarrival: { kind: "constant", value: belt.pitch / belt.speed },
      workOrders: false,
      dispatch: "fifo",
      to: `belt-${i}`,
    })),
    conveyors: lanes.map((i) => ({
      ...belt,
      id: `belt-${i}`,
      to: `out-${i}`,
      from: [0, i],
      toPosition: [belt.length, i],
    })),
    sinks: lanes.map((i) => ({ id: `out-${i}` })),
  } as Scenario;
}

/**
 * m the part lags the analytic belt after 14 s on a 4 m belt made of `bodies` abutting kinematic bodies
 * (raw Rapier: PhysicsWorld never splits a belt).
 */
function beltDrift(bodies: number): number {
  const R = rapier();
  const w = new R.World({ x: 0, y: 0, z: -9.81 });
  w.timestep = 0.01;
  const zl = 4 / bodies;
  const zones = Array.from({ length: bodies }, (_, k) => {
    const b = w.createRigidBody(
      R.RigidBodyDesc.kinematicVelocityBased().setTranslation(zl / 2 + k * zl, 0, 0.78),
    );
    w.createCollider(R.ColliderDesc.cuboid(zl / 2, 0.3, 0.02).setFriction(1), b);
    b.setLinvel({ x: 0.25, y: 0, z: 0 }, true);
    return b;
  });
  const part = w.createRigidBody(
    R.RigidBodyDesc.dynamic().setTranslation(0.15, 0, 0.89).setLinvel(0.25, 0, 0),
  );
  w.createCollider(R.ColliderDesc.cuboid(0.15, 0.11, 0.09).setMass(4.2).setFriction(1), part);
  for (let i = 0; i < 1400; i++) {
    zones.forEach((z, k) => {
      z.setTranslation({ x: zl / 2 + k * zl, y: 0, z: 0.78 }, false);
    });
    w.step();
  }
  const x = part.translation().x;
  w.free();
  return 0.15 + 0.25 * 14 - x;
}

/** µs per moving body per step with `perBelt` parts on each of `belts` belts. */
function stepCost(belts: number, perBelt: number): number {
  const w = new PhysicsWorld(10_000);
  const len = perBelt * 0.5 + 2;
  const shape = { kind: "box" as const, size: [0.3, 0.22, 0.18] as [number, number, number], mass: 4.2 };
  for (let k = 0; k < belts; k++) {
    w.addBelt(`b${k}`, {
      start: [0, k, 0.8],
      dir: [1, 0],
      length: len,
      width: 0.3,
      tail: 0.35,
      endStop: true,
    });
    w.setBeltSpeed(`b${k}`, 0.25);
    for (let i = 0; i < perBelt; i++)
      w.addPart(`p${k}-${i}`, shape, { x: 0.15 + i * 0.5, y: k, z: 0.89 }, 0, { x: 0.25, y: 0, z: 0 });
  }
  for (let i = 0; i < 50; i++) w.step();
  const n = 300;
  const t0 = performance.now();
  for (let i = 0; i < n; i++) w.step();
  const us = ((performance.now() - t0) * 1000) / n / (belts * perBelt);
  w.free();
  return us;
}

function median(n: number, f: () => number): number {
  const xs = Array.from({ length: n }, f).sort((a, b) => a - b);
  return xs[Math.floor(n / 2)]!;
}

function line(label: string, value: string): void {
  process.stdout.write(`${label.padEnd(72)} ${value}\n`);
}

function fmt(x: number): string {
  return Math.round(x).toLocaleString("en");
}

function fmtS(s: number): string {
  return `${(s / 60).toFixed(0)} min`;
}
