import { MEMBER_STATES, type MemberStateName, type Vec2 } from "../../protocol/index";
import type { SimEvent, Simulation } from "../../sim/index";
import type { Floorplan } from "./floorplan";
import type { RobotPoses } from "./robot-poses";

/**
 * Where operators and robots are between the simulation's events. The line model moves a member in one
 * step (it walks for distance / speed, then arrives); the twin draws the walk by interpolating over the
 * same interval, and draws robots by blending between solved key poses (see robot-poses.ts). This is an
 * estimate for the eye: when the simulation exposes robot trajectory samples, they replace it.
 */
export interface MemberTrack {
  id: string;
  pool: string;
  index: number;
  robot: RobotPoses | null;
  state: MemberStateName;
  station: string | null;
  from: Vec2;
  to: Vec2;
  /** walk or transfer interval, µs */
  t0: number;
  t1: number;
  /** when the current state began, µs */
  since: number;
  heading: number;
  /** robots: the joint values when the current state began */
  qStart: Float64Array | null;
  /** where the line model has the member (the station it last arrived at), for travel times */
  simLoc: Vec2;
}

const STATE_CODE = new Map(MEMBER_STATES.map((s, i) => [s, i]));

export class MemberMotion {
  readonly tracks: MemberTrack[] = [];
  private readonly byId = new Map<string, MemberTrack>();

  constructor(
    private readonly sim: Simulation,
    private readonly plan: Floorplan,
    robots: RobotPoses[],
  ) {
    const robotById = new Map(robots.map((r) => [r.id, r]));
    for (const pool of sim.state.pools.values()) {
      for (const m of pool.members) {
        const robot = robotById.get(m.id) ?? null;
        const home: Vec2 = [m.location[0], m.location[1]];
        const tr: MemberTrack = {
          id: m.id,
          pool: pool.id,
          index: this.tracks.length,
          robot,
          state: m.onShift ? "idle" : "offShift",
          station: null,
          from: home,
          to: [home[0], home[1]],
          t0: 0,
          t1: 0,
          since: sim.now,
          heading: -Math.PI / 2,
          qStart: robot === null ? null : new Float64Array(robot.home),
          simLoc: [home[0], home[1]],
        };
        this.tracks.push(tr);
        this.byId.set(m.id, tr);
      }
    }
  }

  add(events: readonly SimEvent[]): void {
    for (const e of events) {
      if (e.type !== "OperatorStateChanged") continue;
      const tr = this.byId.get(e.operator);
      if (tr === undefined) continue;
      if (tr.qStart !== null) this.robotJoints(tr, e.t, tr.qStart);
      const here = this.position(tr, e.t, [0, 0]);
      tr.state = e.state;
      tr.since = e.t;
      if (e.state === "walking" && e.station !== undefined) {
        tr.station = e.station;
        tr.from = here;
        tr.to = this.standPoint(tr, e.station);
        tr.t0 = e.t;
        tr.t1 = e.t + this.travelUs(tr, e.station);
      } else if ((e.state === "working" || e.state === "repairing") && e.station !== undefined) {
        tr.station = e.station;
        tr.from = this.standPoint(tr, e.station);
        tr.to = tr.from;
        tr.t0 = tr.t1 = e.t;
        const at = this.sim.topo.positions.get(e.station);
        if (at !== undefined) tr.simLoc = [at[0], at[1]];
        const it = this.plan.items.get(e.station);
        if (it !== undefined && tr.robot === null) tr.heading = Math.atan2(-it.front[1], -it.front[0]);
      } else {
        tr.station = e.state === "offShift" ? null : tr.station;
        tr.from = here;
        tr.to = here;
        tr.t0 = tr.t1 = e.t;
      }
    }
  }

  /** Member state as the wire code (index into MEMBER_STATES). */
  stateCode(tr: MemberTrack): number {
    return STATE_CODE.get(tr.state) ?? 0;
  }

  /** Floor position at `tUs`, m, written into `out`. */
  position(tr: MemberTrack, tUs: number, out: Vec2): Vec2 {
    if (tr.robot !== null) {
      out[0] = tr.robot.base[0];
      out[1] = tr.robot.base[1];
      return out;
    }
    const f = tr.t1 > tr.t0 ? Math.min(1, Math.max(0, (tUs - tr.t0) / (tr.t1 - tr.t0))) : 1;
    out[0] = tr.from[0] + (tr.to[0] - tr.from[0]) * f;
    out[1] = tr.from[1] + (tr.to[1] - tr.from[1]) * f;
    if (tr.state === "walking" && (tr.to[0] !== tr.from[0] || tr.to[1] !== tr.from[1])) {
      tr.heading = Math.atan2(tr.to[1] - tr.from[1], tr.to[0] - tr.from[0]);
    }
    return out;
  }

  /**
   * Robot joint values at `tUs` (rad or m) into `out`; returns true while the robot carries the part of
   * the station it serves (taking it to the machine, until it lets go).
   */
  robotJoints(tr: MemberTrack, tUs: number, out: Float64Array): boolean {
    const r = tr.robot!;
    const start = tr.qStart!;
    const key = tr.station === null ? undefined : r.stations.get(tr.station);
    const sinceS = (tUs - tr.since) / 1e6;
    if (key === undefined || tr.state === "idle" || tr.state === "offShift") {
      blend(out, start, r.home, smooth(sinceS / 2));
      return false;
    }
    if (tr.state === "walking") {
      const f = tr.t1 > tr.t0 ? (tUs - tr.t0) / (tr.t1 - tr.t0) : 1;
      blend(out, start, key.approach, smooth(f));
      return this.sim.state.stations.get(tr.station!)?.part !== null;
    }
    // working: a machine is loaded (down, let go, up, wait); a robot station is worked in a cycle
    const kind = this.sim.topo.stations.get(tr.station!)?.spec.kind;
    let w: number;
    let carrying = false;
    if (kind === "robot") w = sinceS < 1 ? 0 : 0.5 - 0.5 * Math.cos((2 * Math.PI * (sinceS - 1)) / 4);
    else {
      w =
        sinceS < 1
          ? 0
          : sinceS < 2.5
            ? smooth((sinceS - 1) / 1.5)
            : sinceS < 3.5
              ? 1
              : 1 - smooth((sinceS - 3.5) / 1.5);
      carrying = sinceS < 2.5;
    }
    blend(out, key.approach, key.reach, w);
    if (sinceS < 1) blend(out, start, out, smooth(sinceS));
    return carrying;
  }

  private standPoint(tr: MemberTrack, station: string): Vec2 {
    const it = this.plan.items.get(station);
    if (tr.robot !== null) return [tr.robot.base[0], tr.robot.base[1]];
    return it === undefined ? [tr.to[0], tr.to[1]] : [it.stand[0], it.stand[1]];
  }

  /** The line model's travel time: distance between floor positions / walking speed, or the robot's transfer time. */
  private travelUs(tr: MemberTrack, station: string): number {
    const def = this.sim.topo.pools.get(tr.pool)!;
    const at = this.sim.topo.positions.get(station)!;
    const d = Math.hypot(tr.simLoc[0] - at[0], tr.simLoc[1] - at[1]);
    if (def.kind === "robot") return d > 1e-9 ? def.transferUs : 0;
    return Math.round((d / def.walkingSpeed) * 1e6);
  }
}

function smooth(x: number): number {
  const c = Math.min(1, Math.max(0, x));
  return c * c * (3 - 2 * c);
}

/** out = a + (b − a)·f, element-wise (out may alias a or b) */
function blend(out: Float64Array, a: ArrayLike<number>, b: ArrayLike<number>, f: number): void {
  for (let i = 0; i < out.length; i++) out[i] = a[i]! + (b[i]! - a[i]!) * f;
}
