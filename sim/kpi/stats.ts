/** Small statistics for replications: means, confidence intervals, percentiles. */

export interface Estimate {
  mean: number;
  /** half-width of the 95 % confidence interval (NaN with fewer than two values) */
  halfWidth: number;
  n: number;
}

// two-sided 95 % Student t quantiles t(0.975, df) for df = 1..30; beyond, the normal approximation
const T975 = [
  12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.16, 2.145, 2.131,
  2.12, 2.11, 2.101, 2.093, 2.086, 2.08, 2.074, 2.069, 2.064, 2.06, 2.056, 2.052, 2.048, 2.045, 2.042,
];

export function tQuantile975(df: number): number {
  if (df < 1) return Number.NaN;
  if (df <= 30) return T975[df - 1]!;
  // Cornish–Fisher expansion around z = 1.959964
  const z = 1.959964;
  return z + (z ** 3 + z) / (4 * df) + (5 * z ** 5 + 16 * z ** 3 + 3 * z) / (96 * df * df);
}

export function estimate(values: readonly number[]): Estimate {
  const n = values.length;
  if (n === 0) return { mean: Number.NaN, halfWidth: Number.NaN, n };
  const m = values.reduce((a, b) => a + b, 0) / n;
  if (n < 2) return { mean: m, halfWidth: Number.NaN, n };
  const v = values.reduce((a, b) => a + (b - m) ** 2, 0) / (n - 1);
  return { mean: m, halfWidth: tQuantile975(n - 1) * Math.sqrt(v / n), n };
}

/** Linear-interpolated percentile (p in 0..100) of unsorted values. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const s = Float64Array.from(values).sort();
  const pos = (p / 100) * (s.length - 1);
  const lo = Math.floor(pos);
  const hi = Math.min(s.length - 1, lo + 1);
  return s[lo]! + (s[hi]! - s[lo]!) * (pos - lo);
}
