/**
 * Ready-made robot tasks as plain task data (the same form a scenario file writes): CNC machine
 * tending, conveyor-to-pallet palletising and an assembly insertion. Geometry is given by frames on
 * stations; every point has the tool pointing down (rx = 180°). Lengths in metres, speeds in m/s.
 */
import type { FrameSpec, PointSpec, RobotTaskSpec, StepSpec } from "./types";

const DOWN = Math.PI;

/** A frame given in SI numbers: on a station, on another frame, or in the cell. */
export type TemplateFrame = FrameSpec;

export interface MachineTendingOptions {
  /** the CNC station id; signals are named `<station>/door-open` etc. */
  station: string;
  /** the part seat in the machine (vise or chuck), relative to the station (default 0.95 m up) */
  fixture?: Omit<TemplateFrame, "station" | "frame">;
  /** where raw parts are picked up */
  infeed: TemplateFrame;
  /** where finished parts are put down */
  outfeed: TemplateFrame;
  /** height of the approach points above each seat, m (default 0.10) */
  approach?: number;
  /** distance of the door entry point in front of the fixture (−y of the fixture frame), m (default 0.35) */
  doorClearance?: number;
  /** LIN speed near parts, m/s (default 0.25) */
  linSpeed?: number;
}

/**
 * Machine tending with one gripper: open the door, take the finished part out and put it on the
 * outfeed, fetch a raw part from the infeed and load it, leave, close the door, start the cycle.
 * Signals: sets `<station>/door-open-request`, waits `<station>/door-open`; sets
 * `<station>/door-close-request`, waits `<station>/door-closed`; sets `<station>/cycle-start`.
 */
export function machineTendingTask(o: MachineTendingOptions): RobotTaskSpec {
  const a = o.approach ?? 0.1;
  const door = o.doorClearance ?? 0.35;
  const v = o.linSpeed ?? 0.25;
  const st = o.station;
  const down = (frame: string, z: number, y = 0): PointSpec => ({ frame, y, z, rx: DOWN });
  const lin = (to: string, blend = false): StepSpec => ({ moveL: { to, speed: v, blend } });
  return {
    frames: {
      machine: { station: st, z: 0.95, ...o.fixture },
      infeed: o.infeed,
      outfeed: o.outfeed,
    },
    points: {
      clear: down("machine", a + 0.25, -door - 0.1),
      entry: down("machine", a, -door),
      "above-fixture": down("machine", a),
      fixture: down("machine", 0),
      "above-infeed": down("infeed", a),
      infeed: down("infeed", 0),
      "above-outfeed": down("outfeed", a),
      outfeed: down("outfeed", 0),
    },
    program: [
      { moveJ: "clear" },
      { set: { signal: `${st}/door-open-request`, value: true } },
      { wait: { signal: `${st}/door-open`, value: true } },
      // unload
      { moveJ: { to: "entry", blend: true } },
      lin("above-fixture"),
      lin("fixture"),
      "grip",
      lin("above-fixture"),
      lin("entry", true),
      { moveJ: { to: "above-outfeed" } },
      lin("outfeed"),
      "release",
      lin("above-outfeed", true),
      // fetch and load
      { moveJ: { to: "above-infeed" } },
      lin("infeed"),
      "grip",
      lin("above-infeed", true),
      { moveJ: { to: "entry", blend: true } },
      lin("above-fixture"),
      lin("fixture"),
      "release",
      lin("above-fixture"),
      lin("entry", true),
      { moveJ: "clear" },
      { set: { signal: `${st}/door-close-request`, value: true } },
      { wait: { signal: `${st}/door-closed`, value: true } },
      { set: { signal: `${st}/cycle-start`, value: true } },
    ],
  };
}

export interface PalletPattern {
  rows: number;
  cols: number;
  layers: number;
  /** distance between columns (along x of the pallet frame), m */
  pitchX: number;
  /** distance between rows (along y), m */
  pitchY: number;
  /** height of one layer, m */
  layerHeight: number;
}

export interface PalletizingOptions {
  /** where the conveyor presents a part, and the signal that says one is there */
  pick: TemplateFrame;
  partPresentSignal: string;
  /** the pallet corner: slot (row 1, col 1, layer 1) sits at the origin */
  pallet: TemplateFrame;
  pattern: PalletPattern;
  /** height of the approach points, m (default 0.10) */
  approach?: number;
  /** LIN speed near parts, m/s (default 0.5) */
  linSpeed?: number;
  /** slot indices to fill (0-based, layer by layer, row by row); default: the whole pallet */
  slots?: readonly number[];
}

/** Name of slot i of a pattern, e.g. `slot-r2c3l1`. */
export function slotName(p: PalletPattern, i: number): string {
  const perLayer = p.rows * p.cols;
  const l = Math.floor(i / perLayer);
  const r = Math.floor((i % perLayer) / p.cols);
  const c = i % p.cols;
  return `slot-r${r + 1}c${c + 1}l${l + 1}`;
}

/** Pick-and-place from a conveyor onto a pallet, one pick and place per slot. */
export function palletizingTask(o: PalletizingOptions): RobotTaskSpec {
  const p = o.pattern;
  for (const k of ["rows", "cols", "layers"] as const) {
    if (!Number.isInteger(p[k]) || p[k] < 1)
      throw new Error(`pattern.${k} must be a whole number ≥ 1, got ${p[k]}`);
  }
  const a = o.approach ?? 0.1;
  const v = o.linSpeed ?? 0.5;
  const total = p.rows * p.cols * p.layers;
  const slots = o.slots ?? Array.from({ length: total }, (_, i) => i);
  const points: Record<string, PointSpec> = {
    "above-pick": { frame: "pick", z: a, rx: DOWN },
    pick: { frame: "pick", rx: DOWN },
  };
  const program: StepSpec[] = [];
  const perLayer = p.rows * p.cols;
  for (const i of slots) {
    if (!Number.isInteger(i) || i < 0 || i >= total)
      throw new Error(`slot ${i} is not on a ${p.rows}×${p.cols}×${p.layers} pallet`);
    const name = slotName(p, i);
    const x = (i % p.cols) * p.pitchX;
    const y = Math.floor((i % perLayer) / p.cols) * p.pitchY;
    const z = Math.floor(i / perLayer) * p.layerHeight;
    points[name] = { frame: "pallet", x, y, z, rx: DOWN };
    points[`above-${name}`] = { frame: "pallet", x, y, z: z + a, rx: DOWN };
    program.push(
      { moveJ: "above-pick" },
      { wait: { signal: o.partPresentSignal, value: true } },
      { moveL: { to: "pick", speed: v } },
      "grip",
      { moveL: { to: "above-pick", speed: v, blend: true } },
      { moveJ: `above-${name}` },
      { moveL: { to: name, speed: v } },
      "release",
      { moveL: { to: `above-${name}`, speed: v } },
    );
  }
  return { frames: { pick: o.pick, pallet: o.pallet }, points, program };
}

export interface AssemblyInsertionOptions {
  /** the assembly station; sets `<station>/assembled` when done */
  station: string;
  /** where the parts to insert are picked up */
  feeder: TemplateFrame;
  /** the hole, relative to the station (z up out of the hole) */
  hole: Omit<TemplateFrame, "station" | "frame">;
  /** insertion depth, m (default 0.03) */
  depth?: number;
  /** insertion speed, m/s (default 0.02) */
  insertSpeed?: number;
  /** height of the approach points, m (default 0.10) */
  approach?: number;
  /** LIN speed elsewhere, m/s (default 0.25) */
  linSpeed?: number;
}

/** Pick a part from a feeder and insert it straight down into a hole at a slow speed. */
export function assemblyInsertionTask(o: AssemblyInsertionOptions): RobotTaskSpec {
  const a = o.approach ?? 0.1;
  const depth = o.depth ?? 0.03;
  const v = o.linSpeed ?? 0.25;
  const vi = o.insertSpeed ?? 0.02;
  return {
    frames: { feeder: o.feeder, hole: { station: o.station, ...o.hole } },
    points: {
      "above-feeder": { frame: "feeder", z: a, rx: DOWN },
      feeder: { frame: "feeder", rx: DOWN },
      "above-hole": { frame: "hole", z: a, rx: DOWN },
      "hole-entry": { frame: "hole", z: 0.005, rx: DOWN },
      inserted: { frame: "hole", z: -depth, rx: DOWN },
    },
    program: [
      { moveJ: "above-feeder" },
      { moveL: { to: "feeder", speed: v } },
      "grip",
      { moveL: { to: "above-feeder", speed: v, blend: true } },
      { moveJ: "above-hole" },
      { moveL: { to: "hole-entry", speed: v } },
      { moveL: { to: "inserted", speed: vi } },
      "release",
      { moveL: { to: "above-hole", speed: v } },
      { set: { signal: `${o.station}/assembled`, value: true } },
    ],
  };
}
