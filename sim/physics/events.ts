/** Events the physics fidelity produces besides SignalChanged; part of the SimEvent union. */

/** A released or dropped part came to rest (its body fell asleep). */
export interface PartSettled {
  type: "PartSettled";
  /** µs */
  t: number;
  part: string;
  /** centre where it rests, m */
  position: [number, number, number];
}

/** A planned robot move touches fixed cell geometry or another robot. */
export interface RobotCollision {
  type: "RobotCollision";
  /** µs of first contact (to within the check's resolution) */
  t: number;
  robot: string;
  /** the robot's link, e.g. "upper arm" */
  link: string;
  /** an obstacle id, or `robot:link` of another robot */
  obstacle: string;
}

/** A robot's gripper closed on a line part (fidelity: physics). */
export interface PartGripped {
  type: "PartGripped";
  /** µs */
  t: number;
  robot: string;
  /** the station whose task the robot runs */
  station: string;
  part: string;
}

/** A robot's gripper let go of a part; it falls onto what is below and settles (PartSettled). */
export interface PartReleased {
  type: "PartReleased";
  /** µs */
  t: number;
  robot: string;
  station: string;
  part: string;
  /** centre where it was let go, m */
  position: [number, number, number];
}

export type PhysicsEvent = PartSettled | RobotCollision | PartGripped | PartReleased;
