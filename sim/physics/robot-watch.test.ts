import { beforeAll, describe, expect, it } from "vitest";
import { planPtp, type RobotPlacement, type TaskPlan, type TaskSegment } from "../robot/index";
import { parseScenario } from "../scenario/parse";
import type { Scenario } from "../scenario/schema";
import { robotPlacement } from "./cell-check";
import { initPhysics } from "./rapier";
import { RobotCellWatch, type TaskRun } from "./robot-watch";

beforeAll(async () => {
  await initPhysics();
});

/** A line with only robots: `robots` are YAML flow maps. */
function cell(robots: string[]): Scenario {
  return parseScenario(
    `name: cell
products: [{ id: p }]
sources: [{ id: src, product: p, interarrival: 30s, to: out }]
sinks: [{ id: out }]
robots:
${robots.map((r) => `  - ${r}`).join("\n")}
`,
    "cell.yaml",
  );
}

function placement(s: Scenario, id: string): RobotPlacement {
  return robotPlacement(s.robots.find((r) => r.id === id)!)!;
}

/** Point-to-point moves through `qs`, one after another. */
function plan(p: RobotPlacement, qs: number[][]): TaskPlan {
  const segments: TaskSegment[] = [];
  let t = 0;
  for (let i = 1; i < qs.length; i++) {
    const move = planPtp(p.model, qs[i - 1]!, qs[i]!);
    segments.push({
      kind: "move",
      step: i - 1,
      op: "moveJ",
      point: `p${i}`,
      startUs: t,
      durationUs: move.durationUs,
      move,
    });
    t += move.durationUs;
  }
  return { placement: p, segments, durationUs: t, startQ: qs[0]!, endQ: qs[qs.length - 1]! };
}

function run(robot: string, p: TaskPlan, startUs: number, rate = 1): TaskRun {
  return { robot, station: `st-${robot}`, plan: p, planFromUs: 0, planToUs: p.durationUs, startUs, rate };
}

// Two gantries facing each other, bases 2 m apart: g2 turned by 180°, so its X stroke runs towards g1.
// Link radius 0.1 m (the gantry's default), tool 0.1 m. Moving X by 1 m takes 0.4 s up to 2 m/s (0.4 m),
// 0.1 s of cruise (0.2 m) and 0.4 s braking: 0.9 s.
const gantries = () =>
  cell([
    "{ id: g1, model: gantry-3axis, position: [0, 0], tool: { z: 0.1 } }",
    "{ id: g2, model: gantry-3axis, position: [2, 0], mount: { yaw: 180 deg }, tool: { z: 0.1 } }",
  ]);

describe("a stretch against the cell's boxes", () => {
  // g1 lowers Z by 0.6 m (0.2 s ramp at 5 m/s² to 1 m/s, cruise, 0.8 s). The tool capsule's lowest point
  // is 1.6 − z − 0.1 − 0.1 = 1.4 − z: it meets a box 1.1 m high at z = 0.3 m, 0.2 + 0.2 = 0.4 s into the
  // move; the ram's lower end (1.5 − z) at z = 0.4 m, 0.5 s in. Rapier counts ~1 mm as contact: ≤ 1 ms early.
  const setup = () => {
    const s = gantries();
    const g1 = placement(s, "g1");
    const lower = plan(g1, [
      [0, 0, 0],
      [0, 0, 0.6],
    ]);
    const fixture = {
      center: [0, 0, 0.55] as [number, number, number],
      size: [0.4, 0.4, 1.1] as [number, number, number],
    };
    return { watch: new RobotCellWatch(s, { extra: { fixture } }), lower };
  };

  it("hits the fixture at the hand-computed times, in simulation time, slowed by the rate", () => {
    const { watch, lower } = setup();
    expect(lower.durationUs).toBe(800_000);
    const hits = watch.start(run("g1", lower, 5_000_000));
    expect(hits.map((h) => [h.robot, h.link, h.obstacle])).toEqual([
      ["g1", "tool", "fixture"],
      ["g1", "ram", "fixture"],
    ]);
    expect(Math.abs(hits[0]!.t - 5_400_000)).toBeLessThanOrEqual(1000);
    expect(Math.abs(hits[1]!.t - 5_500_000)).toBeLessThanOrEqual(1000);
    // at half speed the plan's 0.4 s come 0.8 s after the start
    const slow = watch.start(run("g1", lower, 10_000_000, 0.5));
    expect(Math.abs(slow[0]!.t - 10_800_000)).toBeLessThanOrEqual(1000);
    // a stretch that stops above the box (plan 0…0.3 s: z ≤ 0.2 m) never touches it
    expect(watch.start({ ...run("g1", lower, 20_000_000), planToUs: 300_000 })).toEqual([]);
  });

  it("the same stretch again: the same hits shifted to the new start, without sampling again", () => {
    const { watch, lower } = setup();
    const first = watch.start(run("g1", lower, 1_000_000));
    expect(watch.stats.fixedChecks).toBe(1);
    for (let k = 1; k <= 500; k++) {
      const again = watch.start(run("g1", lower, 1_000_000 + k * 2_000_000));
      expect(again).toEqual(first.map((h) => ({ ...h, t: h.t + k * 2_000_000 })));
    }
    expect(watch.stats.fixedChecks).toBe(1);
    // another rate is another stretch
    watch.start(run("g1", lower, 2_000_000_000, 0.5));
    expect(watch.stats.fixedChecks).toBe(2);
  });
});

describe("robots against each other", () => {
  const setup = () => {
    const s = gantries();
    const out = (p: RobotPlacement, x: number) =>
      plan(p, [
        [0, 0, 0],
        [x, 0, 0],
        [0, 0, 0],
      ]);
    const g2 = placement(s, "g2");
    return {
      watch: new RobotCellWatch(s),
      g1: out(placement(s, "g1"), 1),
      g2: out(g2, 1),
      g2long: out(g2, 1.2),
    };
  };

  it("alone each task is free; started together they meet, reported once from the later start", () => {
    const { watch, g1, g2 } = setup();
    expect(g1.durationUs).toBe(1_800_000);
    expect(watch.start(run("g1", g1, 0))).toEqual([]);
    // both brake from 0.5 s at x = 1 − 2.5 (0.9 − t)² (g2 from its side): the rams and tools are 0.2 m
    // apart when each has gone 0.9 m, 2.5 (0.9 − t)² = 0.1 → t = 0.7 s
    const hits = watch.start(run("g2", g2, 0));
    expect(hits.length).toBe(4);
    expect(hits.every((h) => h.robot === "g2" && h.obstacle.startsWith("g1:"))).toBe(true);
    const want = 700_000;
    for (const h of hits) expect(Math.abs(h.t - want)).toBeLessThanOrEqual(1000);
    expect(watch.valid(hits[0]!)).toBe(true);
    // asked once when it is due: a second question finds nothing pending
    expect(watch.valid(hits[0]!)).toBe(false);
    // g1 stopping before the hit makes the other predictions stale
    watch.stop("g1", 300_000);
    expect(hits.slice(1).some((h) => watch.valid(h))).toBe(false);
  });

  it("started after the first task has ended: the first robot is home again, no hit", () => {
    const { watch, g1, g2 } = setup();
    watch.start(run("g1", g1, 0));
    expect(watch.start(run("g2", g2, 2_000_000))).toEqual([]);
    expect(watch.stats.pairChecks).toBe(2);
  });

  it("a robot stopped mid-stretch stands where it stopped", () => {
    const { watch, g1, g2long: g2 } = setup();
    watch.start(run("g1", g1, 0));
    // at 0.6 s g1 is braking at x = 1 − 2.5 · 0.3² = 0.775 m; g2's 1.2 m move (1 s: 0.4 s ramp, 0.2 s
    // cruise, 0.4 s braking) reaches x = 2 − 0.775 − 0.2 = 1.025 m braking: 1.2 − 2.5 (1 − τ)² → τ = 1 − √0.07
    watch.stop("g1", 600_000);
    const hits = watch.start(run("g2", g2, 1_000_000));
    expect(hits.length).toBe(4);
    const want = 1_000_000 + (1 - Math.sqrt(0.07)) * 1e6;
    for (const h of hits) expect(Math.abs(h.t - want)).toBeLessThanOrEqual(1000);
    // without the stop, g1 is home by then
    const { watch: w2 } = setup();
    w2.start(run("g1", g1, 0));
    expect(w2.start(run("g2", g2, 1_000_000))).toEqual([]);
  });

  it("snapshot and restore continue identically", () => {
    const { watch, g1, g2 } = setup();
    watch.start(run("g1", g1, 0));
    const snap = structuredClone(watch.snapshot());
    const { watch: other } = setup();
    other.restore(snap);
    const a = watch.start(run("g2", g2, 0));
    const b = other.start(run("g2", g2, 0));
    expect(a.length).toBe(4);
    expect(b).toEqual(a);
    expect(other.snapshot()).toEqual(watch.snapshot());
  });

  it("robots whose reach spheres cannot meet are never sampled", () => {
    const ur = (x: number) =>
      cell([
        "{ id: r1, model: ur5e, position: [0, 0], tool: { z: 0.15 } }",
        `{ id: r2, model: ur5e, position: [${x}, 0], mount: { yaw: 180 deg }, tool: { z: 0.15 } }`,
      ]);
    const swing = (s: Scenario, id: string) => {
      const p = placement(s, id);
      const home = [...p.model.home];
      return plan(p, [home, [Math.PI, ...home.slice(1)]]);
    };
    const far = ur(5);
    const w = new RobotCellWatch(far);
    w.start(run("r1", swing(far, "r1"), 0));
    w.start(run("r2", swing(far, "r2"), 0));
    expect(w.stats.pairChecks).toBe(0);
    // 1 m apart they are sampled, and the swings meet
    const near = ur(1);
    const n = new RobotCellWatch(near);
    n.start(run("r1", swing(near, "r1"), 0));
    const hits = n.start(run("r2", swing(near, "r2"), 0));
    expect(n.stats.pairChecks).toBe(2);
    expect(hits.length).toBeGreaterThan(0);
  });

  it("bad runs are refused", () => {
    const { watch, g1 } = setup();
    expect(() => watch.start({ ...run("g9", g1, 0) })).toThrow(
      'PHYS_ERR_BAD_VALUE: robot watch: robot "g9": no robot with a model in the scenario',
    );
    expect(() => watch.start({ ...run("g1", g1, 0), rate: 0 })).toThrow(
      "PHYS_ERR_BAD_VALUE: robot watch: g1 at st-g1: needs rate > 0 and 0 ≤ planFromUs ≤ planToUs",
    );
  });
});
