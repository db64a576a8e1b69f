/**
 * Events the physics fidelity produces besides SignalChanged (which sim/events.ts has). Proposed for the
 * SimEvent union; until then they are returned by the functions that find them.
 */

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

export type PhysicsEvent = PartSettled | RobotCollision;
