import { describe, expect, it } from "vitest";
import { runOnce } from "../experiment/replicate";
import { parseScenario } from "../scenario/parse";
import { activePeriodBottleneck } from "./bottleneck";
import { estimate, percentile, tQuantile975 } from "./stats";

// One part every 60 s (first at 60 s) into a buffer before a station with a 40 s cycle; ideal cycle
// declared as 32 s; a fault injected at 600 s for 120 s. Over one hour, by hand:
// parts arrive at 60, 120, …, 3600; the fault pauses part 10 (started at 600) with 40 s left, it
// finishes at 760; the queue of three parts is cleared by 960. Operations completed: 59 (part 60
// arrives at 3600 and has no time left). APT = 59 × 40 = 2360 s; down = 120 s; PBT = 3600 s.
const SMALL = `name: oee by hand
products: [{ id: p }]
sources: [{ id: src, product: p, interarrival: 60s, to: q }]
buffers: [{ id: q, to: m }]
stations:
  - { id: m, processTime: 40s, idealCycleTime: 32s, to: out }
sinks: [{ id: out }]
`;

describe("OEE (ISO 22400-2) on a hand-computed case", () => {
  const r = runOnce(parseScenario(SMALL, "small.yaml"), {
    seed: 1,
    horizonUs: 3600e6,
    warmupUs: 0,
    commands: [{ t: 600e6, command: { type: "injectFault", entity: "m", durationS: 120 } }],
  });
  const m = r.kpis.stations[0]!;

  it("splits time into busy, down and starved", () => {
    expect(m.timeShare.busy * 3600).toBeCloseTo(2360, 6);
    expect(m.timeShare.down * 3600).toBeCloseTo(120, 6);
    expect(m.timeShare.starved * 3600).toBeCloseTo(1120, 6);
    expect(m.timeShare.blocked).toBe(0);
  });

  it("computes availability, performance, quality and OEE", () => {
    expect(m.produced).toBe(59);
    expect(m.availability).toBeCloseTo(2360 / 3600, 9);
    expect(m.performance).toBeCloseTo((32 * 59) / 2360, 9);
    expect(m.quality).toBe(1);
    expect(m.oee).toBeCloseTo((2360 / 3600) * 0.8, 9);
    expect(r.kpis.goodParts).toBe(59);
    expect(r.kpis.throughputPerHour).toBe(59);
  });

  it("quality is good over produced when a station scraps", () => {
    const q = runOnce(
      parseScenario(SMALL.replace("idealCycleTime: 32s,", "quality: { scrap: 0.2 },"), "q.yaml"),
      {
        seed: 4,
        horizonUs: 100 * 3600e6,
        warmupUs: 0,
      },
    );
    const st = q.kpis.stations[0]!;
    expect(st.scrap).toBeGreaterThan(0);
    expect(st.quality).toBeCloseTo(st.good / st.produced, 12);
    expect(st.quality).toBeCloseTo(0.8, 1);
    expect(q.kpis.scrappedParts).toBe(st.scrap);
  });
});

describe("active period bottleneck", () => {
  it("names the station with the longest active periods and finds the shifting overlap", () => {
    // a: active 0–60 and 70–100; b: active 50–80. The longest current period is a's first (60)
    // until 60, b's (30) from 60 to 70, then a's second (30, which wins the tie with b by scenario
    // order). The overlaps a1∩b = 50–60 and b∩a2 = 70–80 are shifting for both stations; the rest
    // of each winning stretch is sole: a 50 + 20, b 10.
    const { shares, bottleneck } = activePeriodBottleneck(
      [
        { station: "a", start: 0, end: 60 },
        { station: "a", start: 70, end: 100 },
        { station: "b", start: 50, end: 80 },
      ],
      0,
      100,
      ["a", "b"],
    );
    expect(bottleneck).toBe("a");
    expect(shares.get("a")!.shifting).toBeCloseTo(0.2, 9);
    expect(shares.get("b")!.shifting).toBeCloseTo(0.2, 9);
    expect(shares.get("a")!.sole).toBeCloseTo(0.7, 9);
    expect(shares.get("b")!.sole).toBeCloseTo(0.1, 9);
  });
});

describe("statistics", () => {
  it("uses Student t quantiles for small samples", () => {
    expect(tQuantile975(1)).toBe(12.706);
    expect(tQuantile975(9)).toBe(2.262);
    expect(tQuantile975(1000)).toBeCloseTo(1.962, 3);
    const e = estimate([1, 2, 3, 4, 5]);
    expect(e.mean).toBe(3);
    expect(e.halfWidth).toBeCloseTo(2.776 * Math.sqrt(2.5 / 5), 9);
    expect(percentile([5, 1, 3, 2, 4], 50)).toBe(3);
    expect(percentile([0, 10], 95)).toBeCloseTo(9.5, 12);
  });
});

describe("line OEE with machines in parallel", () => {
  it("shares the bottleneck's ideal cycle among the machines working side by side", () => {
    const r = runOnce(
      parseScenario(
        `name: parallel
products: [{ id: p }]
sources: [{ id: src, product: p, interarrival: 50s, to: q }]
buffers: [{ id: q, to: [m1, m2] }]
stations:
  - { id: m1, processTime: 100s, to: out }
  - { id: m2, processTime: 100s, to: out }
sinks: [{ id: out }]
`,
        "par.yaml",
      ),
      { seed: 1, horizonUs: 10 * 3600e6, warmupUs: 3600e6 },
    );
    // one part every 50 s made by two 100 s machines: the line runs at its ideal rate
    expect(r.kpis.lineOee).toBeGreaterThan(0.99);
    expect(r.kpis.throughputPerHour).toBeCloseTo(72, 0);
  });
});
