/**
 * Every error the physics module reports, in one list (the fastify `lib/errors.js` habit): a stable code
 * and a message that says why and what to do.
 */

type Arg = string | number;

export const PHYSICS_ERRORS = {
  PHYS_ERR_NOT_INITIALISED: () =>
    "physics is not initialised: call `await initPhysics()` once before creating a Simulation with `fidelity: physics` (or a PhysicsWorld)",
  PHYS_ERR_UNKNOWN_BELT: (id: Arg) => `no physics belt "${id}"`,
  PHYS_ERR_UNKNOWN_PART: (id: Arg) => `no physics part "${id}"`,
  PHYS_ERR_DUPLICATE: (what: Arg, id: Arg) => `${what} "${id}" exists already`,
  PHYS_ERR_BAD_VALUE: (where: Arg, why: Arg) => `${where}: ${why}`,
  PHYS_ERR_UNKNOWN_CONVEYOR: (where: Arg, id: Arg) => `${where}: no conveyor "${id}" in this scenario`,
  PHYS_ERR_NOT_GRIPPED: (id: Arg) => `part "${id}" is not held by a gripper`,
  PHYS_ERR_STATION_ON_BELT: (station: Arg, belt: Arg, why: Arg) =>
    `station "${station}" stands in the path of belt "${belt}": ${why}; move the station or the belt's \`from\` / \`toPosition\``,
  PHYS_ERR_TASK_COLLISION: (n: Arg, list: Arg) =>
    `${n} planned robot move(s) touch the cell; move the robot, the station or the task's points:\n${list}`,
} as const;

export type PhysicsErrorCode = keyof typeof PHYSICS_ERRORS;

export class PhysicsError extends Error {
  override name = "PhysicsError";
  constructor(
    readonly code: PhysicsErrorCode,
    message: string,
  ) {
    super(`${code}: ${message}`);
  }
}

export function physicsError<C extends PhysicsErrorCode>(
  code: C,
  ...args: Parameters<(typeof PHYSICS_ERRORS)[C]>
): PhysicsError {
  const make = PHYSICS_ERRORS[code] as (...a: Arg[]) => string;
  return new PhysicsError(code, make(...(args as Arg[])));
}
