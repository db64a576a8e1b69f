import { beforeAll, describe, expect, it } from "vitest";
import { placeRobot, planPtp } from "../robot/index";
import { checkRobotCollisions, motionFromMoves } from "./collisions";
import { initPhysics } from "./rapier";

beforeAll(async () => {
  await initPhysics();
});

describe("robot links against the cell", () => {
  it("a gantry lowering its gripper onto a box: first contact at the hand-computed time, tool then ram", () => {
    const g = placeRobot("gantry-3axis", {}, { z: 0.1 });
    // Z from 0 to 0.6 m: 1 m/s, 5 m/s² → 0.2 s ramp, cruise, 0.8 s in all
    const move = planPtp(g.model, [0, 0, 0], [0, 0, 0.6]);
    expect(move.durationUs).toBe(800_000);
    const robot = { ...motionFromMoves("g1", g, [{ startUs: 1_000_000, move }]), radius: 0.03 };
    // box top at 1.10 m. The tool capsule's lowest point is zTop − z − tool − r = 1.47 − z: touches at
    // z = 0.37 m, in the cruise: 0.2 s + 0.27 m / (1 m/s) = 0.47 s into the move. The ram's lower end
    // (1.57 − z) at z = 0.47 m: 0.57 s into the move.
    const hits = checkRobotCollisions({ box: { center: [0, 0, 0.55], size: [0.4, 0.4, 1.1] } }, [robot], {
      fromUs: 0,
      toUs: 2_000_000,
    });
    expect(hits.map((h) => [h.robot, h.link, h.obstacle])).toEqual([
      ["g1", "tool", "box"],
      ["g1", "ram", "box"],
    ]);
    expect(hits[0]!.t).toBeGreaterThanOrEqual(1_470_000);
    expect(hits[0]!.t).toBeLessThanOrEqual(1_471_000);
    expect(hits[1]!.t).toBeGreaterThanOrEqual(1_570_000);
    expect(hits[1]!.t).toBeLessThanOrEqual(1_571_000);
  });

  it("a box out of the way: no collision", () => {
    const g = placeRobot("gantry-3axis", {}, { z: 0.1 });
    const move = planPtp(g.model, [0, 0, 0], [0, 0, 0.6]);
    const hits = checkRobotCollisions(
      { box: { center: [1, 1, 0.55], size: [0.4, 0.4, 1.1] } },
      [motionFromMoves("g1", g, [{ startUs: 0, move }])],
      { fromUs: 0, toUs: 1_000_000 },
    );
    expect(hits).toEqual([]);
  });

  it("two robots swinging towards each other: links of both named, at first contact", () => {
    const r1 = placeRobot("ur5e", { x: 0, y: 0 });
    const r2 = placeRobot("ur5e", { x: 1.0, y: 0, yaw: Math.PI });
    const home = [...r1.model.home];
    const turned = [Math.PI, ...home.slice(1)];
    const m1 = motionFromMoves("r1", r1, [{ startUs: 0, move: planPtp(r1.model, home, turned) }]);
    const m2 = motionFromMoves("r2", r2, [{ startUs: 0, move: planPtp(r2.model, home, turned) }]);
    const opts = { fromUs: 0, toUs: 2_000_000 };
    const hits = checkRobotCollisions({}, [m1, m2], opts);
    expect(hits.length).toBeGreaterThan(0);
    const first = hits[0]!;
    expect(first.robot).toBe("r1");
    expect(first.obstacle.startsWith("r2:")).toBe(true);
    // a millisecond earlier nothing touched yet
    expect(checkRobotCollisions({}, [m1, m2], { fromUs: 0, toUs: first.t - 1000 })).toEqual([]);
    // the same swing with the robots 3 m apart is free
    const far = motionFromMoves("r2", placeRobot("ur5e", { x: 3, y: 0, yaw: Math.PI }), [
      { startUs: 0, move: planPtp(r2.model, home, turned) },
    ]);
    expect(checkRobotCollisions({}, [m1, far], opts)).toEqual([]);
  });

  it("a robot sunk 1 cm into its pedestal touches it from the start, unless that pair is allowed", () => {
    const r = placeRobot("ur5e", { z: 0.8 });
    const move = planPtp(r.model, r.model.home, [0.5, ...r.model.home.slice(1)]);
    const robot = motionFromMoves("r1", r, [{ startUs: 0, move }]);
    const pedestal = {
      pedestal: {
        center: [0, 0, 0.405] as [number, number, number],
        size: [0.3, 0.3, 0.81] as [number, number, number],
      },
    };
    const hits = checkRobotCollisions(pedestal, [robot], { fromUs: 0, toUs: 500_000 });
    expect(hits).toEqual([{ type: "RobotCollision", t: 0, robot: "r1", link: "base", obstacle: "pedestal" }]);
    expect(
      checkRobotCollisions(pedestal, [robot], { fromUs: 0, toUs: 500_000, allow: [["r1:base", "pedestal"]] }),
    ).toEqual([]);
  });
});
