import { DEG } from "../math/transform";
import type { RobotModel } from "./types";

const J_SPEED = 180 * DEG;
// Universal Robots publish no acceleration limits; a cobot reaching full joint speed in 0.5 s is assumed.
const J_ACCEL = J_SPEED / 0.5;

/**
 * Universal Robots UR5e.
 * Geometry: the maker's DH table, "Parameters for calculations of kinematics and dynamics"
 * (universal-robots.com, FAQ 45257): d1 0.1625, a2 −0.425, a3 −0.3922, d4 0.1333, d5 0.0997, d6 0.0996 m.
 * Joint ranges ±360° and 180°/s on every joint, payload 5 kg, reach 850 mm: UR5e technical specification
 * and user manual 5.8 (as quoted in ros-industrial/universal_robot ur_description/config/ur5e/joint_limits.yaml).
 * TCP speed: datasheet "typical TCP speed 1 m/s"; 250 mm/s and 1.2 m/s² are PolyScope's moveL defaults.
 */
export const ur5e: RobotModel = {
  id: "ur5e",
  name: "UR5e",
  maker: "Universal Robots",
  kind: "collaborative",
  geometry: { kind: "ur", d1: 0.1625, a2: -0.425, a3: -0.3922, d4: 0.1333, d5: 0.0997, d6: 0.0996 },
  joints: ["base", "shoulder", "elbow", "wrist 1", "wrist 2", "wrist 3"].map((name) => ({
    name,
    type: "revolute" as const,
    min: -360 * DEG,
    max: 360 * DEG,
    maxSpeed: J_SPEED,
    maxAccel: J_ACCEL,
  })),
  payload: 5,
  reach: 0.85,
  home: [0, -90 * DEG, 90 * DEG, -90 * DEG, -90 * DEG, 0],
  cartesian: { defaultSpeed: 0.25, maxSpeed: 1.0, accel: 1.2, rotSpeed: 180 * DEG, rotAccel: 360 * DEG },
  source:
    "DH: universal-robots.com FAQ 45257; limits: UR5e user manual 5.8 / datasheet; accelerations assumed (full speed in 0.5 s)",
};
