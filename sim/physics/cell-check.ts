/**
 * Load-time collision check of every robot station's planned task against the cell the scenario
 * describes. The scenario gives positions but no shapes, so the cell is boxes: a station is a box of
 * `stationSize` standing on its position (a machine bed or fixture table below the working height the
 * task frames sit on), a placed conveyor is a box from the floor up to its belt surface, and a robot
 * mounted above the floor stands on a pedestal up to its base. Other robots stand still in their
 * resting pose (the start of their own task, else home): tasks of different stations run at times the
 * line decides, so this checks each task against the others' parked arms, not against their motion.
 * Pure: the same scenario gives the same list.
 */
import { planStationTask } from "../line/robot-jobs";
import { placeRobot, type RobotPlacement, type TaskPlan, type TaskSegment } from "../robot/index";
import type { RobotSpec, Scenario, StationSpec } from "../scenario/schema";
import { checkRobotCollisions, motionFromPlan, type RobotMotion } from "./collisions";
import { type PhysicsError, physicsError } from "./errors";
import type { RobotCollision } from "./events";
import { lineLayout } from "./layout";
import type { ObstacleSpec } from "./world";

export interface CellCheckOptions {
  /** a station's box: footprint along x, along y, and height from the floor, m (default 0.8 × 0.8 × 0.75) */
  stationSize?: [number, number, number];
  /** per station id, overriding `stationSize`, m */
  sizes?: Record<string, [number, number, number]>;
  /** belt surface height, m, for conveyors whose `from` has no z (default 0.8, as the physics layout) */
  beltHeight?: number;
  /** a robot's pedestal footprint (square side), m (default 0.3) */
  pedestal?: number;
  /** more fixed boxes by obstacle id: fixture tables, guards, fences the scenario does not describe */
  extra?: Readonly<Record<string, ObstacleSpec>>;
  /** sampling interval of the check, µs (default 10 000) */
  stepUs?: number;
}

/** A planned station task touching the cell: the collision, and where in the task it happens. */
export interface TaskCollision extends RobotCollision {
  /** the robot station whose task it is */
  station: string;
  /** the station's `task`, or the `handling` task of a tended machine */
  which: "task" | "handling";
  /** index of the task's program step running at `t` (t is µs from the start of the task) */
  step: number;
  /** what that step does: "moveJ to above-feeder", "grip", … */
  doing: string;
}

const DEFAULT_STATION: [number, number, number] = [0.8, 0.8, 0.75];
const DEFAULT_PEDESTAL = 0.3;

/** Obstacle id of a station's, conveyor's or robot pedestal's box. */
export const stationObstacle = (id: string): string => `station:${id}`;
export const conveyorObstacle = (id: string): string => `conveyor:${id}`;
export const pedestalObstacle = (robot: string): string => `pedestal:${robot}`;

/**
 * The cell's fixed geometry as boxes, by obstacle id: every station with a position, every conveyor
 * with a `from`, a pedestal under every robot with a model, a position and `mount.z` > 0, and `extra`.
 */
export function cellObstacles(scenario: Scenario, opts: CellCheckOptions = {}): Record<string, ObstacleSpec> {
  const out: Record<string, ObstacleSpec> = {};
  for (const s of scenario.stations) {
    if (s.position === undefined) continue;
    const [sx, sy, sz] = opts.sizes?.[s.id] ?? opts.stationSize ?? DEFAULT_STATION;
    out[stationObstacle(s.id)] = { center: [s.position[0], s.position[1], sz / 2], size: [sx, sy, sz] };
  }
  const layout = lineLayout(scenario, { beltHeight: opts.beltHeight, photoEyes: [], bins: false });
  for (const c of scenario.conveyors) {
    if (c.from === undefined) continue;
    const g = layout.belts.get(c.id)!.geo;
    const h = g.start[2];
    out[conveyorObstacle(c.id)] = {
      center: [g.start[0] + (g.dir[0] * g.length) / 2, g.start[1] + (g.dir[1] * g.length) / 2, h / 2],
      size: [g.length, g.width, h],
      yaw: Math.atan2(g.dir[1], g.dir[0]),
    };
  }
  const side = opts.pedestal ?? DEFAULT_PEDESTAL;
  for (const r of scenario.robots) {
    if (r.model === undefined || r.position === undefined || !(r.mount.z > 0)) continue;
    out[pedestalObstacle(r.id)] = {
      center: [r.position[0], r.position[1], r.mount.z / 2],
      size: [side, side, r.mount.z],
    };
  }
  return { ...out, ...opts.extra };
}

/** Where a scenario robot stands, as the line places it (`position`, `mount`, `tool`); null without a model. */
export function robotPlacement(r: RobotSpec): RobotPlacement | null {
  if (r.model === undefined) return null;
  const pos = r.position ?? [0, 0];
  return placeRobot(r.model, { x: pos[0], y: pos[1], z: r.mount.z, yaw: r.mount.yaw }, { z: r.tool.z });
}

/** The pairs a cell check allows: every robot touching the pedestal it stands on. */
export function ownPedestals(robots: readonly string[]): [string, string][] {
  return robots.map((r) => [r, pedestalObstacle(r)]);
}

/**
 * Plans every robot station's task (and tending `handling` task) and checks it, over its whole
 * duration, against the cell's boxes and the other robots parked. A task that cannot be planned is
 * skipped: the line's topology reports its planning issues. In station order, then time order.
 */
export function checkStationTasks(scenario: Scenario, opts: CellCheckOptions = {}): TaskCollision[] {
  const obstacles = cellObstacles(scenario, opts);
  const tasks: { station: StationSpec; which: "task" | "handling"; plan: TaskPlan }[] = [];
  for (const station of scenario.stations) {
    if (station.robot === undefined) continue;
    for (const which of ["task", "handling"] as const) {
      const spec = which === "task" ? station.task : station.handling?.task;
      if (spec === undefined) continue;
      const r = planStationTask(scenario, station, which);
      if (r.plan !== null) tasks.push({ station, which, plan: r.plan });
    }
  }
  // each robot parks where its first planned task starts, else at home
  const parked = new Map<string, { placement: RobotPlacement; q: number[] }>();
  for (const t of tasks) {
    const id = t.station.robot!;
    if (!parked.has(id)) parked.set(id, { placement: t.plan.placement, q: t.plan.startQ });
  }
  for (const r of scenario.robots) {
    const placement = robotPlacement(r);
    if (placement === null || parked.has(r.id)) continue;
    parked.set(r.id, { placement, q: [...placement.model.home] });
  }
  const out: TaskCollision[] = [];
  for (const t of tasks) {
    const id = t.station.robot!;
    const robots: RobotMotion[] = [motionFromPlan(id, t.plan)];
    for (const [other, p] of parked) if (other !== id) robots.push(standing(other, p.placement, p.q));
    const hits = checkRobotCollisions(obstacles, robots, {
      fromUs: 0,
      toUs: t.plan.durationUs,
      stepUs: opts.stepUs,
      allow: ownPedestals([...parked.keys()]),
    });
    for (const h of hits) {
      // parked robots cannot hit anything by themselves; report from the moving robot's side
      if (h.robot !== id) {
        if (!h.obstacle.startsWith(`${id}:`)) continue;
        const link = h.obstacle.slice(id.length + 1);
        h.obstacle = `${h.robot}:${h.link}`;
        h.robot = id;
        h.link = link;
      }
      const seg = segmentAt(t.plan, h.t);
      out.push({ ...h, station: t.station.id, which: t.which, step: seg.step, doing: describe(seg) });
    }
  }
  return out;
}

/** One line for a warning list: `s20 task, 1.234 s (step 4, moveL to feeder): r20 tool hits station:s20`. */
export function formatTaskCollision(c: TaskCollision): string {
  const where = c.which === "task" ? "task" : "handling task";
  return `${c.station} ${where}, ${(c.t / 1e6).toFixed(3)} s (step ${c.step}, ${c.doing}): ${c.robot} ${c.link} hits ${c.obstacle}`;
}

/**
 * The hits as one error for a caller that refuses a colliding cell (PHYS_ERR_TASK_COLLISION, one
 * `formatTaskCollision` line per hit), or null when there are none.
 */
export function taskCollisionError(hits: readonly TaskCollision[]): PhysicsError | null {
  if (hits.length === 0) return null;
  return physicsError(
    "PHYS_ERR_TASK_COLLISION",
    hits.length,
    hits.map((h) => `  ${formatTaskCollision(h)}`).join("\n"),
  );
}

function standing(id: string, placement: RobotPlacement, q: readonly number[]): RobotMotion {
  return {
    id,
    placement,
    sample(_tUs, out) {
      for (let i = 0; i < out.length && i < q.length; i++) out[i] = q[i]!;
    },
  };
}

/** The segment running at t (µs into the plan): the last one that runs then, else the last started. */
function segmentAt(plan: TaskPlan, t: number): TaskSegment {
  let running: TaskSegment | undefined;
  let started = plan.segments[0]!;
  for (const s of plan.segments) {
    if (s.startUs > t) continue;
    started = s;
    if (s.startUs + s.durationUs >= t) running = s;
  }
  return running ?? started;
}

function describe(s: TaskSegment): string {
  if (s.kind === "move") return `${s.op} to ${s.point}`;
  if (s.kind === "waitSignal") return `wait for ${s.signal}`;
  if (s.kind === "set") return `set ${s.signal}`;
  return s.kind;
}
