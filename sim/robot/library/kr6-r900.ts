import { DEG } from "../math/transform";
import { revoluteAxis } from "./axis";
import type { RobotModel } from "./types";

// KUKA publish no axis accelerations; full axis speed within 0.25 s is assumed for this small robot.
const RISE_S = 0.25;

const axis = (name: string, min: number, max: number, speedDeg: number) =>
  revoluteAxis(name, min, max, speedDeg, RISE_S);

/**
 * KUKA KR 6 R900 sixx (KR AGILUS).
 * Geometry and axis data from the KR AGILUS sixx specification (dimensions 400 / 25 / 455 / 35 / 420 / 80 mm;
 * A1 ±170° 360°/s, A2 −190°…+45° 300°/s, A3 −120°…+156° 360°/s, A4 ±185° 381°/s, A5 ±120° 388°/s,
 * A6 ±350° 615°/s; rated payload 6 kg, reach 901 mm), as also encoded in ros-industrial/kuka_experimental
 * kuka_kr6_support/urdf/kr6r900sixx_macro.xacro. A1, A4 and A6 turn clockwise-positive (KUKA convention).
 * Base frame: $ROBROOT at the foot. Flange frame z out of the flange (ROS tool0, KUKA $FLANGE turned by 90° about y).
 */
export const kr6r900: RobotModel = {
  id: "kr6-r900",
  name: "KR 6 R900 sixx",
  maker: "KUKA",
  kind: "articulated",
  geometry: {
    kind: "opw",
    a1: 0.025,
    a2: -0.035,
    b: 0,
    c1: 0.4,
    c2: 0.455,
    c3: 0.42,
    c4: 0.08,
    offset: [0, Math.PI / 2, 0, 0, 0, 0],
    sign: [-1, 1, 1, -1, 1, -1],
    j23Coupling: 0,
    flangeTwist: 0,
  },
  joints: [
    axis("A1", -170, 170, 360),
    axis("A2", -190, 45, 300),
    axis("A3", -120, 156, 360),
    axis("A4", -185, 185, 381),
    axis("A5", -120, 120, 388),
    axis("A6", -350, 350, 615),
  ],
  payload: 6,
  reach: 0.901,
  home: [0, -90 * DEG, 90 * DEG, 0, 90 * DEG, 0],
  cartesian: { defaultSpeed: 0.5, maxSpeed: 2.0, accel: 5.0, rotSpeed: 360 * DEG, rotAccel: 1000 * DEG },
  source:
    "KUKA KR AGILUS sixx specification; ros-industrial/kuka_experimental kr6r900sixx_macro.xacro; accelerations assumed (full speed in 0.25 s)",
};
