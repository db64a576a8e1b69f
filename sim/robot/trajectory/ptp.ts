/**
 * PTP: a synchronised joint move. Every joint runs the same normalised trapezoid s(t), so all joints
 * start, reach cruise, brake and stop together (KUKA's "fully synchronised" PTP); the profile is the
 * fastest one that keeps each joint within its speed and acceleration limits.
 */

import { seconds } from "../../time";
import { RobotError, robotIssue } from "../errors";
import type { RobotModel } from "../library/types";
import { type UnitProfile, unitProfile } from "./profile";

export interface PtpMove {
  kind: "ptp";
  /** start joint values, rad or m */
  q0: number[];
  /** end joint values, rad or m */
  q1: number[];
  profile: UnitProfile;
  /** µs */
  durationUs: number;
}

export interface PtpOptions {
  /**
   * speed override in (0, 1]: joint speeds scale by it and accelerations by its square, so the path is
   * the same and the duration scales by exactly 1 / override
   */
  override?: number | undefined;
}

/** Plans a synchronised joint move from q0 to q1 (rad or m); throws RobotError on a bad override. */
export function planPtp(
  model: RobotModel,
  q0: ArrayLike<number>,
  q1: ArrayLike<number>,
  opts: PtpOptions = {},
): PtpMove {
  const ov = opts.override ?? 1;
  if (!(ov > 0 && ov <= 1)) {
    throw new RobotError([robotIssue("ROBOT_ERR_SPEED", "", `speed override ${ov} must be in (0, 1]`)]);
  }
  let V = Number.POSITIVE_INFINITY;
  let A = Number.POSITIVE_INFINITY;
  const dof = model.joints.length;
  for (let j = 0; j < dof; j++) {
    const d = Math.abs(q1[j]! - q0[j]!);
    if (d === 0) continue;
    const spec = model.joints[j]!;
    V = Math.min(V, (ov * spec.maxSpeed) / d);
    A = Math.min(A, (ov * ov * spec.maxAccel) / d);
  }
  const profile = unitProfile(V, A);
  return {
    kind: "ptp",
    q0: Array.from({ length: dof }, (_, j) => q0[j]!),
    q1: Array.from({ length: dof }, (_, j) => q1[j]!),
    profile,
    durationUs: seconds(profile.T),
  };
}
