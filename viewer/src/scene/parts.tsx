import { useFrame } from "@react-three/fiber";
import { useLayoutEffect, useMemo, useRef } from "react";
import { Color, type InstancedMesh, Matrix4, Quaternion, Vector3 } from "three";
import type { FrameData } from "../../../protocol/index";
import { useScene } from "./context";
import { Mat } from "./material";

const MAX_PARTS = 1024;
/** flange to the middle of a gripped part, before half the part's height, m */
const GRIP_OFFSET = 0.12;

const mPart = new Matrix4();
const mLocal = new Matrix4();
const vPos = new Vector3();
const vScale = new Vector3();
const qPart = new Quaternion();
const qIdentity = new Quaternion();

/**
 * The parts as drawn in the last rendered frame, for the debug handle: the mesh that drew them (its
 * instance i is part `view.partIds[i]`), or null before the first frame.
 */
export const drawnParts: { mesh: InstancedMesh | null; view: FrameData | null } = { mesh: null, view: null };

/**
 * Every part in the system as one instanced mesh: one draw call whatever the count. Parts on the floor
 * take their interpolated positions from the frame; a carried part hangs from its robot's flange.
 * Frames with rotations come from a physics twin, whose parts are rigid boxes of the product's size:
 * those are drawn as boxes, turned as the physics world has them (tumbling down a chute, turned by a
 * side transfer). Flow twins keep the round housings.
 */
export function Parts() {
  const { ring, layout, registry } = useScene();
  const round = useRef<InstancedMesh>(null);
  const boxes = useRef<InstancedMesh>(null);
  const colours = useMemo(() => layout.products.map((p) => new Color(p.colour)), [layout]);
  useLayoutEffect(() => {
    for (const m of [round.current, boxes.current]) {
      if (m === null) continue;
      m.count = 0;
      // make the colour attribute now, so the material is compiled with per-instance colours
      m.setColorAt(0, colours[0] ?? new Color("#888888"));
      // parts are not selectable: clicks go to the machine behind them
      m.raycast = () => {};
    }
  }, [colours]);
  useFrame(() => {
    const v = ring.view;
    const m = v.rotations ? boxes.current : round.current;
    const other = v.rotations ? round.current : boxes.current;
    if (m === null) return;
    if (other !== null) other.count = 0;
    const n = Math.min(v.partCount, MAX_PARTS);
    for (let i = 0; i < n; i++) {
      const prod = layout.products[v.partProduct[i]!];
      const size = prod?.size;
      vScale.set(size?.[0] ?? 0.2, size?.[1] ?? 0.2, size?.[2] ?? 0.05);
      const attach = v.partAttach[i]!;
      const flange = attach >= 0 ? registry.flanges[attach] : null;
      if (flange) {
        flange.updateWorldMatrix(true, false);
        vPos.set(0, 0, GRIP_OFFSET + vScale.z / 2);
        mLocal.compose(vPos, qIdentity, vScale);
        mPart.multiplyMatrices(flange.matrixWorld, mLocal);
      } else {
        vPos.set(v.partPos[i * 3]!, v.partPos[i * 3 + 1]!, v.partPos[i * 3 + 2]!);
        const r = i * 4;
        qPart.set(v.partRot[r]!, v.partRot[r + 1]!, v.partRot[r + 2]!, v.partRot[r + 3]!);
        mPart.compose(vPos, qPart, vScale);
      }
      m.setMatrixAt(i, mPart);
      m.setColorAt(i, colours[v.partProduct[i]!] ?? colours[0]!);
    }
    m.count = n;
    m.instanceMatrix.needsUpdate = true;
    if (m.instanceColor !== null) m.instanceColor.needsUpdate = true;
    drawnParts.mesh = m;
    drawnParts.view = v;
  });
  return (
    <>
      <instancedMesh ref={round} args={[undefined, undefined, MAX_PARTS]} castShadow frustumCulled={false}>
        <cylinderGeometry args={[0.5, 0.5, 1, 20]} onUpdate={(g) => g.rotateX(Math.PI / 2)} />
        <Mat metalness={0.55} roughness={0.35} />
      </instancedMesh>
      <instancedMesh ref={boxes} args={[undefined, undefined, MAX_PARTS]} castShadow frustumCulled={false}>
        <boxGeometry args={[1, 1, 1]} />
        <Mat metalness={0.55} roughness={0.35} />
      </instancedMesh>
    </>
  );
}
