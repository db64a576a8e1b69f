import { DEG } from "../math/transform";
import { revoluteAxis } from "./axis";
import type { RobotModel } from "./types";

// FANUC publish no axis accelerations; full axis speed within 0.25 s is assumed.
const RISE_S = 0.25;

const axis = (name: string, min: number, max: number, speedDeg: number) =>
  revoluteAxis(name, min, max, speedDeg, RISE_S);

/**
 * FANUC LR Mate 200iD (7 kg, 717 mm).
 * Datasheet: J1 340° 450°/s, J2 245° 380°/s, J3 420° 520°/s, J4 380° 550°/s, J5 250° 545°/s, J6 720° 1000°/s;
 * dimensions 330 / 50 / 330 / 35 / 335 / 80 mm; the ranges split as in ros-industrial/fanuc
 * fanuc_lrmate200id_support/urdf/lrmate200id_macro.xacro.
 * Joint angles are the controller's: J3 is measured from the horizontal (J2/J3 interaction), so the
 * arm's relative elbow angle is J2 + J3. The base frame is at the mounting face; FANUC's world frame is
 * 330 mm higher (at the J2 axis), where the zero pose reads X 465, Y 0, Z 365, W −180, P −90, R 0.
 */
export const lrmate200id: RobotModel = {
  id: "lrmate200id",
  name: "LR Mate 200iD",
  maker: "FANUC",
  kind: "articulated",
  geometry: {
    kind: "opw",
    a1: 0.05,
    a2: -0.035,
    b: 0,
    c1: 0.33,
    c2: 0.33,
    c3: 0.335,
    c4: 0.08,
    offset: [0, 0, Math.PI / 2, 0, 0, 0],
    sign: [1, 1, -1, -1, -1, -1],
    j23Coupling: -1,
    flangeTwist: Math.PI,
  },
  joints: [
    axis("J1", -170, 170, 450),
    axis("J2", -100, 145, 380),
    axis("J3", -140.4, 280, 520),
    axis("J4", -190, 190, 550),
    axis("J5", -125, 125, 545),
    axis("J6", -360, 360, 1000),
  ],
  payload: 7,
  reach: 0.717,
  home: [0, 0, 0, 0, -90 * DEG, 0],
  cartesian: { defaultSpeed: 0.5, maxSpeed: 2.0, accel: 5.0, rotSpeed: 360 * DEG, rotAccel: 1000 * DEG },
  source:
    "FANUC LR Mate 200iD datasheet; ros-industrial/fanuc lrmate200id_macro.xacro; accelerations assumed (full speed in 0.25 s)",
};
