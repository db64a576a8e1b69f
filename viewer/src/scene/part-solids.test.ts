import { Matrix4, Quaternion, Vector3 } from "three";
import { describe, expect, it } from "vitest";
import type { ProductLayout } from "../../../protocol/index";
import { flowShape, physicsShape, poseFromSolid, solidMatrix } from "./part-solids";

const product = (shape: ProductLayout["shape"], size: [number, number, number]): ProductLayout => ({
  id: "p",
  name: "p",
  size,
  colour: "#888888",
  shape,
});

const flange = product(
  {
    solids: [
      { cylinder: { diameter: 0.2, height: 0.02 }, at: [0, 0, -0.02] },
      { box: [0.04, 0.02, 0.04], at: [0.05, 0, 0] },
    ],
  },
  [0.2, 0.2, 0.06],
);

/** Part at (1, 2, 0.9) m, turned 90° about z. */
function pose(): Matrix4 {
  const q = new Quaternion().setFromAxisAngle(new Vector3(0, 0, 1), Math.PI / 2);
  return new Matrix4().compose(new Vector3(1, 2, 0.9), q, new Vector3(1, 1, 1));
}

function decompose(m: Matrix4) {
  const p = new Vector3();
  const q = new Quaternion();
  const s = new Vector3();
  m.decompose(p, q, s);
  return { p: p.toArray(), q: q.toArray(), s: s.toArray() };
}

function close(a: number[], b: number[]): void {
  expect(a.length).toBe(b.length);
  for (const [i, x] of a.entries()) expect(x).toBeCloseTo(b[i]!, 9);
}

describe("instance matrices of a part's solids", () => {
  it("puts a compound's solid at [0.05, 0, 0] of a part turned 90° about z at (1, 2.05, 0.9)", () => {
    const s = physicsShape(flange);
    expect(s.shape).toBe("compound");
    expect([s.boxes, s.cylinders]).toEqual([1, 1]);
    const m = solidMatrix(pose(), s.solids[1]!, new Matrix4());
    const d = decompose(m);
    // R_z(90°)·(0.05, 0, 0) = (0, 0.05, 0)
    close(d.p, [1, 2.05, 0.9]);
    // the box keeps its extent and turns with the part: its x edge now runs along world y
    close(d.s, [0.04, 0.02, 0.04]);
    close(new Vector3(1, 0, 0).transformDirection(m).toArray(), [0, 1, 0]);
    // the disc hangs 2 cm under the part's centre, its axis still vertical
    const disc = decompose(solidMatrix(pose(), s.solids[0]!, new Matrix4()));
    close(disc.p, [1, 2, 0.88]);
    close(disc.s, [0.2, 0.2, 0.02]);
  });

  it("reads the part's pose back from its first solid's instance", () => {
    const s = physicsShape(flange);
    const m = solidMatrix(pose(), s.solids[0]!, new Matrix4());
    const back = decompose(poseFromSolid(m, s.solids[0]!, new Matrix4()));
    close(back.p, [1, 2, 0.9]);
    close(back.q, [0, 0, Math.SQRT1_2, Math.SQRT1_2]);
    close(back.s, [1, 1, 1]);
  });

  it("draws a cylinder product upright, diameter the smaller of length and width", () => {
    const s = physicsShape(product("cylinder", [0.24, 0.2, 0.045]));
    expect([s.shape, s.boxes, s.cylinders]).toEqual(["cylinder", 0, 1]);
    const d = decompose(solidMatrix(pose(), s.solids[0]!, new Matrix4()));
    close(d.p, [1, 2, 0.9]);
    close(d.s, [0.2, 0.2, 0.045]);
  });

  it("draws a box product as one box of its size, and flow parts as round housings of their size", () => {
    const box = physicsShape(product("box", [0.3, 0.2, 0.1]));
    expect([box.shape, box.boxes, box.cylinders]).toEqual(["box", 1, 0]);
    close(decompose(box.solids[0]!.local).s, [0.3, 0.2, 0.1]);
    const round = flowShape(product("cylinder", [0.3, 0.2, 0.1]));
    expect([round.shape, round.solids[0]!.primitive]).toEqual(["round", "cylinder"]);
    close(decompose(round.solids[0]!.local).s, [0.3, 0.2, 0.1]);
  });
});
