/**
 * Load-time check: every taught point of a task must be reachable by the robot where it stands, with a
 * solution inside the joint limits that is not singular. Errors name the point and say why.
 */
import { type RobotPlacement, solveTcpWorld } from "../cell";
import { type RobotIssue, robotIssue } from "../errors";
import {
  createIkSolutions,
  describeSingularity,
  IK_OUTSIDE_LIMITS,
  IK_SINGULAR,
} from "../kinematics/solutions";
import { createTransform } from "../math/transform";
import { describeIkFailure } from "../trajectory/failure";
import { pointInWorld } from "./resolve";
import type { RobotTask, StationPose } from "./types";

function where(t: Float64Array): string {
  const mm = (v: number) => {
    const r = Math.round(v * 10_000) / 10;
    return (r === 0 ? 0 : r).toFixed(1);
  };
  return `(${mm(t[3]!)}, ${mm(t[7]!)}, ${mm(t[11]!)}) mm in the cell`;
}

/** Issues for the unreachable or singular pose points of a validated task ([] when all are fine). */
export function checkReachability(
  placement: RobotPlacement,
  task: RobotTask,
  stations: Readonly<Record<string, StationPose>>,
): RobotIssue[] {
  const issues: RobotIssue[] = [];
  const world = createTransform();
  const sols = createIkSolutions();
  const model = placement.model;
  for (const name of Object.keys(task.points)) {
    if (pointInWorld(task, stations, placement, name, world) === null) continue;
    solveTcpWorld(placement, world, model.home, sols);
    let usable = 0;
    let regular = 0;
    let flags = 0;
    for (let i = 0; i < sols.count; i++) {
      if ((sols.flags[i]! & IK_OUTSIDE_LIMITS) !== 0) continue;
      usable++;
      if ((sols.flags[i]! & IK_SINGULAR) === 0) regular++;
      else flags |= sols.flags[i]!;
    }
    const path = `points.${name}`;
    if (usable === 0) {
      issues.push(
        robotIssue(
          "ROBOT_ERR_UNREACHABLE",
          path,
          name,
          model.id,
          where(world),
          describeIkFailure(model, sols),
        ),
      );
    } else if (regular === 0) {
      issues.push(
        robotIssue(
          "ROBOT_ERR_SINGULAR_POINT",
          path,
          name,
          model.id,
          describeSingularity(flags & IK_SINGULAR),
        ),
      );
    }
  }
  return issues;
}
