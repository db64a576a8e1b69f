import { describe, expect, it } from "vitest";
import { placeRobot, tcpInBase } from "../cell";
import type { RobotIssue } from "../errors";
import { createTransform, DEG, fromXyzRpy, rotationDistance, translationDistance } from "../math/transform";
import { type LinMove, planLin } from "./lin";
import { profilePosition, profileRate, unitProfile } from "./profile";
import { planPtp } from "./ptp";
import { createMotionSample, sampleMove } from "./sample";

const within1pct = (got: number, want: number) => expect(Math.abs(got - want) / want).toBeLessThan(0.01);

function isMove(m: LinMove | RobotIssue): m is LinMove {
  return "kind" in m;
}

describe("unit trapezoid", () => {
  it("cruises when the distance allows: T = 1/V + V/A", () => {
    const p = unitProfile(2, 8);
    expect(p.T).toBeCloseTo(0.75, 12);
    expect(profilePosition(p, 0.25)).toBeCloseTo(0.25, 12);
    expect(profileRate(p, 0.4)).toBe(2);
    expect(profilePosition(p, 0.75)).toBe(1);
  });
  it("is a triangle when it cannot reach V: T = 2/√A", () => {
    const p = unitProfile(10, 4);
    expect(p.T).toBeCloseTo(1, 12);
    expect(profilePosition(p, 0.5)).toBeCloseTo(0.5, 12);
  });
});

describe("PTP durations against hand calculation", () => {
  const ur = placeRobot("ur5e");
  const kuka = placeRobot("kr6-r900");

  it("UR5e base 180°: d/v + v/a = 180/180 + 180/360 = 1.5 s", () => {
    const q0 = [0, -90 * DEG, 90 * DEG, -90 * DEG, -90 * DEG, 0];
    const q1 = q0.slice();
    q1[0] = 180 * DEG;
    within1pct(planPtp(ur.model, q0, q1).durationUs, 1_500_000);
  });

  it("KR 6: A1 90°, A2 60°, A6 180° together take as long as A6 alone: 180/615 + 0.25 s", () => {
    const q0 = [0, -90 * DEG, 90 * DEG, 0, 90 * DEG, 0];
    const q1 = [90 * DEG, -30 * DEG, 90 * DEG, 0, 90 * DEG, 180 * DEG];
    const m = planPtp(kuka.model, q0, q1);
    within1pct(m.durationUs, (180 / 615 + 0.25) * 1e6);
    // synchronised: every joint is half-way at half time (the profile is symmetric)
    const out = createMotionSample();
    sampleMove(kuka, m, m.durationUs / 2, out);
    expect(out.q[0]! / DEG).toBeCloseTo(45, 3);
    expect(out.q[1]! / DEG).toBeCloseTo(-60, 3);
    expect(out.q[5]! / DEG).toBeCloseTo(90, 3);
  });

  it("a 50 % override doubles the duration", () => {
    const q0 = [0, -90 * DEG, 90 * DEG, 0, 90 * DEG, 0];
    const q1 = [90 * DEG, -30 * DEG, 90 * DEG, 0, 90 * DEG, 180 * DEG];
    const full = planPtp(kuka.model, q0, q1).durationUs;
    within1pct(planPtp(kuka.model, q0, q1, { override: 0.5 }).durationUs, 2 * full);
  });

  it("a short move is a triangle: A2 10° at 1200°/s² takes 2·√(10/1200) s", () => {
    const q0 = [0, -90 * DEG, 90 * DEG, 0, 90 * DEG, 0];
    const q1 = q0.slice();
    q1[1] = -80 * DEG;
    within1pct(planPtp(kuka.model, q0, q1).durationUs, 2 * Math.sqrt(10 / 1200) * 1e6);
  });

  it("no motion takes no time; an override outside (0, 1] is refused", () => {
    const q = [0, -90 * DEG, 90 * DEG, 0, 90 * DEG, 0];
    expect(planPtp(kuka.model, q, q).durationUs).toBe(0);
    expect(() => planPtp(kuka.model, q, q, { override: 1.5 })).toThrow(
      /speed override 1.5 must be in \(0, 1\]/,
    );
  });

  it("the gantry moves X 1.5 m: 1.5/2 + 2/5 s", () => {
    const g = placeRobot("gantry-3axis");
    within1pct(planPtp(g.model, [0, 0, 0], [1.5, 0, 0]).durationUs, (1.5 / 2 + 2 / 5) * 1e6);
  });
});

describe("LIN", () => {
  const abb = placeRobot("irb120");
  // tool pointing down: flange z along −z of the base
  const down = (x: number, y: number, z: number, rz = 0) =>
    fromXyzRpy(createTransform(), x, y, z, Math.PI, 0, rz);
  const start = [0, 20 * DEG, 10 * DEG, 0, 60 * DEG, 0];

  function startAt(x: number, y: number, z: number): number[] {
    // a PTP-free way to a start configuration: plan a LIN from a known one and take its end
    const m = planLin(abb, start, down(x, y, z));
    if (!isMove(m)) throw new Error(m.message);
    return m.q1;
  }

  it("300 mm along y at 0.5 m/s and 5 m/s²: L/v + v/a = 0.6 + 0.1 s, on a straight line", () => {
    const q0 = startAt(0.35, -0.15, 0.3);
    const m = planLin(abb, q0, down(0.35, 0.15, 0.3), { speed: 0.5, accel: 5 });
    if (!isMove(m)) throw new Error(m.message);
    within1pct(m.durationUs, 700_000);
    const out = createMotionSample();
    for (const f of [0.1, 0.37, 0.5, 0.81]) {
      sampleMove(abb, m, m.durationUs * f, out);
      expect(Math.abs(out.tcp[3]! - 0.35)).toBeLessThan(1e-9);
      expect(Math.abs(out.tcp[11]! - 0.3)).toBeLessThan(1e-9);
      expect(rotationDistance(out.tcp, down(0, 0, 0))).toBeLessThan(1e-9);
      // joints and TCP agree
      const fk = tcpInBase(abb, out.q, createTransform());
      expect(translationDistance(fk, out.tcp)).toBeLessThan(1e-9);
    }
    sampleMove(abb, m, m.durationUs, out);
    expect(translationDistance(out.tcp, down(0.35, 0.15, 0.3))).toBeLessThan(1e-9);
  });

  it("100 mm with a 90° turn: one profile with V = min(v/L, ω/θ), A = min(a/L, α/θ)", () => {
    const q0 = startAt(0.35, 0, 0.3);
    const m = planLin(abb, q0, down(0.45, 0, 0.3, Math.PI / 2), { speed: 0.25, accel: 5 });
    if (!isMove(m)) throw new Error(m.message);
    // V = min(2.5, 4) /s, A = min(50, 1000/90) /s²: T = 1/2.5 + 2.5/(1000/90)
    within1pct(m.durationUs, (1 / 2.5 + 2.5 / (1000 / 90)) * 1e6);
    expect(m.angle).toBeCloseTo(Math.PI / 2, 12);
  });

  it("leaving the workspace fails and says where: 55.2 % of the path, at x = 576 mm", () => {
    // wrist centre 72 mm above the flange; the arm reaches 270 + √(70² + 302²) mm from the shoulder at 290 mm
    const q0 = startAt(0.3, 0, 0.3);
    const m = planLin(abb, q0, down(0.8, 0, 0.3), { label: "far" });
    expect(isMove(m)).toBe(false);
    const issue = m as RobotIssue;
    expect(issue.code).toBe("ROBOT_ERR_LIN_UNREACHABLE");
    const reach = 0.27 + Math.hypot(0.07, 0.302);
    const gap = Math.hypot(0.576, 0.372 - 0.29) - reach;
    expect(issue.message).toBe(
      `straight move to "far" leaves the workspace at 55.2 % of the path, at (576.0, 0.0, 300.0) mm in the cell: out of reach by ${(gap * 1000).toFixed(1)} mm`,
    );
  });

  it("crossing the wrist singularity fails and says where", () => {
    // tool pointing along +x at the height of the calibration position: at y = 0 the wrist is stretched
    const along = (y: number) => fromXyzRpy(createTransform(), 0.374, y, 0.63, 0, Math.PI / 2, 0);
    const first = planLin(abb, start, along(-0.1));
    if (!isMove(first)) throw new Error(first.message);
    const m = planLin(abb, first.q1, along(0.1), { label: "other side" });
    expect(isMove(m)).toBe(false);
    // |θ5| ≈ atan(|y| / 302 mm) < 1° first at y = −4 mm, step 48 of 100
    expect((m as RobotIssue).message).toBe(
      'straight move to "other side" passes a wrist singularity at 48.0 % of the path, at (374.0, -4.0, 630.0) mm in the cell',
    );
  });

  it("a speed beyond the robot's maximum is refused", () => {
    const m = planLin(abb, start, down(0.3, 0, 0.3), { speed: 3 });
    expect((m as RobotIssue).message).toBe("LIN speed 3 m/s must be in (0, 2] m/s for irb120");
  });

  it("joint speed limits slow a LIN down near the base axis", () => {
    // 600 mm along y, passing 250 mm from the axis-1 line: dq1/ds peaks at L / x = 2.4 rad, so axis 1
    // (250°/s) caps the path rate at 4.363 / 2.4 /s instead of v / L = 3.33 /s
    const q0 = startAt(0.25, -0.3, 0.25);
    const m = planLin(abb, q0, down(0.25, 0.3, 0.25), { speed: 2, accel: 20 });
    if (!isMove(m)) throw new Error(m.message);
    const V = (250 * DEG) / 2.4;
    const A = 20 / 0.6;
    within1pct(m.durationUs, (1 / V + V / A) * 1e6);
  });
});
