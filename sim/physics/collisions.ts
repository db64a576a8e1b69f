/**
 * Checking planned robot motion against the cell: every link is a capsule (robot-links.ts), the cell's
 * fixed geometry is boxes, and Rapier's shape-against-shape test says whether two touch. The motion is
 * sampled every `stepUs`; where a pair starts touching between two samples the time of first contact is
 * found by bisection to `resolutionUs`. A link moving faster than its own radius per sample could pass a
 * thin obstacle unseen: the default 10 ms is safe below 5 m/s for a 5 cm link.
 */
import type { Capsule, Cuboid, Rotation, Vector } from "@dimforge/rapier3d-deterministic-compat";
import {
  createMotionSample,
  MAX_DOF,
  type Move,
  type RobotPlacement,
  sampleMoveJoints,
  sampleTaskPlan,
  type TaskPlan,
} from "../robot/index";
import { physicsError } from "./errors";
import type { RobotCollision } from "./events";
import { yawQuat } from "./pose";
import { rapier } from "./rapier";
import { defaultLinkRadius, type LinkCapsule, robotLinks } from "./robot-links";
import type { ObstacleSpec } from "./world";

/** A robot and what its joints do over time. */
export interface RobotMotion {
  id: string;
  placement: RobotPlacement;
  /** writes the joint values at `tUs` (µs, rad or m) into `q` */
  sample(tUs: number, q: Float64Array): void;
  /** link capsule radius, m (default: from the model's reach) */
  radius?: number;
}

/** A robot running planned moves at given start times; before, between and after them it stands still. */
export function motionFromMoves(
  id: string,
  placement: RobotPlacement,
  moves: readonly { startUs: number; move: Move }[],
): RobotMotion {
  if (moves.length === 0) throw physicsError("PHYS_ERR_BAD_VALUE", `robot ${id}`, "no moves to check");
  return {
    id,
    placement,
    sample(tUs, q) {
      // the last move that has started, or the first one (its start pose) before any has
      let m = moves[0]!;
      for (const x of moves) if (x.startUs <= tUs) m = x;
      sampleMoveJoints(placement, m.move, Math.max(0, tUs - m.startUs), q);
    },
  };
}

/** A robot running a planned task (sim/robot) that starts at `startUs`. */
export function motionFromPlan(id: string, plan: TaskPlan, startUs = 0): RobotMotion {
  const s = createMotionSample();
  return {
    id,
    placement: plan.placement,
    sample(tUs, q) {
      sampleTaskPlan(plan, tUs - startUs, s);
      q.set(s.q.subarray(0, q.length));
    },
  };
}

export interface CollisionCheckOptions {
  /** µs */
  fromUs: number;
  /** µs */
  toUs: number;
  /** sampling interval, µs (default 10 000) */
  stepUs?: number;
  /** first-contact time resolution, µs (default 1 000) */
  resolutionUs?: number;
  /**
   * pairs allowed to touch, each side `robot`, `robot:link` or an obstacle id, e.g. a robot's base on
   * the pedestal it stands on: `["r1:base", "pedestal"]`
   */
  allow?: readonly (readonly [string, string])[];
}

interface Placed {
  key: string;
  shape: Capsule | Cuboid;
  pos: Vector;
  rot: Rotation;
}

/**
 * Every pair (robot link, obstacle) and (robot link, other robot's link) that comes into contact in
 * [fromUs, toUs], at its first contact, in time order. A pair touching at `fromUs` is reported at it.
 */
export function checkRobotCollisions(
  obstacles: Readonly<Record<string, ObstacleSpec>>,
  robots: readonly RobotMotion[],
  opts: CollisionCheckOptions,
): RobotCollision[] {
  const R = rapier();
  const step = opts.stepUs ?? 10_000;
  const res = opts.resolutionUs ?? 1000;
  if (!(step > 0 && res > 0 && opts.toUs >= opts.fromUs)) {
    throw physicsError(
      "PHYS_ERR_BAD_VALUE",
      "collision check",
      "needs stepUs > 0, resolutionUs > 0 and toUs ≥ fromUs",
    );
  }
  const fixed: Placed[] = Object.entries(obstacles).map(([id, o]) => ({
    key: id,
    shape: new R.Cuboid(o.size[0] / 2, o.size[1] / 2, o.size[2] / 2),
    pos: { x: o.center[0], y: o.center[1], z: o.center[2] },
    rot: yawQuat(o.yaw ?? 0),
  }));
  const allowed = (a: string, b: string): boolean => {
    const [ra] = a.split(":");
    const [rb] = b.split(":");
    return (opts.allow ?? []).some(
      ([x, y]) =>
        ((x === a || x === ra) && (y === b || y === rb)) || ((x === b || x === rb) && (y === a || y === ra)),
    );
  };
  const q = new Float64Array(MAX_DOF);
  const linksAt = (r: RobotMotion, t: number): Placed[] => {
    r.sample(t, q);
    return robotLinks(r.placement, q, r.radius ?? defaultLinkRadius(r.placement.model)).map((l) =>
      capsule(R, `${r.id}:${l.name}`, l),
    );
  };
  /** keys "robot:link|obstacle" of every pair touching at t */
  const touching = (t: number): Set<string> => {
    const out = new Set<string>();
    const all = robots.map((r) => linksAt(r, t));
    all.forEach((links, i) => {
      for (const l of links) {
        for (const o of fixed) if (!allowed(l.key, o.key) && hit(l, o)) out.add(`${l.key}|${o.key}`);
        for (let j = i + 1; j < all.length; j++) {
          for (const m of all[j]!) if (!allowed(l.key, m.key) && hit(l, m)) out.add(`${l.key}|${m.key}`);
        }
      }
    });
    return out;
  };
  const pairAt = (key: string, t: number): boolean => touching(t).has(key);

  const found: RobotCollision[] = [];
  const report = (key: string, t: number) => {
    const [a, obstacle] = key.split("|") as [string, string];
    const i = a.indexOf(":");
    found.push({ type: "RobotCollision", t, robot: a.slice(0, i), link: a.slice(i + 1), obstacle });
  };
  let prev = touching(opts.fromUs);
  for (const key of prev) report(key, opts.fromUs);
  for (let t0 = opts.fromUs; t0 < opts.toUs; t0 += step) {
    const t1 = Math.min(opts.toUs, t0 + step);
    const cur = touching(t1);
    for (const key of cur) {
      if (prev.has(key)) continue;
      let lo = t0;
      let hi = t1;
      while (hi - lo > res) {
        const mid = Math.floor((lo + hi) / 2);
        if (pairAt(key, mid)) hi = mid;
        else lo = mid;
      }
      report(key, hi);
    }
    prev = cur;
  }
  return found.sort(
    (a, b) => a.t - b.t || cmp(a.robot, b.robot) || cmp(a.link, b.link) || cmp(a.obstacle, b.obstacle),
  );
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function hit(a: Placed, b: Placed): boolean {
  return a.shape.intersectsShape(a.pos, a.rot, b.shape, b.pos, b.rot);
}

/** A Rapier capsule (its axis is local y) placed along the link. */
function capsule(R: ReturnType<typeof rapier>, key: string, l: LinkCapsule): Placed {
  const dx = l.b[0] - l.a[0];
  const dy = l.b[1] - l.a[1];
  const dz = l.b[2] - l.a[2];
  const len = Math.hypot(dx, dy, dz);
  const ux = dx / len;
  const uy = dy / len;
  const uz = dz / len;
  // shortest rotation taking +y onto u: axis y × u = (uz, 0, −ux), cos = uy
  let rot: Rotation;
  if (uy < -1 + 1e-12) rot = { x: 1, y: 0, z: 0, w: 0 };
  else {
    const w = 1 + uy;
    const n = Math.hypot(uz, ux, w);
    rot = { x: uz / n, y: 0, z: -ux / n, w: w / n };
  }
  return {
    key,
    shape: new R.Capsule(len / 2, l.radius),
    pos: { x: (l.a[0] + l.b[0]) / 2, y: (l.a[1] + l.b[1]) / 2, z: (l.a[2] + l.b[2]) / 2 },
    rot,
  };
}
