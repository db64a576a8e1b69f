/**
 * Turns a validated task into a timeline: one segment per step with its start offset and duration (µs),
 * moves planned from where the previous one ended. Signal waits and sets take no time in the plan;
 * their segments mark where the line model must hold the robot until the signal comes. A move with
 * `blend: true` overlaps its braking with the next move's acceleration (joint-space superposition).
 */

import { seconds } from "../../time";
import { flangeForTcpWorld, type RobotPlacement, tcpInBase, tcpInWorld } from "../cell";
import { RobotError, robotIssue } from "../errors";
import { lastSolutions, solveNearest } from "../kinematics/index";
import { MAX_DOF } from "../kinematics/solutions";
import { createTransform, multiply } from "../math/transform";
import { describeIkFailure } from "../trajectory/failure";
import { planLin } from "../trajectory/lin";
import { planPtp } from "../trajectory/ptp";
import { type MotionSample, type Move, sampleMoveJoints } from "../trajectory/sample";
import { pointInWorld } from "./resolve";
import type { RobotTask, StationPose } from "./types";

export type TaskSegment =
  | {
      kind: "move";
      /** index of the program step */
      step: number;
      op: "moveJ" | "moveL";
      point: string;
      /** offset from the start of the plan, µs */
      startUs: number;
      /** µs */
      durationUs: number;
      move: Move;
    }
  | {
      kind: "grip" | "release" | "wait";
      step: number;
      startUs: number;
      durationUs: number;
      /** where the robot holds still, rad or m */
      q: number[];
    }
  | {
      kind: "waitSignal" | "set";
      step: number;
      startUs: number;
      durationUs: 0;
      signal: string;
      value: boolean;
      q: number[];
    };

export interface TaskPlan {
  placement: RobotPlacement;
  segments: TaskSegment[];
  /** end of the last segment, µs (signal waits count as 0) */
  durationUs: number;
  startQ: number[];
  endQ: number[];
}

export interface PlanOptions {
  /** joint values the task starts from (default: the model's home) */
  startQ?: ArrayLike<number> | undefined;
}

const sWorld = createTransform();
const sTarget = createTransform();
const sFlange = createTransform();

/** Plans every step of a validated task; throws RobotError naming the step and point that fail. */
export function planRobotTask(
  placement: RobotPlacement,
  task: RobotTask,
  stations: Readonly<Record<string, StationPose>>,
  opts: PlanOptions = {},
): TaskPlan {
  const model = placement.model;
  const dof = model.joints.length;
  const startQ = Array.from({ length: dof }, (_, j) => (opts.startQ ?? model.home)[j]!);
  let q = startQ.slice();
  let t = 0;
  const segments: TaskSegment[] = [];
  let blendPending = false;
  task.program.forEach((step, i) => {
    const at = `program[${i}].${step.op === "waitTime" || step.op === "waitSignal" ? "wait" : step.op}`;
    if (step.op === "moveJ" || step.op === "moveL") {
      const point = task.points[step.to];
      if (point === undefined) throw new RobotError([robotIssue("ROBOT_ERR_UNKNOWN_POINT", at, step.to)]);
      let move: Move;
      if (step.op === "moveJ") {
        let target: number[];
        if (point.kind === "joints") target = point.q.slice();
        else {
          pointInWorld(task, stations, placement, step.to, sWorld);
          flangeForTcpWorld(placement, sWorld, sFlange);
          target = new Array<number>(dof);
          if (solveNearest(model, sFlange, q, target) < 0) {
            const mm = (v: number) => (v * 1000).toFixed(1);
            const where = `(${mm(sWorld[3]!)}, ${mm(sWorld[7]!)}, ${mm(sWorld[11]!)}) mm in the cell`;
            throw new RobotError([
              robotIssue(
                "ROBOT_ERR_UNREACHABLE",
                at,
                step.to,
                model.id,
                where,
                describeIkFailure(model, lastSolutions()),
              ),
            ]);
          }
        }
        move = planPtp(model, q, target, { override: step.override });
      } else {
        if (point.kind === "joints") tcpInBase(placement, point.q, sTarget);
        else multiply(sTarget, placement.baseInv, pointInWorld(task, stations, placement, step.to, sWorld)!);
        const lin = planLin(placement, q, sTarget, { speed: step.speed ?? undefined, label: step.to });
        if (!("kind" in lin)) throw new RobotError([{ ...lin, path: at }]);
        move = lin;
      }
      let start = t;
      const prev = segments[segments.length - 1];
      if (blendPending && prev !== undefined && prev.kind === "move") {
        const overlap = Math.min(seconds(prev.move.profile.ta), seconds(move.profile.ta));
        start = prev.startUs + prev.durationUs - overlap;
      }
      segments.push({
        kind: "move",
        step: i,
        op: step.op,
        point: step.to,
        startUs: start,
        durationUs: move.durationUs,
        move,
      });
      t = start + move.durationUs;
      q = move.q1.slice();
      blendPending = step.blend;
      return;
    }
    blendPending = false;
    if (step.op === "grip" || step.op === "release" || step.op === "waitTime") {
      const s = step.op === "waitTime" ? step.time : (step.time ?? placement.gripTime);
      const d = seconds(s);
      segments.push({
        kind: step.op === "waitTime" ? "wait" : step.op,
        step: i,
        startUs: t,
        durationUs: d,
        q: q.slice(),
      });
      t += d;
      return;
    }
    segments.push({
      kind: step.op,
      step: i,
      startUs: t,
      durationUs: 0,
      signal: step.signal,
      value: step.value,
      q: q.slice(),
    });
  });
  return { placement, segments, durationUs: t, startQ, endQ: q };
}

/** Index of the segment running at tUs (the last one started at or before it), −1 before the first. */
export function segmentAt(plan: TaskPlan, tUs: number): number {
  let lo = 0;
  let hi = plan.segments.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (plan.segments[mid]!.startUs <= tUs) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
}

const qPrev = new Float64Array(MAX_DOF);

/** Joint values and TCP pose (world) of the plan at tUs after its start, clamped to [0, duration]. */
export function sampleTaskPlan(plan: TaskPlan, tUs: number, out: MotionSample): MotionSample {
  const t = Math.min(Math.max(tUs, 0), plan.durationUs);
  const i = segmentAt(plan, t);
  const dof = plan.startQ.length;
  const seg = i < 0 ? undefined : plan.segments[i];
  if (seg === undefined) {
    for (let j = 0; j < dof; j++) out.q[j] = plan.startQ[j]!;
  } else if (seg.kind === "move") {
    sampleMoveJoints(plan.placement, seg.move, t - seg.startUs, out.q);
    const prev = plan.segments[i - 1];
    if (prev !== undefined && prev.kind === "move" && prev.startUs + prev.durationUs > t) {
      // blending: the previous move is still braking; add what it has left
      sampleMoveJoints(plan.placement, prev.move, t - prev.startUs, qPrev);
      for (let j = 0; j < dof; j++) out.q[j] = out.q[j]! + qPrev[j]! - prev.move.q1[j]!;
    }
  } else {
    for (let j = 0; j < dof; j++) out.q[j] = seg.q[j]!;
  }
  tcpInWorld(plan.placement, out.q, out.tcp);
  return out;
}
