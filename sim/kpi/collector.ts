import type { ResourceState, SimEvent } from "../events";
import type { ActivePeriod } from "./bottleneck";

export const RESOURCE_STATES: readonly ResourceState[] = [
  "busy",
  "setup",
  "waiting",
  "starved",
  "blocked",
  "down",
  "stopped",
  "offShift",
];

/** States in which a station limits the line (active period method): everything but waiting for work. */
const ACTIVE: ReadonlySet<ResourceState> = new Set(["busy", "setup", "down", "waiting"]);

interface Track {
  state: ResourceState;
  since: number;
  time: Record<ResourceState, number>;
  activeSince: number | null;
}

export interface StationCounts {
  produced: number;
  good: number;
  scrap: number;
  rework: number;
}

/**
 * Turns the event stream into time-weighted statistics over the window [warmupUs, endUs]. Streaming:
 * memory grows only with completed parts (for lead-time percentiles) and active periods.
 */
export class KpiCollector {
  readonly tracks = new Map<string, Track>();
  readonly counts = new Map<string, StationCounts>();
  readonly operatorPaidUs = new Map<string, number>();
  readonly operatorWorkedUs = new Map<string, number>();
  private readonly operatorState = new Map<string, { state: string; since: number }>();
  readonly leadTimesUs: number[] = [];
  readonly activePeriods: ActivePeriod[] = [];
  good = 0;
  scrapped = 0;
  created = 0;
  private wip = 0;
  private wipSince = 0;
  wipIntegral = 0;

  constructor(
    readonly warmupUs: number,
    readonly endUs: number,
    initialStates: Iterable<[string, ResourceState]>,
    operators: Iterable<[string, boolean]>,
    private readonly stations: ReadonlySet<string>,
  ) {
    for (const [id, s] of initialStates) {
      this.tracks.set(id, { state: s, since: 0, time: zeroTimes(), activeSince: ACTIVE.has(s) ? 0 : null });
    }
    for (const [id, onShift] of operators) {
      this.operatorState.set(id, { state: onShift ? "idle" : "offShift", since: 0 });
      this.operatorPaidUs.set(id, 0);
      this.operatorWorkedUs.set(id, 0);
    }
    for (const st of stations) this.counts.set(st, { produced: 0, good: 0, scrap: 0, rework: 0 });
  }

  /** µs of [a, b] that falls inside the window */
  private inWindow(a: number, b: number): number {
    return Math.max(0, Math.min(b, this.endUs) - Math.max(a, this.warmupUs));
  }

  add(events: readonly SimEvent[]): void {
    for (const ev of events) {
      switch (ev.type) {
        case "StateChanged": {
          const tr = this.tracks.get(ev.entity);
          if (tr === undefined) break;
          tr.time[tr.state] += this.inWindow(tr.since, ev.t);
          tr.state = ev.state;
          tr.since = ev.t;
          if (this.stations.has(ev.entity)) {
            const active = ACTIVE.has(ev.state);
            if (active && tr.activeSince === null) tr.activeSince = ev.t;
            else if (!active && tr.activeSince !== null) {
              if (ev.t > tr.activeSince)
                this.activePeriods.push({ station: ev.entity, start: tr.activeSince, end: ev.t });
              tr.activeSince = null;
            }
          }
          break;
        }
        case "PartCreated":
          this.wipStep(ev.t, +1);
          if (ev.t >= this.warmupUs && ev.t <= this.endUs) this.created++;
          break;
        case "PartCompleted":
          this.wipStep(ev.t, -1);
          if (ev.t >= this.warmupUs && ev.t <= this.endUs) {
            this.good++;
            this.leadTimesUs.push(ev.leadTimeUs);
          }
          break;
        case "PartScrapped":
          this.wipStep(ev.t, -1);
          if (ev.t >= this.warmupUs && ev.t <= this.endUs) this.scrapped++;
          break;
        case "OperationCompleted": {
          if (ev.t < this.warmupUs || ev.t > this.endUs) break;
          const c = this.counts.get(ev.station);
          if (c === undefined) break;
          c.produced++;
          c[ev.result]++;
          break;
        }
        case "OperatorStateChanged": {
          const o = this.operatorState.get(ev.operator);
          if (o === undefined) break;
          const dt = this.inWindow(o.since, ev.t);
          if (o.state !== "offShift")
            this.operatorPaidUs.set(ev.operator, this.operatorPaidUs.get(ev.operator)! + dt);
          if (o.state === "working" || o.state === "walking" || o.state === "repairing") {
            this.operatorWorkedUs.set(ev.operator, this.operatorWorkedUs.get(ev.operator)! + dt);
          }
          o.state = ev.state;
          o.since = ev.t;
          break;
        }
        default:
          break;
      }
    }
  }

  private wipStep(t: number, d: number): void {
    this.wipIntegral += this.wip * this.inWindow(this.wipSince, t);
    this.wip += d;
    this.wipSince = t;
  }

  /** Closes every open interval at the end of the window. Call once, after the last `add`. */
  finish(): void {
    const end = this.endUs;
    for (const [id, tr] of this.tracks) {
      tr.time[tr.state] += this.inWindow(tr.since, end);
      tr.since = end;
      if (tr.activeSince !== null && this.stations.has(id)) {
        this.activePeriods.push({ station: id, start: tr.activeSince, end });
        tr.activeSince = null;
      }
    }
    this.wipStep(end, 0);
    for (const [id, o] of this.operatorState) {
      const dt = this.inWindow(o.since, end);
      if (o.state !== "offShift") this.operatorPaidUs.set(id, this.operatorPaidUs.get(id)! + dt);
      if (o.state === "working" || o.state === "walking" || o.state === "repairing") {
        this.operatorWorkedUs.set(id, this.operatorWorkedUs.get(id)! + dt);
      }
      o.since = end;
    }
  }
}

function zeroTimes(): Record<ResourceState, number> {
  return { busy: 0, setup: 0, waiting: 0, starved: 0, blocked: 0, down: 0, stopped: 0, offShift: 0 };
}
