import { describe, expect, it } from "vitest";
import { placeRobot, tcpInBase } from "../cell";
import { formatRobotIssue, RobotError } from "../errors";
import { createTransform, DEG, rotationDistance, translationDistance } from "../math/transform";
import { createMotionSample } from "../trajectory/sample";
import { planRobotTask, sampleTaskPlan } from "./plan";
import { planRobotJob, prepareRobotTask } from "./prepare";
import { pointInWorld } from "./resolve";
import { assemblyInsertionTask, machineTendingTask, palletizingTask, slotName } from "./templates";
import type { RobotTask, RobotTaskSpec } from "./types";
import { validateRobotTask } from "./validate";

const stations = { "cnc-1": { x: 0, y: 0.75 }, conveyor: { x: 0.55, y: -0.25 }, asm: { x: 0.3, y: 0 } };
const ur = placeRobot("ur5e", { z: 0.8 }, { z: 0.15 });

function validTask(spec: unknown): RobotTask {
  const v = validateRobotTask(spec, { model: ur.model, stations });
  if (v.task === null) throw new Error(v.issues.map(formatRobotIssue).join("\n"));
  return v.task;
}

describe("task validation errors name the step, point or frame", () => {
  const base: RobotTaskSpec = {
    frames: { machine: { station: "cnc-1", z: 0.95 } },
    points: {
      home: { joints: [0, -1.57, 1.57, -1.57, -1.57, 0] },
      pick: { frame: "machine", rx: "180 deg" },
    },
    program: [{ moveJ: "home" }, { moveL: "pick" }, "grip"],
  };
  const cases: [string, (s: RobotTaskSpec) => unknown, string][] = [
    [
      "unknown point in moveL",
      (s) => ({ ...s, program: [{ moveL: "pik" }] }),
      'program[0].moveL: unknown point "pik"',
    ],
    [
      "unknown point in moveJ { to }",
      (s) => ({ ...s, program: [{ moveJ: "home" }, { moveJ: { to: "nowhere", speed: 0.5 } }] }),
      'program[1].moveJ.to: unknown point "nowhere"',
    ],
    [
      "unknown step",
      (s) => ({ ...s, program: [{ moveC: "pick" }] }),
      'program[0]: unknown step "moveC" (expected one of moveJ, moveL, grip, release, wait, set)',
    ],
    [
      "override above 1",
      (s) => ({ ...s, program: [{ moveJ: { to: "home", speed: 1.5 } }] }),
      "program[0].moveJ.speed: speed override must be in (0, 1], got 1.5",
    ],
    [
      "LIN speed above the robot's maximum",
      (s) => ({ ...s, program: [{ moveL: { to: "pick", speed: "1500 mm/s" } }] }),
      "program[0].moveL.speed: speed must be in (0, 1] m/s for ur5e, got 1.5 m/s",
    ],
    [
      "bad unit",
      (s) => ({ ...s, program: [{ wait: { time: "2 parsecs" } }] }),
      'program[0].wait.time: unknown duration unit "parsecs" in "2 parsecs" (use ms, s, min)',
    ],
    [
      "wait without signal or time",
      (s) => ({ ...s, program: [{ wait: { value: true } }] }),
      "program[0].wait.signal: expected a signal name",
    ],
    [
      "unknown frame of a point",
      (s) => ({ ...s, points: { p: { frame: "mashine" } }, program: [{ moveJ: "p" }] }),
      'points.p.frame: unknown frame "mashine"',
    ],
    [
      "unknown station of a frame",
      (s) => ({ ...s, frames: { machine: { station: "cnc-9" } } }),
      'frames.machine.station: unknown station "cnc-9"',
    ],
    [
      "frame cycle",
      (s) => ({ ...s, frames: { a: { frame: "b" }, b: { frame: "a" }, machine: { station: "cnc-1" } } }),
      "frames.a: frames refer to each other in a cycle: a → b → a",
    ],
    [
      "joint count",
      (s) => ({ ...s, points: { ...s.points, home: { joints: [0, 0, 0] } } }),
      "points.home.joints: has 3 joint values, ur5e has 6 axes",
    ],
    [
      "joint beyond its limit",
      (s) => ({ ...s, points: { ...s.points, home: { joints: [0, "-400 deg", 0, 0, 0, 0] } } }),
      "points.home.joints[1]: joint shoulder at -400.0° is outside its limits -360.0° … 360.0°",
    ],
    [
      "typo in a pose key",
      (s) => ({ ...s, points: { ...s.points, pick: { frame: "machine", zz: 0.1 } } }),
      'points.pick: unknown key "zz" (expected frame, x, y, z, rx, ry, rz, yaw)',
    ],
    ["empty program", (s) => ({ ...s, program: [] }), "program: expected a list of steps"],
  ];
  it.each(cases)("%s", (_name, mutate, message) => {
    const v = validateRobotTask(mutate(base), { model: ur.model, stations });
    expect(v.task).toBeNull();
    expect(v.issues.map(formatRobotIssue)).toContain(message);
  });

  it("accepts the base task, with units converted to SI", () => {
    const t = validTask(base);
    const pick = t.points.pick!;
    expect(pick.kind === "pose" && pick.pose.rx).toBeCloseTo(Math.PI, 12);
    expect(t.program.map((s) => s.op)).toEqual(["moveJ", "moveL", "grip"]);
  });
});

describe("reachability when a scenario loads", () => {
  it("names the unreachable point, where it is and why", () => {
    const spec: RobotTaskSpec = {
      frames: { machine: { station: "cnc-1", z: 0.95 } },
      points: { far: { frame: "machine", y: 0.5, rx: Math.PI }, near: { frame: "machine", rx: Math.PI } },
      program: [{ moveJ: "near" }, { moveJ: "far" }],
    };
    const { task, issues } = prepareRobotTask(ur, spec, stations);
    expect(task).toBeNull();
    expect(issues).toHaveLength(1);
    expect(issues[0]!.path).toBe("points.far");
    expect(issues[0]!.code).toBe("ROBOT_ERR_UNREACHABLE");
    expect(issues[0]!.message).toMatch(
      /^point "far" is not reachable by ur5e at \(0\.0, 1250\.0, 950\.0\) mm in the cell: out of reach by \d+\.\d mm$/,
    );
  });
});

describe("planning a small task against hand calculation", () => {
  it("moveJ + grip + wait 2 s + moveL add up; the plan ends where the last point is", () => {
    const spec: RobotTaskSpec = {
      points: {
        start: { joints: ["0 deg", "-90 deg", "90 deg", "-90 deg", "-90 deg", "0 deg"] },
        a: { joints: ["90 deg", "-90 deg", "90 deg", "-90 deg", "-90 deg", "0 deg"] },
        b: { frame: "world", x: 0.3, y: -0.45, z: 0.95, rx: "180 deg", rz: "180 deg" },
      },
      program: [{ moveJ: "a" }, "grip", { wait: { time: "2 s" } }, { moveL: { to: "b", speed: "100 mm/s" } }],
    };
    const task = validTask(spec);
    const start = [0, -90 * DEG, 90 * DEG, -90 * DEG, -90 * DEG, 0];
    const plan = planRobotTask(ur, task, stations, { startQ: start });
    // base 90° at 180°/s and 360°/s²: 0.5 + 0.5 s
    expect(plan.segments[0]!.durationUs).toBe(1_000_000);
    expect(plan.segments[1]!.durationUs).toBe(300_000);
    expect(plan.segments[2]!.durationUs).toBe(2_000_000);
    const lin = plan.segments[3]!;
    expect(lin.startUs).toBe(3_300_000);
    const q1 = [90 * DEG, -90 * DEG, 90 * DEG, -90 * DEG, -90 * DEG, 0];
    const target = createTransform();
    const world = pointInWorld(task, stations, ur, "b", target)!;
    const fromTcp = tcpInBase(ur, q1, createTransform());
    // L / v + v / a with a = 1.2 m/s² (the UR5e default)
    const L = Math.hypot(fromTcp[3]! - 0.3, fromTcp[7]! - -0.45, fromTcp[11]! - (0.95 - 0.8));
    expect(Math.abs(lin.durationUs - (L / 0.1 + 0.1 / 1.2) * 1e6) / lin.durationUs).toBeLessThan(0.01);
    expect(plan.durationUs).toBe(3_300_000 + lin.durationUs);
    const out = createMotionSample();
    sampleTaskPlan(plan, plan.durationUs, out);
    expect(translationDistance(out.tcp, world)).toBeLessThan(1e-9);
    expect(rotationDistance(out.tcp, world)).toBeLessThan(1e-9);
    // during the grip the robot holds still at a
    sampleTaskPlan(plan, 1_150_000, out);
    expect(Array.from(out.q)).toEqual(q1);
  });

  it("blending overlaps the braking of one move with the start of the next", () => {
    const pts = {
      a: { joints: ["0 deg", "-90 deg", "90 deg", "-90 deg", "-90 deg", "0 deg"] },
      b: { joints: ["60 deg", "-90 deg", "90 deg", "-90 deg", "-90 deg", "0 deg"] },
      c: { joints: ["60 deg", "-60 deg", "60 deg", "-90 deg", "-90 deg", "0 deg"] },
    };
    const plain = validTask({ points: pts, program: [{ moveJ: "a" }, { moveJ: "b" }, { moveJ: "c" }] });
    const blended = validTask({
      points: pts,
      program: [{ moveJ: "a" }, { moveJ: { to: "b", blend: true } }, { moveJ: "c" }],
    });
    const p0 = planRobotTask(ur, plain, stations);
    const p1 = planRobotTask(ur, blended, stations);
    // the overlap is the shorter of the braking of a → b and the acceleration of b → c
    const ta = (k: number) => {
      const seg = p0.segments[k]!;
      return seg.kind === "move" ? Math.round(seg.move.profile.ta * 1e6) : 0;
    };
    const overlap = Math.min(ta(1), ta(2));
    expect(overlap).toBeGreaterThan(0);
    expect(p1.durationUs).toBe(p0.durationUs - overlap);
    // the blended path is continuous and still ends at c
    const out = createMotionSample();
    let prev = sampleTaskPlan(p1, 0, createMotionSample()).q.slice();
    for (let t = 0; t <= p1.durationUs; t += 5_000) {
      sampleTaskPlan(p1, t, out);
      for (let j = 0; j < 6; j++) expect(Math.abs(out.q[j]! - prev[j]!)).toBeLessThan(Math.PI * 0.005 * 1.01);
      prev = out.q.slice();
    }
    sampleTaskPlan(p1, p1.durationUs, out);
    expect(out.q[1]! / DEG).toBeCloseTo(-60, 9);
  });

  it("a LIN through an unreachable region fails naming the step", () => {
    const task = validTask({
      points: {
        near: { frame: "world", y: 0.4, z: 0.9, rx: Math.PI },
        far: { frame: "world", y: 1.4, z: 0.9, rx: Math.PI },
      },
      program: [{ moveJ: "near" }, { moveL: "far" }],
    });
    expect(() => planRobotTask(ur, task, stations)).toThrow(RobotError);
    try {
      planRobotTask(ur, task, stations);
    } catch (e) {
      const issue = (e as RobotError).issues[0]!;
      expect(issue.path).toBe("program[1].moveL");
      expect(issue.message).toMatch(
        /^straight move to "far" leaves the workspace at \d+\.\d % of the path, at \(0\.0, \d+\.\d, 900\.0\) mm in the cell: out of reach by/,
      );
    }
  });
});

describe("templates plan with sane durations", () => {
  const tending = machineTendingTask({
    station: "cnc-1",
    infeed: { x: -0.45, y: 0.3, z: 0.85 },
    outfeed: { x: 0.45, y: 0.3, z: 0.85 },
  });

  it.each([
    ["ur5e", { z: 0.8 }, 8, 30],
    ["kr6-r900", { z: 0.6 }, 5, 25],
  ] as const)("machine tending with %s: between %i and %i s, signals in order", (robot, base, lo, hi) => {
    const p = placeRobot(robot, base, { z: 0.15 });
    const { task, issues } = prepareRobotTask(p, tending, stations);
    expect(issues).toEqual([]);
    const plan = planRobotTask(p, task!, stations);
    expect(plan.durationUs / 1e6).toBeGreaterThan(lo);
    expect(plan.durationUs / 1e6).toBeLessThan(hi);
    const signals = plan.segments.flatMap((s) =>
      s.kind === "set" || s.kind === "waitSignal" ? [`${s.kind} ${s.signal}`] : [],
    );
    expect(signals).toEqual([
      "set cnc-1/door-open-request",
      "waitSignal cnc-1/door-open",
      "set cnc-1/door-close-request",
      "waitSignal cnc-1/door-closed",
      "set cnc-1/cycle-start",
    ]);
    // two grips and two releases at 0.3 s each are part of it
    expect(plan.segments.filter((s) => s.kind === "grip" || s.kind === "release")).toHaveLength(4);
  });

  it("palletising 2 × 3 × 2 with a KR 6: one pick-and-place per slot, 1.5-4 s each", () => {
    const spec = palletizingTask({
      pick: { station: "conveyor", z: 0.3 },
      partPresentSignal: "conveyor/part-present",
      pallet: { x: 0.25, y: 0.35, z: 0.15 },
      pattern: { rows: 2, cols: 3, layers: 2, pitchX: 0.12, pitchY: 0.15, layerHeight: 0.08 },
    });
    expect(Object.keys(spec.points)).toContain("slot-r2c3l2");
    expect(slotName({ rows: 2, cols: 3, layers: 2, pitchX: 0, pitchY: 0, layerHeight: 0 }, 7)).toBe(
      "slot-r1c2l2",
    );
    const p = placeRobot("kr6-r900", {}, { z: 0.12 });
    const { task } = prepareRobotTask(p, spec, stations);
    const plan = planRobotTask(p, task!, stations);
    const perPart = plan.durationUs / 1e6 / 12;
    expect(perPart).toBeGreaterThan(1.5);
    expect(perPart).toBeLessThan(4);
    // the top layer is placed 80 mm higher than the bottom one
    const out = createMotionSample();
    const placeEnd = (name: string) => {
      const seg = plan.segments.find((s) => s.kind === "move" && s.point === name)!;
      return sampleTaskPlan(plan, seg.startUs + seg.durationUs, out).tcp[11]!;
    };
    expect(placeEnd("slot-r1c1l2") - placeEnd("slot-r1c1l1")).toBeCloseTo(0.08, 9);
  });

  it("palletising with the gantry", () => {
    const spec = palletizingTask({
      pick: { x: 0.2, y: 0.3, z: 1.0 },
      partPresentSignal: "conveyor/part-present",
      pallet: { x: 0.9, y: 0.2, z: 1.0 },
      pattern: { rows: 3, cols: 4, layers: 2, pitchX: 0.2, pitchY: 0.25, layerHeight: 0.1 },
    });
    const p = placeRobot("gantry-3axis", {}, { z: 0.1 });
    const { task, issues } = prepareRobotTask(p, spec, stations);
    expect(issues).toEqual([]);
    const plan = planRobotTask(p, task!, stations, { startQ: [0.2, 0.3, 0] });
    const perPart = plan.durationUs / 1e6 / 24;
    expect(perPart).toBeGreaterThan(2);
    expect(perPart).toBeLessThan(5);
  });

  it("assembly insertion with an IRB 120: the insertion runs at 20 mm/s", () => {
    const spec = assemblyInsertionTask({
      station: "asm",
      feeder: { x: 0.1, y: 0.3, z: 0.05 },
      hole: { z: 0.1 },
    });
    const p = placeRobot("irb120", {}, { z: 0.1 });
    const { task, issues } = prepareRobotTask(p, spec, stations);
    expect(issues).toEqual([]);
    const plan = planRobotTask(p, task!, stations);
    const insert = plan.segments.find((s) => s.kind === "move" && s.point === "inserted")!;
    // 35 mm at 20 mm/s with 5 m/s²: 1.75 s + 0.004 s
    expect(Math.abs(insert.durationUs - (0.035 / 0.02 + 0.02 / 5) * 1e6)).toBeLessThan(
      0.01 * insert.durationUs,
    );
    expect(plan.durationUs / 1e6).toBeGreaterThan(3);
    expect(plan.durationUs / 1e6).toBeLessThan(10);
  });

  it("a point the robot cannot reach makes the template fail at load, naming it", () => {
    const p = placeRobot("lrmate200id", { z: 0.6 }, { z: 0.15 });
    const { issues } = prepareRobotTask(p, tending, stations);
    expect(issues.map((i) => i.path)).toEqual(["points.clear", "points.above-fixture", "points.fixture"]);
    expect(issues[1]!.message).toMatch(
      /^point "above-fixture" is not reachable by lrmate200id at \(0\.0, 750\.0, 1050\.0\) mm in the cell: out of reach by/,
    );
  });
});

describe("plans are plain data", () => {
  it("a structured clone of a plan samples exactly like the original", () => {
    const p = placeRobot("kr6-r900", { x: 0.2, yaw: 0.3 }, { z: 0.12 });
    const spec = palletizingTask({
      pick: { station: "conveyor", z: 0.3 },
      partPresentSignal: "conveyor/part-present",
      pallet: { x: 0.25, y: 0.35, z: 0.15 },
      pattern: { rows: 1, cols: 2, layers: 1, pitchX: 0.12, pitchY: 0.15, layerHeight: 0.08 },
    });
    const { task } = prepareRobotTask(p, spec, stations);
    const plan = planRobotTask(p, task!, stations);
    const copy = structuredClone(plan);
    const a = createMotionSample();
    const b = createMotionSample();
    for (let t = 0; t <= plan.durationUs; t += 37_003) {
      sampleTaskPlan(plan, t, a);
      sampleTaskPlan(copy, t, b);
      expect(Array.from(b.q)).toEqual(Array.from(a.q));
      expect(Array.from(b.tcp)).toEqual(Array.from(a.tcp));
    }
  });
});

describe("planRobotJob: one call from task data to a plan", () => {
  const tending = machineTendingTask({
    station: "cnc-1",
    infeed: { x: -0.45, y: 0.3, z: 0.85 },
    outfeed: { x: 0.45, y: 0.3, z: 0.85 },
  });
  it("plans a template for a station at a given position", () => {
    const r = planRobotJob({ robot: "ur5e", base: { z: 0.8 }, tool: { z: 0.15 }, task: tending, stations });
    expect(r.issues).toEqual([]);
    expect(r.plan!.durationUs).toBe(
      planRobotTask(ur, prepareRobotTask(ur, tending, stations).task!, stations).durationUs,
    );
  });
  it("returns issues instead of throwing: unknown model, unreachable points", () => {
    expect(planRobotJob({ robot: "ur3", task: tending, stations }).issues[0]!.message).toBe(
      'unknown robot model "ur3" (known: ur5e, kr6-r900, irb120, lrmate200id, gantry-3axis)',
    );
    const far = planRobotJob({ robot: "irb120", task: tending, stations });
    expect(far.plan).toBeNull();
    expect(far.issues.every((i) => i.code === "ROBOT_ERR_UNREACHABLE")).toBe(true);
  });
});
