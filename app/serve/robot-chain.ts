import type { JointLayout, Vec3 } from "../../protocol/index";
import {
  createTransform,
  fromXyzRpy,
  multiply,
  type RobotModel,
  type Transform,
} from "../../sim/robot/index";

/**
 * A library robot's geometry as a URDF-style chain the viewer can draw with nested groups: each joint
 * frame is its parent moved by (xyz, rpy), then turned or slid along `axis` by θ = sign·q + offset.
 * The chains restate the closed-form kinematics of sim/robot (standard DH for Universal Robots, the
 * ortho-parallel parameterisation for the others), and a test checks both give the same flange pose.
 */
export interface RobotChain {
  joints: JointLayout[];
  flange: { xyz: Vec3; rpy: Vec3 };
}

const X: Vec3 = [1, 0, 0];
const Y: Vec3 = [0, 1, 0];
const Z: Vec3 = [0, 0, 1];
const HALF_PI = Math.PI / 2;

export function robotChain(model: RobotModel): RobotChain {
  const g = model.geometry;
  const lim = (i: number) => ({
    min: model.joints[i]!.min,
    max: model.joints[i]!.max,
    name: model.joints[i]!.name,
  });
  if (g.kind === "ur") {
    const origins: [Vec3, Vec3][] = [
      [
        [0, 0, 0],
        [0, 0, 0],
      ],
      [
        [0, 0, g.d1],
        [HALF_PI, 0, 0],
      ],
      [
        [g.a2, 0, 0],
        [0, 0, 0],
      ],
      [
        [g.a3, 0, 0],
        [0, 0, 0],
      ],
      [
        [0, 0, g.d4],
        [HALF_PI, 0, 0],
      ],
      [
        [0, 0, g.d5],
        [-HALF_PI, 0, 0],
      ],
    ];
    return {
      joints: origins.map(([xyz, rpy], i) => ({
        ...lim(i),
        type: "revolute" as const,
        xyz,
        rpy,
        axis: Z,
        sign: 1,
        offset: 0,
      })),
      flange: { xyz: [0, 0, g.d6], rpy: [0, 0, 0] },
    };
  }
  if (g.kind === "opw") {
    const steps: [Vec3, Vec3][] = [
      [[0, 0, 0], Z],
      [[g.a1, g.b, g.c1], Y],
      [[0, 0, g.c2], Y],
      [[g.a2, 0, g.c3], Z],
      [[0, 0, 0], Y],
      [[0, 0, 0], Z],
    ];
    return {
      joints: steps.map(([xyz, axis], i) => ({
        ...lim(i),
        type: "revolute" as const,
        xyz,
        rpy: [0, 0, 0] as Vec3,
        axis,
        sign: g.sign[i]!,
        offset: g.offset[i]!,
        couple: i === 2 && g.j23Coupling !== 0 ? { joint: 1, gain: g.j23Coupling } : undefined,
      })),
      flange: { xyz: [0, 0, g.c4], rpy: [0, 0, g.flangeTwist] },
    };
  }
  return {
    joints: [
      { ...lim(0), type: "prismatic", xyz: [0, 0, 0], rpy: [0, 0, 0], axis: X, sign: 1, offset: 0 },
      { ...lim(1), type: "prismatic", xyz: [0, 0, 0], rpy: [0, 0, 0], axis: Y, sign: 1, offset: 0 },
      { ...lim(2), type: "prismatic", xyz: [0, 0, g.zTop], rpy: [0, 0, 0], axis: Z, sign: -1, offset: 0 },
    ],
    flange: { xyz: [0, 0, 0], rpy: [Math.PI, 0, 0] },
  };
}

const sJoint = createTransform();
const sMove = createTransform();

/** Flange pose in the base frame from a chain and joint values (rad or m): what the viewer draws. */
export function chainForward(chain: RobotChain, q: ArrayLike<number>, out: Transform): Transform {
  out.fill(0);
  out[0] = 1;
  out[5] = 1;
  out[10] = 1;
  for (let i = 0; i < chain.joints.length; i++) {
    const j = chain.joints[i]!;
    fromXyzRpy(sJoint, j.xyz[0], j.xyz[1], j.xyz[2], j.rpy[0], j.rpy[1], j.rpy[2]);
    multiply(out, out, sJoint);
    let th = j.sign * q[i]! + j.offset;
    if (j.couple !== undefined) th += j.couple.gain * q[j.couple.joint]!;
    axisMove(sMove, j.type, j.axis, th);
    multiply(out, out, sMove);
  }
  const f = chain.flange;
  fromXyzRpy(sJoint, f.xyz[0], f.xyz[1], f.xyz[2], f.rpy[0], f.rpy[1], f.rpy[2]);
  return multiply(out, out, sJoint);
}

function axisMove(out: Transform, type: "revolute" | "prismatic", axis: Vec3, v: number): Transform {
  if (type === "prismatic") return fromXyzRpy(out, axis[0] * v, axis[1] * v, axis[2] * v, 0, 0, 0);
  return fromXyzRpy(out, 0, 0, 0, axis[0] * v, axis[1] * v, axis[2] * v);
}
