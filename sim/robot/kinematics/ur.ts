/**
 * Closed-form kinematics of the Universal Robots family (standard DH, three parallel middle axes,
 * no spherical wrist). Joint 1 from the wrist point's offset d4, joint 5 from the flange position along
 * the shoulder axis, joint 6 from the flange orientation, then a planar 3R problem for joints 2-4.
 * Up to 8 solutions: shoulder left/right × wrist up/down × elbow up/down.
 */
import type { UrGeometry } from "../library/types";
import { createTransform, dhTransform, invert, multiply, type Transform } from "../math/transform";
import {
  CONFIG_BACK,
  CONFIG_ELBOW_DOWN,
  CONFIG_WRIST_FLIP,
  IK_SINGULAR_ELBOW,
  IK_SINGULAR_SHOULDER,
  IK_SINGULAR_WRIST,
  type IkSolutions,
  MAX_DOF,
  resetIkSolutions,
  SINGULARITY_TOLERANCE,
} from "./solutions";

const HALF_PI = Math.PI / 2;
const ALPHA_COS = [0, 1, 1, 0, 0, 1];
const ALPHA_SIN = [1, 0, 0, 1, -1, 0];

const sA = createTransform();
const sB = createTransform();
const sC = createTransform();
const sT14 = createTransform();

function linkD(g: UrGeometry, i: number): number {
  return i === 0 ? g.d1 : i === 3 ? g.d4 : i === 4 ? g.d5 : i === 5 ? g.d6 : 0;
}

function linkA(g: UrGeometry, i: number): number {
  return i === 1 ? g.a2 : i === 2 ? g.a3 : 0;
}

/** Flange pose (DH frame 6) in the base frame (DH frame 0) for joint angles q (rad). */
export function urForward(g: UrGeometry, q: ArrayLike<number>, out: Transform): Transform {
  dhTransform(out, q[0]!, g.d1, 0, ALPHA_COS[0]!, ALPHA_SIN[0]!);
  for (let i = 1; i < 6; i++) {
    dhTransform(sA, q[i]!, linkD(g, i), linkA(g, i), ALPHA_COS[i]!, ALPHA_SIN[i]!);
    multiply(out, out, sA);
  }
  return out;
}

/** Every solution for a flange pose; `ref` (rad, may be null) picks joint 6 at a wrist singularity. */
export function urInverse(
  g: UrGeometry,
  t: Transform,
  ref: ArrayLike<number> | null,
  out: IkSolutions,
): void {
  resetIkSolutions(out);
  const px = t[3]!,
    py = t[7]!;
  const p5x = px - g.d6 * t[2]!;
  const p5y = py - g.d6 * t[6]!;
  const r = Math.hypot(p5x, p5y);
  if (r < Math.abs(g.d4)) {
    out.failure = "insideBaseCylinder";
    out.failureDistance = Math.abs(g.d4) - r;
    return;
  }
  const phi = Math.atan2(p5y, p5x);
  const delta = Math.acos(g.d4 / r);
  const shoulderSingular = Math.sqrt(Math.max(0, r * r - g.d4 * g.d4)) < SINGULARITY_TOLERANCE.shoulder;
  let nearest = Number.POSITIVE_INFINITY;
  for (let side = 0; side < 2; side++) {
    const t1 = phi + HALF_PI + (side === 0 ? delta : -delta);
    const c1 = Math.cos(t1),
      s1 = Math.sin(t1);
    let c5 = (px * s1 - py * c1 - g.d4) / g.d6;
    if (c5 > 1) c5 = 1;
    else if (c5 < -1) c5 = -1;
    for (let wrist = 0; wrist < 2; wrist++) {
      const t5 = wrist === 0 ? Math.acos(c5) : -Math.acos(c5);
      const s5 = Math.sin(t5);
      let t6: number;
      if (Math.abs(s5) < 1e-12) {
        t6 = ref === null ? 0 : ref[5]!;
        if (wrist === 1) break;
      } else {
        const xz1 = t[0]! * s1 - t[4]! * c1;
        const yz1 = t[1]! * s1 - t[5]! * c1;
        t6 = Math.atan2(-yz1 / s5, xz1 / s5);
      }
      // T14 = A1⁻¹ · T · A6⁻¹ · A5⁻¹
      invert(sA, dhTransform(sA, t1, g.d1, 0, ALPHA_COS[0]!, ALPHA_SIN[0]!));
      multiply(sT14, sA, t);
      invert(sB, dhTransform(sB, t6, g.d6, 0, ALPHA_COS[5]!, ALPHA_SIN[5]!));
      multiply(sT14, sT14, sB);
      invert(sC, dhTransform(sC, t5, g.d5, 0, ALPHA_COS[4]!, ALPHA_SIN[4]!));
      multiply(sT14, sT14, sC);
      const x = sT14[3]!,
        y = sT14[7]!;
      const t234 = Math.atan2(sT14[4]!, sT14[0]!);
      const d2 = x * x + y * y;
      let c3 = (d2 - g.a2 * g.a2 - g.a3 * g.a3) / (2 * g.a2 * g.a3);
      if (c3 > 1 || c3 < -1) {
        const d = Math.sqrt(d2);
        const reachMax = Math.abs(g.a2) + Math.abs(g.a3);
        const gap = c3 > 1 ? d - reachMax : Math.abs(Math.abs(g.a2) - Math.abs(g.a3)) - d;
        if (gap < 1e-12) c3 = c3 > 1 ? 1 : -1;
        else {
          if (gap < nearest) nearest = gap;
          continue;
        }
      }
      for (let elbow = 0; elbow < 2; elbow++) {
        const t3 = elbow === 0 ? Math.acos(c3) : -Math.acos(c3);
        const s3 = Math.sin(t3);
        const t2 = Math.atan2(y, x) - Math.atan2(g.a3 * s3, g.a2 + g.a3 * c3);
        const t4 = t234 - t2 - t3;
        const i = out.count++;
        const base = i * MAX_DOF;
        out.q[base] = t1;
        out.q[base + 1] = t2;
        out.q[base + 2] = t3;
        out.q[base + 3] = t4;
        out.q[base + 4] = t5;
        out.q[base + 5] = t6;
        // frame 1: x horizontal, y vertical; elbow above the shoulder-to-wrist-1 line counts as "up"
        const ex = g.a2 * Math.cos(t2),
          ey = g.a2 * Math.sin(t2);
        const elbowDown = (x >= 0 ? 1 : -1) * (ey * x - ex * y) < 0;
        out.config[i] =
          (side ? CONFIG_BACK : 0) | (elbowDown ? CONFIG_ELBOW_DOWN : 0) | (wrist ? CONFIG_WRIST_FLIP : 0);
        out.flags[i] =
          (shoulderSingular ? IK_SINGULAR_SHOULDER : 0) |
          (Math.abs(s3) < SINGULARITY_TOLERANCE.elbow ? IK_SINGULAR_ELBOW : 0) |
          (Math.abs(s5) < SINGULARITY_TOLERANCE.wrist ? IK_SINGULAR_WRIST : 0);
      }
    }
  }
  if (out.count === 0) {
    out.failure = "outOfReach";
    out.failureDistance = nearest;
  }
}

/** IK_SINGULAR_* bits for joint angles q (rad). */
export function urSingularities(g: UrGeometry, q: ArrayLike<number>): number {
  const t2 = q[1]!,
    t23 = q[1]! + q[2]!,
    t234 = t23 + q[3]!;
  const reach = g.a2 * Math.cos(t2) + g.a3 * Math.cos(t23) + g.d5 * Math.sin(t234);
  let flags = 0;
  if (Math.abs(Math.sin(q[4]!)) < SINGULARITY_TOLERANCE.wrist) flags |= IK_SINGULAR_WRIST;
  if (Math.abs(Math.sin(q[2]!)) < SINGULARITY_TOLERANCE.elbow) flags |= IK_SINGULAR_ELBOW;
  if (Math.abs(reach) < SINGULARITY_TOLERANCE.shoulder) flags |= IK_SINGULAR_SHOULDER;
  return flags;
}
