import type { KpiPoint, KpiSnapshot, StationKpi } from "../../protocol/index";
import type { ResourceState, SimEvent, Simulation } from "../../sim/index";

const HOUR_US = 3_600_000_000;

interface Track {
  state: ResourceState;
  since: number;
  busy: number;
  offShift: number;
  produced: number;
  good: number;
  scrap: number;
  idealUs: number;
}

/**
 * KPIs of a running twin, from the same events as `twin run` and with the same ISO 22400 definitions,
 * but over the run so far (warm-up included) and readable at any instant: open state intervals are
 * counted up to the time asked for.
 */
export class LiveKpi {
  private readonly tracks = new Map<string, Track>();
  private good = 0;
  private scrapped = 0;
  private created = 0;
  private leadSumUs = 0;
  /** completion times of good parts in the last hour, µs, oldest first */
  private recent: number[] = [];
  private recentHead = 0;
  /** the station whose group paces the line, and the group's ideal cycle per part, µs */
  private readonly pace: string | null;
  private readonly paceUs: number;

  constructor(sim: Simulation) {
    for (const [id, def] of sim.topo.stations) {
      const st = sim.state.stations.get(id)!;
      const idealUs = def.idealCycleS * 1e6;
      this.tracks.set(id, {
        state: st.state,
        since: sim.now,
        busy: 0,
        offShift: 0,
        produced: st.good + st.scrap + st.rework,
        good: st.good,
        scrap: st.scrap,
        idealUs,
      });
    }
    const { station, cycleUs } = lineIdealCycle(sim);
    this.pace = station;
    this.paceUs = cycleUs;
  }

  add(events: readonly SimEvent[]): void {
    for (const e of events) {
      switch (e.type) {
        case "StateChanged": {
          const tr = this.tracks.get(e.entity);
          if (tr === undefined) break;
          close(tr, e.t);
          tr.state = e.state;
          break;
        }
        case "OperationCompleted": {
          const tr = this.tracks.get(e.station);
          if (tr === undefined) break;
          tr.produced++;
          if (e.result === "good") tr.good++;
          else if (e.result === "scrap") tr.scrap++;
          break;
        }
        case "PartCreated":
          this.created++;
          break;
        case "PartCompleted":
          this.good++;
          this.leadSumUs += e.leadTimeUs;
          this.recent.push(e.t);
          break;
        case "PartScrapped":
          this.scrapped++;
          break;
        default:
          break;
      }
    }
  }

  /** KPIs as of simulation time `tUs` (not before the last event added). */
  snapshot(tUs: number): KpiSnapshot {
    const stations: StationKpi[] = [];
    for (const [id, tr] of this.tracks) stations.push(stationKpi(id, tr, tUs));
    while (this.recentHead < this.recent.length && this.recent[this.recentHead]! < tUs - HOUR_US)
      this.recentHead++;
    if (this.recentHead > 1024) {
      this.recent = this.recent.slice(this.recentHead);
      this.recentHead = 0;
    }
    const windowUs = Math.min(tUs, HOUR_US);
    const inWindow = this.recent.length - this.recentHead;
    let lineOee = 0;
    const pace = this.pace === null ? undefined : this.tracks.get(this.pace);
    if (pace !== undefined) {
      const planned = tUs - pace.offShift - (pace.state === "offShift" ? tUs - pace.since : 0);
      lineOee = planned > 0 ? Math.min(1, (this.good * this.paceUs) / planned) : 0;
    }
    return {
      tUs,
      goodParts: this.good,
      scrappedParts: this.scrapped,
      wip: this.created - this.good - this.scrapped,
      throughputPerHour: windowUs > 0 ? (inWindow * HOUR_US) / windowUs : 0,
      lineOee,
      leadTimeMeanS: this.good > 0 ? this.leadSumUs / this.good / 1e6 : null,
      stations,
    };
  }
}

/**
 * The line's ideal cycle per part, µs: stations that are alternatives of one route (machines in
 * parallel) share the work, so a group's ideal cycle is its stations' mean ideal cycle / their number;
 * the slowest group paces the line.
 */
export function lineIdealCycle(sim: Simulation): { station: string | null; cycleUs: number } {
  const group = new Map<string, string[]>();
  for (const id of sim.topo.stations.keys()) group.set(id, [id]);
  for (const route of sim.topo.routes.values()) {
    for (const list of [route.fallback, ...route.byProduct.values()]) {
      const stations = list.filter((x) => sim.topo.stations.has(x));
      if (stations.length < 2) continue;
      for (const s of stations) if (group.get(s)!.length < stations.length) group.set(s, stations);
    }
  }
  let station: string | null = null;
  let cycleUs = 0;
  for (const [id, members] of group) {
    const mean = members.reduce((a, m) => a + sim.topo.stations.get(m)!.idealCycleS, 0) / members.length;
    const us = (mean * 1e6) / members.length;
    if (us > cycleUs) {
      cycleUs = us;
      station = id;
    }
  }
  return { station, cycleUs };
}

/** The chart point of a snapshot. */
export function kpiPoint(k: KpiSnapshot): KpiPoint {
  return { tUs: k.tUs, throughputPerHour: k.throughputPerHour, lineOee: k.lineOee, wip: k.wip };
}

function close(tr: Track, t: number): void {
  const dt = Math.max(0, t - tr.since);
  if (tr.state === "busy") tr.busy += dt;
  else if (tr.state === "offShift") tr.offShift += dt;
  tr.since = t;
}

function stationKpi(id: string, tr: Track, tUs: number): StationKpi {
  const open = Math.max(0, tUs - tr.since);
  const busy = tr.busy + (tr.state === "busy" ? open : 0);
  const off = tr.offShift + (tr.state === "offShift" ? open : 0);
  const planned = tUs - off;
  const availability = planned > 0 ? busy / planned : 0;
  const performance = busy > 0 ? Math.min(1, (tr.idealUs * tr.produced) / busy) : 0;
  const quality = tr.produced > 0 ? tr.good / tr.produced : 0;
  return {
    id,
    availability,
    performance,
    quality,
    oee: availability * performance * quality,
    good: tr.good,
    scrap: tr.scrap,
    busyShare: tUs > 0 ? busy / tUs : 0,
  };
}
