/**
 * The robot task language as plain data, in two forms:
 * - `RobotTaskSpec`: what a scenario file (or a template) writes, units allowed (`150 mm`, `90 deg`);
 * - `RobotTask`: the validated form, SI numbers only, that the planner takes.
 *
 * ```yaml
 * frames:
 *   machine: { station: cnc-1, x: 0.0, y: -0.45, z: 0.95 }   # relative to a station
 * points:
 *   home:  { joints: [0 deg, -90 deg, 90 deg, 0 deg, 90 deg, 0 deg] }
 *   above: { frame: machine, z: 150 mm, rx: 180 deg }
 * program:
 *   - moveJ: home
 *   - moveL: { to: above, speed: 250 mm/s, blend: true }
 *   - grip                       # or grip: { time: 0.4 s }
 *   - wait: { signal: cnc-1/door-open }
 *   - wait: { time: 2 s }
 *   - set: { signal: cnc-1/cycle-start, value: true }
 * ```
 */

export type QuantityInput = number | string;

export interface PoseInput {
  x?: QuantityInput;
  y?: QuantityInput;
  z?: QuantityInput;
  rx?: QuantityInput;
  ry?: QuantityInput;
  rz?: QuantityInput;
  /** another name for rz */
  yaw?: QuantityInput;
}

export interface FrameSpec extends PoseInput {
  /** the frame sits on this station (its floor position and yaw) */
  station?: string;
  /** or on another frame; neither means the cell (world) frame */
  frame?: string;
}

export interface PointSpec extends PoseInput {
  /** frame the pose is given in: a frame name, "world", or "base" (the default: the robot's base frame) */
  frame?: string;
  /** a joint-space point instead of a pose (rad or m, or strings with units) */
  joints?: QuantityInput[];
}

export type StepSpec =
  | string
  | { moveJ: string | { to: string; speed?: number; blend?: boolean } }
  | { moveL: string | { to: string; speed?: QuantityInput; blend?: boolean } }
  | { grip: null | Record<string, never> | { time?: QuantityInput } }
  | { release: null | Record<string, never> | { time?: QuantityInput } }
  | { wait: { time: QuantityInput } | { signal: string; value?: boolean } }
  | { set: { signal: string; value?: boolean } };

export interface RobotTaskSpec {
  frames?: Record<string, FrameSpec>;
  points: Record<string, PointSpec>;
  program: StepSpec[];
}

/** Names a point's frame may use besides the task's own frames. */
export const WORLD_FRAME = "world";
export const BASE_FRAME = "base";

export interface Pose6 {
  /** m */
  x: number;
  /** m */
  y: number;
  /** m */
  z: number;
  /** fixed-axis X-Y-Z angles, rad */
  rx: number;
  ry: number;
  rz: number;
}

export interface Frame {
  parent: { kind: "world" } | { kind: "station"; station: string } | { kind: "frame"; frame: string };
  pose: Pose6;
}

export type Point = { kind: "pose"; frame: string; pose: Pose6 } | { kind: "joints"; q: number[] };

export type Step =
  | { op: "moveJ"; to: string /** speed override (0, 1] */; override: number; blend: boolean }
  | { op: "moveL"; to: string /** m/s, null = the robot's default */; speed: number | null; blend: boolean }
  | { op: "grip" /** s, null = the placement's grip time */; time: number | null }
  | { op: "release" /** s, null = the placement's grip time */; time: number | null }
  | { op: "waitTime" /** s */; time: number }
  | { op: "waitSignal"; signal: string; value: boolean }
  | { op: "set"; signal: string; value: boolean };

export interface RobotTask {
  frames: Record<string, Frame>;
  points: Record<string, Point>;
  program: Step[];
}

/** Where the stations stand, for frames relative to stations: metres on the floor, yaw in rad. */
export interface StationPose {
  x: number;
  y: number;
  /** m, default 0 */
  z?: number;
  /** rad, default 0 */
  yaw?: number;
}
