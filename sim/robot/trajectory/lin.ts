/**
 * LIN: the TCP moves on a straight line with a trapezoidal path speed while its orientation turns by
 * slerp, both along one s(t). Planning walks the path in small steps, solving the IK nearest the previous
 * step; a step with no solution inside the limits, a singular one, or a joint jump (a configuration
 * change) fails the move and says at what fraction of the path and where. The joint values found at the
 * steps are kept as knots, so sampling later picks the same branch whatever order it is called in.
 */

import { seconds } from "../../time";
import type { RobotPlacement } from "../cell";
import { type RobotIssue, robotIssue } from "../errors";
import { forwardKinematics, lastSolutions, solveNearest } from "../kinematics/index";
import { describeSingularity, IK_SINGULAR, MAX_DOF } from "../kinematics/solutions";
import {
  createTransform,
  interpolatePose,
  multiply,
  rotationDistance,
  type Transform,
  toQuaternion,
  translationDistance,
} from "../math/transform";
import { describeIkFailure } from "./failure";
import { type UnitProfile, unitProfile } from "./profile";

export interface LinMove {
  kind: "lin";
  /** start joint values, rad or m */
  q0: number[];
  /** end joint values, rad or m */
  q1: number[];
  /** TCP start in the base frame: x, y, z (m), then the unit quaternion w, x, y, z */
  from: number[];
  /** TCP end in the base frame, same layout */
  to: number[];
  /** path length, m */
  length: number;
  /** orientation change, rad */
  angle: number;
  /** joint values at s = k / (knots − 1), k = 0 … knots − 1, dof values each */
  knots: number[];
  profile: UnitProfile;
  /** µs */
  durationUs: number;
}

export interface LinOptions {
  /** TCP path speed, m/s (default: the robot's default LIN speed) */
  speed?: number | undefined;
  /** TCP path acceleration, m/s² (default: the robot's) */
  accel?: number | undefined;
  /** name of the target in error messages */
  label?: string | undefined;
}

/** Path resolution of the planning walk: one step per 2 mm or per 1° of orientation. */
export const LIN_STEP_LENGTH = 0.002;
export const LIN_STEP_ANGLE = Math.PI / 180;
const MAX_STEPS = 4000;
/** A joint moving more than this in one planning step means a configuration change, rad. */
export const LIN_MAX_JOINT_STEP = 0.35;

const sPose = createTransform();
const sFlange = createTransform();
const sStart = createTransform();
const sWorld = createTransform();
const qPrev = new Float64Array(MAX_DOF);
const qNext = new Float64Array(MAX_DOF);
const quat = new Float64Array(4);

function packPose(t: Transform): number[] {
  toQuaternion(t, quat);
  return [t[3]!, t[7]!, t[11]!, quat[0]!, quat[1]!, quat[2]!, quat[3]!];
}

function whereInCell(p: RobotPlacement, pose: Transform): string {
  multiply(sWorld, p.base, pose);
  const mm = (v: number) => {
    const r = Math.round(v * 10_000) / 10;
    return (r === 0 ? 0 : r).toFixed(1);
  };
  return `(${mm(sWorld[3]!)}, ${mm(sWorld[7]!)}, ${mm(sWorld[11]!)}) mm in the cell`;
}

/**
 * Plans a straight TCP move from joint values q0 to a TCP pose in the base frame. Returns the move or
 * the issue that stops it (ROBOT_ERR_LIN_UNREACHABLE, _SINGULAR, _FLIP, _SPEED).
 */
export function planLin(
  p: RobotPlacement,
  q0: ArrayLike<number>,
  targetBase: Transform,
  opts: LinOptions = {},
): LinMove | RobotIssue {
  const model = p.model;
  const dof = model.joints.length;
  const label = opts.label ?? "target";
  const cart = model.cartesian;
  const speed = opts.speed ?? cart.defaultSpeed;
  const accel = opts.accel ?? cart.accel;
  if (!(speed > 0 && speed <= cart.maxSpeed)) {
    return robotIssue(
      "ROBOT_ERR_SPEED",
      "",
      `LIN speed ${speed} m/s must be in (0, ${cart.maxSpeed}] m/s for ${model.id}`,
    );
  }
  if (!(accel > 0))
    return robotIssue("ROBOT_ERR_SPEED", "", `LIN acceleration ${accel} m/s² must be positive`);

  // start TCP pose in the base frame
  const startFlange = sStart;
  forwardKinematics(model, q0, startFlange);
  multiply(startFlange, startFlange, p.tool);
  const from = packPose(startFlange);
  const to = packPose(targetBase);
  // below these the move is a pure translation or rotation (float noise must not ask the gantry to turn)
  const rawLength = translationDistance(startFlange, targetBase);
  const rawAngle = rotationDistance(startFlange, targetBase);
  const length = rawLength < 1e-9 ? 0 : rawLength;
  const angle = rawAngle < 1e-7 ? 0 : rawAngle;
  if (angle > 0 && !(cart.rotSpeed > 0)) {
    return robotIssue(
      "ROBOT_ERR_LIN_UNREACHABLE",
      "",
      label,
      0,
      whereInCell(p, startFlange),
      `${model.id} cannot turn its tool`,
    );
  }
  const steps = Math.min(
    MAX_STEPS,
    Math.max(4, Math.ceil(Math.max(length / LIN_STEP_LENGTH, angle / LIN_STEP_ANGLE) - 1e-9)),
  );
  const knots = new Array<number>((steps + 1) * dof);
  for (let j = 0; j < dof; j++) {
    qPrev[j] = q0[j]!;
    knots[j] = q0[j]!;
  }
  const peak = new Float64Array(dof);
  for (let k = 1; k <= steps; k++) {
    const s = k / steps;
    interpolatePose(sPose, from, to, s);
    multiply(sFlange, sPose, p.toolInv);
    const flags = solveNearest(model, sFlange, qPrev, qNext);
    const pct = (s * 100).toFixed(1);
    if (flags < 0) {
      return robotIssue(
        "ROBOT_ERR_LIN_UNREACHABLE",
        "",
        label,
        pct,
        whereInCell(p, sPose),
        describeIkFailure(model, lastSolutions()),
      );
    }
    if ((flags & IK_SINGULAR) !== 0 && k < steps) {
      return robotIssue(
        "ROBOT_ERR_LIN_SINGULAR",
        "",
        label,
        pct,
        whereInCell(p, sPose),
        describeSingularity(flags),
      );
    }
    for (let j = 0; j < dof; j++) {
      const d = Math.abs(qNext[j]! - qPrev[j]!);
      if (d > LIN_MAX_JOINT_STEP) {
        return robotIssue("ROBOT_ERR_LIN_FLIP", "", label, pct, whereInCell(p, sPose), j + 1);
      }
      if (d * steps > peak[j]!) peak[j] = d * steps;
      qPrev[j] = qNext[j]!;
      knots[k * dof + j] = qNext[j]!;
    }
  }
  // path rate limits: TCP speed, orientation speed, and every joint's speed along the path
  let V = Number.POSITIVE_INFINITY;
  let A = Number.POSITIVE_INFINITY;
  if (length > 0) {
    V = speed / length;
    A = accel / length;
  }
  if (angle > 0) {
    V = Math.min(V, cart.rotSpeed / angle);
    A = Math.min(A, cart.rotAccel / angle);
  }
  for (let j = 0; j < dof; j++) if (peak[j]! > 0) V = Math.min(V, model.joints[j]!.maxSpeed / peak[j]!);
  const profile = unitProfile(V, A);
  return {
    kind: "lin",
    q0: Array.from({ length: dof }, (_, j) => q0[j]!),
    q1: knots.slice(steps * dof, (steps + 1) * dof),
    from,
    to,
    length,
    angle,
    knots,
    profile,
    durationUs: seconds(profile.T),
  };
}
