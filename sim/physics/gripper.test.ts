import { beforeAll, describe, expect, it } from "vitest";
import {
  createIkSolutions,
  createTransform,
  fromXyzRpy,
  MAX_DOF,
  nearestSolution,
  placeRobot,
  planPtp,
  solveTcpWorld,
} from "../robot/index";
import { carry, settle } from "./gripper";
import { initPhysics } from "./rapier";
import { PhysicsWorld } from "./world";

beforeAll(async () => {
  await initPhysics();
});

const ur = () => placeRobot("ur5e", {}, { z: 0.15 });

/** Joint values that put the TCP at (x, y, z), pointing straight down. */
function jointsAt(x: number, y: number, z: number): number[] {
  const p = ur();
  const sols = solveTcpWorld(
    p,
    fromXyzRpy(createTransform(), x, y, z, Math.PI, 0, 0),
    p.model.home,
    createIkSolutions(),
  );
  const i = nearestSolution(p.model, sols, p.model.home);
  expect(i).toBeGreaterThanOrEqual(0);
  return Array.from(sols.q.subarray(i * MAX_DOF, i * MAX_DOF + 6));
}

/** Two tables; a 0.10 m cube of 1 kg on the first, its top at the pick pose. */
function cell(): PhysicsWorld {
  const w = new PhysicsWorld(5000);
  w.addObstacle("table-1", { center: [0.5, 0.2, 0.1], size: [0.3, 0.3, 0.2] });
  w.addObstacle("table-2", { center: [0.2, 0.5, 0.1], size: [0.3, 0.3, 0.2] });
  w.addPart("cube", { kind: "box", size: [0.1, 0.1, 0.1], mass: 1 }, { x: 0.5, y: 0.2, z: 0.25 }, 0, {
    x: 0,
    y: 0,
    z: 0,
  });
  return w;
}

describe("a robot gripper", () => {
  it("picks a part, carries it along the planned move, releases it 5 cm up: it falls and settles", () => {
    const w = cell();
    const p = ur();
    const pick = jointsAt(0.5, 0.2, 0.3);
    const place = jointsAt(0.2, 0.5, 0.35);
    const move = planPtp(p.model, pick, place);
    expect(move.durationUs).toBeGreaterThan(200_000);
    const released = carry(w, "g", "cube", { placement: p, move, startUs: 100_000 });
    expect(released).toBeGreaterThanOrEqual(100_000 + move.durationUs);
    // at release the cube hangs under the place pose: centre 5 cm below the TCP, 5 cm above the table
    const atRelease = w.position("cube");
    expect(atRelease.x).toBeCloseTo(0.2, 3);
    expect(atRelease.y).toBeCloseTo(0.5, 3);
    expect(atRelease.z).toBeCloseTo(0.3, 3);
    const s = settle(w, "cube", 5e6);
    expect(s).not.toBeNull();
    // free fall of 5 cm takes 0.1 s; then Rapier lets a body rest ~2 s before it sleeps
    expect(s!.t - released).toBeGreaterThan(100_000);
    expect(s!.position[0]).toBeCloseTo(0.2, 2);
    expect(s!.position[1]).toBeCloseTo(0.5, 2);
    expect(s!.position[2]).toBeCloseTo(0.25, 2); // on table 2: top at 0.20 m + half the cube
    const q = w.rotation("cube");
    expect(Math.abs(q.w)).toBeGreaterThan(0.999); // landed flat, not turned
  });

  it("a part released over nothing falls to nowhere: settle says so", () => {
    const w = cell();
    const p = ur();
    const move = planPtp(p.model, jointsAt(0.5, 0.2, 0.3), jointsAt(0.6, -0.3, 0.5));
    carry(w, "g", "cube", { placement: p, move, startUs: 0 });
    expect(settle(w, "cube", 1e6)).toBeNull();
    expect(w.position("cube").z).toBeLessThan(0); // no floor in this cell
  });

  it("release of a part no gripper holds is an error with the part's name", () => {
    const w = cell();
    expect(() => w.release("cube")).toThrow('PHYS_ERR_NOT_GRIPPED: part "cube" is not held by a gripper');
    expect(() => w.grip("nope", "cube")).toThrow('gripper "nope" has no pose yet');
  });
});
