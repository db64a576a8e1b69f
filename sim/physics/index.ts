/**
 * Public surface of the physics fidelity: Rapier (deterministic build) carrying parts on belts, photo-eyes,
 * grippers, and robot-link collision checks. Call `await initPhysics()` once before anything else here,
 * and before constructing a Simulation whose scenario has `fidelity: physics`.
 */
export {
  type CellCheckOptions,
  cellObstacles,
  checkStationTasks,
  conveyorObstacle,
  formatTaskCollision,
  ownPedestals,
  pedestalObstacle,
  robotPlacement,
  stationObstacle,
  type TaskCollision,
  taskCollisionError,
} from "./cell-check";
export {
  byTime,
  type CollisionCheckOptions,
  checkRobotCollisions,
  motionFromMoves,
  motionFromPlan,
  type RobotMotion,
} from "./collisions";
export { PHYSICS_ERRORS, PhysicsError, type PhysicsErrorCode } from "./errors";
export type { PartSettled, PhysicsEvent, RobotCollision } from "./events";
export { carry, driveGripper, type GripperMotion, settle } from "./gripper";
export { binInterior, type LineLayout, lineLayout, type PhotoEyeSpec, type PhysicsOptions } from "./layout";
export { LinePhysics, type LinePhysicsSnapshot, type PartPose } from "./line-physics";
export { initPhysics, physicsReady } from "./rapier";
export { chainFlange, defaultLinkRadius, type LinkCapsule, robotLinks } from "./robot-links";
export {
  RobotCellWatch,
  type RobotWatchOptions,
  type RobotWatchSnapshot,
  type RobotWatchStats,
  type TaskRun,
} from "./robot-watch";
export { beltLinks, type LinkKind, type TransferMotion } from "./transfer";
export {
  type BeltGeometry,
  type ObstacleSpec,
  type PartShape,
  PhysicsWorld,
  type PhysicsWorldSnapshot,
} from "./world";
