/**
 * Kinematics of any library robot: forward kinematics, every inverse solution fitted to the joint
 * limits, the nearest solution, limit and singularity checks. Poses here are flange poses in the
 * robot's base frame (metres, radians); tool and base placement are added by `cell.ts`.
 */
import type { GantryGeometry, RobotModel } from "../library/types";
import { rotationDistance, setIdentity, type Transform } from "../math/transform";
import { opwForward, opwInverse, opwSingularities } from "./opw";
import {
  copySolution,
  createIkSolutions,
  fitToLimits,
  type IkSolutions,
  MAX_DOF,
  nearestSolution,
  resetIkSolutions,
} from "./solutions";
import { urForward, urInverse, urSingularities } from "./ur";

/** Orientation tolerance for the gantry, whose tool cannot turn, rad. */
export const GANTRY_ORIENTATION_TOLERANCE = 1e-6;

const gantryDown = setIdentity(new Float64Array(12));
gantryDown[5] = -1;
gantryDown[10] = -1;

function gantryForward(g: GantryGeometry, q: ArrayLike<number>, out: Transform): Transform {
  out.set(gantryDown);
  out[3] = q[0]!;
  out[7] = q[1]!;
  out[11] = g.zTop - q[2]!;
  return out;
}

function gantryInverse(g: GantryGeometry, t: Transform, out: IkSolutions): void {
  resetIkSolutions(out);
  const err = rotationDistance(t, gantryDown);
  if (err > GANTRY_ORIENTATION_TOLERANCE) {
    out.failure = "orientation";
    out.failureDistance = err;
    return;
  }
  out.count = 1;
  out.q[0] = t[3]!;
  out.q[1] = t[7]!;
  out.q[2] = g.zTop - t[11]!;
  out.config[0] = 0;
  out.flags[0] = 0;
}

/** Flange pose in the base frame for joint values q (rad, or m for prismatic axes). */
export function forwardKinematics(model: RobotModel, q: ArrayLike<number>, out: Transform): Transform {
  const g = model.geometry;
  if (g.kind === "opw") return opwForward(g, q, out);
  if (g.kind === "ur") return urForward(g, q, out);
  return gantryForward(g, q, out);
}

/**
 * Every inverse solution for a flange pose in the base frame. Revolute joints are shifted by whole
 * turns into their limits, as near to `ref` as possible (to 0 without one); solutions outside the
 * limits stay in the list with IK_OUTSIDE_LIMITS set and `limitJoint` naming the joint.
 */
export function inverseKinematics(
  model: RobotModel,
  flange: Transform,
  ref: ArrayLike<number> | null,
  out: IkSolutions,
): IkSolutions {
  const g = model.geometry;
  if (g.kind === "opw") opwInverse(g, flange, ref, out);
  else if (g.kind === "ur") urInverse(g, flange, ref, out);
  else gantryInverse(g, flange, out);
  for (let i = 0; i < out.count; i++) fitToLimits(model, out, i, ref);
  return out;
}

const scratchSolutions = createIkSolutions();

/**
 * The solution inside the limits nearest to `ref`, written into `out`. Returns the IK_* flags of that
 * solution (0 = regular), or −1 when no solution lies inside the limits (then `lastSolutions()` tells why).
 */
export function solveNearest(
  model: RobotModel,
  flange: Transform,
  ref: ArrayLike<number>,
  out: Float64Array | number[],
): number {
  inverseKinematics(model, flange, ref, scratchSolutions);
  const i = nearestSolution(model, scratchSolutions, ref);
  if (i < 0) return -1;
  copySolution(scratchSolutions, i, model.joints.length, out);
  return scratchSolutions.flags[i]!;
}

/** The solution set of the last `solveNearest` call (shared scratch: read it before the next call). */
export function lastSolutions(): IkSolutions {
  return scratchSolutions;
}

/** Index of the first joint outside its limits, or −1. */
export function jointOutsideLimits(model: RobotModel, q: ArrayLike<number>): number {
  const joints = model.joints;
  for (let j = 0; j < joints.length; j++) {
    const v = q[j]!;
    if (!(v >= joints[j]!.min && v <= joints[j]!.max)) return j;
  }
  return -1;
}

/** IK_SINGULAR_* bits of a configuration (wrist, elbow, shoulder); 0 for the gantry. */
export function singularities(model: RobotModel, q: ArrayLike<number>): number {
  const g = model.geometry;
  if (g.kind === "opw") return opwSingularities(g, q);
  if (g.kind === "ur") return urSingularities(g, q);
  return 0;
}

export { MAX_DOF };
