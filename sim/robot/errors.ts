/**
 * Every error the robot module reports, in one list (the fastify `lib/errors.js` habit): a stable code
 * and a message template that says why. Where is carried next to the message as a path into the task
 * data (`program[4].moveL`, `points.pick`), so the scenario loader can point at file, line and column.
 */

type Arg = string | number;

export const ROBOT_ERRORS = {
  ROBOT_ERR_UNKNOWN_MODEL: (id: Arg, known: Arg) => `unknown robot model "${id}" (known: ${known})`,
  ROBOT_ERR_BAD_VALUE: (what: Arg) => `${what}`,
  ROBOT_ERR_UNKNOWN_STEP: (key: Arg) =>
    `unknown step "${key}" (expected one of moveJ, moveL, grip, release, wait, set)`,
  ROBOT_ERR_UNKNOWN_POINT: (name: Arg) => `unknown point "${name}"`,
  ROBOT_ERR_UNKNOWN_FRAME: (name: Arg) => `unknown frame "${name}"`,
  ROBOT_ERR_UNKNOWN_STATION: (name: Arg) => `unknown station "${name}"`,
  ROBOT_ERR_FRAME_CYCLE: (names: Arg) => `frames refer to each other in a cycle: ${names}`,
  ROBOT_ERR_JOINT_COUNT: (got: Arg, dof: Arg, model: Arg) =>
    `has ${got} joint values, ${model} has ${dof} axes`,
  ROBOT_ERR_JOINT_LIMIT: (joint: Arg, value: Arg, min: Arg, max: Arg) =>
    `joint ${joint} at ${value} is outside its limits ${min} … ${max}`,
  ROBOT_ERR_UNREACHABLE: (point: Arg, model: Arg, where: Arg, why: Arg) =>
    `point "${point}" is not reachable by ${model} at ${where}: ${why}`,
  ROBOT_ERR_SINGULAR_POINT: (point: Arg, model: Arg, kinds: Arg) =>
    `point "${point}" puts ${model} in a ${kinds} singularity in every solution inside the joint limits`,
  ROBOT_ERR_LIN_UNREACHABLE: (to: Arg, pct: Arg, where: Arg, why: Arg) =>
    `straight move to "${to}" leaves the workspace at ${pct} % of the path, at ${where}: ${why}`,
  ROBOT_ERR_LIN_SINGULAR: (to: Arg, pct: Arg, where: Arg, kinds: Arg) =>
    `straight move to "${to}" passes a ${kinds} singularity at ${pct} % of the path, at ${where}`,
  ROBOT_ERR_LIN_FLIP: (to: Arg, pct: Arg, where: Arg, joint: Arg) =>
    `straight move to "${to}" needs a configuration change at ${pct} % of the path, at ${where} (joint ${joint} jumps)`,
  ROBOT_ERR_SPEED: (what: Arg) => `${what}`,
} as const;

export type RobotErrorCode = keyof typeof ROBOT_ERRORS;

/** One problem in a robot task or a motion request. */
export interface RobotIssue {
  code: RobotErrorCode;
  /** where in the task data, e.g. `program[4].moveL` or `points.pick`; "" for the whole request */
  path: string;
  message: string;
}

export function robotIssue<C extends RobotErrorCode>(
  code: C,
  path: string,
  ...args: Parameters<(typeof ROBOT_ERRORS)[C]>
): RobotIssue {
  const make = ROBOT_ERRORS[code] as (...a: Arg[]) => string;
  return { code, path, message: make(...(args as Arg[])) };
}

export function formatRobotIssue(i: RobotIssue): string {
  return i.path === "" ? i.message : `${i.path}: ${i.message}`;
}

/** A robot task or motion that cannot be used, with every problem found. */
export class RobotError extends Error {
  override name = "RobotError";
  constructor(readonly issues: RobotIssue[]) {
    super(issues.map(formatRobotIssue).join("\n"));
  }
}
