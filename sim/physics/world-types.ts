/** The plain-data side of the physics world: shapes, layouts and the bookkeeping it snapshots. */

/** Collision groups: membership in the high 16 bits, filter in the low 16 (Rapier's encoding). */
export const GROUP_PART = 0x0001;
export const GROUP_BELT = 0x0002;
export const GROUP_FIXED = 0x0004;
export const GROUP_ROBOT = 0x0008;
export const groups = (member: number, filter: number): number => ((member << 16) | filter) >>> 0;

/**
 * A part's collision shape: `size` is its overall box, full length (along the belt), width and height, m;
 * the belt logic and grippers use it. A compound is the solids listed, inside that box.
 */
export interface PartShape {
  kind: "box" | "cylinder" | "compound";
  /** m: [length, width, height]; a cylinder stands upright with diameter min(length, width) */
  size: [number, number, number];
  /** kg */
  mass: number;
  /** the solids of a compound, centred `at` m from the part's centre (a cylinder's size is [d, d, h]) */
  solids?: { kind: "box" | "cylinder"; size: [number, number, number]; at: [number, number, number] }[];
}

/** Where a belt lies: its entry, direction and surface height. */
export interface BeltGeometry {
  /** entry point on the floor plan, m, and the height of the belt surface (z), m */
  start: [number, number, number];
  /** unit vector of travel on the floor plan */
  dir: [number, number];
  /** m, entry to end */
  length: number;
  /** m */
  width: number;
  /** belt surface behind the entry, m, so a part can be put down with its leading edge at the entry */
  tail: number;
  /** an end stop 1 cm past the end (accumulating belt), or an open end (parts drop off) */
  endStop: boolean;
}

/** A fixed box in the cell: machine guards, tables, bins, robot pedestals. */
export interface ObstacleSpec {
  /** centre, m */
  center: [number, number, number];
  /** full size, m */
  size: [number, number, number];
  /** rad about z */
  yaw?: number;
  /** rad about the box's own y axis after the yaw, positive tips its +x end down (a chute) */
  pitch?: number;
  /** Coulomb friction (default 0.8, as parts); Rapier averages it with the part's */
  friction?: number;
}

export interface BeltRecord {
  handle: number;
  geo: BeltGeometry;
  /** body centre, where it is put back before every step */
  center: [number, number, number];
  /** m/s */
  speed: number;
}

export interface PartRecord {
  handle: number;
  shape: PartShape;
  /** held by a zone brake: a fixed body until released */
  held: boolean;
  /** gripper holding it, or null */
  gripper: string | null;
  /** part pose in the gripper's TCP frame while gripped: 3×4 row-major */
  offset: number[];
}

export interface GripperRecord {
  /** TCP pose the attached parts reach at the end of the next step: 3×4 row-major */
  tcp: number[];
  parts: string[];
}

/** Everything besides Rapier's own bytes: plain data. */
export interface PhysicsWorldState {
  /** µs, always a whole number of steps */
  tUs: number;
  dtUs: number;
  belts: Map<string, BeltRecord>;
  parts: Map<string, PartRecord>;
  /** body handle → part id */
  partByHandle: Map<number, string>;
  obstacles: Map<string, number>;
  grippers: Map<string, GripperRecord>;
  /** steps taken, and the sum over steps of the dynamic bodies awake (for the step time per body) */
  steps: number;
  bodySteps: number;
  /** dynamic parts awake after the last step */
  awake: number;
}

export interface PhysicsWorldSnapshot {
  world: Uint8Array;
  state: PhysicsWorldState;
}
