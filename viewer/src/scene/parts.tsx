import { useFrame } from "@react-three/fiber";
import { useLayoutEffect, useMemo, useRef } from "react";
import { Color, type InstancedMesh, Matrix4, Quaternion, Vector3 } from "three";
import { useScene } from "./context";
import { Mat } from "./material";

const MAX_PARTS = 1024;
/** flange to the middle of a gripped part, before half the part's height, m */
const GRIP_OFFSET = 0.12;

const mPart = new Matrix4();
const mLocal = new Matrix4();
const vPos = new Vector3();
const vScale = new Vector3();
const qIdentity = new Quaternion();

/**
 * Every part in the system as one instanced mesh: one draw call whatever the count. Parts on the floor
 * take their interpolated positions from the frame; a carried part hangs from its robot's flange.
 */
export function Parts() {
  const { ring, layout, registry } = useScene();
  const mesh = useRef<InstancedMesh>(null);
  const colours = useMemo(() => layout.products.map((p) => new Color(p.colour)), [layout]);
  useLayoutEffect(() => {
    const m = mesh.current;
    if (m === null) return;
    m.count = 0;
    // make the colour attribute now, so the material is compiled with per-instance colours
    m.setColorAt(0, colours[0] ?? new Color("#888888"));
    // parts are not selectable: clicks go to the machine behind them
    m.raycast = () => {};
  }, [colours]);
  useFrame(() => {
    const m = mesh.current;
    if (m === null) return;
    const v = ring.view;
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
        mPart.compose(vPos, qIdentity, vScale);
      }
      m.setMatrixAt(i, mPart);
      m.setColorAt(i, colours[v.partProduct[i]!] ?? colours[0]!);
    }
    m.count = n;
    m.instanceMatrix.needsUpdate = true;
    if (m.instanceColor !== null) m.instanceColor.needsUpdate = true;
  });
  return (
    <instancedMesh ref={mesh} args={[undefined, undefined, MAX_PARTS]} castShadow frustumCulled={false}>
      <cylinderGeometry args={[0.5, 0.5, 1, 20]} onUpdate={(g) => g.rotateX(Math.PI / 2)} />
      <Mat metalness={0.55} roughness={0.35} />
    </instancedMesh>
  );
}
