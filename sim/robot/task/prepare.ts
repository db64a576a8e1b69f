import type { RobotPlacement } from "../cell";
import type { RobotIssue } from "../errors";
import { checkReachability } from "./reachability";
import type { RobotTask, StationPose } from "./types";
import { validateRobotTask } from "./validate";

/**
 * What a scenario loader calls for each robot task: validates the data (steps, points, frames,
 * stations, joint limits) and checks that every taught point is reachable where the robot stands.
 */
export function prepareRobotTask(
  placement: RobotPlacement,
  spec: unknown,
  stations: Readonly<Record<string, StationPose>>,
): { task: RobotTask | null; issues: RobotIssue[] } {
  const v = validateRobotTask(spec, { model: placement.model, stations });
  if (v.task === null) return v;
  const issues = checkReachability(placement, v.task, stations);
  return issues.length > 0 ? { task: null, issues } : v;
}
