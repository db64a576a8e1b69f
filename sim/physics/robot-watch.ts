/**
 * Live collision watch for robot stations in a physics run. Each time a robot starts (or resumes) a
 * stretch of its planned task, `start` checks that stretch against the cell's fixed boxes (cell-check's
 * `cellObstacles`, each robot allowed on its own pedestal) and against every other robot whose reach
 * sphere can meet it, moving as registered or standing still, and returns the contacts with absolute
 * simulation times for the caller to schedule as events. The fixed-geometry answer of a stretch depends
 * only on the plan, the stretch and the rate, so it is cached: a line repeating one task pays once.
 * Pure and deterministic: the state is plain data (runs, change times, reported hits); the caches are
 * rebuilt on demand after `restore`.
 */
import {
  createMotionSample,
  MAX_DOF,
  type RobotPlacement,
  sampleTaskPlan,
  type TaskPlan,
} from "../robot/index";
import type { Scenario } from "../scenario/schema";
import { type CellCheckOptions, cellObstacles, ownPedestals, robotPlacement } from "./cell-check";
import { byTime, checkRobotCollisions, type RobotMotion } from "./collisions";
import { physicsError } from "./errors";
import type { RobotCollision } from "./events";
import { defaultLinkRadius, robotLinks } from "./robot-links";
import type { ObstacleSpec } from "./world";

/** A robot running a stretch of its planned task in the line. Times µs. */
export interface TaskRun {
  /** robot id (scenario.robots) */
  robot: string;
  /** station whose task it is (for the cache key and messages) */
  station: string;
  /** from sim/robot (the topology's robotPlan or handlingPlan.plan) */
  plan: TaskPlan;
  /** plan time at startUs, µs */
  planFromUs: number;
  /** plan time where this stretch ends, µs */
  planToUs: number;
  /** simulation time the stretch starts, µs */
  startUs: number;
  /** plan µs per simulation µs (1 at 100 % override; < 1 when slowed) */
  rate: number;
}

export type RobotWatchOptions = CellCheckOptions & {
  /** first-contact time resolution, µs (default 1 000) */
  resolutionUs?: number;
};

interface RunState {
  run: TaskRun;
  /** simulation time the stretch ends, µs */
  endUs: number;
  /** simulation time it was stopped, µs, or null */
  stoppedUs: number | null;
}

/** A hit `start` returned, with the change number it was predicted at. */
interface Reported {
  hit: RobotCollision;
  at: number;
}

/** Plain data: the registered runs and what `valid` needs. */
export interface RobotWatchSnapshot {
  runs: Record<string, RunState>;
  /** starts and stops so far */
  changes: number;
  /** number of each robot's last start or stop */
  changed: Record<string, number>;
  reported: Reported[];
}

/** Sampler calls, for tests and benchmarks (not part of the snapshot). */
export interface RobotWatchStats {
  /** stretches checked against the cell's boxes (cache misses) */
  fixedChecks: number;
  /** robot pairs sampled (pairs whose reach spheres cannot meet and cached standing pairs are not) */
  pairChecks: number;
}

interface Robot {
  placement: RobotPlacement;
  /** centre of the reach sphere (the base origin, world, m) */
  centre: [number, number, number];
  /** m */
  reach: number;
}

export class RobotCellWatch {
  readonly stats: RobotWatchStats = { fixedChecks: 0, pairChecks: 0 };
  private state: RobotWatchSnapshot = { runs: {}, changes: 0, changed: {}, reported: [] };
  private readonly robots = new Map<string, Robot>();
  private readonly obstacles: Record<string, ObstacleSpec>;
  private readonly allow: [string, string][];
  private readonly stepUs: number | undefined;
  private readonly resolutionUs: number | undefined;
  /** relative hits (t from the stretch's start) by stretch key, and by stretch + standing neighbour */
  private readonly fixedCache = new Map<string, RobotCollision[]>();
  private readonly pairCache = new Map<string, RobotCollision[]>();

  constructor(scenario: Scenario, options: RobotWatchOptions = {}) {
    this.obstacles = cellObstacles(scenario, options);
    this.stepUs = options.stepUs;
    this.resolutionUs = options.resolutionUs;
    for (const r of scenario.robots) {
      const placement = robotPlacement(r);
      if (placement !== null) this.robots.set(r.id, reachSphere(placement));
    }
    this.allow = ownPedestals([...this.robots.keys()]);
  }

  /**
   * Registers the run (replacing the robot's previous one) and returns the collisions of this stretch
   * with the cell's fixed geometry and with every other robot over the stretch (the other's registered
   * run where it overlaps, else that robot standing where it stopped, or at home), with absolute
   * simulation times t (µs), sorted. A pair of robots is reported from the run that starts later
   * (`obstacle` is `other:link`); a contact already there when the run starts is not reported again.
   */
  start(run: TaskRun): RobotCollision[] {
    const self = this.robot(run.robot);
    const span = run.planToUs - run.planFromUs;
    if (!(run.rate > 0 && Number.isFinite(run.rate) && run.planFromUs >= 0 && span >= 0)) {
      throw physicsError(
        "PHYS_ERR_BAD_VALUE",
        `robot watch: ${run.robot} at ${run.station}`,
        "needs rate > 0 and 0 ≤ planFromUs ≤ planToUs",
      );
    }
    const endUs = run.startUs + Math.ceil(span / run.rate);
    const s: RunState = { run, endUs, stoppedUs: null };
    this.state.runs[run.robot] = s;
    this.changed(run.robot, run.startUs);
    const key = `${run.station}|${fingerprint(run.plan)}|${run.planFromUs}|${run.planToUs}|${run.rate}`;
    const out: RobotCollision[] = [];
    let fixed = this.fixedCache.get(key);
    if (fixed === undefined) {
      this.stats.fixedChecks++;
      fixed = checkRobotCollisions(
        this.obstacles,
        [runMotion(run.robot, { ...s, run: { ...run, startUs: 0 } })],
        {
          fromUs: 0,
          toUs: endUs - run.startUs,
          stepUs: this.stepUs,
          resolutionUs: this.resolutionUs,
          allow: this.allow,
        },
      );
      this.fixedCache.set(key, fixed);
    }
    for (const h of fixed) out.push({ ...h, t: h.t + run.startUs });
    for (const [id, other] of this.robots) {
      if (id === run.robot || !spheresMeet(self, other)) continue;
      out.push(...this.pair(s, key, id, other).filter((h) => h.t > run.startUs));
    }
    out.sort(byTime);
    for (const hit of out) this.state.reported.push({ hit, at: this.state.changes });
    return out;
  }

  /** The robot's stretch ended or was interrupted at tUs (µs): from then on it stands where it is. */
  stop(robot: string, tUs: number): void {
    this.robot(robot);
    const s = this.state.runs[robot];
    if (s !== undefined && s.stoppedUs === null)
      s.stoppedUs = Math.min(Math.max(tUs, s.run.startUs), s.endUs);
    this.changed(robot, tUs);
  }

  /**
   * Whether a hit `start` returned still stands when it is due: neither robot in it has started or
   * stopped since it was predicted. A caller scheduling hits as events drops the ones that do not. Ask
   * once per hit: the answer consumes the record.
   */
  valid(hit: RobotCollision): boolean {
    const i = this.state.reported.findIndex(
      (x) =>
        x.hit.t === hit.t &&
        x.hit.robot === hit.robot &&
        x.hit.link === hit.link &&
        x.hit.obstacle === hit.obstacle,
    );
    if (i < 0) return false;
    // asked once, when it is due: the record is consumed so the list stays as short as what is pending
    const r = this.state.reported[i]!;
    this.state.reported.splice(i, 1);
    const other = hit.obstacle.slice(0, Math.max(0, hit.obstacle.indexOf(":")));
    return [hit.robot, other].every((id) => (this.state.changed[id] ?? 0) <= r.at);
  }

  snapshot(): RobotWatchSnapshot {
    return structuredClone(this.state);
  }

  restore(s: RobotWatchSnapshot): void {
    this.state = structuredClone(s);
  }

  private robot(id: string): Robot {
    const r = this.robots.get(id);
    if (r === undefined) {
      throw physicsError(
        "PHYS_ERR_BAD_VALUE",
        `robot watch: robot "${id}"`,
        "no robot with a model in the scenario",
      );
    }
    return r;
  }

  /** Records a start or stop and forgets hits already past. */
  private changed(robot: string, tUs: number): void {
    this.state.changed[robot] = ++this.state.changes;
    this.state.reported = this.state.reported.filter((x) => x.hit.t >= tUs);
  }

  /** Hits of the run `s` against robot `id` over the stretch, absolute times. */
  private pair(s: RunState, key: string, id: string, other: Robot): RobotCollision[] {
    const run = s.run;
    const o = this.state.runs[id];
    const moving = o !== undefined && (o.stoppedUs ?? o.endUs) > run.startUs;
    const q = new Float64Array(MAX_DOF);
    const motion =
      o === undefined ? standing(id, other.placement, other.placement.model.home) : runMotion(id, o);
    if (!moving) motion.sample(run.startUs, q);
    const dof = other.placement.model.joints.length;
    const cacheKey = moving ? null : `${key}|${id}|${Array.from(q.subarray(0, dof)).join(",")}`;
    const cached = cacheKey === null ? undefined : this.pairCache.get(cacheKey);
    if (cached !== undefined) return cached.map((h) => ({ ...h, t: h.t + run.startUs }));
    this.stats.pairChecks++;
    const hits = checkRobotCollisions({}, [runMotion(run.robot, s), motion], {
      fromUs: run.startUs,
      toUs: s.endUs,
      stepUs: this.stepUs,
      resolutionUs: this.resolutionUs,
    });
    if (cacheKey !== null)
      this.pairCache.set(
        cacheKey,
        hits.map((h) => ({ ...h, t: h.t - run.startUs })),
      );
    return hits;
  }
}

/** Plan time (µs) of a run at simulation time t: the stretch scaled by the rate, held before and after. */
function planTimeAt(s: RunState, t: number): number {
  const r = s.run;
  const tt = Math.min(Math.max(t, r.startUs), s.stoppedUs ?? s.endUs);
  return Math.min(r.planToUs, r.planFromUs + (tt - r.startUs) * r.rate);
}

function runMotion(id: string, s: RunState): RobotMotion {
  const m = createMotionSample();
  return {
    id,
    placement: s.run.plan.placement,
    sample(t, q) {
      sampleTaskPlan(s.run.plan, planTimeAt(s, t), m);
      q.set(m.q.subarray(0, q.length));
    },
  };
}

function standing(id: string, placement: RobotPlacement, q: readonly number[]): RobotMotion {
  return {
    id,
    placement,
    sample(_t, out) {
      for (let i = 0; i < out.length && i < q.length; i++) out[i] = q[i]!;
    },
  };
}

/** What identifies a plan without its object identity (which a restore does not keep). */
function fingerprint(p: TaskPlan): string {
  return `${p.durationUs}:${p.segments.length}:${p.startQ.join(",")}:${p.endQ.join(",")}`;
}

/**
 * The sphere every link capsule stays in, m. An arm's chain starts one radius above its base origin
 * and its links have fixed lengths, so it reaches at most radius + their sum (+ the capsule radius):
 * model reach, tool and link radius, counted along the chain. A gantry's chain translates with its
 * strokes, so its farthest point is at a corner of the stroke box.
 */
function reachSphere(placement: RobotPlacement): Robot {
  const r = defaultLinkRadius(placement.model);
  const b = placement.base;
  const centre: [number, number, number] = [b[3]!, b[7]!, b[11]!];
  const model = placement.model;
  let reach = 0;
  if (model.geometry.kind === "gantry") {
    const dof = model.joints.length;
    const q = new Float64Array(MAX_DOF);
    for (let c = 0; c < 1 << dof; c++) {
      for (let j = 0; j < dof; j++) q[j] = (c >> j) & 1 ? model.joints[j]!.max : model.joints[j]!.min;
      for (const l of robotLinks(placement, q, r)) {
        for (const p of [l.a, l.b])
          reach = Math.max(reach, Math.hypot(p[0] - centre[0], p[1] - centre[1], p[2] - centre[2]));
      }
    }
  } else {
    reach = r;
    for (const l of robotLinks(placement, model.home, r))
      reach += Math.hypot(l.b[0] - l.a[0], l.b[1] - l.a[1], l.b[2] - l.a[2]);
  }
  return { placement, centre, reach: reach + r };
}

function spheresMeet(a: Robot, b: Robot): boolean {
  const d = Math.hypot(a.centre[0] - b.centre[0], a.centre[1] - b.centre[1], a.centre[2] - b.centre[2]);
  return d <= a.reach + b.reach;
}
