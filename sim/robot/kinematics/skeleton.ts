/**
 * The arm as a polyline of key points (base, shoulder, elbow, wrist, flange), for the viewer to draw
 * and the physics world to wrap in capsules for collision checks. Points are in the base frame,
 * written as x, y, z triples into a caller-provided array; no allocation.
 */
import type { GantryGeometry, OpwGeometry, RobotModel, UrGeometry } from "../library/types";
import { createTransform, dhTransform, multiply, type Transform } from "../math/transform";

/** Most points a skeleton has (the UR: base and the origins of its 6 DH frames, then the flange). */
export const MAX_SKELETON_POINTS = 8;

const th = new Float64Array(6);
const UR_ALPHA_COS = [0, 1, 1, 0, 0, 1];
const UR_ALPHA_SIN = [1, 0, 0, 1, -1, 0];
const sT = createTransform();
const sA = createTransform();

function put(out: Float64Array, i: number, x: number, y: number, z: number): void {
  out[3 * i] = x;
  out[3 * i + 1] = y;
  out[3 * i + 2] = z;
}

function opw(g: OpwGeometry, q: ArrayLike<number>, out: Float64Array): number {
  for (let i = 0; i < 6; i++) th[i] = g.sign[i]! * q[i]! + g.offset[i]!;
  th[2] = th[2]! + g.j23Coupling * q[1]!;
  const c1 = Math.cos(th[0]!),
    s1 = Math.sin(th[0]!);
  const s2 = Math.sin(th[1]!),
    c2 = Math.cos(th[1]!);
  const t23 = th[1]! + th[2]!;
  const s23 = Math.sin(t23),
    c23 = Math.cos(t23);
  // in the arm plane (x along the arm, z up), then turned by joint 1
  const plane = (i: number, x: number, z: number) => put(out, i, c1 * x - s1 * g.b, s1 * x + c1 * g.b, z);
  put(out, 0, 0, 0, 0);
  put(out, 1, 0, 0, g.c1);
  plane(2, g.a1, g.c1);
  const ex = g.a1 + g.c2 * s2,
    ez = g.c1 + g.c2 * c2;
  plane(3, ex, ez);
  const ox = ex + g.a2 * c23,
    oz = ez - g.a2 * s23;
  plane(4, ox, oz);
  plane(5, ox + g.c3 * s23, oz + g.c3 * c23);
  // flange: wrist centre plus c4 along the flange z axis (from the full forward kinematics)
  const c4 = Math.cos(th[3]!),
    s4 = Math.sin(th[3]!),
    c5 = Math.cos(th[4]!),
    s5 = Math.sin(th[4]!);
  // z axis of Rz(t1)·Ry(t23)·Rz(t4)·Ry(t5): R03·(c4·s5, s4·s5, c5)
  const zx = c4 * s5,
    zy = s4 * s5,
    zz = c5;
  const ax = c23 * zx + s23 * zz,
    az = -s23 * zx + c23 * zz;
  const wx = out[15]!,
    wy = out[16]!,
    wz = out[17]!;
  put(out, 6, wx + g.c4 * (c1 * ax - s1 * zy), wy + g.c4 * (s1 * ax + c1 * zy), wz + g.c4 * az);
  return 7;
}

function ur(g: UrGeometry, q: ArrayLike<number>, out: Float64Array): number {
  put(out, 0, 0, 0, 0);
  // origins of the DH frames 1 … 6, built up link by link
  sT.fill(0);
  sT[0] = 1;
  sT[5] = 1;
  sT[10] = 1;
  for (let i = 0; i < 6; i++) {
    const d = i === 0 ? g.d1 : i === 3 ? g.d4 : i === 4 ? g.d5 : i === 5 ? g.d6 : 0;
    const a = i === 1 ? g.a2 : i === 2 ? g.a3 : 0;
    dhTransform(sA, q[i]!, d, a, UR_ALPHA_COS[i]!, UR_ALPHA_SIN[i]!);
    multiply(sT, sT, sA);
    put(out, i + 1, sT[3]!, sT[7]!, sT[11]!);
  }
  return 7;
}

function gantry(g: GantryGeometry, q: ArrayLike<number>, out: Float64Array): number {
  put(out, 0, q[0]!, 0, g.zTop);
  put(out, 1, q[0]!, q[1]!, g.zTop);
  put(out, 2, q[0]!, q[1]!, g.zTop - q[2]!);
  return 3;
}

/** Key points of the arm in its base frame (x, y, z triples); returns how many were written. */
export function armSkeleton(model: RobotModel, q: ArrayLike<number>, out: Float64Array): number {
  const g = model.geometry;
  if (g.kind === "opw") return opw(g, q, out);
  if (g.kind === "ur") return ur(g, q, out);
  return gantry(g, q, out);
}

/** Same as armSkeleton, turned into the world by a base transform. */
export function armSkeletonInWorld(
  model: RobotModel,
  base: Transform,
  q: ArrayLike<number>,
  out: Float64Array,
): number {
  const n = armSkeleton(model, q, out);
  for (let i = 0; i < n; i++) {
    const x = out[3 * i]!,
      y = out[3 * i + 1]!,
      z = out[3 * i + 2]!;
    out[3 * i] = base[0]! * x + base[1]! * y + base[2]! * z + base[3]!;
    out[3 * i + 1] = base[4]! * x + base[5]! * y + base[6]! * z + base[7]!;
    out[3 * i + 2] = base[8]! * x + base[9]! * y + base[10]! * z + base[11]!;
  }
  return n;
}
