import { describe, expect, it } from "vitest";
import { parseScenario, type SimEvent, Simulation } from "../../sim/index";
import { LiveKpi, lineIdealCycle } from "./live-kpi";

const LINE = `
name: two stations
products: [{ id: p }]
sources: [{ id: src, product: p, interarrival: 10 min, to: s1 }]
stations:
  - { id: s1, processTime: 60s, to: s2 }
  - { id: s2, processTime: 30s, to: out }
sinks: [{ id: out }]
`;

const PARALLEL = `
name: parallel machines
products: [{ id: p }]
sources: [{ id: src, product: p, interarrival: 10 min, to: rack }]
buffers: [{ id: rack, to: [m1, m2] }]
stations:
  - { id: m1, processTime: 100s, to: s3 }
  - { id: m2, processTime: 100s, to: s3 }
  - { id: s3, processTime: 70s, to: out }
sinks: [{ id: out }]
`;

const S = 1_000_000;

describe("live KPIs", () => {
  it("computes station OEE, throughput, WIP and line OEE by hand-checkable numbers", () => {
    const sim = new Simulation(parseScenario(LINE, "line.yaml"));
    const k = new LiveKpi(sim);
    const events: SimEvent[] = [
      { type: "PartCreated", t: 0, part: "a", product: "p", source: "src" },
      { type: "StateChanged", t: 0, entity: "s1", state: "busy", previous: "starved" },
      {
        type: "OperationCompleted",
        t: 100 * S,
        station: "s1",
        part: "a",
        product: "p",
        result: "good",
        processUs: 100 * S,
      },
      { type: "StateChanged", t: 100 * S, entity: "s1", state: "starved", previous: "busy" },
      { type: "StateChanged", t: 100 * S, entity: "s2", state: "busy", previous: "starved" },
      {
        type: "OperationCompleted",
        t: 130 * S,
        station: "s2",
        part: "a",
        product: "p",
        result: "good",
        processUs: 30 * S,
      },
      { type: "StateChanged", t: 130 * S, entity: "s2", state: "starved", previous: "busy" },
      { type: "PartCompleted", t: 130 * S, part: "a", product: "p", sink: "out", leadTimeUs: 130 * S },
    ];
    k.add(events);
    const snap = k.snapshot(200 * S);
    const s1 = snap.stations.find((s) => s.id === "s1")!;
    const s2 = snap.stations.find((s) => s.id === "s2")!;
    // s1: busy 100 of 200 s; 1 part at 60 s ideal in 100 s busy
    expect(s1.availability).toBeCloseTo(0.5, 12);
    expect(s1.performance).toBeCloseTo(0.6, 12);
    expect(s1.quality).toBe(1);
    expect(s1.oee).toBeCloseTo(0.3, 12);
    // s2: busy 30 of 200 s at its ideal pace
    expect(s2.availability).toBeCloseTo(0.15, 12);
    expect(s2.performance).toBeCloseTo(1, 12);
    expect(snap.goodParts).toBe(1);
    expect(snap.wip).toBe(0);
    // one part in 200 s is 18 parts/h; the line is paced by s1 (60 s): 60 / 200
    expect(snap.throughputPerHour).toBeCloseTo(18, 9);
    expect(snap.lineOee).toBeCloseTo(0.3, 12);
    expect(snap.leadTimeMeanS).toBe(130);
  });

  it("counts an open busy interval up to the time asked for", () => {
    const sim = new Simulation(parseScenario(LINE, "line.yaml"));
    const k = new LiveKpi(sim);
    k.add([{ type: "StateChanged", t: 50 * S, entity: "s1", state: "busy", previous: "starved" }]);
    expect(k.snapshot(150 * S).stations.find((s) => s.id === "s1")!.busyShare).toBeCloseTo(100 / 150, 12);
  });

  it("paces a line by its slowest group: two 100 s machines in parallel make 50 s, slower than nothing else but 70 s", () => {
    const sim = new Simulation(parseScenario(PARALLEL, "parallel.yaml"));
    expect(lineIdealCycle(sim)).toEqual({ station: "s3", cycleUs: 70 * S });
    const single = new Simulation(parseScenario(LINE, "line.yaml"));
    expect(lineIdealCycle(single)).toEqual({ station: "s1", cycleUs: 60 * S });
  });
});
