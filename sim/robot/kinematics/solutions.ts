import type { RobotModel } from "../library/types";
import { wrapAngle } from "../math/transform";

/** Up to 8 inverse-kinematics solutions for a 6-axis arm with a spherical or UR-type wrist. */
export const MAX_SOLUTIONS = 8;
export const MAX_DOF = 6;

/** Per-solution flag bits. */
export const IK_OUTSIDE_LIMITS = 1;
export const IK_SINGULAR_WRIST = 2;
export const IK_SINGULAR_ELBOW = 4;
export const IK_SINGULAR_SHOULDER = 8;
export const IK_SINGULAR = IK_SINGULAR_WRIST | IK_SINGULAR_ELBOW | IK_SINGULAR_SHOULDER;

/** Configuration bits: which branch of the closed form a solution comes from. */
export const CONFIG_BACK = 4;
export const CONFIG_ELBOW_DOWN = 2;
export const CONFIG_WRIST_FLIP = 1;

/**
 * How close to a singularity counts as singular. Wrist: joint 5 within 1° of a stretched wrist;
 * elbow: arm within 1° of fully stretched or folded; shoulder: wrist centre within 5 mm of the
 * joint-1 axis (or, for the UR family, of the plane where its two shoulder solutions meet).
 */
export const SINGULARITY_TOLERANCE = {
  /** |sin| of the wrist bend angle */
  wrist: Math.sin(Math.PI / 180),
  /** |sin| of the relative elbow angle */
  elbow: Math.sin(Math.PI / 180),
  /** m */
  shoulder: 0.005,
};

/** Why an IK call found no solution. */
export type IkFailure = "none" | "outOfReach" | "insideBaseCylinder" | "orientation";

export interface IkSolutions {
  count: number;
  /** joint values of solution i at [i·6, i·6 + dof), rad or m */
  q: Float64Array;
  /** CONFIG_* bits */
  config: Uint8Array;
  /** IK_* bits */
  flags: Uint8Array;
  /** first joint (0-based) outside its limits, −1 when inside */
  limitJoint: Int8Array;
  failure: IkFailure;
  /** for outOfReach: how far the wrist centre is from the nearest reachable distance, m */
  failureDistance: number;
}

export function createIkSolutions(): IkSolutions {
  return {
    count: 0,
    q: new Float64Array(MAX_SOLUTIONS * MAX_DOF),
    config: new Uint8Array(MAX_SOLUTIONS),
    flags: new Uint8Array(MAX_SOLUTIONS),
    limitJoint: new Int8Array(MAX_SOLUTIONS),
    failure: "none",
    failureDistance: 0,
  };
}

export function resetIkSolutions(out: IkSolutions): void {
  out.count = 0;
  out.failure = "none";
  out.failureDistance = 0;
}

/**
 * Moves every revolute joint of solution i by whole turns so that it lies inside its limits and as
 * close as possible to the reference (or to 0 without one); flags the first joint that cannot.
 */
export function fitToLimits(
  model: RobotModel,
  sols: IkSolutions,
  i: number,
  ref: ArrayLike<number> | null,
): void {
  const joints = model.joints;
  const base = i * MAX_DOF;
  sols.limitJoint[i] = -1;
  for (let j = 0; j < joints.length; j++) {
    const spec = joints[j]!;
    let v = sols.q[base + j]!;
    if (spec.type === "revolute") {
      const r = ref === null ? 0 : ref[j]!;
      v = r + wrapAngle(v - r);
      if (v > spec.max) v -= 2 * Math.PI;
      else if (v < spec.min) v += 2 * Math.PI;
      if (v > spec.max || v < spec.min) v = r + wrapAngle(v - r);
      sols.q[base + j] = v;
    }
    if ((v > spec.max + 1e-12 || v < spec.min - 1e-12) && sols.limitJoint[i] === -1) {
      sols.limitJoint[i] = j;
      sols.flags[i]! |= IK_OUTSIDE_LIMITS;
    }
  }
}

/**
 * Index of the solution inside the joint limits that is nearest to `ref` (time-weighted: each joint's
 * distance divided by its top speed, summed in squares), or −1 when none is inside the limits.
 */
export function nearestSolution(model: RobotModel, sols: IkSolutions, ref: ArrayLike<number>): number {
  let best = -1;
  let bestD = Number.POSITIVE_INFINITY;
  const joints = model.joints;
  for (let i = 0; i < sols.count; i++) {
    if ((sols.flags[i]! & IK_OUTSIDE_LIMITS) !== 0) continue;
    let d = 0;
    for (let j = 0; j < joints.length; j++) {
      const dq = (sols.q[i * MAX_DOF + j]! - ref[j]!) / joints[j]!.maxSpeed;
      d += dq * dq;
    }
    if (d < bestD) {
      bestD = d;
      best = i;
    }
  }
  return best;
}

/** Copies solution i into `out` (length ≥ dof). */
export function copySolution(sols: IkSolutions, i: number, dof: number, out: Float64Array | number[]): void {
  for (let j = 0; j < dof; j++) out[j] = sols.q[i * MAX_DOF + j]!;
}

/** "front, elbow up, no flip" for a configuration code. */
export function describeConfig(model: RobotModel, config: number): string {
  if (model.geometry.kind === "gantry") return "-";
  const ur = model.geometry.kind === "ur";
  const sh = ur
    ? (config & CONFIG_BACK) !== 0
      ? "shoulder right"
      : "shoulder left"
    : (config & CONFIG_BACK) !== 0
      ? "back"
      : "front";
  const el = (config & CONFIG_ELBOW_DOWN) !== 0 ? "elbow down" : "elbow up";
  const wr = ur
    ? (config & CONFIG_WRIST_FLIP) !== 0
      ? "wrist down"
      : "wrist up"
    : (config & CONFIG_WRIST_FLIP) !== 0
      ? "wrist flip"
      : "no flip";
  return `${sh}, ${el}, ${wr}`;
}

/** "wrist, elbow" for singularity flag bits, "" when none. */
export function describeSingularity(flags: number): string {
  const parts: string[] = [];
  if ((flags & IK_SINGULAR_WRIST) !== 0) parts.push("wrist");
  if ((flags & IK_SINGULAR_ELBOW) !== 0) parts.push("elbow");
  if ((flags & IK_SINGULAR_SHOULDER) !== 0) parts.push("shoulder");
  return parts.join(", ");
}
