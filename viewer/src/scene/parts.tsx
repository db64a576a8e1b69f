import { useFrame } from "@react-three/fiber";
import { useLayoutEffect, useMemo, useRef } from "react";
import { Color, type InstancedMesh, Matrix4, type Object3D, Quaternion, Vector3 } from "three";
import type { FrameData } from "../../../protocol/index";
import { useScene } from "./context";
import { Mat } from "./material";
import { type DrawnShape, flowShape, type Primitive, physicsShape, solidMatrix } from "./part-solids";

/** Instances per primitive mesh: a compound part takes one per solid, so this bounds solids, not parts. */
const MAX_INSTANCES = 2048;
/** flange to the middle of a gripped part, before half the part's height, m */
const GRIP_OFFSET = 0.12;

const mPose = new Matrix4();
const mLocal = new Matrix4();
const mSolid = new Matrix4();
const vPos = new Vector3();
const vOne = new Vector3(1, 1, 1);
const qPart = new Quaternion();
const qIdentity = new Quaternion();
const fallbackColour = new Color("#888888");
// a part of a product the layout does not know (never expected, but not worth a crash)
const unknownPhysics = physicsShape(undefined);
const unknownFlow = flowShape(undefined);

/**
 * The parts as drawn in the last rendered frame, for the debug handle: the mesh of each primitive, the
 * frame, the drawn shape of each product (physics or flow, as the frame had it) and, per part i, the
 * instance of its first solid in that solid's mesh (-1: not drawn, the meshes were full).
 */
export const drawnParts: {
  meshes: Record<Primitive, InstancedMesh | null>;
  view: FrameData | null;
  shapes: DrawnShape[];
  first: Int32Array;
} = {
  meshes: { box: null, cylinder: null },
  view: null,
  shapes: [],
  // every part takes at least one instance, so no more parts than both meshes' instances can be drawn
  first: new Int32Array(2 * MAX_INSTANCES),
};

/**
 * Every part in the system in two instanced meshes, a box and a cylinder: two draw calls whatever the
 * count. Parts on the floor take their interpolated positions from the frame; a carried part hangs from
 * its robot's flange. Frames with rotations come from a physics twin, whose parts are rigid bodies of
 * the product's shape: each is drawn as its body's solids (a box, an upright cylinder, or a compound's
 * boxes and cylinders), turned as the physics world has it (tumbling down a chute, turned by a side
 * transfer). Flow twins keep the round housings.
 */
export function Parts() {
  const { ring, layout, registry } = useScene();
  const boxes = useRef<InstancedMesh>(null);
  const cylinders = useRef<InstancedMesh>(null);
  const colours = useMemo(() => layout.products.map((p) => new Color(p.colour)), [layout]);
  const physics = useMemo(() => layout.products.map(physicsShape), [layout]);
  const flow = useMemo(() => layout.products.map(flowShape), [layout]);
  useLayoutEffect(() => {
    for (const m of [boxes.current, cylinders.current]) {
      if (m === null) continue;
      m.count = 0;
      // make the colour attribute now, so the material is compiled with per-instance colours
      m.setColorAt(0, colours[0] ?? fallbackColour);
      // parts are not selectable: clicks go to the machine behind them
      m.raycast = () => {};
    }
  }, [colours]);
  useFrame(() => {
    const box = boxes.current;
    const cyl = cylinders.current;
    if (box === null || cyl === null) return;
    const v = ring.view;
    const shapes = v.rotations ? physics : flow;
    const first = drawnParts.first;
    const n = Math.min(v.partCount, first.length);
    let nBox = 0;
    let nCyl = 0;
    for (let i = 0; i < n; i++) {
      const prod = v.partProduct[i]!;
      const shape = shapes[prod] ?? (v.rotations ? unknownPhysics : unknownFlow);
      if (nBox + shape.boxes > MAX_INSTANCES || nCyl + shape.cylinders > MAX_INSTANCES) {
        first[i] = -1;
        continue;
      }
      partPose(v, i, layout.products[prod]?.size[2] ?? 0.05, registry.flanges);
      const colour = colours[prod] ?? fallbackColour;
      for (let k = 0; k < shape.solids.length; k++) {
        const s = shape.solids[k]!;
        solidMatrix(mPose, s, mSolid);
        const m = s.primitive === "box" ? box : cyl;
        const at = s.primitive === "box" ? nBox++ : nCyl++;
        if (k === 0) first[i] = at;
        m.setMatrixAt(at, mSolid);
        m.setColorAt(at, colour);
      }
    }
    finish(box, nBox);
    finish(cyl, nCyl);
    drawnParts.meshes.box = box;
    drawnParts.meshes.cylinder = cyl;
    drawnParts.view = v;
    drawnParts.shapes = shapes;
  });
  return (
    <>
      <instancedMesh
        ref={boxes}
        args={[undefined, undefined, MAX_INSTANCES]}
        castShadow
        frustumCulled={false}
      >
        <boxGeometry args={[1, 1, 1]} />
        <Mat metalness={0.55} roughness={0.35} />
      </instancedMesh>
      <instancedMesh
        ref={cylinders}
        args={[undefined, undefined, MAX_INSTANCES]}
        castShadow
        frustumCulled={false}
      >
        <cylinderGeometry args={[0.5, 0.5, 1, 20]} onUpdate={(g) => g.rotateX(Math.PI / 2)} />
        <Mat metalness={0.55} roughness={0.35} />
      </instancedMesh>
    </>
  );
}

function finish(m: InstancedMesh, count: number): void {
  m.count = count;
  m.instanceMatrix.needsUpdate = true;
  if (m.instanceColor !== null) m.instanceColor.needsUpdate = true;
}

/**
 * Writes part i's pose (no scale) into `mPose`: its interpolated position and rotation from the frame,
 * or, carried by a robot, hanging under the flange by the grip offset and half its height (m).
 */
function partPose(v: FrameData, i: number, height: number, flanges: readonly (Object3D | null)[]): void {
  const attach = v.partAttach[i]!;
  const flange = attach >= 0 ? flanges[attach] : undefined;
  if (flange) {
    flange.updateWorldMatrix(true, false);
    vPos.set(0, 0, GRIP_OFFSET + height / 2);
    mLocal.compose(vPos, qIdentity, vOne);
    mPose.multiplyMatrices(flange.matrixWorld, mLocal);
    return;
  }
  vPos.set(v.partPos[i * 3]!, v.partPos[i * 3 + 1]!, v.partPos[i * 3 + 2]!);
  const r = i * 4;
  qPart.set(v.partRot[r]!, v.partRot[r + 1]!, v.partRot[r + 2]!, v.partRot[r + 3]!);
  mPose.compose(vPos, qPart, vOne);
}
