/**
 * Closed-form kinematics of ortho-parallel arms with a spherical wrist (KUKA, ABB, FANUC, …).
 * The arm (joints 1-3) places the wrist centre; the wrist (joints 4-6) is a Z-Y-Z Euler triple.
 * Up to 8 solutions: shoulder front/back × elbow up/down × wrist flip/no flip.
 */
import type { OpwGeometry } from "../library/types";
import type { Transform } from "../math/transform";
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

// canonical angles of the current solve (module scratch: no allocation per call)
const th = new Float64Array(6);

function toCanonical(g: OpwGeometry, q: ArrayLike<number>, out: Float64Array): void {
  for (let i = 0; i < 6; i++) out[i] = g.sign[i]! * q[i]! + g.offset[i]!;
  out[2] = out[2]! + g.j23Coupling * q[1]!;
}

/** Flange pose in the robot base frame for joint angles q (rad). */
export function opwForward(g: OpwGeometry, q: ArrayLike<number>, out: Transform): Transform {
  toCanonical(g, q, th);
  const t1 = th[0]!,
    t2 = th[1]!,
    t23 = th[1]! + th[2]!;
  const c1 = Math.cos(t1),
    s1 = Math.sin(t1);
  const c2 = Math.cos(t2),
    s2 = Math.sin(t2);
  const c23 = Math.cos(t23),
    s23 = Math.sin(t23);
  const c4 = Math.cos(th[3]!),
    s4 = Math.sin(th[3]!);
  const c5 = Math.cos(th[4]!),
    s5 = Math.sin(th[4]!);
  const t6 = th[5]! + g.flangeTwist;
  const c6 = Math.cos(t6),
    s6 = Math.sin(t6);
  // R03 = Rz(t1)·Ry(t23)
  const a00 = c1 * c23,
    a01 = -s1,
    a02 = c1 * s23;
  const a10 = s1 * c23,
    a11 = c1,
    a12 = s1 * s23;
  const a20 = -s23,
    a22 = c23;
  // R36 = Rz(t4)·Ry(t5)·Rz(t6)
  const b00 = c4 * c5 * c6 - s4 * s6,
    b01 = -c4 * c5 * s6 - s4 * c6,
    b02 = c4 * s5;
  const b10 = s4 * c5 * c6 + c4 * s6,
    b11 = -s4 * c5 * s6 + c4 * c6,
    b12 = s4 * s5;
  const b20 = -s5 * c6,
    b21 = s5 * s6,
    b22 = c5;
  out[0] = a00 * b00 + a01 * b10 + a02 * b20;
  out[1] = a00 * b01 + a01 * b11 + a02 * b21;
  out[2] = a00 * b02 + a01 * b12 + a02 * b22;
  out[4] = a10 * b00 + a11 * b10 + a12 * b20;
  out[5] = a10 * b01 + a11 * b11 + a12 * b21;
  out[6] = a10 * b02 + a11 * b12 + a12 * b22;
  out[8] = a20 * b00 + a22 * b20;
  out[9] = a20 * b01 + a22 * b21;
  out[10] = a20 * b02 + a22 * b22;
  // wrist centre in the arm plane, then turned by joint 1
  const xp = g.a1 + g.c2 * s2 + g.a2 * c23 + g.c3 * s23;
  const zc = g.c1 + g.c2 * c2 - g.a2 * s23 + g.c3 * c23;
  out[3] = c1 * xp - s1 * g.b + g.c4 * out[2]!;
  out[7] = s1 * xp + c1 * g.b + g.c4 * out[6]!;
  out[11] = zc + g.c4 * out[10]!;
  return out;
}

/**
 * Every solution for a flange pose in the base frame, as raw joint values (wrapped to (−π, π] later by
 * the caller). `ref` (rad, may be null) resolves the free angle at a wrist or shoulder singularity.
 */
export function opwInverse(
  g: OpwGeometry,
  t: Transform,
  ref: ArrayLike<number> | null,
  out: IkSolutions,
): void {
  resetIkSolutions(out);
  if (ref !== null) toCanonical(g, ref, th);
  else th.fill(0);
  const refT1 = th[0]!,
    refT4 = th[3]!;
  // target rotation with the flange twist removed: Re = R·Rz(−twist)
  const ct = Math.cos(g.flangeTwist),
    st = Math.sin(g.flangeTwist);
  const r00 = t[0]! * ct + t[1]! * st,
    r01 = -t[0]! * st + t[1]! * ct,
    r02 = t[2]!;
  const r10 = t[4]! * ct + t[5]! * st,
    r11 = -t[4]! * st + t[5]! * ct,
    r12 = t[6]!;
  const r20 = t[8]! * ct + t[9]! * st,
    r21 = -t[8]! * st + t[9]! * ct,
    r22 = t[10]!;
  const cx = t[3]! - g.c4 * r02;
  const cy = t[7]! - g.c4 * r12;
  const cz = t[11]! - g.c4 * r22;
  const rho2 = cx * cx + cy * cy - g.b * g.b;
  if (rho2 < 0) {
    out.failure = "insideBaseCylinder";
    out.failureDistance = Math.sqrt(-rho2);
    return;
  }
  const rho = Math.sqrt(rho2);
  const shoulderSingular = rho < SINGULARITY_TOLERANCE.shoulder;
  const k = Math.hypot(g.a2, g.c3);
  const phi = Math.atan2(g.a2, g.c3);
  const zp = cz - g.c1;
  // exactly on the joint-1 axis the azimuth is free: keep joint 1 where it was
  const onAxis = rho < 1e-12;
  const azimuth = onAxis ? refT1 : Math.atan2(cy, cx);
  let nearest = Number.POSITIVE_INFINITY;
  for (let back = 0; back < 2; back++) {
    const inPlane = back === 0 ? rho : -rho;
    const t1 = onAxis ? azimuth + (back === 0 ? 0 : Math.PI) : azimuth - Math.atan2(g.b, inPlane);
    const xp = inPlane - g.a1;
    const d2 = xp * xp + zp * zp;
    let cu = (d2 - g.c2 * g.c2 - k * k) / (2 * g.c2 * k);
    if (cu > 1 || cu < -1) {
      const d = Math.sqrt(d2);
      const gap = cu > 1 ? d - (g.c2 + k) : Math.abs(g.c2 - k) - d;
      if (gap < 1e-12) cu = cu > 1 ? 1 : -1;
      else {
        if (gap < nearest) nearest = gap;
        continue;
      }
    }
    const su0 = Math.sqrt(Math.max(0, 1 - cu * cu));
    const c1 = Math.cos(t1),
      s1 = Math.sin(t1);
    for (let elbow = 0; elbow < 2; elbow++) {
      const su = elbow === 0 ? su0 : -su0;
      const u = Math.atan2(su, cu);
      const t3 = u - phi;
      const t2 = Math.atan2(xp, zp) - Math.atan2(k * su, g.c2 + k * cu);
      const t23 = t2 + t3;
      const c23 = Math.cos(t23),
        s23 = Math.sin(t23);
      // R36 = R03ᵀ·Re with R03 = Rz(t1)·Ry(t23)
      const m00 = c1 * c23,
        m01 = s1 * c23,
        m02 = -s23; // row 0 of R03ᵀ
      const m10 = -s1,
        m11 = c1; // row 1 (third entry 0)
      const m20 = c1 * s23,
        m21 = s1 * s23,
        m22 = c23; // row 2
      const w00 = m00 * r00 + m01 * r10 + m02 * r20;
      const w01 = m00 * r01 + m01 * r11 + m02 * r21;
      const w02 = m00 * r02 + m01 * r12 + m02 * r22;
      const w10 = m10 * r00 + m11 * r10;
      const w11 = m10 * r01 + m11 * r11;
      const w12 = m10 * r02 + m11 * r12;
      const w20 = m20 * r00 + m21 * r10 + m22 * r20;
      const w21 = m20 * r01 + m21 * r11 + m22 * r21;
      const w22 = m20 * r02 + m21 * r12 + m22 * r22;
      const s5abs = Math.hypot(w02, w12);
      // elbow above the shoulder-to-wrist line (in the arm plane, x toward the wrist) counts as "up"
      const ex = g.c2 * Math.sin(t2),
        ez = g.c2 * Math.cos(t2);
      const elbowDown = (xp >= 0 ? 1 : -1) * (ez * xp - ex * zp) < 0;
      let armFlags = 0;
      if (shoulderSingular) armFlags |= IK_SINGULAR_SHOULDER;
      if (Math.abs(su) < SINGULARITY_TOLERANCE.elbow) armFlags |= IK_SINGULAR_ELBOW;
      for (let flip = 0; flip < 2; flip++) {
        let t4: number, t5: number, t6: number;
        if (s5abs < 1e-12) {
          // wrist stretched: only t4 ± t6 is defined, keep joint 4 where it was
          t4 = refT4;
          if (w22 > 0) {
            t5 = 0;
            t6 = Math.atan2(w10, w00) - t4;
          } else {
            t5 = Math.PI;
            t6 = t4 - Math.atan2(-w01, w11);
          }
          if (flip === 1) break;
        } else if (flip === 0) {
          t5 = Math.atan2(s5abs, w22);
          t4 = Math.atan2(w12, w02);
          t6 = Math.atan2(w21, -w20);
        } else {
          t5 = Math.atan2(-s5abs, w22);
          t4 = Math.atan2(-w12, -w02);
          t6 = Math.atan2(-w21, w20);
        }
        const i = out.count++;
        const base = i * MAX_DOF;
        const q2 = (t2 - g.offset[1]!) * g.sign[1]!;
        out.q[base] = (t1 - g.offset[0]!) * g.sign[0]!;
        out.q[base + 1] = q2;
        out.q[base + 2] = (t3 - g.offset[2]! - g.j23Coupling * q2) * g.sign[2]!;
        out.q[base + 3] = (t4 - g.offset[3]!) * g.sign[3]!;
        out.q[base + 4] = (t5 - g.offset[4]!) * g.sign[4]!;
        out.q[base + 5] = (t6 - g.offset[5]!) * g.sign[5]!;
        out.config[i] =
          (back ? CONFIG_BACK : 0) | (elbowDown ? CONFIG_ELBOW_DOWN : 0) | (flip ? CONFIG_WRIST_FLIP : 0);
        out.flags[i] = armFlags | (s5abs < SINGULARITY_TOLERANCE.wrist ? IK_SINGULAR_WRIST : 0);
      }
    }
  }
  if (out.count === 0) {
    out.failure = "outOfReach";
    out.failureDistance = nearest;
  }
}

/** IK_SINGULAR_* bits for joint angles q (rad). */
export function opwSingularities(g: OpwGeometry, q: ArrayLike<number>): number {
  toCanonical(g, q, th);
  const t2 = th[1]!,
    t23 = th[1]! + th[2]!;
  const u = th[2]! + Math.atan2(g.a2, g.c3);
  const xp = g.a1 + g.c2 * Math.sin(t2) + g.a2 * Math.cos(t23) + g.c3 * Math.sin(t23);
  let flags = 0;
  if (Math.abs(Math.sin(th[4]!)) < SINGULARITY_TOLERANCE.wrist) flags |= IK_SINGULAR_WRIST;
  if (Math.abs(Math.sin(u)) < SINGULARITY_TOLERANCE.elbow) flags |= IK_SINGULAR_ELBOW;
  if (Math.abs(xp) < SINGULARITY_TOLERANCE.shoulder) flags |= IK_SINGULAR_SHOULDER;
  return flags;
}
