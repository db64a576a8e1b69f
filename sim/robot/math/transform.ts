/**
 * Rigid transforms as 3×4 row-major matrices in a `Float64Array(12)`:
 * `[r00 r01 r02 tx, r10 r11 r12 ty, r20 r21 r22 tz]`. Translations are in metres, angles in radians.
 *
 * Every function writes into a caller-provided `out` and allocates nothing, so kinematics and
 * trajectory sampling can run in hot loops. `out` may alias an input.
 */

export type Transform = Float64Array;

/** A pose as plain data for scenario files and the CLI: metres, and fixed-axis X-Y-Z angles in radians. */
export interface Pose {
  /** m */
  x: number;
  /** m */
  y: number;
  /** m */
  z: number;
  /** roll about the fixed X axis, rad */
  rx: number;
  /** pitch about the fixed Y axis, rad */
  ry: number;
  /** yaw about the fixed Z axis, rad */
  rz: number;
}

export function createTransform(): Transform {
  const t = new Float64Array(12);
  t[0] = 1;
  t[5] = 1;
  t[10] = 1;
  return t;
}

export function setIdentity(out: Transform): Transform {
  out.fill(0);
  out[0] = 1;
  out[5] = 1;
  out[10] = 1;
  return out;
}

export function copyTransform(out: Transform, a: Transform): Transform {
  out.set(a);
  return out;
}

/** out = a · b */
export function multiply(out: Transform, a: Transform, b: Transform): Transform {
  const a00 = a[0]!,
    a01 = a[1]!,
    a02 = a[2]!,
    a03 = a[3]!;
  const a10 = a[4]!,
    a11 = a[5]!,
    a12 = a[6]!,
    a13 = a[7]!;
  const a20 = a[8]!,
    a21 = a[9]!,
    a22 = a[10]!,
    a23 = a[11]!;
  const b00 = b[0]!,
    b01 = b[1]!,
    b02 = b[2]!,
    b03 = b[3]!;
  const b10 = b[4]!,
    b11 = b[5]!,
    b12 = b[6]!,
    b13 = b[7]!;
  const b20 = b[8]!,
    b21 = b[9]!,
    b22 = b[10]!,
    b23 = b[11]!;
  out[0] = a00 * b00 + a01 * b10 + a02 * b20;
  out[1] = a00 * b01 + a01 * b11 + a02 * b21;
  out[2] = a00 * b02 + a01 * b12 + a02 * b22;
  out[3] = a00 * b03 + a01 * b13 + a02 * b23 + a03;
  out[4] = a10 * b00 + a11 * b10 + a12 * b20;
  out[5] = a10 * b01 + a11 * b11 + a12 * b21;
  out[6] = a10 * b02 + a11 * b12 + a12 * b22;
  out[7] = a10 * b03 + a11 * b13 + a12 * b23 + a13;
  out[8] = a20 * b00 + a21 * b10 + a22 * b20;
  out[9] = a20 * b01 + a21 * b11 + a22 * b21;
  out[10] = a20 * b02 + a21 * b12 + a22 * b22;
  out[11] = a20 * b03 + a21 * b13 + a22 * b23 + a23;
  return out;
}

/** out = a⁻¹ (a rigid transform: the inverse rotation is the transpose) */
export function invert(out: Transform, a: Transform): Transform {
  const r00 = a[0]!,
    r01 = a[1]!,
    r02 = a[2]!,
    tx = a[3]!;
  const r10 = a[4]!,
    r11 = a[5]!,
    r12 = a[6]!,
    ty = a[7]!;
  const r20 = a[8]!,
    r21 = a[9]!,
    r22 = a[10]!,
    tz = a[11]!;
  out[0] = r00;
  out[1] = r10;
  out[2] = r20;
  out[3] = -(r00 * tx + r10 * ty + r20 * tz);
  out[4] = r01;
  out[5] = r11;
  out[6] = r21;
  out[7] = -(r01 * tx + r11 * ty + r21 * tz);
  out[8] = r02;
  out[9] = r12;
  out[10] = r22;
  out[11] = -(r02 * tx + r12 * ty + r22 * tz);
  return out;
}

/** Transform from a position (m) and fixed-axis X-Y-Z angles (rad): R = Rz(rz)·Ry(ry)·Rx(rx). */
export function fromXyzRpy(
  out: Transform,
  x: number,
  y: number,
  z: number,
  rx: number,
  ry: number,
  rz: number,
): Transform {
  const ca = Math.cos(rx),
    sa = Math.sin(rx);
  const cb = Math.cos(ry),
    sb = Math.sin(ry);
  const cc = Math.cos(rz),
    sc = Math.sin(rz);
  out[0] = cc * cb;
  out[1] = cc * sb * sa - sc * ca;
  out[2] = cc * sb * ca + sc * sa;
  out[3] = x;
  out[4] = sc * cb;
  out[5] = sc * sb * sa + cc * ca;
  out[6] = sc * sb * ca - cc * sa;
  out[7] = y;
  out[8] = -sb;
  out[9] = cb * sa;
  out[10] = cb * ca;
  out[11] = z;
  return out;
}

export function fromPose(out: Transform, p: Pose): Transform {
  return fromXyzRpy(out, p.x, p.y, p.z, p.rx, p.ry, p.rz);
}

/**
 * Position and fixed-axis X-Y-Z angles of a transform, written into `out`. At gimbal lock
 * (ry = ±90°) only rx ± rz is defined; rz is then set to 0, as FANUC and ABB pendants show it.
 */
export function toPose(t: Transform, out: Pose): Pose {
  out.x = t[3]!;
  out.y = t[7]!;
  out.z = t[11]!;
  const r00 = t[0]!,
    r10 = t[4]!,
    r20 = t[8]!;
  const cb = Math.hypot(r00, r10);
  if (cb > 1e-10) {
    out.ry = Math.atan2(-r20, cb);
    out.rx = Math.atan2(t[9]!, t[10]!);
    out.rz = Math.atan2(r10, r00);
  } else {
    const ab = Math.atan2(-t[1]!, t[5]!);
    out.rz = 0;
    if (r20 < 0) {
      out.ry = Math.PI / 2;
      out.rx = -ab;
    } else {
      out.ry = -Math.PI / 2;
      out.rx = ab;
    }
    if (out.rx === 0) out.rx = 0; // no -0 in printed output
  }
  return out;
}

/** Euclidean distance between the origins of two transforms, m. */
export function translationDistance(a: Transform, b: Transform): number {
  return Math.hypot(a[3]! - b[3]!, a[7]! - b[7]!, a[11]! - b[11]!);
}

/** Angle of the rotation that takes a's orientation to b's, rad in [0, π]; accurate near 0. */
export function rotationDistance(a: Transform, b: Transform): number {
  // R = aᵀ·b; only the trace and the skew part are needed
  const m00 = a[0]! * b[0]! + a[4]! * b[4]! + a[8]! * b[8]!;
  const m11 = a[1]! * b[1]! + a[5]! * b[5]! + a[9]! * b[9]!;
  const m22 = a[2]! * b[2]! + a[6]! * b[6]! + a[10]! * b[10]!;
  const m21 = a[2]! * b[1]! + a[6]! * b[5]! + a[10]! * b[9]!;
  const m12 = a[1]! * b[2]! + a[5]! * b[6]! + a[9]! * b[10]!;
  const m02 = a[0]! * b[2]! + a[4]! * b[6]! + a[8]! * b[10]!;
  const m20 = a[2]! * b[0]! + a[6]! * b[4]! + a[10]! * b[8]!;
  const m10 = a[1]! * b[0]! + a[5]! * b[4]! + a[9]! * b[8]!;
  const m01 = a[0]! * b[1]! + a[4]! * b[5]! + a[8]! * b[9]!;
  const s = Math.hypot(m21 - m12, m02 - m20, m10 - m01);
  return Math.atan2(s, m00 + m11 + m22 - 1);
}

/** Unit quaternion [w, x, y, z] of the rotation part, written into `out` (w ≥ 0). */
export function toQuaternion(t: Transform, out: Float64Array | number[]): Float64Array | number[] {
  const m00 = t[0]!,
    m01 = t[1]!,
    m02 = t[2]!;
  const m10 = t[4]!,
    m11 = t[5]!,
    m12 = t[6]!;
  const m20 = t[8]!,
    m21 = t[9]!,
    m22 = t[10]!;
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
  const sign = w < 0 ? -1 : 1;
  const n = sign / Math.hypot(w, x, y, z);
  out[0] = w * n;
  out[1] = x * n;
  out[2] = y * n;
  out[3] = z * n;
  return out;
}

/** Sets the rotation part of `out` from a unit quaternion; the translation is left untouched. */
export function setRotationFromQuaternion(
  out: Transform,
  w: number,
  x: number,
  y: number,
  z: number,
): Transform {
  out[0] = 1 - 2 * (y * y + z * z);
  out[1] = 2 * (x * y - w * z);
  out[2] = 2 * (x * z + w * y);
  out[4] = 2 * (x * y + w * z);
  out[5] = 1 - 2 * (x * x + z * z);
  out[6] = 2 * (y * z - w * x);
  out[8] = 2 * (x * z - w * y);
  out[9] = 2 * (y * z + w * x);
  out[10] = 1 - 2 * (x * x + y * y);
  return out;
}

/**
 * Interpolates between two poses given as position + unit quaternion (`a`, `b`: [x, y, z, w, qx, qy, qz]):
 * the position linearly, the orientation by spherical linear interpolation (shortest arc), u ∈ [0, 1].
 */
export function interpolatePose(
  out: Transform,
  a: ArrayLike<number>,
  b: ArrayLike<number>,
  u: number,
): Transform {
  out[3] = a[0]! + (b[0]! - a[0]!) * u;
  out[7] = a[1]! + (b[1]! - a[1]!) * u;
  out[11] = a[2]! + (b[2]! - a[2]!) * u;
  const aw = a[3]!,
    ax = a[4]!,
    ay = a[5]!,
    az = a[6]!;
  let bw = b[3]!,
    bx = b[4]!,
    by = b[5]!,
    bz = b[6]!;
  let dot = aw * bw + ax * bx + ay * by + az * bz;
  if (dot < 0) {
    dot = -dot;
    bw = -bw;
    bx = -bx;
    by = -by;
    bz = -bz;
  }
  let ka: number, kb: number;
  if (dot > 0.9999999) {
    ka = 1 - u;
    kb = u;
  } else {
    const th = Math.acos(dot);
    const s = Math.sin(th);
    ka = Math.sin((1 - u) * th) / s;
    kb = Math.sin(u * th) / s;
  }
  const w = ka * aw + kb * bw,
    x = ka * ax + kb * bx,
    y = ka * ay + kb * by,
    z = ka * az + kb * bz;
  const n = 1 / Math.hypot(w, x, y, z);
  return setRotationFromQuaternion(out, w * n, x * n, y * n, z * n);
}

/** Wraps an angle to (−π, π], rad. */
export function wrapAngle(a: number): number {
  const TWO_PI = 2 * Math.PI;
  let r = a - TWO_PI * Math.floor((a + Math.PI) / TWO_PI);
  if (r <= -Math.PI) r += TWO_PI;
  return r;
}

export const DEG = Math.PI / 180;

/** Standard DH link transform Rz(θ)·Tz(d)·Tx(a)·Rx(α), written into `out`; θ in rad, d and a in m, cos α and sin α given. */
export function dhTransform(
  out: Transform,
  theta: number,
  d: number,
  a: number,
  ca: number,
  sa: number,
): Transform {
  const ct = Math.cos(theta);
  const st = Math.sin(theta);
  out[0] = ct;
  out[1] = -st * ca;
  out[2] = st * sa;
  out[3] = a * ct;
  out[4] = st;
  out[5] = ct * ca;
  out[6] = -ct * sa;
  out[7] = a * st;
  out[8] = 0;
  out[9] = sa;
  out[10] = ca;
  out[11] = d;
  return out;
}
