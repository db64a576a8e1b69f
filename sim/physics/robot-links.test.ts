import { describe, expect, it } from "vitest";
import { streamFor } from "../random/streams";
import { createTransform, forwardKinematics, placeRobot, ROBOT_LIBRARY } from "../robot/index";
import { chainFlange, defaultLinkRadius, robotLinks } from "./robot-links";

describe("robot links", () => {
  it.each(ROBOT_LIBRARY.map((m) => [m.id, m] as const))(
    "%s: the link chain ends at the flange FK gives",
    (_, model) => {
      const rng = streamFor(7, `links/${model.id}`);
      const p = placeRobot(model, { x: 1, y: -2, z: 0.5, yaw: 0.7 });
      const fk = createTransform();
      for (let k = 0; k < 50; k++) {
        const q = model.joints.map((j) => j.min + (j.max - j.min) * rng.nextFloat());
        forwardKinematics(model, q, fk);
        // flange in the world: base · FK
        const b = p.base;
        const want = [0, 1, 2].map(
          (r) => b[r * 4]! * fk[3]! + b[r * 4 + 1]! * fk[7]! + b[r * 4 + 2]! * fk[11]! + b[r * 4 + 3]!,
        );
        const got = chainFlange(p, q);
        for (let i = 0; i < 3; i++) expect(got[i]).toBeCloseTo(want[i]!, 9);
      }
    },
  );

  it("a UR5e at home: named links, the tool to the TCP, the base one radius above the floor", () => {
    const p = placeRobot("ur5e", {}, { z: 0.15 });
    const links = robotLinks(p, p.model.home);
    expect(links.map((l) => l.name)).toEqual([
      "base",
      "upper arm",
      "forearm",
      "wrist 1",
      "wrist 2",
      "wrist 3",
      "tool",
    ]);
    const r = defaultLinkRadius(p.model);
    expect(r).toBeCloseTo(0.068, 9);
    expect(links[0]!.a).toEqual([0, 0, r]);
    expect(links[0]!.b[2]).toBeCloseTo(0.1625, 9); // d1
    // upper arm: |a2| = 0.425 m long, forearm |a3| = 0.3922 m
    const len = (l: (typeof links)[number]) => Math.hypot(l.b[0] - l.a[0], l.b[1] - l.a[1], l.b[2] - l.a[2]);
    expect(len(links[1]!)).toBeCloseTo(0.425, 9);
    expect(len(links[2]!)).toBeCloseTo(0.3922, 9);
    expect(len(links[6]!)).toBeCloseTo(0.15, 9);
  });
});
