/**
 * Public surface of the physics fidelity: Rapier (deterministic build) carrying parts on belts, photo-eyes,
 * grippers, and robot-link collision checks. Call `await initPhysics()` once before anything else here,
 * and before constructing a Simulation whose scenario has `fidelity: physics`.
 */
export { PHYSICS_ERRORS, PhysicsError, type PhysicsErrorCode } from "./errors";
export {
  LinePhysics,
  type LinePhysicsSnapshot,
  type PartPose,
  type PhotoEyeSpec,
  type PhysicsOptions,
} from "./line-physics";
export { initPhysics, physicsReady } from "./rapier";
export {
  type BeltGeometry,
  type ObstacleSpec,
  type PartShape,
  PhysicsWorld,
  type PhysicsWorldSnapshot,
} from "./world";
