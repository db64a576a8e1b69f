import type { Command } from "../commands";
import { EventLogHash } from "../event-log";
import type { ResourceState, SimEvent } from "../events";
import { KpiCollector } from "../kpi/collector";
import { type RunKpis, runKpis } from "../kpi/report";
import { type Estimate, estimate } from "../kpi/stats";
import type { RobotCollision } from "../physics/events";
import type { Scenario } from "../scenario/schema";
import { Simulation } from "../simulation";

export interface TimedCommand {
  /** µs */
  t: number;
  command: Command;
}

export interface RunOptions {
  seed: number;
  /** µs */
  horizonUs: number;
  /** µs */
  warmupUs: number;
  commands?: readonly TimedCommand[];
  /** sees every batch of events (e.g. to log them) */
  onEvents?: (events: readonly SimEvent[]) => void;
  /** hash the event log (costs about as much as the simulation itself) */
  hash?: boolean;
}

export interface RunResult {
  seed: number;
  kpis: RunKpis;
  /** hash of the event log, when asked for */
  hash: string | null;
  events: number;
  kernelEvents: number;
  /** robot collisions seen (fidelity: physics), and the first few of them */
  collisions: { count: number; first: RobotCollision[] };
}

/** how many collisions a result keeps for the report */
const KEEP_COLLISIONS = 5;

/** Advances in steps so memory stays flat; the step does not change results. */
const STEP_US = 3600 * 1e6;

/** One replication, as fast as possible. Pure: same inputs, same result. */
export function runOnce(scenario: Scenario, o: RunOptions): RunResult {
  const sim = new Simulation(scenario, { seed: o.seed });
  const initial: [string, ResourceState][] = [];
  for (const s of sim.state.stations.values()) initial.push([s.id, s.state]);
  for (const s of sim.state.sources.values()) initial.push([s.id, s.state]);
  for (const c of sim.state.conveyors.values()) initial.push([c.id, c.state]);
  const operators: [string, boolean][] = [];
  for (const p of sim.state.pools.values()) {
    if (sim.topo.pools.get(p.id)!.kind === "operators")
      for (const m of p.members) operators.push([m.id, m.onShift]);
  }
  const collector = new KpiCollector(
    o.warmupUs,
    o.horizonUs,
    initial,
    operators,
    new Set(sim.topo.stations.keys()),
  );
  const hash = new EventLogHash();
  const collisions = { count: 0, first: [] as RobotCollision[] };
  const commands = [...(o.commands ?? [])].sort((a, b) => a.t - b.t);
  let ci = 0;
  const consume = () => {
    const evs = sim.drainEvents();
    collector.add(evs);
    if (o.hash === true) hash.add(evs);
    else hash.count(evs);
    for (const e of evs) {
      if (e.type !== "RobotCollision") continue;
      if (collisions.count++ < KEEP_COLLISIONS) collisions.first.push(e);
    }
    o.onEvents?.(evs);
  };
  for (let t = 0; t < o.horizonUs; ) {
    const nextCmd = ci < commands.length ? commands[ci]!.t : Number.POSITIVE_INFINITY;
    const until = Math.min(t + STEP_US, o.horizonUs, nextCmd);
    sim.advanceTo(until);
    while (ci < commands.length && commands[ci]!.t <= until) sim.submit(commands[ci++]!.command);
    consume();
    t = until;
  }
  collector.finish();
  return {
    seed: o.seed,
    kpis: runKpis(sim.topo, collector),
    hash: o.hash === true ? hash.digest() : null,
    events: hash.events,
    kernelEvents: sim.eventsProcessed,
    collisions,
  };
}

export interface ReplicationsOptions {
  replications: number;
  seed: number;
  horizonUs: number;
  warmupUs: number;
  onProgress?: (done: number, total: number) => void;
}

/** Replication i uses seed + i, so two scenarios run with one seed are paired replication by replication. */
export function runReplications(scenario: Scenario, o: ReplicationsOptions): RunResult[] {
  const out: RunResult[] = [];
  for (let i = 0; i < o.replications; i++) {
    out.push(runOnce(scenario, { seed: o.seed + i, horizonUs: o.horizonUs, warmupUs: o.warmupUs }));
    o.onProgress?.(i + 1, o.replications);
  }
  return out;
}

/** The headline KPIs, each as a mean with its 95 % confidence interval across replications. */
export interface KpiSummary {
  throughputPerHour: Estimate;
  goodParts: Estimate;
  lineOee: Estimate;
  wip: Estimate;
  leadTimeMeanS: Estimate;
  leadTimeP50S: Estimate;
  leadTimeP95S: Estimate;
  labourPaidHours: Estimate;
  labourWorkedHours: Estimate;
  costPerGoodPart: Estimate;
  stations: {
    id: string;
    oee: Estimate;
    availability: Estimate;
    performance: Estimate;
    quality: Estimate;
    busy: Estimate;
    starved: Estimate;
    blocked: Estimate;
    down: Estimate;
    setup: Estimate;
    waiting: Estimate;
    offShift: Estimate;
    bottleneck: Estimate;
  }[];
  /** how often each station was the run's bottleneck */
  bottleneckVotes: Record<string, number>;
}

export const HEADLINE = [
  "throughputPerHour",
  "goodParts",
  "lineOee",
  "wip",
  "leadTimeMeanS",
  "leadTimeP50S",
  "leadTimeP95S",
  "labourPaidHours",
  "labourWorkedHours",
] as const;

export function summarise(runs: readonly RunResult[]): KpiSummary {
  const k = runs.map((r) => r.kpis);
  const est = (f: (x: RunKpis) => number) => estimate(k.map(f));
  const first = k[0];
  const votes: Record<string, number> = {};
  for (const r of k) if (r.bottleneck !== null) votes[r.bottleneck] = (votes[r.bottleneck] ?? 0) + 1;
  const out = Object.fromEntries(HEADLINE.map((h) => [h, est((x) => x[h] as number)])) as Record<
    (typeof HEADLINE)[number],
    Estimate
  >;
  return {
    ...out,
    costPerGoodPart: est((x) => x.economics.costPerGoodPart),
    stations: (first?.stations ?? []).map((s, i) => {
      const se = (f: (x: RunKpis["stations"][number]) => number) => estimate(k.map((r) => f(r.stations[i]!)));
      return {
        id: s.id,
        oee: se((x) => x.oee),
        availability: se((x) => x.availability),
        performance: se((x) => x.performance),
        quality: se((x) => x.quality),
        busy: se((x) => x.timeShare.busy),
        starved: se((x) => x.timeShare.starved),
        blocked: se((x) => x.timeShare.blocked),
        down: se((x) => x.timeShare.down),
        setup: se((x) => x.timeShare.setup),
        waiting: se((x) => x.timeShare.waiting),
        offShift: se((x) => x.timeShare.offShift),
        bottleneck: se((x) => x.bottleneckSole + x.bottleneckShifting),
      };
    }),
    bottleneckVotes: votes,
  };
}
