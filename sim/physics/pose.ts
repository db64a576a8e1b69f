/**
 * Poses as 3×4 row-major arrays (the layout of sim/robot's transforms) and Rapier quaternions: the few
 * conversions the physics world needs, without reaching into sim/robot's internals.
 */
import type { Rotation, Vector } from "@dimforge/rapier3d-deterministic-compat";

export function yawQuat(yaw: number): Rotation {
  return { x: 0, y: 0, z: Math.sin(yaw / 2), w: Math.cos(yaw / 2) };
}

/** Turn by `yaw` about z, then by `pitch` about the turned y axis (rad). */
export function yawPitchQuat(yaw: number, pitch: number): Rotation {
  const cz = Math.cos(yaw / 2);
  const sz = Math.sin(yaw / 2);
  const cy = Math.cos(pitch / 2);
  const sy = Math.sin(pitch / 2);
  return { x: -sz * sy, y: cz * sy, z: sz * cy, w: cz * cy };
}

/** 3×4 row-major pose from a position and a unit quaternion. */
export function poseMatrix(p: Vector, q: Rotation): number[] {
  const { x, y, z, w } = q;
  return [
    1 - 2 * (y * y + z * z),
    2 * (x * y - w * z),
    2 * (x * z + w * y),
    p.x,
    2 * (x * y + w * z),
    1 - 2 * (x * x + z * z),
    2 * (y * z - w * x),
    p.y,
    2 * (x * z - w * y),
    2 * (y * z + w * x),
    1 - 2 * (x * x + y * y),
    p.z,
  ];
}

export function matrixQuat(m: ArrayLike<number>): Rotation {
  const m00 = m[0]!,
    m01 = m[1]!,
    m02 = m[2]!,
    m10 = m[4]!,
    m11 = m[5]!,
    m12 = m[6]!,
    m20 = m[8]!,
    m21 = m[9]!,
    m22 = m[10]!;
  const tr = m00 + m11 + m22;
  let w: number, x: number, y: number, z: number;
  if (tr > 0) {
    const s = Math.sqrt(tr + 1) * 2;
    w = 0.25 * s;
    x = (m21 - m12) / s;
    y = (m02 - m20) / s;
    z = (m10 - m01) / s;
  } else if (m00 > m11 && m00 > m22) {
    const s = Math.sqrt(1 + m00 - m11 - m22) * 2;
    w = (m21 - m12) / s;
    x = 0.25 * s;
    y = (m01 + m10) / s;
    z = (m02 + m20) / s;
  } else if (m11 > m22) {
    const s = Math.sqrt(1 + m11 - m00 - m22) * 2;
    w = (m02 - m20) / s;
    x = (m01 + m10) / s;
    y = 0.25 * s;
    z = (m12 + m21) / s;
  } else {
    const s = Math.sqrt(1 + m22 - m00 - m11) * 2;
    w = (m10 - m01) / s;
    x = (m02 + m20) / s;
    y = (m12 + m21) / s;
    z = 0.25 * s;
  }
  const n = Math.hypot(w, x, y, z);
  return { x: x / n, y: y / n, z: z / n, w: w / n };
}

/** a · b for 3×4 row-major rigid poses. */
export function mul(a: ArrayLike<number>, b: ArrayLike<number>): number[] {
  const o = new Array<number>(12);
  for (let r = 0; r < 3; r++) {
    for (let c = 0; c < 4; c++) {
      let v = a[r * 4]! * b[c]! + a[r * 4 + 1]! * b[4 + c]! + a[r * 4 + 2]! * b[8 + c]!;
      if (c === 3) v += a[r * 4 + 3]!;
      o[r * 4 + c] = v;
    }
  }
  return o;
}

export function invertRigid(a: ArrayLike<number>): number[] {
  const o = new Array<number>(12);
  for (let r = 0; r < 3; r++) for (let c = 0; c < 3; c++) o[r * 4 + c] = a[c * 4 + r]!;
  for (let r = 0; r < 3; r++) {
    o[r * 4 + 3] = -(o[r * 4]! * a[3]! + o[r * 4 + 1]! * a[7]! + o[r * 4 + 2]! * a[11]!);
  }
  return o;
}
