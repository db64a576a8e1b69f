import { performance } from "node:perf_hooks";
import { streamFor } from "../sim/random/streams";
import {
  createIkSolutions,
  createMotionSample,
  createTransform,
  forwardKinematics,
  fromXyzRpy,
  inverseKinematics,
  machineTendingTask,
  nearestSolution,
  placeRobot,
  planLin,
  planPtp,
  planRobotTask,
  prepareRobotTask,
  ROBOT_LIBRARY,
  sampleTaskPlan,
} from "../sim/robot/index";
import type { Bench } from "./index";

function rate(n: number, ms: number): string {
  return `${Math.round((n / ms) * 1000).toLocaleString("en-US")}/s`;
}

/** Joint values spread over the limits, drawn once so the timed loops do no random work. */
function configs(id: string, n: number): Float64Array[] {
  const m = ROBOT_LIBRARY.find((r) => r.id === id)!;
  const rng = streamFor(1, `bench/${id}`);
  return Array.from({ length: n }, () =>
    Float64Array.from(m.joints, (j) => j.min + (j.max - j.min) * rng.nextFloat()),
  );
}

export const bench: Bench = {
  name: "robot",
  async run() {
    const N = 100_000;
    const sols = createIkSolutions();
    const t = createTransform();
    for (const m of ROBOT_LIBRARY) {
      const qs = configs(m.id, 1000);
      const targets = qs.map((q) => forwardKinematics(m, q, createTransform()));
      // warm up, then time FK and IK (all solutions + limits + nearest)
      for (let i = 0; i < 20_000; i++) inverseKinematics(m, targets[i % 1000]!, qs[i % 1000]!, sols);
      let t0 = performance.now();
      for (let i = 0; i < N; i++) forwardKinematics(m, qs[i % 1000]!, t);
      const fkMs = performance.now() - t0;
      t0 = performance.now();
      let found = 0;
      let solutions = 0;
      for (let i = 0; i < N; i++) {
        inverseKinematics(m, targets[i % 1000]!, qs[i % 1000]!, sols);
        solutions += sols.count;
        if (nearestSolution(m, sols, qs[i % 1000]!) >= 0) found++;
      }
      const ikMs = performance.now() - t0;
      process.stdout.write(
        `${m.id.padEnd(13)} FK ${rate(N, fkMs).padStart(12)}   IK calls ${rate(N, ikMs).padStart(9)} = ${rate(solutions, ikMs).padStart(10)} solutions (all branches, fitted to limits, nearest picked)${found === N ? "" : `; ${N - found} poses without a solution in limits`}\n`,
      );
    }

    // planned moves per second: PTP between random configurations, 200 mm LINs with a 30° turn
    const kuka = placeRobot("kr6-r900", {}, { z: 0.12 });
    const qs = configs("kr6-r900", 1000);
    const P = 100_000;
    let t0 = performance.now();
    let us = 0;
    for (let i = 0; i < P; i++) us += planPtp(kuka.model, qs[i % 1000]!, qs[(i + 1) % 1000]!).durationUs;
    const ptpMs = performance.now() - t0;
    const start = [0, -90, 90, 0, 90, 0].map((d) => (d * Math.PI) / 180);
    const L = 2_000;
    let lins = 0;
    t0 = performance.now();
    for (let i = 0; i < L; i++) {
      const y = -0.1 + (0.2 * (i % 10)) / 10;
      const target = fromXyzRpy(createTransform(), 0.45, y + 0.1, 0.55, Math.PI, 0, Math.PI / 6);
      const m = planLin(kuka, start, target);
      if ("kind" in m) lins++;
    }
    const linMs = performance.now() - t0;
    process.stdout.write(
      `planned moves: PTP ${rate(P, ptpMs)} (mean ${(us / P / 1000).toFixed(0)} ms each), LIN 200 mm + 30° ${rate(L, linMs)} (${lins}/${L} planned, 2 mm / 1° path checks)\n`,
    );

    // a whole machine-tending task: validate + reachability, plan, then sample at 1 kHz
    const stations = { "cnc-1": { x: 0, y: 0.75 } };
    const ur = placeRobot("ur5e", { z: 0.8 }, { z: 0.15 });
    const spec = machineTendingTask({
      station: "cnc-1",
      infeed: { x: -0.45, y: 0.3, z: 0.85 },
      outfeed: { x: 0.45, y: 0.3, z: 0.85 },
    });
    const T = 50;
    t0 = performance.now();
    let plan = null;
    for (let i = 0; i < T; i++) {
      const { task } = prepareRobotTask(ur, spec, stations);
      plan = planRobotTask(ur, task!, stations);
    }
    const taskMs = performance.now() - t0;
    const out = createMotionSample();
    const samples = Math.floor(plan!.durationUs / 1000);
    t0 = performance.now();
    for (let k = 0; k < samples; k++) sampleTaskPlan(plan!, k * 1000, out);
    const sampleMs = performance.now() - t0;
    process.stdout.write(
      `machine-tending task (ur5e, ${plan!.segments.length} steps, ${(plan!.durationUs / 1e6).toFixed(2)} s): prepare + plan ${(taskMs / T).toFixed(1)} ms; sampling ${rate(samples, sampleMs)}\n`,
    );
  },
};
