/** Where a part is along a belt and when it crossed a line there: the measures belts and eyes share. */
import type { BeltGeometry, PartShape, PhysicsWorld } from "./world";

/** The part's extent along the belt, m: a box's length, a cylinder's diameter. */
export function fullLength(s: PartShape): number {
  return s.kind === "cylinder" ? Math.min(s.size[0], s.size[1]) : s.size[0];
}

/** Half the part's extent along the belt, m. */
export function halfLength(s: PartShape): number {
  return fullLength(s) / 2;
}

/** The part's leading edge, m along the belt from its entry. */
export function leadOf(w: PhysicsWorld, g: BeltGeometry, part: string): number {
  const p = w.position(part);
  return (p.x - g.start[0]) * g.dir[0] + (p.y - g.start[1]) * g.dir[1] + halfLength(w.partShape(part));
}

/**
 * When, in the step (lo, t1], a part's edge now at `pos` crossed `line` (m along the belt), from its
 * velocity: µs, rounded up so the part is on the line by then.
 */
export function crossingTime(
  w: PhysicsWorld,
  g: BeltGeometry,
  part: string,
  pos: number,
  line: number,
  lo: number,
  t1: number,
): number {
  const v = w.velocity(part);
  const vs = v.x * g.dir[0] + v.y * g.dir[1];
  if (!(vs > 1e-6)) return t1;
  const t = t1 - Math.floor(((pos - line) / vs) * 1e6);
  return Math.min(t1, Math.max(lo, t));
}
