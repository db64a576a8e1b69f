import { Matrix4, Quaternion, Vector3 } from "three";
import type { ProductLayout } from "../../../protocol/index";

/**
 * The unit primitives the parts are drawn with, one instanced mesh each: a 1 m cube and a cylinder of
 * 1 m diameter and height with its axis along z, both centred on the origin.
 */
export type Primitive = "box" | "cylinder";

/** One instance of a part: the primitive's mesh and its matrix in the part's frame (offset × scale). */
export interface PartSolid {
  primitive: Primitive;
  local: Matrix4;
}

/** How a product is drawn: the shape's name and its solids (the first one locates the part). */
export interface DrawnShape {
  /** "round": a flow twin's housing, a cylinder filling the product's size box */
  shape: "box" | "cylinder" | "compound" | "round";
  solids: PartSolid[];
  /** instances the shape takes in each primitive's mesh */
  boxes: number;
  cylinders: number;
}

/** Size of a part whose product the layout does not know, m. */
const UNKNOWN_SIZE: [number, number, number] = [0.2, 0.2, 0.05];
const noTurn = new Quaternion();

function solid(primitive: Primitive, at: readonly number[], ext: readonly number[]): PartSolid {
  const local = new Matrix4().compose(
    new Vector3(at[0], at[1], at[2]),
    noTurn,
    new Vector3(ext[0], ext[1], ext[2]),
  );
  return { primitive, local };
}

function drawn(shape: DrawnShape["shape"], solids: PartSolid[]): DrawnShape {
  const boxes = solids.filter((s) => s.primitive === "box").length;
  return { shape, solids, boxes, cylinders: solids.length - boxes };
}

/**
 * A product's body as physics fidelity builds it (sim/physics addPart): a box filling `size`, an upright
 * cylinder of diameter min(size x, size y) and height size z, or each solid of a compound at its `at`.
 */
export function physicsShape(p: ProductLayout | undefined): DrawnShape {
  const size = p?.size ?? UNKNOWN_SIZE;
  const shape = p?.shape ?? "box";
  const centre = [0, 0, 0];
  if (shape === "box") return drawn("box", [solid("box", centre, size)]);
  if (shape === "cylinder") {
    const d = Math.min(size[0], size[1]);
    return drawn("cylinder", [solid("cylinder", centre, [d, d, size[2]])]);
  }
  return drawn(
    "compound",
    shape.solids.map((s) =>
      "box" in s
        ? solid("box", s.at, s.box)
        : solid("cylinder", s.at, [s.cylinder.diameter, s.cylinder.diameter, s.cylinder.height]),
    ),
  );
}

/** A flow twin's part: the round housing filling the product's size box (parts have no body there). */
export function flowShape(p: ProductLayout | undefined): DrawnShape {
  return drawn("round", [solid("cylinder", [0, 0, 0], p?.size ?? UNKNOWN_SIZE)]);
}

/**
 * The instance matrix of one solid: the part's pose (world from part: translation m, rotation, no
 * scale) times the solid's offset and scale. Writes `out` and returns it; allocates nothing.
 */
export function solidMatrix(pose: Matrix4, s: PartSolid, out: Matrix4): Matrix4 {
  return out.multiplyMatrices(pose, s.local);
}

/**
 * The part's pose read back from the instance matrix of its first solid (`out` = instance × local⁻¹):
 * what the debug handle reports, so it says where the part was drawn rather than where it was meant to be.
 */
export function poseFromSolid(instance: Matrix4, s: PartSolid, out: Matrix4): Matrix4 {
  return out.copy(s.local).invert().premultiply(instance);
}
