import type { RobotModel } from "./types";

/**
 * A three-axis Cartesian gantry for pick-and-place, built from belt-driven linear modules
 * (strokes 2.0 × 1.2 × 0.6 m). Not one maker's product: speeds of 2 / 2 / 1 m/s and accelerations of
 * 5 m/s² are typical catalogue figures for toothed-belt axes of this size (e.g. Festo ELGA-TB,
 * Bosch Rexroth CKK/OBB) and are stated here as assumptions. Payload 10 kg.
 * The gripper hangs from the Z ram pointing down; q = (x, y, z-stroke) in metres.
 */
export const gantry3: RobotModel = {
  id: "gantry-3axis",
  name: "3-axis gantry 2000×1200×600",
  maker: "generic",
  kind: "gantry",
  geometry: { kind: "gantry", zTop: 1.6 },
  joints: [
    { name: "X", type: "prismatic", min: 0, max: 2.0, maxSpeed: 2.0, maxAccel: 5.0 },
    { name: "Y", type: "prismatic", min: 0, max: 1.2, maxSpeed: 2.0, maxAccel: 5.0 },
    { name: "Z", type: "prismatic", min: 0, max: 0.6, maxSpeed: 1.0, maxAccel: 5.0 },
  ],
  payload: 10,
  reach: Math.hypot(2.0, 1.2, 0.6),
  home: [0, 0, 0],
  cartesian: { defaultSpeed: 1.0, maxSpeed: 2.0, accel: 5.0, rotSpeed: 0, rotAccel: 0 },
  source:
    "generic belt-driven linear modules; all speeds and accelerations are assumptions (catalogue-typical)",
};
