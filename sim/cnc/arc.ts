import type { Vec3 } from "./machine-types";

/**
 * Plane geometry shared by the interpreter (arc centres, travel checks) and the planner (sampling).
 * A plane is (a, b, n): two in-plane axes and the normal, right-handed, so a positive sweep about n is
 * counter-clockwise seen from +n (G3) as RS-274 defines it: G17 (X, Y, Z), G18 (Z, X, Y), G19 (Y, Z, X).
 */
export type Plane = 17 | 18 | 19;

const AXES: Record<Plane, readonly [keyof Vec3, keyof Vec3, keyof Vec3]> = {
  17: ["x", "y", "z"],
  18: ["z", "x", "y"],
  19: ["y", "z", "x"],
};

/** Indices 0 = x, 1 = y, 2 = z of (a, b, n) for a plane. */
export const PLANE_INDEX: Record<Plane, readonly [number, number, number]> = {
  17: [0, 1, 2],
  18: [2, 0, 1],
  19: [1, 2, 0],
};

export function planeAxes(plane: Plane): readonly [keyof Vec3, keyof Vec3, keyof Vec3] {
  return AXES[plane];
}

const TWO_PI = 2 * Math.PI;

/**
 * Signed sweep from start angle to end angle, rad: positive (0, 2π] for counter-clockwise, negative
 * [-2π, 0) for clockwise; `full` (start and end coincide) gives a whole turn.
 */
export function sweepAngle(thetaStart: number, thetaEnd: number, ccw: boolean, full: boolean): number {
  if (full) return ccw ? TWO_PI : -TWO_PI;
  let s = thetaEnd - thetaStart;
  if (ccw) {
    while (s <= 0) s += TWO_PI;
    while (s > TWO_PI) s -= TWO_PI;
  } else {
    while (s >= 0) s -= TWO_PI;
    while (s < -TWO_PI) s += TWO_PI;
  }
  return s;
}

/** Length of a helical arc, m: radius r (m), sweep (rad), rise h along the normal (m). */
export function arcLength(radius: number, sweep: number, rise: number): number {
  const planar = Math.abs(radius * sweep);
  return rise === 0 ? planar : Math.hypot(planar, rise);
}

/**
 * Centre of an arc given by radius (R format), in plane coordinates: `r` > 0 takes the short way
 * (≤ 180°), `r` < 0 the long way. Returns null when |r| is shorter than half the chord (beyond `tol`, m).
 */
export function centreFromRadius(
  sa: number,
  sb: number,
  ea: number,
  eb: number,
  r: number,
  ccw: boolean,
  tol: number,
): { ca: number; cb: number } | null {
  const da = ea - sa;
  const db = eb - sb;
  const d = Math.hypot(da, db);
  const half = d / 2;
  const rr = Math.abs(r);
  if (rr < half - tol) return null;
  const h = Math.sqrt(Math.max(0, rr * rr - half * half));
  // Left of the travel direction is (-db, da)/d; a short CCW arc has its centre on the left.
  let side = ccw ? 1 : -1;
  if (r < 0) side = -side;
  return { ca: sa + da / 2 - (side * h * db) / d, cb: sb + db / 2 + (side * h * da) / d };
}

/**
 * Calls `visit(a, b)` for every axis-extreme point (0°, 90°, 180°, 270° about the centre) the sweep
 * passes, so travel limits can be checked on the arc and not only at its ends.
 */
export function arcExtremes(
  ca: number,
  cb: number,
  radius: number,
  thetaStart: number,
  sweep: number,
  visit: (a: number, b: number) => void,
): void {
  for (let k = -8; k <= 8; k++) {
    const ang = (k * Math.PI) / 2;
    const rel = sweep >= 0 ? ang - thetaStart : thetaStart - ang;
    if (rel > 0 && rel < Math.abs(sweep)) visit(ca + radius * Math.cos(ang), cb + radius * Math.sin(ang));
  }
}
