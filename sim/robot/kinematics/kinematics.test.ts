import { describe, expect, it } from "vitest";
import { streamFor } from "../../random/streams";
import { findRobot, ROBOT_LIBRARY } from "../library/index";
import type { RobotModel } from "../library/types";
import {
  createTransform,
  DEG,
  fromXyzRpy,
  multiply,
  rotationDistance,
  type Transform,
  translationDistance,
} from "../math/transform";
import { forwardKinematics, inverseKinematics, jointOutsideLimits, singularities } from "./index";
import { armSkeleton, MAX_SKELETON_POINTS } from "./skeleton";
import {
  createIkSolutions,
  IK_OUTSIDE_LIMITS,
  IK_SINGULAR_ELBOW,
  IK_SINGULAR_SHOULDER,
  IK_SINGULAR_WRIST,
  MAX_DOF,
  nearestSolution,
} from "./solutions";

function robot(id: string): RobotModel {
  const m = findRobot(id);
  if (m === undefined) throw new Error(id);
  return m;
}

function fk(id: string, qDeg: number[]): Transform {
  const m = robot(id);
  const q = qDeg.map((v, j) => (m.joints[j]!.type === "revolute" ? v * DEG : v));
  return forwardKinematics(m, q, createTransform());
}

function expectPose(t: Transform, mm: [number, number, number], rpyDeg?: [number, number, number]) {
  expect(t[3]! * 1000).toBeCloseTo(mm[0], 6);
  expect(t[7]! * 1000).toBeCloseTo(mm[1], 6);
  expect(t[11]! * 1000).toBeCloseTo(mm[2], 6);
  if (rpyDeg !== undefined) {
    const ref = fromXyzRpy(createTransform(), 0, 0, 0, rpyDeg[0] * DEG, rpyDeg[1] * DEG, rpyDeg[2] * DEG);
    expect(rotationDistance(t, ref)).toBeLessThan(1e-9);
  }
}

describe("forward kinematics against published reference poses", () => {
  it("ABB IRB 120 calibration position: tool0 at [374, 0, 630] mm, q = [0.7071, 0, 0.7071, 0]", () => {
    // quaternion (cos 45°, 0, sin 45°, 0) is a 90° turn about y
    expectPose(fk("irb120", [0, 0, 0, 0, 0, 0]), [374, 0, 630], [0, 90, 0]);
  });

  it("FANUC LR Mate 200iD zero: X 465, Y 0, Z 365 (world frame 330 mm above the base), W −180, P −90, R 0", () => {
    expectPose(fk("lrmate200id", [0, 0, 0, 0, 0, 0]), [465, 0, 365 + 330], [-180, -90, 0]);
  });

  it("KUKA KR 6 R900 sixx at {A1 0, A2 −90, A3 90, A4 0, A5 0, A6 0}: flange at X 525, Z 890", () => {
    // 25 + 420 + 80 forward, 400 + 455 + 35 up; flange z points forward
    expectPose(fk("kr6-r900", [0, -90, 90, 0, 0, 0]), [525, 0, 890], [0, 90, 0]);
  });

  it("UR5e zero pose from the DH table: (a2 + a3, −(d4 + d6), d1 − d5)", () => {
    expectPose(fk("ur5e", [0, 0, 0, 0, 0, 0]), [-817.2, -232.9, 62.8], [90, 0, 0]);
  });

  it("UR5e arm straight up (shoulder −90°): (−d5, −(d4 + d6), d1 − a2 − a3)", () => {
    expectPose(fk("ur5e", [0, -90, 0, 0, 0, 0]), [-99.7, -232.9, 979.7]);
  });

  it("gantry: q = (x, y, stroke) puts the downward flange at (x, y, zTop − stroke)", () => {
    expectPose(fk("gantry-3axis", [1.2, 0.4, 0.5]), [1200, 400, 1100], [180, 0, 0]);
  });
});

/**
 * Independent check of the OPW parameters: the ROS-Industrial URDF joint chains (origin xyz, axis)
 * of each arm, evaluated as a plain product of transforms.
 */
type ChainJoint = { xyz: [number, number, number]; axis: [number, number, number] };
const URDF: Record<string, { joints: ChainJoint[]; tool0Rpy: [number, number, number]; coupleJ3?: boolean }> =
  {
    "kr6-r900": {
      joints: [
        { xyz: [0, 0, 0.4], axis: [0, 0, -1] },
        { xyz: [0.025, 0, 0], axis: [0, 1, 0] },
        { xyz: [0.455, 0, 0], axis: [0, 1, 0] },
        { xyz: [0, 0, 0.035], axis: [-1, 0, 0] },
        { xyz: [0.42, 0, 0], axis: [0, 1, 0] },
        { xyz: [0.08, 0, 0], axis: [-1, 0, 0] },
      ],
      tool0Rpy: [0, Math.PI / 2, 0],
    },
    irb120: {
      joints: [
        { xyz: [0, 0, 0], axis: [0, 0, 1] },
        { xyz: [0, 0, 0.29], axis: [0, 1, 0] },
        { xyz: [0, 0, 0.27], axis: [0, 1, 0] },
        { xyz: [0, 0, 0.07], axis: [1, 0, 0] },
        { xyz: [0.302, 0, 0], axis: [0, 1, 0] },
        { xyz: [0.072, 0, 0], axis: [1, 0, 0] },
      ],
      tool0Rpy: [0, Math.PI / 2, 0],
    },
    lrmate200id: {
      joints: [
        { xyz: [0, 0, 0.33], axis: [0, 0, 1] },
        { xyz: [0.05, 0, 0], axis: [0, 1, 0] },
        { xyz: [0, 0, 0.33], axis: [0, -1, 0] },
        { xyz: [0, 0, 0.035], axis: [-1, 0, 0] },
        { xyz: [0.335, 0, 0], axis: [0, -1, 0] },
        { xyz: [0.08, 0, 0], axis: [-1, 0, 0] },
      ],
      tool0Rpy: [Math.PI, -Math.PI / 2, 0],
      // the URDF joint 3 is relative to the upper arm; the controller's J3 is relative to the horizontal
      coupleJ3: true,
    },
  };

function axisRotation(
  out: Transform,
  axis: [number, number, number],
  a: number,
  xyz: [number, number, number],
) {
  const [x, y, z] = axis;
  const c = Math.cos(a),
    s = Math.sin(a),
    v = 1 - c;
  out.set([
    c + x * x * v,
    x * y * v - z * s,
    x * z * v + y * s,
    xyz[0],
    y * x * v + z * s,
    c + y * y * v,
    y * z * v - x * s,
    xyz[1],
    z * x * v - y * s,
    z * y * v + x * s,
    c + z * z * v,
    xyz[2],
  ]);
  return out;
}

function chainFk(id: string, q: ArrayLike<number>): Transform {
  const spec = URDF[id]!;
  const t = createTransform();
  const link = createTransform();
  spec.joints.forEach((j, i) => {
    const angle = spec.coupleJ3 && i === 2 ? q[2]! + q[1]! : q[i]!;
    multiply(t, t, axisRotation(link, j.axis, angle, j.xyz));
  });
  const [r, p, y] = spec.tool0Rpy;
  return multiply(t, t, fromXyzRpy(link, 0, 0, 0, r, p, y));
}

function randomConfig(m: RobotModel, rng: { nextFloat(): number }, out: Float64Array): Float64Array {
  m.joints.forEach((j, i) => {
    out[i] = j.min + (j.max - j.min) * rng.nextFloat();
  });
  return out;
}

describe("OPW geometry agrees with the ROS-Industrial URDF chains", () => {
  for (const id of Object.keys(URDF)) {
    it(`${id}: 1,000 random configurations within 1e-12 m / rad`, () => {
      const m = robot(id);
      const rng = streamFor(7, `robot/${id}/urdf`);
      const q = new Float64Array(6);
      const mine = createTransform();
      for (let n = 0; n < 1000; n++) {
        randomConfig(m, rng, q);
        forwardKinematics(m, q, mine);
        const ref = chainFk(id, q);
        expect(translationDistance(mine, ref)).toBeLessThan(1e-12);
        expect(rotationDistance(mine, ref)).toBeLessThan(1e-12);
      }
    });
  }
});

describe("IK(FK(q)) round trip, 10,000 seeded configurations per robot", () => {
  for (const m of ROBOT_LIBRARY) {
    it(`${m.id}: the solution nearest q reproduces the pose within 1e-6 m and 1e-6 rad`, () => {
      const rng = streamFor(20240601, `robot/${m.id}/ik-roundtrip`);
      const q = new Float64Array(6);
      const target = createTransform();
      const back = createTransform();
      const sols = createIkSolutions();
      const dof = m.joints.length;
      let worstPos = 0;
      let worstRot = 0;
      let sameConfig = 0;
      for (let n = 0; n < 10_000; n++) {
        randomConfig(m, rng, q);
        forwardKinematics(m, q, target);
        inverseKinematics(m, target, q, sols);
        const i = nearestSolution(m, sols, q);
        expect(i).toBeGreaterThanOrEqual(0);
        forwardKinematics(m, sols.q.subarray(i * MAX_DOF, i * MAX_DOF + dof), back);
        worstPos = Math.max(worstPos, translationDistance(target, back));
        worstRot = Math.max(worstRot, rotationDistance(target, back));
        let dq = 0;
        for (let j = 0; j < dof; j++) dq = Math.max(dq, Math.abs(sols.q[i * MAX_DOF + j]! - q[j]!));
        if (dq < 1e-6) sameConfig++;
        // every solution, in limits or not, reaches the pose
        for (let k = 0; k < sols.count; k++) {
          forwardKinematics(m, sols.q.subarray(k * MAX_DOF, k * MAX_DOF + dof), back);
          expect(translationDistance(target, back)).toBeLessThan(1e-6);
          expect(rotationDistance(target, back)).toBeLessThan(1e-6);
        }
      }
      expect(worstPos).toBeLessThan(1e-6);
      expect(worstRot).toBeLessThan(1e-6);
      // away from singularities the nearest solution is q itself
      expect(sameConfig).toBeGreaterThan(9_900);
    });
  }

  it("a spherical-wrist arm and the UR5e find 8 solutions for a regular pose", () => {
    for (const [id, q] of [
      ["irb120", [10, 20, -30, 40, 50, 60]],
      ["kr6-r900", [10, -80, 70, 40, 50, 60]],
      ["lrmate200id", [10, 20, -10, 40, -50, 60]],
      ["ur5e", [10, -80, 70, -40, -50, 60]],
    ] as const) {
      const m = robot(id);
      const target = forwardKinematics(
        m,
        q.map((v) => v * DEG),
        createTransform(),
      );
      const sols = inverseKinematics(m, target, null, createIkSolutions());
      expect(sols.count, id).toBe(8);
      expect(new Set(Array.from(sols.config.subarray(0, 8))).size, id).toBe(8);
    }
  });

  it("a pose beyond the reach has no solution and says by how much", () => {
    const m = robot("irb120");
    const t = fromXyzRpy(createTransform(), 0.9, 0, 0.3, 0, Math.PI / 2, 0);
    const sols = inverseKinematics(m, t, null, createIkSolutions());
    expect(sols.count).toBe(0);
    expect(sols.failure).toBe("outOfReach");
    // wrist centre 0.828 m along x from the base axis, 0.01 m below the shoulder; arm reaches 0.27 + 0.31
    expect(sols.failureDistance).toBeCloseTo(Math.hypot(0.828, 0.01) - (0.27 + Math.hypot(0.07, 0.302)), 9);
  });

  it("the gantry cannot tilt its tool", () => {
    const m = robot("gantry-3axis");
    const t = fromXyzRpy(createTransform(), 1, 0.5, 1.2, Math.PI, 0, 0.1);
    const sols = inverseKinematics(m, t, null, createIkSolutions());
    expect(sols.count).toBe(0);
    expect(sols.failure).toBe("orientation");
  });
});

// k·sin(θ23 + φ) = −c2·sin θ2 puts the wrist centre on the axis-1 line (k = |(a2, c3)|, φ = atan2(a2, c3))
const irbK = Math.hypot(0.07, 0.302);
const irbShoulderQ3 =
  (Math.asin((0.27 * Math.sin(20 * DEG)) / irbK) - Math.atan2(-0.07, 0.302)) / DEG - -20 - 90;

describe("singularities", () => {
  const cases: [string, number[], number][] = [
    ["irb120", [0, 0, 0, 0, 0, 0], IK_SINGULAR_WRIST],
    ["irb120", [0, 0, 0, 0, 90, 0], 0],
    // forearm in line with the upper arm: axis 3 at −atan(70 / 302) − 90°
    ["irb120", [0, 30, Math.atan2(70, 302) / DEG - 90, 0, 90, 0], IK_SINGULAR_ELBOW],
    // wrist centre on the axis-1 line: upper arm leaning back 20°, forearm bringing the wrist over the base
    ["irb120", [0, -20, irbShoulderQ3, 0, 45, 0], IK_SINGULAR_SHOULDER],
    ["kr6-r900", [0, -90, 90, 0, 90, 0], 0],
    ["kr6-r900", [0, -90, 90, 0, 0, 0], IK_SINGULAR_WRIST],
    ["ur5e", [0, -90, 90, -90, -90, 0], 0],
    ["ur5e", [0, -60, 0, -90, -90, 0], IK_SINGULAR_ELBOW],
    ["ur5e", [0, -90, 90, -90, 0, 0], IK_SINGULAR_WRIST],
    ["gantry-3axis", [0, 0, 0], 0],
  ];
  it.each(cases)("%s at %j → flags %i", (id, qDeg, flags) => {
    const m = robot(id);
    expect(
      singularities(
        m,
        qDeg.map((v) => v * DEG),
      ),
    ).toBe(flags);
  });

  it("shoulder: the UR5e wrist point on the plane through the base axis", () => {
    const m = robot("ur5e");
    // a2·cos q2 + a3·cos(q2 + q3) + d5·sin(q2 + q3 + q4) = 0, solved for q4 with q2 = q3 = −60°
    const q2 = -60 * DEG,
      q3 = -60 * DEG;
    const q4 = Math.asin(-(-0.425 * Math.cos(q2) - 0.3922 * Math.cos(q2 + q3)) / 0.0997) - q2 - q3;
    expect(singularities(m, [0, q2, q3, q4, Math.PI / 2, 0])).toBe(IK_SINGULAR_SHOULDER);
    expect(singularities(m, [0, q2, q3, q4 + 5 * DEG, Math.PI / 2, 0])).toBe(0);
  });
});

describe("joint-limit tables (datasheet values, degrees and degrees per second)", () => {
  const tables: Record<string, [number, number, number][]> = {
    ur5e: [
      [-360, 360, 180],
      [-360, 360, 180],
      [-360, 360, 180],
      [-360, 360, 180],
      [-360, 360, 180],
      [-360, 360, 180],
    ],
    "kr6-r900": [
      [-170, 170, 360],
      [-190, 45, 300],
      [-120, 156, 360],
      [-185, 185, 381],
      [-120, 120, 388],
      [-350, 350, 615],
    ],
    irb120: [
      [-165, 165, 250],
      [-110, 110, 250],
      [-110, 70, 250],
      [-160, 160, 320],
      [-120, 120, 320],
      [-400, 400, 420],
    ],
    lrmate200id: [
      [-170, 170, 450],
      [-100, 145, 380],
      [-140.4, 280, 520],
      [-190, 190, 550],
      [-125, 125, 545],
      [-360, 360, 1000],
    ],
  };
  for (const [id, rows] of Object.entries(tables)) {
    it.each(rows.map((r, j) => [j + 1, ...r] as const))(
      `${id} joint %i: %f° … %f°, %f°/s`,
      (j, min, max, speed) => {
        const m = robot(id);
        const spec = m.joints[j - 1]!;
        expect(spec.min / DEG).toBeCloseTo(min, 9);
        expect(spec.max / DEG).toBeCloseTo(max, 9);
        expect(spec.maxSpeed / DEG).toBeCloseTo(speed, 9);
        // the limit itself is inside, one hundredth of a degree beyond is not
        const q = m.home.slice();
        q[j - 1] = spec.max;
        expect(jointOutsideLimits(m, q)).toBe(-1);
        q[j - 1] = spec.max + 0.01 * DEG;
        expect(jointOutsideLimits(m, q)).toBe(j - 1);
        q[j - 1] = spec.min - 0.01 * DEG;
        expect(jointOutsideLimits(m, q)).toBe(j - 1);
      },
    );
  }

  it("gantry strokes 2.0 × 1.2 × 0.6 m", () => {
    const m = robot("gantry-3axis");
    expect(m.joints.map((j) => [j.min, j.max, j.maxSpeed])).toEqual([
      [0, 2.0, 2.0],
      [0, 1.2, 2.0],
      [0, 0.6, 1.0],
    ]);
    expect(jointOutsideLimits(m, [2.0, 1.2, 0.6])).toBe(-1);
    expect(jointOutsideLimits(m, [2.0, 1.2, 0.6001])).toBe(2);
  });

  it("IK shifts a wrist angle by a turn to get inside the limits, and flags a solution that cannot", () => {
    const m = robot("irb120");
    const q = [0, 0, 0, 0, 60 * DEG, 350 * DEG];
    const t = forwardKinematics(m, q, createTransform());
    const sols = inverseKinematics(m, t, q, createIkSolutions());
    const i = nearestSolution(m, sols, q);
    expect(sols.q[i * MAX_DOF + 5]! / DEG).toBeCloseTo(350, 9);
    // axis 3 only reaches +70°: the elbow-down mirror of this pose is outside
    const outside = Array.from({ length: sols.count }, (_, k) => sols.flags[k]! & IK_OUTSIDE_LIMITS);
    expect(outside.some((f) => f !== 0)).toBe(true);
  });
});

describe("arm skeleton", () => {
  it.each(ROBOT_LIBRARY.map((m) => [m.id]))("%s: ends at the flange, link lengths stay constant", (id) => {
    const m = robot(id);
    const rng = streamFor(3, `robot/${id}/skeleton`);
    const q = new Float64Array(6);
    const pts = new Float64Array(3 * MAX_SKELETON_POINTS);
    const t = createTransform();
    let lengths: number[] | null = null;
    for (let n = 0; n < 200; n++) {
      randomConfig(m, rng, q);
      const k = armSkeleton(m, q, pts);
      forwardKinematics(m, q, t);
      expect(
        Math.hypot(pts[3 * k - 3]! - t[3]!, pts[3 * k - 2]! - t[7]!, pts[3 * k - 1]! - t[11]!),
      ).toBeLessThan(1e-12);
      const seg = Array.from({ length: k - 1 }, (_, i) =>
        Math.hypot(
          pts[3 * i + 3]! - pts[3 * i]!,
          pts[3 * i + 4]! - pts[3 * i + 1]!,
          pts[3 * i + 5]! - pts[3 * i + 2]!,
        ),
      );
      if (m.geometry.kind === "gantry") continue;
      if (lengths === null) lengths = seg;
      else {
        for (let i = 0; i < seg.length; i++) expect(seg[i]!).toBeCloseTo(lengths[i]!, 12);
      }
    }
  });

  it("IRB 120 at its calibration position: base, shoulder, elbow, forearm offset, wrist centre, flange", () => {
    const pts = new Float64Array(3 * MAX_SKELETON_POINTS);
    const k = armSkeleton(robot("irb120"), [0, 0, 0, 0, 0, 0], pts);
    expect(Array.from(pts.subarray(0, 3 * k)).map((v) => Math.round(v * 1000) + 0)).toEqual([
      0, 0, 0, 0, 0, 290, 0, 0, 290, 0, 0, 560, 0, 0, 630, 302, 0, 630, 374, 0, 630,
    ]);
  });
});
