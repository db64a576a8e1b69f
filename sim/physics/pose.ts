/**
 * Poses as 3×4 row-major arrays (the layout of sim/robot's transforms) and Rapier quaternions: the few
 * conversions the physics world needs, using sim/robot's public surface where it has them.
 */
import type { Rotation, Vector } from "@dimforge/rapier3d-deterministic-compat";
import { type Transform, toQuaternion } from "../robot/index";

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

const scratchQ = [0, 0, 0, 0];

/** The rotation of a 3×4 row-major pose as a unit quaternion (the robot module's conversion). */
export function matrixQuat(m: ArrayLike<number>): Rotation {
  toQuaternion(m as Transform, scratchQ);
  return { w: scratchQ[0]!, x: scratchQ[1]!, y: scratchQ[2]!, z: scratchQ[3]! };
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
