import { DEG } from "../math/transform";
import type { JointSpec } from "./types";

/**
 * A revolute axis from datasheet figures: limits in degrees, top speed in °/s. Makers of these arms
 * publish no axis accelerations, so each axis is assumed to reach full speed within `riseS` seconds.
 */
export function revoluteAxis(
  name: string,
  minDeg: number,
  maxDeg: number,
  speedDeg: number,
  riseS: number,
): JointSpec {
  return {
    name,
    type: "revolute",
    min: minDeg * DEG,
    max: maxDeg * DEG,
    maxSpeed: speedDeg * DEG,
    maxAccel: (speedDeg * DEG) / riseS,
  };
}
