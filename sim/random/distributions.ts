import type { Pcg32 } from "./pcg32";

/**
 * Probability distributions usable from scenario files. Values are in the unit of the quantity they
 * describe (seconds for durations): the scenario parser converts `45s` or `2 min` before they get here.
 */
export type Distribution =
  | { kind: "constant"; value: number }
  | { kind: "uniform"; min: number; max: number }
  | { kind: "triangular"; min: number; mode: number; max: number }
  /** normal truncated at 0 (resampled), as durations cannot be negative */
  | { kind: "normal"; mean: number; sd: number }
  /** lognormal given the mean and standard deviation of the variable itself (not of its log) */
  | { kind: "lognormal"; mean: number; sd: number }
  | { kind: "exponential"; mean: number }
  /** Weibull with shape k and scale λ: F(x) = 1 − exp(−(x/λ)^k) */
  | { kind: "weibull"; shape: number; scale: number }
  /** a discrete table of values with relative weights (equal weights when omitted) */
  | { kind: "empirical"; values: number[]; weights?: number[] | undefined };

export function constant(value: number): Distribution {
  return { kind: "constant", value };
}

/** Draws one value. Consumes a fixed number of generator outputs per kind except the truncated normal. */
export function sample(d: Distribution, rng: Pcg32): number {
  switch (d.kind) {
    case "constant":
      return d.value;
    case "uniform":
      return d.min + (d.max - d.min) * rng.nextFloat();
    case "triangular": {
      const u = rng.nextFloat();
      const { min: a, mode: c, max: b } = d;
      if (b === a) return a;
      const fc = (c - a) / (b - a);
      return u < fc ? a + Math.sqrt(u * (b - a) * (c - a)) : b - Math.sqrt((1 - u) * (b - a) * (b - c));
    }
    case "normal": {
      if (d.sd === 0) return Math.max(0, d.mean);
      // Truncation by resampling; after 1000 rejections the mass above 0 is negligible, so clamp.
      for (let i = 0; i < 1000; i++) {
        const x = d.mean + d.sd * standardNormal(rng);
        if (x >= 0) return x;
      }
      return 0;
    }
    case "lognormal": {
      if (d.sd === 0) return d.mean;
      const s2 = Math.log(1 + (d.sd * d.sd) / (d.mean * d.mean));
      const mu = Math.log(d.mean) - s2 / 2;
      return Math.exp(mu + Math.sqrt(s2) * standardNormal(rng));
    }
    case "exponential":
      return -d.mean * Math.log(1 - rng.nextFloat());
    case "weibull":
      return d.scale * (-Math.log(1 - rng.nextFloat())) ** (1 / d.shape);
    case "empirical": {
      const u = rng.nextFloat();
      const w = d.weights;
      if (w === undefined) return d.values[Math.min(d.values.length - 1, Math.floor(u * d.values.length))]!;
      let total = 0;
      for (const x of w) total += x;
      let acc = 0;
      for (let i = 0; i < w.length; i++) {
        acc += w[i]!;
        if (u * total < acc) return d.values[i]!;
      }
      return d.values[d.values.length - 1]!;
    }
  }
}

/** Expected value, used by capacity estimates and reports. */
export function mean(d: Distribution): number {
  switch (d.kind) {
    case "constant":
      return d.value;
    case "uniform":
      return (d.min + d.max) / 2;
    case "triangular":
      return (d.min + d.mode + d.max) / 3;
    case "normal": {
      if (d.sd === 0) return Math.max(0, d.mean);
      // mean of a normal truncated below at 0
      const a = -d.mean / d.sd;
      const z = 1 - normalCdf(a);
      return d.mean + (d.sd * normalPdf(a)) / z;
    }
    case "lognormal":
      return d.mean;
    case "exponential":
      return d.mean;
    case "weibull":
      return d.scale * gamma(1 + 1 / d.shape);
    case "empirical": {
      const w = d.weights ?? d.values.map(() => 1);
      let s = 0;
      let t = 0;
      d.values.forEach((v, i) => {
        s += v * w[i]!;
        t += w[i]!;
      });
      return s / t;
    }
  }
}

/** Standard normal by the Box–Muller transform; uses exactly two draws, so stream positions stay aligned. */
function standardNormal(rng: Pcg32): number {
  const u1 = 1 - rng.nextFloat(); // (0, 1]
  const u2 = rng.nextFloat();
  return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
}

function normalPdf(x: number): number {
  return Math.exp(-0.5 * x * x) / Math.sqrt(2 * Math.PI);
}

/** Φ(x) via the complementary error function (Numerical Recipes erfc, |ε| < 1.2e-7). */
export function normalCdf(x: number): number {
  const z = Math.abs(x) / Math.SQRT2;
  const t = 1 / (1 + 0.5 * z);
  const r =
    t *
    Math.exp(
      -z * z -
        1.26551223 +
        t *
          (1.00002368 +
            t *
              (0.37409196 +
                t *
                  (0.09678418 +
                    t *
                      (-0.18628806 +
                        t *
                          (0.27886807 +
                            t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))),
    );
  return x >= 0 ? 1 - r / 2 : r / 2;
}

/** Γ(x) by the Lanczos approximation (g = 7, n = 9), good to ~1e-15 for x > 0.5. */
export function gamma(x: number): number {
  const g = 7;
  const c = [
    0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
    12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
  ];
  if (x < 0.5) return Math.PI / (Math.sin(Math.PI * x) * gamma(1 - x));
  const xx = x - 1;
  let a = c[0]!;
  const t = xx + g + 0.5;
  for (let i = 1; i < g + 2; i++) a += c[i]! / (xx + i);
  return Math.sqrt(2 * Math.PI) * t ** (xx + 0.5) * Math.exp(-t) * a;
}
