import { describe, expect, it } from "vitest";
import { parseScenario } from "../scenario/parse";
import { runOnce } from "./replicate";

/**
 * Checks of the line model against queueing theory. With Poisson arrivals (rate λ) and exponential
 * service (rate μ), each station is an M/M/1 queue with mean time in system 1/(μ − λ), and a tandem
 * line of such stations with unlimited buffers is a Jackson network whose mean sojourn is the sum.
 */
function line(stations: number[], interarrivalS: number): string {
  const ids = stations.map((_, i) => `m${i + 1}`);
  const body = stations
    .map(
      (mean, i) =>
        `  - { id: ${ids[i]}, processTime: { dist: exponential, mean: ${mean}s }, to: ${i + 1 < ids.length ? `q${i + 2}` : "out"} }`,
    )
    .join("\n");
  const buffers = ids.map((id, i) => `  - { id: q${i + 1}, to: ${id} }`).join("\n");
  return `name: queueing
products: [{ id: p }]
sources: [{ id: src, product: p, interarrival: { dist: exponential, mean: ${interarrivalS}s }, to: q1 }]
buffers:
${buffers}
stations:
${body}
sinks: [{ id: out }]
`;
}

const HOUR = 3600e6;

describe("queueing theory", () => {
  it("M/M/1 (ρ = 0.6): mean time in system within 3 % of 1/(μ − λ); Little's law within 1 %", () => {
    const r = runOnce(parseScenario(line([36], 60), "mm1.yaml"), {
      seed: 11,
      horizonUs: 3000 * HOUR,
      warmupUs: 50 * HOUR,
    });
    const expected = 1 / (1 / 36 - 1 / 60); // 90 s
    expect(r.kpis.goodParts).toBeGreaterThan(170_000);
    expect(Math.abs(r.kpis.leadTimeMeanS - expected) / expected).toBeLessThan(0.03);
    const little = (r.kpis.throughputPerHour / 3600) * r.kpis.leadTimeMeanS;
    expect(Math.abs(r.kpis.wip - little) / r.kpis.wip).toBeLessThan(0.01);
  });

  it("tandem line of two exponential stations: mean sojourn within 3 % of the Jackson-network value", () => {
    const r = runOnce(parseScenario(line([30, 40], 60), "tandem.yaml"), {
      seed: 5,
      horizonUs: 3000 * HOUR,
      warmupUs: 50 * HOUR,
    });
    const expected = 1 / (1 / 30 - 1 / 60) + 1 / (1 / 40 - 1 / 60); // 60 + 120 s
    expect(Math.abs(r.kpis.leadTimeMeanS - expected) / expected).toBeLessThan(0.03);
    const little = (r.kpis.throughputPerHour / 3600) * r.kpis.leadTimeMeanS;
    expect(Math.abs(r.kpis.wip - little) / r.kpis.wip).toBeLessThan(0.01);
    // each station is busy a fraction ρ = λ/μ of the time
    expect(r.kpis.stations[0]!.timeShare.busy).toBeCloseTo(0.5, 1);
    expect(r.kpis.stations[1]!.timeShare.busy).toBeCloseTo(2 / 3, 1);
  });
});
