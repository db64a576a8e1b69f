/**
 * Public surface of the robot module: the robot library, kinematics, trajectories, and robot tasks.
 *
 * Typical use by the line model (all pure, plain data, times in µs):
 * ```ts
 * const r = planRobotJob({ robot: "ur5e", base: { x: 1.2, y: 0.4, z: 0.8, yaw: Math.PI / 2 }, tool: { z: 0.15 },
 *                         task: machineTendingTask({ station: "cnc-1", infeed, outfeed }), stations });
 * if (r.plan === null) report(r.issues); else { r.plan.durationUs; sampleTaskPlan(r.plan, tUs, sample); }
 *
 * // or step by step:
 * const placement = placeRobot("ur5e", { x: 1.2, y: 0.4, z: 0.8, yaw: Math.PI / 2 }, { z: 0.15 });
 * const spec = machineTendingTask({ station: "cnc-1", infeed: {...}, outfeed: {...} }); // or YAML data
 * const { task, issues } = prepareRobotTask(placement, spec, stations);             // load-time checks
 * const plan = planRobotTask(placement, task!, stations);                            // throws RobotError
 * plan.durationUs;  sampleTaskPlan(plan, tUs, sample);                               // sample: createMotionSample()
 * ```
 */
export {
  DEFAULT_GRIP_TIME,
  type PoseSpec,
  placeRobot,
  type RobotPlacement,
  solveTcpWorld,
  tcpInBase,
  tcpInWorld,
} from "./cell";
export { formatRobotIssue, ROBOT_ERRORS, RobotError, type RobotErrorCode, type RobotIssue } from "./errors";
export type {
  RobotEvent,
  RobotFaulted,
  RobotGripperChanged,
  RobotSignalSet,
  RobotTaskCompleted,
  RobotTaskStarted,
} from "./events";
export {
  forwardKinematics,
  GANTRY_ORIENTATION_TOLERANCE,
  inverseKinematics,
  jointOutsideLimits,
  lastSolutions,
  singularities,
  solveNearest,
} from "./kinematics/index";
export { armSkeleton, armSkeletonInWorld, MAX_SKELETON_POINTS } from "./kinematics/skeleton";
export {
  CONFIG_BACK,
  CONFIG_ELBOW_DOWN,
  CONFIG_WRIST_FLIP,
  createIkSolutions,
  describeConfig,
  describeSingularity,
  IK_OUTSIDE_LIMITS,
  IK_SINGULAR,
  IK_SINGULAR_ELBOW,
  IK_SINGULAR_SHOULDER,
  IK_SINGULAR_WRIST,
  type IkFailure,
  type IkSolutions,
  MAX_DOF,
  MAX_SOLUTIONS,
  nearestSolution,
  SINGULARITY_TOLERANCE,
} from "./kinematics/solutions";
export { findRobot, ROBOT_LIBRARY, robotIds } from "./library/index";
export type { CartesianLimits, JointSpec, RobotGeometry, RobotModel } from "./library/types";
export {
  createTransform,
  DEG,
  dhTransform,
  fromPose,
  fromXyzRpy,
  invert,
  multiply,
  type Pose,
  rotationDistance,
  type Transform,
  toPose,
  toQuaternion,
  translationDistance,
} from "./math/transform";
export {
  type PlanOptions,
  planRobotTask,
  sampleTaskPlan,
  segmentAt,
  type TaskPlan,
  type TaskSegment,
} from "./task/plan";
export { planRobotJob, prepareRobotTask, type RobotJobInput } from "./task/prepare";
export { checkReachability } from "./task/reachability";
export { frameInWorld, pointInWorld, stationTransform } from "./task/resolve";
export {
  type AssemblyInsertionOptions,
  assemblyInsertionTask,
  type MachineTendingOptions,
  machineTendingTask,
  type PalletizingOptions,
  type PalletPattern,
  palletizingTask,
  slotName,
} from "./task/templates";
export type { RobotTask, RobotTaskSpec, StationPose, Step, StepSpec } from "./task/types";
export { type TaskContext, validateRobotTask } from "./task/validate";
export { describeIkFailure } from "./trajectory/failure";
export { type LinMove, type LinOptions, planLin } from "./trajectory/lin";
export { profilePosition, type UnitProfile, unitProfile } from "./trajectory/profile";
export { type PtpMove, type PtpOptions, planPtp } from "./trajectory/ptp";
export {
  createMotionSample,
  type MotionSample,
  type Move,
  sampleMove,
  sampleMoveJoints,
} from "./trajectory/sample";
