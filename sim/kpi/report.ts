import type { ResourceState } from "../events";
import { onTimeBetween } from "../line/calendar";
import type { Topology } from "../line/topology";
import { activePeriodBottleneck } from "./bottleneck";
import { type KpiCollector, RESOURCE_STATES } from "./collector";
import { percentile } from "./stats";

export interface StationKpis {
  id: string;
  kind: string;
  /** fraction of the window in each state */
  timeShare: Record<ResourceState, number>;
  produced: number;
  good: number;
  scrap: number;
  rework: number;
  /** ISO 22400-2: APT / PBT */
  availability: number;
  /** ISO 22400-2 effectiveness: PRI × PQ / APT */
  performance: number;
  /** ISO 22400-2 quality rate: GQ / PQ */
  quality: number;
  oee: number;
  bottleneckSole: number;
  bottleneckShifting: number;
}

export interface RunKpis {
  /** h, length of the measured window (horizon − warmup) */
  windowHours: number;
  /** h, planned production time of the line calendar inside the window */
  plannedHours: number;
  goodParts: number;
  scrappedParts: number;
  /** good parts per hour of window */
  throughputPerHour: number;
  /** time-average parts in the system */
  wip: number;
  /** lead time of good parts, s */
  leadTimeMeanS: number;
  leadTimeP50S: number;
  leadTimeP95S: number;
  /** paid operator hours (on shift) and hours spent walking, working or repairing */
  labourPaidHours: number;
  labourWorkedHours: number;
  /**
   * line OEE: good parts × ideal cycle time of the bottleneck station (divided among the stations that
   * work in parallel with it) / planned production time
   */
  lineOee: number;
  /** station with the largest active-period bottleneck share, or null */
  bottleneck: string | null;
  stations: StationKpis[];
  economics: RunEconomics;
}

export interface RunEconomics {
  currency: string;
  labourCost: number;
  depreciation: number;
  maintenance: number;
  energy: number;
  material: number;
  total: number;
  /** total / good parts (NaN without good parts) */
  costPerGoodPart: number;
  /** cost per good part without depreciation: what changes with each part made */
  operatingCostPerGoodPart: number;
  /** planned hours per year / planned hours of the window */
  annualisation: number;
  capital: number;
}

/** Computes the KPIs of one run from its collector (after `finish()`). */
export function runKpis(topo: Topology, c: KpiCollector): RunKpis {
  const windowUs = c.endUs - c.warmupUs;
  const windowHours = windowUs / 3.6e9;
  const plannedUs = onTimeBetween(topo.lineCalendar, topo.startAtS, c.warmupUs, c.endUs);
  const stationIds = topo.scenario.stations.map((s) => s.id);
  const { shares, bottleneck } = activePeriodBottleneck(c.activePeriods, c.warmupUs, c.endUs, stationIds);

  const stations: StationKpis[] = topo.scenario.stations.map((spec) => {
    const tr = c.tracks.get(spec.id)!;
    const counts = c.counts.get(spec.id)!;
    const timeShare = Object.fromEntries(
      RESOURCE_STATES.map((s) => [s, windowUs > 0 ? tr.time[s] / windowUs : 0]),
    ) as Record<ResourceState, number>;
    const pbt = windowUs - tr.time.offShift;
    const apt = tr.time.busy;
    const pri = topo.stations.get(spec.id)!.idealCycleS * 1e6;
    const availability = pbt > 0 ? apt / pbt : 0;
    const performance = apt > 0 ? Math.min(1, (pri * counts.produced) / apt) : 0;
    const quality = counts.produced > 0 ? counts.good / counts.produced : 0;
    const sh = shares.get(spec.id)!;
    return {
      id: spec.id,
      kind: spec.kind,
      timeShare,
      ...counts,
      availability,
      performance,
      quality,
      oee: availability * performance * quality,
      bottleneckSole: sh.sole,
      bottleneckShifting: sh.shifting,
    };
  });

  // the line's ideal rate is its bottleneck's (shared by the machines working in parallel with it);
  // without a bottleneck, the slowest station's
  const lineIdealS =
    bottleneck !== null
      ? topo.stations.get(bottleneck)!.idealCycleS / (topo.parallel.get(bottleneck) ?? 1)
      : Math.max(
          0,
          ...[...topo.stations.values()].map((d) => d.idealCycleS / (topo.parallel.get(d.spec.id) ?? 1)),
        );
  const paidUs = [...c.operatorPaidUs.values()].reduce((a, b) => a + b, 0);
  const workedUs = [...c.operatorWorkedUs.values()].reduce((a, b) => a + b, 0);
  const lt = c.leadTimesUs;
  const leadTimeMeanS = lt.length > 0 ? lt.reduce((a, b) => a + b, 0) / lt.length / 1e6 : Number.NaN;
  const plannedHours = plannedUs / 3.6e9;
  const economics = runEconomics(topo, {
    plannedHours,
    paidHours: paidUs / 3.6e9,
    good: c.good,
    consumed: c.good + c.scrapped,
  });
  return {
    windowHours,
    plannedHours,
    goodParts: c.good,
    scrappedParts: c.scrapped,
    throughputPerHour: windowHours > 0 ? c.good / windowHours : 0,
    wip: windowUs > 0 ? c.wipIntegral / windowUs : 0,
    leadTimeMeanS,
    leadTimeP50S: percentile(lt, 50) / 1e6,
    leadTimeP95S: percentile(lt, 95) / 1e6,
    labourPaidHours: paidUs / 3.6e9,
    labourWorkedHours: workedUs / 3.6e9,
    lineOee: plannedUs > 0 ? Math.min(1, (c.good * lineIdealS * 1e6) / plannedUs) : 0,
    bottleneck,
    stations,
    economics,
  };
}

function runEconomics(
  topo: Topology,
  r: { plannedHours: number; paidHours: number; good: number; consumed: number },
): RunEconomics {
  const e = topo.scenario.economics;
  const annualisation = r.plannedHours > 0 ? e.productionHoursPerYear / r.plannedHours : Number.NaN;
  const capital = e.equipment.reduce((a, q) => a + q.capital, 0);
  const depreciation = e.equipment.reduce((a, q) => a + q.capital / q.lifetime, 0) / annualisation;
  const maintenance = e.equipment.reduce((a, q) => a + q.maintenancePerYear, 0) / annualisation;
  // power in W, price per kWh
  const energy = (e.equipment.reduce((a, q) => a + q.power, 0) / 1000) * r.plannedHours * e.energyCostPerKWh;
  const labourCost = r.paidHours * e.labourCostPerHour;
  const material = r.consumed * e.materialCostPerPart;
  const total = labourCost + depreciation + maintenance + energy + material;
  return {
    currency: e.currency,
    labourCost,
    depreciation,
    maintenance,
    energy,
    material,
    total,
    costPerGoodPart: r.good > 0 ? total / r.good : Number.NaN,
    operatingCostPerGoodPart: r.good > 0 ? (total - depreciation) / r.good : Number.NaN,
    annualisation,
    capital,
  };
}
