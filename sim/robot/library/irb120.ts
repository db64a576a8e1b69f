import { DEG } from "../math/transform";
import { revoluteAxis } from "./axis";
import type { RobotModel } from "./types";

// ABB publish no axis accelerations; full axis speed within 0.25 s is assumed.
const RISE_S = 0.25;

const axis = (name: string, min: number, max: number, speedDeg: number) =>
  revoluteAxis(name, min, max, speedDeg, RISE_S);

/**
 * ABB IRB 120-3/0.6.
 * Product specification IRB 120 (3HAC035960-001): dimensions 290 / 270 / 70 / 302 / 72 mm; axis 1 ±165° 250°/s,
 * axis 2 ±110° 250°/s, axis 3 −110°…+70° 250°/s, axis 4 ±160° 320°/s, axis 5 ±120° 320°/s, axis 6 ±400° 420°/s;
 * payload 3 kg, reach 580 mm. The same numbers are in ros-industrial/abb abb_irb120_support/urdf/irb120_3_58_macro.xacro.
 * Flange frame = ABB tool0 (at the calibration position it is [374, 0, 630] mm, q = [0.7071, 0, 0.7071, 0]).
 */
export const irb120: RobotModel = {
  id: "irb120",
  name: "IRB 120-3/0.6",
  maker: "ABB",
  kind: "articulated",
  geometry: {
    kind: "opw",
    a1: 0,
    a2: -0.07,
    b: 0,
    c1: 0.29,
    c2: 0.27,
    c3: 0.302,
    c4: 0.072,
    offset: [0, 0, Math.PI / 2, 0, 0, 0],
    sign: [1, 1, 1, 1, 1, 1],
    j23Coupling: 0,
    flangeTwist: 0,
  },
  joints: [
    axis("axis 1", -165, 165, 250),
    axis("axis 2", -110, 110, 250),
    axis("axis 3", -110, 70, 250),
    axis("axis 4", -160, 160, 320),
    axis("axis 5", -120, 120, 320),
    axis("axis 6", -400, 400, 420),
  ],
  payload: 3,
  reach: 0.58,
  home: [0, 0, 0, 0, 90 * DEG, 0],
  cartesian: { defaultSpeed: 0.5, maxSpeed: 2.0, accel: 5.0, rotSpeed: 360 * DEG, rotAccel: 1000 * DEG },
  source:
    "ABB IRB 120 product specification 3HAC035960-001; ros-industrial/abb irb120_3_58_macro.xacro; accelerations assumed (full speed in 0.25 s)",
};
