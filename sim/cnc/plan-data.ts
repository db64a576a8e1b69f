import type { Vec3 } from "./machine-types";
import { distanceAt, speedAt } from "./profile";

/** Segment kinds. */
export const SEG_RAPID = 0;
export const SEG_FEED = 1;
export const SEG_ARC = 2;
export const SEG_DWELL = 3;
export const SEG_TOOL = 4;
export const SEG_SPINDLE = 5;

/**
 * Rate classes: how a segment's progress responds to overrides at run time. Rapid moves follow the
 * rapid override, per-minute feeds the feed override, per-revolution feeds the feed and the spindle
 * override, and dwells, tool changes and spindle ramps run at their own pace.
 */
export const RATE_RAPID = 0;
export const RATE_FEED = 1;
export const RATE_PER_REV = 2;
export const RATE_FIXED = 3;
export const RATE_CLASSES = 4;

export type FeedState = "idle" | "rapid" | "feed" | "dwell" | "toolChange" | "spindleRamp" | "hold";

const FEED_STATE: readonly FeedState[] = ["rapid", "feed", "feed", "dwell", "toolChange", "spindleRamp"];

export interface ToolStats {
  tool: number;
  /** time with this tool in the spindle, including its change, µs */
  timeUs: number;
  /** time in cutting feed, µs */
  cuttingUs: number;
  /** cutting path length, m */
  cuttingM: number;
  /** rapid path length, m */
  rapidM: number;
}

export interface PlanStats {
  /** total cycle time, µs */
  totalUs: number;
  cuttingUs: number;
  rapidUs: number;
  dwellUs: number;
  toolChangeUs: number;
  spindleRampUs: number;
  /** m */
  cuttingM: number;
  /** m */
  rapidM: number;
  /** in order of first use; tool 0 is time before the first tool call */
  perTool: ToolStats[];
}

/** A program stop (M0, or M1 with the optional-stop switch on), at a segment boundary. */
export interface PlanStop {
  /** plan time, µs */
  planUs: number;
  line: number;
  optional: boolean;
}

/** End of a tool change or turret index, at a segment boundary. */
export interface PlanToolChange {
  /** plan time, µs */
  planUs: number;
  line: number;
  tool: number;
}

/**
 * A timed program as plain data (typed arrays, no closures), so a machine's state that holds it can be
 * cloned with structuredClone. Segment i runs from startUs[i] to startUs[i + 1] (plan µs, integers).
 */
export interface PlanData {
  count: number;
  /** length count + 1, plan µs */
  startUs: Float64Array;
  kind: Uint8Array;
  rate: Uint8Array;
  line: Int32Array;
  tool: Int32Array;
  coolant: Uint8Array;
  /** commanded spindle speed at segment start and end, rpm (signed: CCW negative) */
  rpm0: Float64Array;
  rpm1: Float64Array;
  /** start and end points, m */
  x0: Float64Array;
  y0: Float64Array;
  z0: Float64Array;
  x1: Float64Array;
  y1: Float64Array;
  z1: Float64Array;
  /** arcs: centre (m), plane (17/18/19), start angle and signed sweep (rad), radius (m) */
  cx: Float64Array;
  cy: Float64Array;
  cz: Float64Array;
  plane: Uint8Array;
  theta0: Float64Array;
  sweep: Float64Array;
  radius: Float64Array;
  /** path length m, profile speeds m/s, acceleration m/s², phase times s, phase distances m */
  length: Float64Array;
  v0: Float64Array;
  vc: Float64Array;
  acc: Float64Array;
  t1: Float64Array;
  t2: Float64Array;
  dur: Float64Array;
  d1: Float64Array;
  d2: Float64Array;
  /** prefix sums of plan time per rate class: classUs[c][i] = µs of class c in segments 0..i-1 */
  classUs: Float64Array[];
  /** prefix sums of cutting path length, m */
  cutM: Float64Array;
  stops: PlanStop[];
  toolChanges: PlanToolChange[];
  /** runs of consecutive segments with one tool: segments [from, to) */
  toolRuns: { from: number; to: number; tool: number }[];
  start: Vec3;
  /** coolant state after the last segment (M30 switches it off) */
  endCoolant: boolean;
  stats: PlanStats;
}

/** What `sample` fills in: where the machine is and what it does at one instant. */
export interface CncSample {
  /** axis positions, m (machine coordinates) */
  x: number;
  y: number;
  z: number;
  /** spindle speed, rpm (≥ 0) */
  spindleRpm: number;
  /** 1 CW, -1 CCW, 0 stopped */
  spindleDir: number;
  /** file line of the active block, 0 when none */
  line: number;
  tool: number;
  feedState: FeedState;
  /** path speed, m/s */
  speed: number;
  coolant: boolean;
  /** segment index, -1 when none */
  segment: number;
}

export function emptySample(): CncSample {
  return {
    x: 0,
    y: 0,
    z: 0,
    spindleRpm: 0,
    spindleDir: 0,
    line: 0,
    tool: 0,
    feedState: "idle",
    speed: 0,
    coolant: false,
    segment: -1,
  };
}

/** Index of the segment active at plan time t (µs): the last i with startUs[i] ≤ t, clamped. */
export function segmentAt(p: PlanData, t: number): number {
  let lo = 0;
  let hi = p.count - 1;
  const s = p.startUs;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (s[mid]! <= t) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/**
 * Fills `out` with the machine's state at plan time `planUs` (µs, may be fractional). No allocation:
 * a binary search over segment start times, then closed-form position along a line or helix.
 */
export function samplePlan(p: PlanData, planUs: number, out: CncSample): CncSample {
  if (p.count === 0) {
    out.x = p.start.x;
    out.y = p.start.y;
    out.z = p.start.z;
    out.spindleRpm = 0;
    out.spindleDir = 0;
    out.line = 0;
    out.tool = 0;
    out.feedState = "idle";
    out.speed = 0;
    out.coolant = p.endCoolant;
    out.segment = -1;
    return out;
  }
  const total = p.startUs[p.count]!;
  const t = planUs < 0 ? 0 : Math.min(planUs, total);
  const i = segmentAt(p, t);
  const durUs = p.startUs[i + 1]! - p.startUs[i]!;
  let f = durUs > 0 ? (t - p.startUs[i]!) / durUs : 1;
  if (f > 1) f = 1;
  const end = planUs >= total;
  const kind = p.kind[i]!;
  out.segment = i;
  out.line = p.line[i]!;
  out.tool = p.tool[i]!;
  out.coolant = planUs >= total ? p.endCoolant : p.coolant[i] === 1;
  const rpm = p.rpm0[i]! + (p.rpm1[i]! - p.rpm0[i]!) * f;
  out.spindleRpm = Math.abs(rpm);
  out.spindleDir = rpm > 0 ? 1 : rpm < 0 ? -1 : 0;
  out.feedState = end ? "idle" : FEED_STATE[kind]!;
  out.speed = 0;
  if (f >= 1 || kind >= SEG_DWELL) {
    const atEnd = f >= 1 && kind < SEG_DWELL;
    out.x = atEnd ? p.x1[i]! : p.x0[i]!;
    out.y = atEnd ? p.y1[i]! : p.y0[i]!;
    out.z = atEnd ? p.z1[i]! : p.z0[i]!;
    return out;
  }
  const tau = f * p.dur[i]!;
  const v0 = p.v0[i]!;
  const vc = p.vc[i]!;
  const a = p.acc[i]!;
  const t1 = p.t1[i]!;
  const t2 = p.t2[i]!;
  const len = p.length[i]!;
  const s = distanceAt(tau, v0, vc, a, t1, t2, p.d1[i]!, p.d2[i]!);
  out.speed = speedAt(tau, v0, vc, a, t1, t2);
  let u = len > 0 ? s / len : 1;
  if (u > 1) u = 1;
  if (kind !== SEG_ARC) {
    out.x = p.x0[i]! + (p.x1[i]! - p.x0[i]!) * u;
    out.y = p.y0[i]! + (p.y1[i]! - p.y0[i]!) * u;
    out.z = p.z0[i]! + (p.z1[i]! - p.z0[i]!) * u;
    return out;
  }
  const theta = p.theta0[i]! + p.sweep[i]! * u;
  const r = p.radius[i]!;
  const ca = r * Math.cos(theta);
  const cb = r * Math.sin(theta);
  const plane = p.plane[i];
  if (plane === 17) {
    out.x = p.cx[i]! + ca;
    out.y = p.cy[i]! + cb;
    out.z = p.z0[i]! + (p.z1[i]! - p.z0[i]!) * u;
  } else if (plane === 18) {
    out.z = p.cz[i]! + ca;
    out.x = p.cx[i]! + cb;
    out.y = p.y0[i]! + (p.y1[i]! - p.y0[i]!) * u;
  } else {
    out.y = p.cy[i]! + ca;
    out.z = p.cz[i]! + cb;
    out.x = p.x0[i]! + (p.x1[i]! - p.x0[i]!) * u;
  }
  return out;
}

/** A planned program: its data, its figures, and `sample(tUs)` at any plan time. */
export class PlannedProgram {
  constructor(readonly data: PlanData) {}

  /** total cycle time, µs */
  get totalUs(): number {
    return this.data.stats.totalUs;
  }

  get stats(): PlanStats {
    return this.data.stats;
  }

  /** State at plan time tUs (µs); fills `out` when given (no allocation), else a new object. */
  sample(tUs: number, out: CncSample = emptySample()): CncSample {
    return samplePlan(this.data, tUs, out);
  }
}
