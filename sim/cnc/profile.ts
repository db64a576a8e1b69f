/**
 * Trapezoidal velocity profiles along a path of known length, and the junction speed of the
 * continuous-path look-ahead. Lengths m, speeds m/s, accelerations m/s², times s.
 */

/** Phases of one profile: accelerate to vc, cruise, decelerate to v1. */
export interface Trapezoid {
  /** peak (cruise) speed, m/s */
  vc: number;
  /** end of acceleration, s */
  t1: number;
  /** start of deceleration, s */
  t2: number;
  /** duration, s */
  T: number;
  /** distance covered at t1, m */
  d1: number;
  /** distance covered at t2, m */
  d2: number;
}

/**
 * Fastest trapezoid that covers `length` starting at v0 and ending at v1 without exceeding vmax or
 * the acceleration `a`. The look-ahead guarantees v0 and v1 are reachable from each other within
 * `length`; tiny float excesses are absorbed.
 */
export function trapezoid(
  length: number,
  v0: number,
  v1: number,
  vmax: number,
  a: number,
  out: Trapezoid,
): Trapezoid {
  const peak = Math.sqrt((2 * a * length + v0 * v0 + v1 * v1) / 2);
  let vc = Math.min(vmax, peak);
  if (vc < v0) vc = v0;
  if (vc < v1) vc = v1;
  const t1 = (vc - v0) / a;
  const d1 = (vc * vc - v0 * v0) / (2 * a);
  const t3 = (vc - v1) / a;
  const d3 = (vc * vc - v1 * v1) / (2 * a);
  const cruise = Math.max(0, length - d1 - d3);
  const t2 = t1 + (vc > 0 ? cruise / vc : 0);
  out.vc = vc;
  out.t1 = t1;
  out.t2 = t2;
  out.T = t2 + t3;
  out.d1 = d1;
  out.d2 = d1 + cruise;
  return out;
}

/** Distance covered at time tau (s) into a profile, m. */
export function distanceAt(
  tau: number,
  v0: number,
  vc: number,
  a: number,
  t1: number,
  t2: number,
  d1: number,
  d2: number,
): number {
  if (tau <= t1) return v0 * tau + 0.5 * a * tau * tau;
  if (tau <= t2) return d1 + vc * (tau - t1);
  const u = tau - t2;
  return d2 + vc * u - 0.5 * a * u * u;
}

/** Speed at time tau (s) into a profile, m/s. */
export function speedAt(tau: number, v0: number, vc: number, a: number, t1: number, t2: number): number {
  if (tau <= t1) return v0 + a * tau;
  if (tau <= t2) return vc;
  return Math.max(0, vc - a * (tau - t2));
}

/**
 * Highest speed through a corner between unit directions `u1` (arriving) and `u2` (leaving) for a
 * corner tolerance `deviation` (m) and acceleration `a` (the junction-deviation model of grbl and
 * Marlin: the corner is treated as an arc tangent to both moves that stays within `deviation`).
 */
export function junctionSpeed(
  u1x: number,
  u1y: number,
  u1z: number,
  u2x: number,
  u2y: number,
  u2z: number,
  deviation: number,
  a: number,
): number {
  const cosTheta = -(u1x * u2x + u1y * u2y + u1z * u2z);
  if (cosTheta > 0.999999) return 0; // full reversal
  if (cosTheta < -0.999999) return Number.POSITIVE_INFINITY; // straight on
  const sinHalf = Math.sqrt(0.5 * (1 - cosTheta));
  return Math.sqrt((a * deviation * sinHalf) / (1 - sinHalf));
}
