import { type PlanData, RATE_CLASSES, RATE_FEED, RATE_PER_REV, segmentAt } from "./plan-data";

/**
 * Run-time overrides as time scaling. A plan is timed at 100 %; while it runs, plan time advances at a
 * rate per segment class (rapid, per-minute feed, per-revolution feed, fixed), e.g. 0.5 during feeds at
 * 50 % feed override. With the rates constant between commands, the real time between two plan positions
 * is Σ_c Δplan_c / rate_c, computed from the plan's per-class prefix sums in O(log n). A rate of 0 (feed
 * override 0 %) halts progress in that class: the time to pass such a segment is infinite.
 */

/** Rates per class, dimensionless (plan µs per real µs), indexed by RATE_* */
export type Rates = ArrayLike<number>;

/** Plan time of class c spent before plan position p (µs). */
export function classBefore(plan: PlanData, c: number, p: number): number {
  if (plan.count === 0) return 0;
  const total = plan.startUs[plan.count]!;
  if (p >= total) return plan.classUs[c]![plan.count]!;
  const i = segmentAt(plan, p);
  const base = plan.classUs[c]![i]!;
  return plan.rate[i] === c ? base + (p - plan.startUs[i]!) : base;
}

function scaled(delta: number, rate: number): number {
  if (delta <= 0) return 0;
  return rate > 0 ? delta / rate : Number.POSITIVE_INFINITY;
}

/** Real µs the plan takes to advance from p0 to p1 (plan µs, p1 ≥ p0) at these rates. */
export function realElapsed(plan: PlanData, p0: number, p1: number, rates: Rates): number {
  let sum = 0;
  for (let c = 0; c < RATE_CLASSES; c++)
    sum += scaled(classBefore(plan, c, p1) - classBefore(plan, c, p0), rates[c]!);
  return sum;
}

/** Real µs of cutting (per-minute and per-revolution feed classes) between plan positions p0 and p1. */
export function realCutting(plan: PlanData, p0: number, p1: number, rates: Rates): number {
  return (
    scaled(classBefore(plan, RATE_FEED, p1) - classBefore(plan, RATE_FEED, p0), rates[RATE_FEED]!) +
    scaled(classBefore(plan, RATE_PER_REV, p1) - classBefore(plan, RATE_PER_REV, p0), rates[RATE_PER_REV]!)
  );
}

const base = new Float64Array(RATE_CLASSES); // scratch: class time before p0, for planAfter

/** Real µs from the plan position whose class times are in `base` to segment boundary j. */
function elapsedToBoundary(plan: PlanData, j: number, rates: Rates): number {
  let sum = 0;
  for (let c = 0; c < RATE_CLASSES; c++) sum += scaled(plan.classUs[c]![j]! - base[c]!, rates[c]!);
  return sum;
}

/**
 * Plan position (µs, fractional) reached `elapsed` real µs after being at p0, clamped to the end:
 * a binary search over segment boundaries, whose class times are table lookups.
 */
export function planAfter(plan: PlanData, p0: number, elapsed: number, rates: Rates): number {
  if (plan.count === 0 || elapsed <= 0) return p0;
  const total = plan.startUs[plan.count]!;
  if (p0 >= total) return total;
  for (let c = 0; c < RATE_CLASSES; c++) base[c] = classBefore(plan, c, p0);
  const i0 = segmentAt(plan, p0);
  let lo = i0;
  let hi = plan.count;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (elapsedToBoundary(plan, mid, rates) <= elapsed) lo = mid;
    else hi = mid - 1;
  }
  if (lo >= plan.count) return total;
  const from = lo === i0 ? p0 : plan.startUs[lo]!;
  const spent = lo === i0 ? 0 : elapsedToBoundary(plan, lo, rates);
  const p = from + (elapsed - spent) * rates[plan.rate[lo]!]!;
  return Math.min(p, plan.startUs[lo + 1]!);
}

/** Cutting distance (m) covered before plan position p; linear in time inside a segment. */
export function cutDistanceBefore(plan: PlanData, p: number): number {
  if (plan.count === 0) return 0;
  const total = plan.startUs[plan.count]!;
  if (p >= total) return plan.cutM[plan.count]!;
  const i = segmentAt(plan, p);
  const base = plan.cutM[i]!;
  const dur = plan.startUs[i + 1]! - plan.startUs[i]!;
  const within = plan.cutM[i + 1]! - base;
  return dur > 0 && within > 0 ? base + (within * (p - plan.startUs[i]!)) / dur : base;
}
