import { arcLength, PLANE_INDEX } from "./arc";
import type { MachineDefinition, Vec3 } from "./machine-types";
import {
  type PlanData,
  PlannedProgram,
  type PlanStats,
  RATE_CLASSES,
  RATE_FEED,
  RATE_FIXED,
  RATE_PER_REV,
  RATE_RAPID,
  SEG_ARC,
  SEG_DWELL,
  SEG_FEED,
  SEG_RAPID,
  SEG_SPINDLE,
  SEG_TOOL,
  type ToolStats,
} from "./plan-data";
import { junctionSpeed, type Trapezoid, trapezoid } from "./profile";
import type { ToolpathOp } from "./toolpath";

export interface PlanOptions {
  /** feed override, % (0–150); scales G1/G2/G3 and canned-cycle feeds; default 100 */
  feedOverridePct?: number | undefined;
  /** rapid override, % (0–100); default 100 */
  rapidOverridePct?: number | undefined;
  /** spindle override, % (0–150); scales spindle speed and so per-revolution feeds; default 100 */
  spindleOverridePct?: number | undefined;
  /** where the cycle starts, m (machine coordinates); the machine's home when omitted */
  start?: Vec3 | undefined;
}

const MIN_LEN = 1e-12;
const AXIS_KEYS = ["X", "Y", "Z"] as const;

/**
 * Times a tool path on a machine: every move gets a trapezoidal speed profile limited by the feed, the
 * axes' speeds and accelerations, the centripetal limit v²/r ≤ a on arcs, and the junction speeds of a
 * continuous-path look-ahead (zero at exact stops, rapids, and direction reversals). Dwells, tool
 * changes and spindle ramps become timed segments. Overrides given here are planned in (acceleration
 * limits stay honoured); the machine model applies run-time override changes by time scaling instead.
 */
export function planToolpath(
  ops: readonly ToolpathOp[],
  machine: MachineDefinition,
  options: PlanOptions = {},
): PlannedProgram {
  const fo = (options.feedOverridePct ?? 100) / 100;
  const ro = (options.rapidOverridePct ?? 100) / 100;
  const so = (options.spindleOverridePct ?? 100) / 100;
  const start = options.start ?? machine.home;
  const n = ops.length;
  const d = allocate(n, start);
  const vmax = new Float64Array(n);
  const vj = new Float64Array(n + 1); // speed allowed at each junction
  const exactEnd = new Uint8Array(n);
  const tan = new Float64Array(6 * n); // start and end unit tangents of motion segments
  const axes = AXIS_KEYS.map((k) => machine.axes[k]);
  let x = start.x;
  let y = start.y;
  let z = start.z;
  let rpm = 0;
  let tool = 0;
  let coolant = 0;
  let count = 0;
  for (const op of ops) {
    if (op.k === "coolant") {
      coolant = op.on ? 1 : 0;
      continue;
    }
    if (op.k === "stop") {
      d.stops.push({ planUs: count, line: op.line, optional: op.optional });
      continue;
    }
    const i = count;
    d.line[i] = op.line;
    d.coolant[i] = coolant;
    d.x0[i] = x;
    d.y0[i] = y;
    d.z0[i] = z;
    d.rpm0[i] = rpm;
    if (op.k === "line" || op.k === "arc") {
      const dx = op.x - x;
      const dy = op.y - y;
      const dz = op.z - z;
      let len: number;
      if (op.k === "line") {
        len = Math.hypot(dx, dy, dz);
        if (len < MIN_LEN) continue;
        const ux = dx / len;
        const uy = dy / len;
        const uz = dz / len;
        const at = 6 * i;
        tan[at] = tan[at + 3] = ux;
        tan[at + 1] = tan[at + 4] = uy;
        tan[at + 2] = tan[at + 5] = uz;
        d.kind[i] = op.rapid ? SEG_RAPID : SEG_FEED;
        let axisV = Number.POSITIVE_INFINITY;
        let axisA = Number.POSITIVE_INFINITY;
        for (let k = 0; k < 3; k++) {
          const comp = Math.abs(k === 0 ? ux : k === 1 ? uy : uz);
          const spec = axes[k];
          if (comp < 1e-12 || spec === undefined) continue;
          axisV = Math.min(axisV, (op.rapid ? spec.rapid : spec.maxFeed) / comp);
          axisA = Math.min(axisA, spec.accel / comp);
        }
        d.acc[i] = axisA;
        vmax[i] = op.rapid ? axisV * ro : Math.min(axisV, commandedSpeed(op.feed, op.perRev, rpm) * fo);
      } else {
        const [ia, ib, inn] = PLANE_INDEX[op.plane];
        const c = [op.cx, op.cy, op.cz];
        const s0 = [x, y, z];
        const e = [op.x, op.y, op.z];
        const rise = e[inn]! - s0[inn]!;
        len = arcLength(op.radius, op.sweep, rise);
        if (len < MIN_LEN) continue;
        const theta0 = Math.atan2(s0[ib]! - c[ib]!, s0[ia]! - c[ia]!);
        d.kind[i] = SEG_ARC;
        d.cx[i] = op.cx;
        d.cy[i] = op.cy;
        d.cz[i] = op.cz;
        d.plane[i] = op.plane;
        d.theta0[i] = theta0;
        d.sweep[i] = op.sweep;
        d.radius[i] = op.radius;
        arcTangent(tan, 6 * i, theta0, op.sweep, op.radius, rise, len, ia, ib, inn);
        arcTangent(tan, 6 * i + 3, theta0 + op.sweep, op.sweep, op.radius, rise, len, ia, ib, inn);
        const sa = axes[ia];
        const sb = axes[ib];
        const sn = axes[inn];
        const planeA = Math.min(sa?.accel ?? Number.POSITIVE_INFINITY, sb?.accel ?? Number.POSITIVE_INFINITY);
        let axisV = Math.min(
          sa?.maxFeed ?? Number.POSITIVE_INFINITY,
          sb?.maxFeed ?? Number.POSITIVE_INFINITY,
        );
        if (rise !== 0 && sn !== undefined) axisV = Math.min(axisV, (sn.maxFeed * len) / Math.abs(rise));
        d.acc[i] = planeA;
        const centripetal = Math.sqrt(planeA * op.radius);
        vmax[i] = Math.min(axisV, centripetal, commandedSpeed(op.feed, op.perRev, rpm) * fo);
      }
      d.length[i] = len;
      d.rate[i] = op.k === "line" && op.rapid ? RATE_RAPID : op.perRev ? RATE_PER_REV : RATE_FEED;
      exactEnd[i] = op.exact || (op.k === "line" && op.rapid) ? 1 : 0;
      x = op.x;
      y = op.y;
      z = op.z;
    } else {
      d.rate[i] = RATE_FIXED;
      if (op.k === "dwell") {
        d.kind[i] = SEG_DWELL;
        d.dur[i] = op.s;
      } else if (op.k === "tool") {
        d.kind[i] = SEG_TOOL;
        d.dur[i] = machine.toolChanger.changeS;
        tool = op.tool;
        if (op.stopsSpindle) rpm = 0;
        d.rpm0[i] = rpm;
        d.toolChanges.push({ planUs: i + 1, line: op.line, tool });
      } else {
        const target = clampRpm(op.rpm * so, machine.spindle.maxRpm);
        if (target === rpm) continue;
        d.kind[i] = SEG_SPINDLE;
        d.dur[i] = (machine.spindle.rampS * Math.abs(target - rpm)) / machine.spindle.maxRpm;
        rpm = target;
      }
    }
    d.x1[i] = x;
    d.y1[i] = y;
    d.z1[i] = z;
    d.rpm1[i] = rpm;
    d.tool[i] = tool;
    count++;
  }
  d.endCoolant = coolant === 1;
  lookAhead(d, count, vmax, vj, exactEnd, tan, machine.junctionDeviationM);
  return new PlannedProgram(finish(d, count, vmax, vj));
}

/** Path speed a feed asks for, m/s: per-revolution feeds follow the (overridden) spindle speed. */
function commandedSpeed(feed: number, perRev: boolean, rpm: number): number {
  return perRev ? (feed * Math.abs(rpm)) / 60 : feed;
}

function clampRpm(rpm: number, max: number): number {
  return rpm > max ? max : Math.max(rpm, -max);
}

/** Unit tangent of a helix at angle theta, written to tan[at..at+2] in x, y, z order. */
function arcTangent(
  tan: Float64Array,
  at: number,
  theta: number,
  sweep: number,
  radius: number,
  rise: number,
  len: number,
  ia: number,
  ib: number,
  inn: number,
): void {
  const sign = sweep >= 0 ? 1 : -1;
  const planar = Math.abs(radius * sweep) / len;
  tan[at + ia] = -Math.sin(theta) * sign * planar;
  tan[at + ib] = Math.cos(theta) * sign * planar;
  tan[at + inn] = rise / len;
}

/** Junction limits, then the backward and forward passes that make every profile feasible. */
function lookAhead(
  d: PlanData,
  count: number,
  vmax: Float64Array,
  vj: Float64Array,
  exactEnd: Uint8Array,
  tan: Float64Array,
  deviation: number,
): void {
  vj[0] = 0;
  vj[count] = 0;
  for (let i = 1; i < count; i++) {
    const p = i - 1;
    const motion = d.kind[i]! <= SEG_ARC && d.kind[p]! <= SEG_ARC;
    if (!motion || exactEnd[p] === 1 || d.kind[i] === SEG_RAPID) {
      vj[i] = 0;
      continue;
    }
    const limit = junctionSpeed(
      tan[6 * p + 3]!,
      tan[6 * p + 4]!,
      tan[6 * p + 5]!,
      tan[6 * i]!,
      tan[6 * i + 1]!,
      tan[6 * i + 2]!,
      deviation,
      Math.min(d.acc[p]!, d.acc[i]!),
    );
    vj[i] = Math.min(limit, vmax[p]!, vmax[i]!);
  }
  for (let i = count - 1; i >= 0; i--) {
    if (d.kind[i]! > SEG_ARC) continue;
    const reach = Math.sqrt(vj[i + 1]! * vj[i + 1]! + 2 * d.acc[i]! * d.length[i]!);
    if (vj[i]! > reach) vj[i] = reach;
  }
  for (let i = 0; i < count; i++) {
    if (d.kind[i]! > SEG_ARC) continue;
    const reach = Math.sqrt(vj[i]! * vj[i]! + 2 * d.acc[i]! * d.length[i]!);
    if (vj[i + 1]! > reach) vj[i + 1] = reach;
  }
}

function finish(d: PlanData, count: number, vmax: Float64Array, vj: Float64Array): PlanData {
  const tr: Trapezoid = { vc: 0, t1: 0, t2: 0, T: 0, d1: 0, d2: 0 };
  const perTool = new Map<number, ToolStats>();
  const stats: PlanStats = {
    totalUs: 0,
    cuttingUs: 0,
    rapidUs: 0,
    dwellUs: 0,
    toolChangeUs: 0,
    spindleRampUs: 0,
    cuttingM: 0,
    rapidM: 0,
    perTool: [],
  };
  const classUs = Array.from({ length: RATE_CLASSES }, () => new Float64Array(count + 1));
  const cutM = new Float64Array(count + 1);
  let cum = 0;
  d.startUs[0] = 0;
  for (let i = 0; i < count; i++) {
    const kind = d.kind[i]!;
    if (kind <= SEG_ARC) {
      const v0 = vj[i]!;
      trapezoid(d.length[i]!, v0, vj[i + 1]!, Math.max(vmax[i]!, v0, vj[i + 1]!), d.acc[i]!, tr);
      d.v0[i] = v0;
      d.vc[i] = tr.vc;
      d.t1[i] = tr.t1;
      d.t2[i] = tr.t2;
      d.d1[i] = tr.d1;
      d.d2[i] = tr.d2;
      d.dur[i] = tr.T;
    }
    cum += d.dur[i]!;
    d.startUs[i + 1] = Math.round(cum * 1e6);
    const us = d.startUs[i + 1]! - d.startUs[i]!;
    const rate = d.rate[i]!;
    for (let c = 0; c < RATE_CLASSES; c++) classUs[c]![i + 1] = classUs[c]![i]! + (c === rate ? us : 0);
    const cutting = kind === SEG_FEED || kind === SEG_ARC;
    cutM[i + 1] = cutM[i]! + (cutting ? d.length[i]! : 0);
    const toolNo = d.tool[i]!;
    const run = d.toolRuns[d.toolRuns.length - 1];
    if (run !== undefined && run.tool === toolNo) run.to = i + 1;
    else d.toolRuns.push({ from: i, to: i + 1, tool: toolNo });
    let ts = perTool.get(toolNo);
    if (ts === undefined) {
      ts = { tool: toolNo, timeUs: 0, cuttingUs: 0, cuttingM: 0, rapidM: 0 };
      perTool.set(toolNo, ts);
      stats.perTool.push(ts);
    }
    ts.timeUs += us;
    if (cutting) {
      ts.cuttingUs += us;
      ts.cuttingM += d.length[i]!;
      stats.cuttingUs += us;
      stats.cuttingM += d.length[i]!;
    } else if (kind === SEG_RAPID) {
      ts.rapidM += d.length[i]!;
      stats.rapidUs += us;
      stats.rapidM += d.length[i]!;
    } else if (kind === SEG_DWELL) stats.dwellUs += us;
    else if (kind === SEG_TOOL) stats.toolChangeUs += us;
    else if (kind === SEG_SPINDLE) stats.spindleRampUs += us;
  }
  stats.totalUs = d.startUs[count]!;
  for (const s of d.stops) s.planUs = d.startUs[s.planUs]!;
  for (const t of d.toolChanges) t.planUs = d.startUs[t.planUs]!;
  const out = trim(d, count);
  out.classUs = classUs;
  out.cutM = cutM;
  out.stats = stats;
  return out;
}

type ArrayKey = {
  [K in keyof PlanData]: PlanData[K] extends Float64Array | Uint8Array | Int32Array ? K : never;
}[keyof PlanData];

const PER_SEGMENT: readonly ArrayKey[] = [
  "kind",
  "rate",
  "line",
  "tool",
  "coolant",
  "rpm0",
  "rpm1",
  "x0",
  "y0",
  "z0",
  "x1",
  "y1",
  "z1",
  "cx",
  "cy",
  "cz",
  "plane",
  "theta0",
  "sweep",
  "radius",
  "length",
  "v0",
  "vc",
  "acc",
  "t1",
  "t2",
  "dur",
  "d1",
  "d2",
];

function allocate(n: number, start: Vec3): PlanData {
  const f = () => new Float64Array(n);
  return {
    count: 0,
    startUs: new Float64Array(n + 1),
    kind: new Uint8Array(n),
    rate: new Uint8Array(n),
    line: new Int32Array(n),
    tool: new Int32Array(n),
    coolant: new Uint8Array(n),
    rpm0: f(),
    rpm1: f(),
    x0: f(),
    y0: f(),
    z0: f(),
    x1: f(),
    y1: f(),
    z1: f(),
    cx: f(),
    cy: f(),
    cz: f(),
    plane: new Uint8Array(n),
    theta0: f(),
    sweep: f(),
    radius: f(),
    length: f(),
    v0: f(),
    vc: f(),
    acc: f(),
    t1: f(),
    t2: f(),
    dur: f(),
    d1: f(),
    d2: f(),
    classUs: [],
    cutM: new Float64Array(1),
    stops: [],
    toolChanges: [],
    toolRuns: [],
    endCoolant: false,
    start: { x: start.x, y: start.y, z: start.z },
    stats: {
      totalUs: 0,
      cuttingUs: 0,
      rapidUs: 0,
      dwellUs: 0,
      toolChangeUs: 0,
      spindleRampUs: 0,
      cuttingM: 0,
      rapidM: 0,
      perTool: [],
    },
  };
}

/** Copies the arrays down to the used length, so a snapshot carries no slack. */
function trim(d: PlanData, count: number): PlanData {
  const out = { ...d, count, startUs: d.startUs.slice(0, count + 1) };
  for (const key of PER_SEGMENT) (out as Record<ArrayKey, unknown>)[key] = d[key].slice(0, count);
  return out;
}
