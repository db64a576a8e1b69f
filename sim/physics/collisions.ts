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

/**
 * Gap, m, under which the cheap bounding tests hand a pair to Rapier. Rapier's shape test counts a gap
 * under ~1 mm as contact (measured 0.92 mm), so a pair the bounds keep 1 cm apart can never touch and
 * skipping it leaves the result unchanged.
 */
const BOUND_MARGIN = 0.01;

/** A fixed box: Rapier's shape, and its frame (yaw about z) and half extents for the bounding test. */
interface Box {
  key: string;
  shape: Cuboid;
  pos: Vector;
  rot: Rotation;
  cos: number;
  sin: number;
  half: [number, number, number];
  /** world AABB, m: min x, y, z, max x, y, z */
  aabb: Float64Array;
}

/** A robot link at one instant: its capsule (created once per link per check) and where it stands. */
interface Link {
  key: string;
  shape: Capsule;
  halfLen: number;
  radius: number;
  a: [number, number, number];
  b: [number, number, number];
  pos: Vector;
  rot: Rotation;
  /** AABB of the capsule grown by BOUND_MARGIN, m */
  aabb: Float64Array;
}

/** One robot's links at the last instant sampled. */
interface Slot {
  motion: RobotMotion;
  radius: number;
  /** capsules by link name, kept across samples (link lengths are fixed per link) */
  shapes: Map<string, Link>;
  links: Link[];
  /** union of the links' AABBs, m */
  aabb: Float64Array;
  /** the instant `links` are for, µs (NaN before the first sample) */
  at: number;
}

/**
 * Every pair (robot link, obstacle) and (robot link, other robot's link) that comes into contact in
 * [fromUs, toUs], at its first contact, in time order. A pair touching at `fromUs` is reported at it.
 * Pairs whose bounds stay a centimetre apart are never handed to Rapier (a box against the link's
 * bounds in the box's frame, link against link by their boxes), which leaves the result unchanged.
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
  const fixed = Object.entries(obstacles).map(([id, o]) => box(R, id, o));
  const allowList = opts.allow ?? [];
  const allowMemo = new Map<string, boolean>();
  const allowed = (a: string, b: string): boolean => {
    const memo = `${a}|${b}`;
    let v = allowMemo.get(memo);
    if (v !== undefined) return v;
    const [ra] = a.split(":");
    const [rb] = b.split(":");
    v = allowList.some(
      ([x, y]) =>
        ((x === a || x === ra) && (y === b || y === rb)) || ((x === b || x === rb) && (y === a || y === ra)),
    );
    allowMemo.set(memo, v);
    return v;
  };
  const q = new Float64Array(MAX_DOF);
  const slots: Slot[] = robots.map((r) => ({
    motion: r,
    radius: r.radius ?? defaultLinkRadius(r.placement.model),
    shapes: new Map(),
    links: [],
    aabb: new Float64Array(6),
    at: Number.NaN,
  }));
  const sampleAt = (s: Slot, t: number): void => {
    if (s.at === t) return;
    s.at = t;
    s.motion.sample(t, q);
    const caps = robotLinks(s.motion.placement, q, s.radius);
    s.links.length = 0;
    emptyAabb(s.aabb);
    for (const c of caps) {
      const l = placeLink(R, s, c);
      s.links.push(l);
      unionAabb(s.aabb, l.aabb);
    }
  };
  const pairTouches = (l: Link, o: Box | Link): boolean =>
    !allowed(l.key, o.key) &&
    (isBox(o) ? linkNearBox(l, o) : aabbOverlap(l.aabb, o.aabb)) &&
    l.shape.intersectsShape(l.pos, l.rot, o.shape, o.pos, o.rot);
  /** keys "robot:link|obstacle" of every pair touching at t */
  const touching = (t: number): Set<string> => {
    const out = new Set<string>();
    for (const s of slots) sampleAt(s, t);
    slots.forEach((s, i) => {
      for (const l of s.links) {
        for (const o of fixed) {
          if (aabbOverlap(l.aabb, o.aabb) && pairTouches(l, o)) out.add(`${l.key}|${o.key}`);
        }
      }
      for (let j = i + 1; j < slots.length; j++) {
        const other = slots[j]!;
        if (!aabbOverlap(s.aabb, other.aabb)) continue;
        for (const l of s.links) {
          for (const m of other.links) if (pairTouches(l, m)) out.add(`${l.key}|${m.key}`);
        }
      }
    });
    return out;
  };
  const slotOf = new Map(slots.map((s) => [s.motion.id, s]));
  const boxOf = new Map(fixed.map((b) => [b.key, b]));
  /** whether the one pair `key` touches at t (samples only the robots in it) */
  const pairAt = (key: string, t: number): boolean => {
    const [a, b] = key.split("|") as [string, string];
    const sa = slotOf.get(a.slice(0, a.indexOf(":")))!;
    sampleAt(sa, t);
    const l = sa.links.find((x) => x.key === a);
    if (l === undefined) return false;
    const o = boxOf.get(b);
    if (o !== undefined) return pairTouches(l, o);
    const sb = slotOf.get(b.slice(0, b.indexOf(":")))!;
    sampleAt(sb, t);
    const m = sb.links.find((x) => x.key === b);
    return m !== undefined && pairTouches(l, m);
  };

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
  return found.sort(byTime);
}

/** Order of collision lists: by time, then robot, link and obstacle. */
export function byTime(a: RobotCollision, b: RobotCollision): number {
  return a.t - b.t || cmp(a.robot, b.robot) || cmp(a.link, b.link) || cmp(a.obstacle, b.obstacle);
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function isBox(o: Box | Link): o is Box {
  return "half" in o;
}

function box(R: ReturnType<typeof rapier>, key: string, o: ObstacleSpec): Box {
  const yaw = o.yaw ?? 0;
  const cos = Math.cos(yaw);
  const sin = Math.sin(yaw);
  const half: [number, number, number] = [o.size[0] / 2, o.size[1] / 2, o.size[2] / 2];
  const ex = Math.abs(cos) * half[0] + Math.abs(sin) * half[1];
  const ey = Math.abs(sin) * half[0] + Math.abs(cos) * half[1];
  const [cx, cy, cz] = o.center;
  return {
    key,
    shape: new R.Cuboid(half[0], half[1], half[2]),
    pos: { x: cx, y: cy, z: cz },
    rot: yawQuat(yaw),
    cos,
    sin,
    half,
    aabb: Float64Array.of(cx - ex, cy - ey, cz - half[2], cx + ex, cy + ey, cz + half[2]),
  };
}

/** Whether the link's segment, grown by its radius and the margin, can reach the box (in the box's frame). */
function linkNearBox(l: Link, o: Box): boolean {
  const g = l.radius + BOUND_MARGIN;
  const ax = l.a[0] - o.pos.x;
  const ay = l.a[1] - o.pos.y;
  const bx = l.b[0] - o.pos.x;
  const by = l.b[1] - o.pos.y;
  // into the box frame: rotate by −yaw
  const au = o.cos * ax + o.sin * ay;
  const av = -o.sin * ax + o.cos * ay;
  const bu = o.cos * bx + o.sin * by;
  const bv = -o.sin * bx + o.cos * by;
  const aw = l.a[2] - o.pos.z;
  const bw = l.b[2] - o.pos.z;
  return (
    Math.min(au, bu) - g <= o.half[0] &&
    Math.max(au, bu) + g >= -o.half[0] &&
    Math.min(av, bv) - g <= o.half[1] &&
    Math.max(av, bv) + g >= -o.half[1] &&
    Math.min(aw, bw) - g <= o.half[2] &&
    Math.max(aw, bw) + g >= -o.half[2]
  );
}

function aabbOverlap(a: Float64Array, b: Float64Array): boolean {
  return (
    a[0]! <= b[3]! && b[0]! <= a[3]! && a[1]! <= b[4]! && b[1]! <= a[4]! && a[2]! <= b[5]! && b[2]! <= a[5]!
  );
}

function emptyAabb(a: Float64Array): void {
  a.fill(Number.POSITIVE_INFINITY, 0, 3);
  a.fill(Number.NEGATIVE_INFINITY, 3, 6);
}

function unionAabb(into: Float64Array, a: Float64Array): void {
  for (let k = 0; k < 3; k++) {
    if (a[k]! < into[k]!) into[k] = a[k]!;
    if (a[k + 3]! > into[k + 3]!) into[k + 3] = a[k + 3]!;
  }
}

/**
 * The link placed along its capsule: a Rapier capsule (its axis is local y) reused from the robot's
 * earlier samples when its length is the same, the pose, and its margin-grown AABB.
 */
function placeLink(R: ReturnType<typeof rapier>, s: Slot, c: LinkCapsule): Link {
  const dx = c.b[0] - c.a[0];
  const dy = c.b[1] - c.a[1];
  const dz = c.b[2] - c.a[2];
  const len = Math.hypot(dx, dy, dz);
  let l = s.shapes.get(c.name);
  if (l === undefined || l.halfLen !== len / 2 || l.radius !== c.radius) {
    l = {
      key: `${s.motion.id}:${c.name}`,
      shape: new R.Capsule(len / 2, c.radius),
      halfLen: len / 2,
      radius: c.radius,
      a: c.a,
      b: c.b,
      pos: { x: 0, y: 0, z: 0 },
      rot: { x: 0, y: 0, z: 0, w: 1 },
      aabb: new Float64Array(6),
    };
    s.shapes.set(c.name, l);
  }
  l.a = c.a;
  l.b = c.b;
  const ux = dx / len;
  const uy = dy / len;
  const uz = dz / len;
  // shortest rotation taking +y onto u: axis y × u = (uz, 0, −ux), cos = uy
  if (uy < -1 + 1e-12) {
    l.rot.x = 1;
    l.rot.y = 0;
    l.rot.z = 0;
    l.rot.w = 0;
  } else {
    const w = 1 + uy;
    const n = Math.hypot(uz, ux, w);
    l.rot.x = uz / n;
    l.rot.y = 0;
    l.rot.z = -ux / n;
    l.rot.w = w / n;
  }
  l.pos.x = (c.a[0] + c.b[0]) / 2;
  l.pos.y = (c.a[1] + c.b[1]) / 2;
  l.pos.z = (c.a[2] + c.b[2]) / 2;
  const g = c.radius + BOUND_MARGIN;
  for (let k = 0; k < 3; k++) {
    l.aabb[k] = Math.min(c.a[k]!, c.b[k]!) - g;
    l.aabb[k + 3] = Math.max(c.a[k]!, c.b[k]!) + g;
  }
  return l;
}
