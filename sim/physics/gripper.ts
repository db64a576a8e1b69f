/**
 * Grippers driven by planned robot moves: the TCP follows the move sampled at physics time, a gripped part
 * follows the TCP rigidly (a kinematic body), and a released part is a dynamic body again that falls and
 * settles. The line model decides when to grip and release; this only moves things.
 */
import { createMotionSample, type Move, type RobotPlacement, sampleMove } from "../robot/index";
import type { PartSettled } from "./events";
import type { PhysicsWorld } from "./world";

/** A robot move as it will be executed: its placement, the move, and when it starts (µs). */
export interface GripperMotion {
  placement: RobotPlacement;
  move: Move;
  /** µs */
  startUs: number;
}

const sample = createMotionSample();

/**
 * Puts gripper `gripper`'s TCP where the robot has it at `tUs` (before the move its start pose, after it
 * its end pose). Call it with the end time of the next step, before `world.step()`.
 */
export function driveGripper(world: PhysicsWorld, gripper: string, m: GripperMotion, tUs: number): void {
  sampleMove(m.placement, m.move, Math.max(0, tUs - m.startUs), sample);
  world.setGripperPose(gripper, sample.tcp);
}

/**
 * Runs a gripped part through a move: grips at the move's start, steps while the robot moves, releases at
 * its end. Returns the physics time of the release, µs.
 */
export function carry(world: PhysicsWorld, gripper: string, part: string, m: GripperMotion): number {
  const end = m.startUs + m.move.durationUs;
  while (world.tUs < m.startUs) world.step();
  driveGripper(world, gripper, m, world.tUs);
  world.grip(gripper, part);
  while (world.tUs < end) {
    driveGripper(world, gripper, m, world.tUs + world.dtUs);
    world.step();
  }
  world.release(part);
  return world.tUs;
}

/**
 * Steps until `part` is at rest (its body asleep), at most `maxUs` of physics time; the PartSettled event,
 * or null if it still moves.
 */
export function settle(world: PhysicsWorld, part: string, maxUs: number): PartSettled | null {
  const until = world.tUs + maxUs;
  while (world.tUs < until) {
    world.step();
    if (world.isAsleep(part)) {
      const p = world.position(part);
      return { type: "PartSettled", t: world.tUs, part, position: [p.x, p.y, p.z] };
    }
  }
  return null;
}
