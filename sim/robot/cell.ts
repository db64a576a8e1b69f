/**
 * A robot placed in the cell: its model, where its base stands (world ← base) and its tool
 * (flange ← TCP). Everything here is plain data (typed arrays and numbers), so a placement can sit in
 * snapshotted state and be structured-cloned.
 */
import { RobotError, robotIssue } from "./errors";
import { forwardKinematics, inverseKinematics } from "./kinematics/index";
import type { IkSolutions } from "./kinematics/solutions";
import { findRobot, robotIds } from "./library/index";
import type { RobotModel } from "./library/types";
import { createTransform, fromXyzRpy, invert, multiply, type Transform } from "./math/transform";

/** A pose as scenario data: metres and radians, every field optional (0); `yaw` is another name for `rz`. */
export interface PoseSpec {
  x?: number | undefined;
  y?: number | undefined;
  z?: number | undefined;
  rx?: number | undefined;
  ry?: number | undefined;
  rz?: number | undefined;
  yaw?: number | undefined;
}

export interface RobotPlacement {
  model: RobotModel;
  /** world ← robot base */
  base: Transform;
  baseInv: Transform;
  /** flange ← TCP */
  tool: Transform;
  toolInv: Transform;
  /** time to close or open the gripper when a step gives none, s */
  gripTime: number;
}

/** Default gripper time: a pneumatic parallel gripper closing and settling (an assumption), s. */
export const DEFAULT_GRIP_TIME = 0.3;

export function transformFromSpec(out: Transform, p: PoseSpec | undefined): Transform {
  return fromXyzRpy(out, p?.x ?? 0, p?.y ?? 0, p?.z ?? 0, p?.rx ?? 0, p?.ry ?? 0, p?.rz ?? p?.yaw ?? 0);
}

/**
 * Places a library robot: `base` is where its base frame stands in the cell (e.g. `{ x: 2, y: 1, yaw: π/2 }`),
 * `tool` the TCP relative to the flange (e.g. `{ z: 0.15 }` for a gripper 150 mm long).
 * Throws RobotError ROBOT_ERR_UNKNOWN_MODEL for an unknown id.
 */
export function placeRobot(
  robot: string | RobotModel,
  base?: PoseSpec,
  tool?: PoseSpec,
  gripTime: number = DEFAULT_GRIP_TIME,
): RobotPlacement {
  const model = typeof robot === "string" ? findRobot(robot) : robot;
  if (model === undefined) {
    throw new RobotError([robotIssue("ROBOT_ERR_UNKNOWN_MODEL", "", String(robot), robotIds().join(", "))]);
  }
  const b = transformFromSpec(createTransform(), base);
  const t = transformFromSpec(createTransform(), tool);
  return {
    model,
    base: b,
    baseInv: invert(createTransform(), b),
    tool: t,
    toolInv: invert(createTransform(), t),
    gripTime,
  };
}

const sFlange = createTransform();

/** TCP pose in the world for joint values q. */
export function tcpInWorld(p: RobotPlacement, q: ArrayLike<number>, out: Transform): Transform {
  forwardKinematics(p.model, q, sFlange);
  multiply(sFlange, sFlange, p.tool);
  return multiply(out, p.base, sFlange);
}

/** TCP pose in the robot base frame for joint values q. */
export function tcpInBase(p: RobotPlacement, q: ArrayLike<number>, out: Transform): Transform {
  forwardKinematics(p.model, q, sFlange);
  return multiply(out, sFlange, p.tool);
}

/** Flange pose in the base frame that puts the TCP at `tcpWorld`. */
export function flangeForTcpWorld(p: RobotPlacement, tcpWorld: Transform, out: Transform): Transform {
  multiply(out, p.baseInv, tcpWorld);
  return multiply(out, out, p.toolInv);
}

/** Every IK solution that puts the TCP at a world pose (see `inverseKinematics`). */
export function solveTcpWorld(
  p: RobotPlacement,
  tcpWorld: Transform,
  ref: ArrayLike<number> | null,
  out: IkSolutions,
): IkSolutions {
  flangeForTcpWorld(p, tcpWorld, sFlange);
  return inverseKinematics(p.model, sFlange, ref, out);
}
