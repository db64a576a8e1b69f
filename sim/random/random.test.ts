import { describe, expect, it } from "vitest";
import { type Distribution, mean, sample } from "./distributions";
import { Pcg32 } from "./pcg32";
import { RandomStreams, streamFor } from "./streams";

describe("Pcg32", () => {
  it("matches the reference pcg32-demo output for initstate 42, initseq 54", () => {
    const rng = new Pcg32(42n, 54n);
    const out = Array.from({ length: 6 }, () => rng.nextU32().toString(16));
    expect(out).toEqual(["a15c02b7", "7b47f409", "ba1d3330", "83d2f293", "bfa4784b", "cbed606e"]);
  });

  it("restores a snapshot to the same sequence", () => {
    const rng = new Pcg32(7n, 3n);
    rng.nextU32();
    const snap = rng.snapshot();
    const a = [rng.nextFloat(), rng.nextFloat()];
    rng.restore(snap);
    expect([rng.nextFloat(), rng.nextFloat()]).toEqual(a);
  });
});

describe("named streams", () => {
  it("depend only on the run seed and the name", () => {
    const a = new RandomStreams(1);
    a.get("other/arrivals").nextU32(); // touching another stream first changes nothing
    const b = new RandomStreams(1);
    expect(a.get("cnc-1/failures").nextU32()).toBe(b.get("cnc-1/failures").nextU32());
    expect(streamFor(1, "x").nextU32()).not.toBe(streamFor(2, "x").nextU32());
    expect(streamFor(1, "x").nextU32()).not.toBe(streamFor(1, "y").nextU32());
  });
});

describe("distributions", () => {
  const cases: [string, Distribution][] = [
    ["uniform", { kind: "uniform", min: 2, max: 6 }],
    ["triangular", { kind: "triangular", min: 1, mode: 2, max: 6 }],
    ["normal (truncated)", { kind: "normal", mean: 1, sd: 1 }],
    ["lognormal", { kind: "lognormal", mean: 10, sd: 4 }],
    ["exponential", { kind: "exponential", mean: 3 }],
    ["weibull", { kind: "weibull", shape: 1.5, scale: 100 }],
    ["empirical", { kind: "empirical", values: [1, 2, 10], weights: [1, 2, 1] }],
  ];
  it.each(cases)("%s: sample mean within 2%% of the analytic mean over 200k draws", (_name, d) => {
    const rng = streamFor(99, "dist");
    let s = 0;
    let least = Number.POSITIVE_INFINITY;
    const n = 200_000;
    for (let i = 0; i < n; i++) {
      const x = sample(d, rng);
      least = Math.min(least, x);
      s += x;
    }
    expect(least).toBeGreaterThanOrEqual(0);
    expect(Math.abs(s / n - mean(d)) / mean(d)).toBeLessThan(0.02);
  });
});
