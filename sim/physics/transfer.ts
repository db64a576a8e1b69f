/**
 * Belt-to-belt hand-over. A conveyor whose target is another conveyor, with the second belt's entry at
 * the first one's end, keeps the part's body across: in line (same direction, entry within 5 cm of the
 * end) the part simply rides from one belt surface onto the next, both belts' friction acting on it while
 * it spans the joint; beside the end at an angle (a side transfer or a diverter's branch) a pusher moves
 * it kinematically from where it stands to the branch's entry, turning it to the branch's direction, at
 * the branch's belt speed. Belts that are not joined this way keep the old hand-over: the body is taken
 * out at the end and a new one put down at the next belt's entry.
 */
import type { Rotation, Vector } from "@dimforge/rapier3d-deterministic-compat";
import type { Scenario } from "../scenario/schema";
import { halfLength } from "./belt-geometry";
import type { BeltGeometry, PartShape } from "./world-types";

export type LinkKind = "inline" | "side";

/** A pusher moving a part to a branch belt's entry: plain data, so it snapshots. */
export interface TransferMotion {
  part: string;
  /** the belt the part goes to */
  belt: string;
  /** start and end centre, m */
  p0: [number, number, number];
  p1: [number, number, number];
  /** start and end heading about z, rad (end − start within ±π) */
  yaw0: number;
  yaw1: number;
  /** physics times of start and end, µs */
  t0: number;
  t1: number;
}

/** the next belt's entry may be this far from the end and still count as in line, m */
const INLINE_GAP = 0.05;
/** directions within 5° are parallel */
const PARALLEL = Math.cos((5 * Math.PI) / 180);
/** belt surfaces within this of each other in height can be joined, m */
const HEIGHT_TOL = 0.01;
/** the pusher moves at least this fast, m/s (a branch belt that is stopped still takes the part over) */
const MIN_PUSH_SPEED = 0.1;

/** The end of a belt on the floor plan, m. */
export function beltEnd(g: BeltGeometry): [number, number] {
  return [g.start[0] + g.dir[0] * g.length, g.start[1] + g.dir[1] * g.length];
}

/**
 * Which conveyor-to-conveyor routes are physical, by geometry: from belt → to belt → kind. `maxLen`: the
 * longest part, m; a side branch's entry must lie within half both widths plus that of the end.
 */
export function beltLinks(
  scenario: Scenario,
  geo: Map<string, BeltGeometry>,
  maxLen: number,
): Map<string, Map<string, LinkKind>> {
  const links = new Map<string, Map<string, LinkKind>>();
  for (const c of scenario.conveyors) {
    const a = geo.get(c.id)!;
    const targets =
      typeof c.to === "string" ? [c.to] : Array.isArray(c.to) ? c.to : Object.values(c.to).flat();
    for (const t of targets) {
      const b = geo.get(t);
      if (b === undefined || t === c.id) continue;
      const kind = linkKind(a, b, maxLen);
      if (kind === null) continue;
      let m = links.get(c.id);
      if (m === undefined) {
        m = new Map();
        links.set(c.id, m);
      }
      m.set(t, kind);
    }
  }
  return links;
}

function linkKind(a: BeltGeometry, b: BeltGeometry, maxLen: number): LinkKind | null {
  if (Math.abs(a.start[2] - b.start[2]) > HEIGHT_TOL) return null;
  const [ex, ey] = beltEnd(a);
  const d = Math.hypot(b.start[0] - ex, b.start[1] - ey);
  const parallel = a.dir[0] * b.dir[0] + a.dir[1] * b.dir[1] >= PARALLEL;
  if (parallel && d <= INLINE_GAP) return "inline";
  if (d <= a.width / 2 + b.width / 2 + maxLen) return "side";
  return null;
}

/** Heading about z of an upright body, rad. */
export function yawOf(q: Rotation): number {
  return Math.atan2(2 * (q.w * q.z + q.x * q.y), 1 - 2 * (q.y * q.y + q.z * q.z));
}

/**
 * The pusher's motion for a part now at `pos` heading `yaw`, to belt `b` (id `belt`) running at `speed`
 * m/s: it ends with the part's leading edge at the entry, on the belt's centre line, turned to its
 * direction. `tUs`: physics time now, µs; `dtUs` the step, so the motion lasts whole steps.
 */
export function transferMotion(
  part: string,
  belt: string,
  b: BeltGeometry,
  shape: PartShape,
  pos: Vector,
  yaw: number,
  speed: number,
  tUs: number,
  dtUs: number,
): TransferMotion {
  const half = halfLength(shape);
  const p1: [number, number, number] = [
    b.start[0] - b.dir[0] * half,
    b.start[1] - b.dir[1] * half,
    b.start[2] + shape.size[2] / 2,
  ];
  const yaw1 = Math.atan2(b.dir[1], b.dir[0]);
  let turn = yaw1 - yaw;
  turn -= 2 * Math.PI * Math.round(turn / (2 * Math.PI));
  const dist = Math.hypot(p1[0] - pos.x, p1[1] - pos.y, p1[2] - pos.z);
  const us = (dist / Math.max(speed, MIN_PUSH_SPEED)) * 1e6;
  const steps = Math.max(1, Math.ceil(us / dtUs));
  return {
    part,
    belt,
    p0: [pos.x, pos.y, pos.z],
    p1,
    yaw0: yaw,
    yaw1: yaw + turn,
    t0: tUs,
    t1: tUs + steps * dtUs,
  };
}

/** Where the pusher has the part at `tUs`: centre m and heading rad. */
export function motionAt(m: TransferMotion, tUs: number): { p: Vector; yaw: number } {
  const f = Math.min(1, Math.max(0, (tUs - m.t0) / (m.t1 - m.t0)));
  return {
    p: {
      x: m.p0[0] + (m.p1[0] - m.p0[0]) * f,
      y: m.p0[1] + (m.p1[1] - m.p0[1]) * f,
      z: m.p0[2] + (m.p1[2] - m.p0[2]) * f,
    },
    yaw: m.yaw0 + (m.yaw1 - m.yaw0) * f,
  };
}
