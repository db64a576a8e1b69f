/**
 * A trapezoidal velocity profile over a unit distance (s from 0 to 1): accelerate at A, cruise at V,
 * decelerate at A; a triangle when the distance is too short to reach V. PTP and LIN moves both run
 * their geometry along such an s(t).
 */
export interface UnitProfile {
  /** total time, s */
  T: number;
  /** acceleration (and deceleration) time, s */
  ta: number;
  /** cruise rate, 1/s */
  V: number;
  /** acceleration, 1/s² */
  A: number;
}

/** Time-optimal unit profile for a rate limit V (1/s) and an acceleration limit A (1/s²). */
export function unitProfile(V: number, A: number): UnitProfile {
  if (!(V > 0) || !(A > 0)) throw new Error(`profile limits must be positive (V ${V}, A ${A})`);
  if (V === Number.POSITIVE_INFINITY || A === Number.POSITIVE_INFINITY) return { T: 0, ta: 0, V: 0, A: 0 };
  if (V * V < A) return { T: 1 / V + V / A, ta: V / A, V, A };
  // triangle: the peak rate stays below V
  const ta = Math.sqrt(1 / A);
  return { T: 2 * ta, ta, V: A * ta, A };
}

/** s ∈ [0, 1] at time t (s). */
export function profilePosition(p: UnitProfile, t: number): number {
  if (p.T === 0) return 1;
  if (t <= 0) return 0;
  if (t >= p.T) return 1;
  if (t < p.ta) return 0.5 * p.A * t * t;
  if (t <= p.T - p.ta) return 0.5 * p.A * p.ta * p.ta + p.V * (t - p.ta);
  const r = p.T - t;
  return 1 - 0.5 * p.A * r * r;
}

/** ds/dt at time t, 1/s. */
export function profileRate(p: UnitProfile, t: number): number {
  if (t <= 0 || t >= p.T) return 0;
  if (t < p.ta) return p.A * t;
  if (t <= p.T - p.ta) return p.V;
  return p.A * (p.T - t);
}
