/**
 * What the interpreter hands the planner: a flat list of machine operations in machine coordinates (m),
 * every one tagged with the file line that caused it. No program semantics are left (no modal state,
 * offsets, units, subprograms or canned cycles); the planner only times and shapes them.
 */

interface OpBase {
  /** 1-based line in the NC file */
  line: number;
}

/** How a feed is given: m/s (G94) or m per spindle revolution (G95). */
export interface Feed {
  /** m/s when `perRev` is false, m/rev when true */
  feed: number;
  perRev: boolean;
}

export interface LineOp extends OpBase, Feed {
  k: "line";
  /** G0 (rapid traverse) rather than a cutting feed */
  rapid: boolean;
  /** end point, m (machine coordinates) */
  x: number;
  y: number;
  z: number;
  /** exact stop at the end of this move (G61, or the machine default) */
  exact: boolean;
}

export interface ArcOp extends OpBase, Feed {
  k: "arc";
  /** end point, m */
  x: number;
  y: number;
  z: number;
  /** centre, m; its component along the plane normal is the start's */
  cx: number;
  cy: number;
  cz: number;
  plane: 17 | 18 | 19;
  /** signed sweep about the plane normal, rad (G3 positive, G2 negative; ±2π for a full circle) */
  sweep: number;
  radius: number;
  exact: boolean;
}

export interface DwellOp extends OpBase {
  k: "dwell";
  /** s */
  s: number;
}

export interface ToolOp extends OpBase {
  k: "tool";
  /** tool now in the spindle or at the cutting position (0 = none) */
  tool: number;
  /** a machining-centre change stops the spindle (M3 must follow); a turret index does not */
  stopsSpindle: boolean;
}

export interface SpindleOp extends OpBase {
  k: "spindle";
  /** commanded speed, rpm: positive M3 (CW), negative M4 (CCW), 0 stopped */
  rpm: number;
}

export interface CoolantOp extends OpBase {
  k: "coolant";
  on: boolean;
}

export interface StopOp extends OpBase {
  k: "stop";
  /** M1: stops only when the optional-stop switch is on */
  optional: boolean;
}

export type ToolpathOp = LineOp | ArcOp | DwellOp | ToolOp | SpindleOp | CoolantOp | StopOp;
