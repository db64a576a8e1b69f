import { describe, expect, it } from "vitest";
import { createTransform, forwardKinematics, ROBOT_LIBRARY } from "../../sim/robot/index";
import { chainForward, robotChain } from "./robot-chain";

// a fixed spread of joint values inside every model's limits (fractions of the range)
const FRACTIONS = [
  [0.5, 0.5, 0.5, 0.5, 0.5, 0.5],
  [0.1, 0.7, 0.3, 0.9, 0.2, 0.6],
  [0.85, 0.25, 0.65, 0.4, 0.75, 0.05],
  [0.33, 0.41, 0.77, 0.12, 0.58, 0.91],
];

describe("robot chains for the viewer", () => {
  for (const model of ROBOT_LIBRARY) {
    it(`${model.id}: the chain's flange pose equals sim/robot's forward kinematics`, () => {
      const chain = robotChain(model);
      expect(chain.joints).toHaveLength(model.joints.length);
      const a = createTransform();
      const b = createTransform();
      for (const fr of FRACTIONS) {
        const q = model.joints.map((j, i) => j.min + (j.max - j.min) * fr[i]!);
        forwardKinematics(model, q, a);
        chainForward(chain, q, b);
        for (let k = 0; k < 12; k++) expect(b[k]).toBeCloseTo(a[k]!, 9);
      }
    });
  }
});
