import { type PoseSpec, placeRobot, type RobotPlacement } from "../cell";
import { RobotError, type RobotIssue } from "../errors";
import { planRobotTask, type TaskPlan } from "./plan";
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

export interface RobotJobInput {
  /** library id, e.g. "ur5e" */
  robot: string;
  /** where the robot base stands in the cell (m, rad) */
  base?: PoseSpec | undefined;
  /** TCP offset from the flange (m, rad) */
  tool?: PoseSpec | undefined;
  /** gripper time when a step gives none, s */
  gripTime?: number | undefined;
  /** task data: from a scenario file or a template */
  task: unknown;
  stations: Readonly<Record<string, StationPose>>;
  /** joint values the task starts from (default: the model's home) */
  startQ?: ArrayLike<number> | undefined;
}

/**
 * One call from task data to a plan: place the robot, validate, check reachability, plan. Never
 * throws on bad input; returns every issue instead (each with its path and why).
 */
export function planRobotJob(
  input: RobotJobInput,
): { plan: TaskPlan; issues: [] } | { plan: null; issues: RobotIssue[] } {
  let placement: RobotPlacement;
  try {
    placement = placeRobot(input.robot, input.base, input.tool, input.gripTime);
  } catch (e) {
    if (e instanceof RobotError) return { plan: null, issues: e.issues };
    throw e;
  }
  const { task, issues } = prepareRobotTask(placement, input.task, input.stations);
  if (task === null) return { plan: null, issues };
  try {
    return { plan: planRobotTask(placement, task, input.stations, { startQ: input.startQ }), issues: [] };
  } catch (e) {
    if (e instanceof RobotError) return { plan: null, issues: e.issues };
    throw e;
  }
}
