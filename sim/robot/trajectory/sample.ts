/**
 * Sampling planned moves at any instant: joint values and the TCP pose in the world, written into a
 * caller-provided MotionSample (no allocation), so the live view, OPC UA and physics can read the same
 * analytic segments at whatever rate they like.
 */

import { US_PER_S } from "../../time";
import { type RobotPlacement, tcpInWorld } from "../cell";
import { solveNearest } from "../kinematics/index";
import { MAX_DOF } from "../kinematics/solutions";
import { createTransform, interpolatePose, multiply, type Transform } from "../math/transform";
import type { LinMove } from "./lin";
import { profilePosition } from "./profile";
import type { PtpMove } from "./ptp";

export type Move = PtpMove | LinMove;

export interface MotionSample {
  /** joint values, rad or m (first dof entries used) */
  q: Float64Array;
  /** TCP pose in the world */
  tcp: Transform;
}

export function createMotionSample(): MotionSample {
  return { q: new Float64Array(MAX_DOF), tcp: createTransform() };
}

const sPose = createTransform();
const sFlange = createTransform();
const ref = new Float64Array(MAX_DOF);

/** Joint values of a move at time tUs after its start (clamped to the move), written into `q`. */
export function sampleMoveJoints(p: RobotPlacement, move: Move, tUs: number, q: Float64Array): Float64Array {
  const dof = move.q0.length;
  // the move is over at its (rounded) duration, whatever the float profile says
  const s = tUs >= move.durationUs ? 1 : profilePosition(move.profile, tUs / US_PER_S);
  if (move.kind === "ptp") {
    for (let j = 0; j < dof; j++) q[j] = move.q0[j]! + (move.q1[j]! - move.q0[j]!) * s;
    return q;
  }
  if (s >= 1) {
    for (let j = 0; j < dof; j++) q[j] = move.q1[j]!;
    return q;
  }
  // the IK nearest the knot interpolation keeps the branch chosen at planning time
  const steps = move.knots.length / dof - 1;
  const x = s * steps;
  const k = Math.min(steps - 1, Math.floor(x));
  const f = x - k;
  for (let j = 0; j < dof; j++) {
    const a = move.knots[k * dof + j]!;
    ref[j] = a + (move.knots[(k + 1) * dof + j]! - a) * f;
  }
  interpolatePose(sPose, move.from, move.to, s);
  multiply(sFlange, sPose, p.toolInv);
  if (solveNearest(p.model, sFlange, ref, q) < 0) for (let j = 0; j < dof; j++) q[j] = ref[j]!;
  return q;
}

/** Joint values and TCP pose (world) of a move at time tUs after its start. */
export function sampleMove(p: RobotPlacement, move: Move, tUs: number, out: MotionSample): MotionSample {
  sampleMoveJoints(p, move, tUs, out.q);
  tcpInWorld(p, out.q, out.tcp);
  return out;
}
