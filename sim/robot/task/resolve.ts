/**
 * Where a task's frames and points are in the cell: a frame on a station follows the station's floor
 * position and yaw; a point is a pose in a frame, in the world, or in the robot's base frame.
 */
import type { RobotPlacement } from "../cell";
import { createTransform, fromXyzRpy, multiply, type Transform } from "../math/transform";
import { BASE_FRAME, type RobotTask, type StationPose, WORLD_FRAME } from "./types";

/** World pose of a station: its floor position (and height) turned by its yaw. */
export function stationTransform(out: Transform, s: StationPose): Transform {
  return fromXyzRpy(out, s.x, s.y, s.z ?? 0, 0, 0, s.yaw ?? 0);
}

/** World pose of a task frame (the task must be validated: no cycles, parents exist). */
export function frameInWorld(
  task: RobotTask,
  stations: Readonly<Record<string, StationPose>>,
  name: string,
  out: Transform,
): Transform {
  const f = task.frames[name];
  if (f === undefined) throw new Error(`unknown frame "${name}"`);
  const local = fromXyzRpy(createTransform(), f.pose.x, f.pose.y, f.pose.z, f.pose.rx, f.pose.ry, f.pose.rz);
  const parent = createTransform();
  if (f.parent.kind === "station") {
    const s = stations[f.parent.station];
    if (s === undefined) throw new Error(`unknown station "${f.parent.station}"`);
    stationTransform(parent, s);
  } else if (f.parent.kind === "frame") frameInWorld(task, stations, f.parent.frame, parent);
  return multiply(out, parent, local);
}

/** World pose of the TCP at a pose point, or null for a joint point. */
export function pointInWorld(
  task: RobotTask,
  stations: Readonly<Record<string, StationPose>>,
  placement: RobotPlacement,
  name: string,
  out: Transform,
): Transform | null {
  const p = task.points[name];
  if (p === undefined) throw new Error(`unknown point "${name}"`);
  if (p.kind === "joints") return null;
  const local = fromXyzRpy(createTransform(), p.pose.x, p.pose.y, p.pose.z, p.pose.rx, p.pose.ry, p.pose.rz);
  if (p.frame === WORLD_FRAME) {
    out.set(local);
    return out;
  }
  if (p.frame === BASE_FRAME) return multiply(out, placement.base, local);
  return multiply(out, frameInWorld(task, stations, p.frame, createTransform()), local);
}
