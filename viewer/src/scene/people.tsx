import { useFrame } from "@react-three/fiber";
import { useRef } from "react";
import type { Group } from "three";
import { MEMBER_STATES, type OperatorLayout } from "../../../protocol/index";
import { useScene } from "./context";
import { Entity } from "./entity";
import { Mat } from "./material";
import { PALETTE } from "./palette";

const OFF_SHIFT = MEMBER_STATES.indexOf("offShift");
const WALKING = MEMBER_STATES.indexOf("walking");

/** An operator: a simple figure at the frame's position, facing where they walk or work; hidden off shift. */
export function Operator({ o }: { o: OperatorLayout }) {
  const { ring, conn, layout } = useScene();
  const root = useRef<Group>(null);
  const body = useRef<Group>(null);
  const stateIndex = layout.entities.length + o.memberIndex;
  const maintenance = /maint/i.test(o.pool);
  useFrame((state) => {
    const g = root.current;
    if (g === null) return;
    const m = ring.view.members;
    const i = o.memberIndex * 3;
    // the Entity group is the one that moves: it is what selection and labels follow
    const parent = g.parent;
    if (parent !== null) {
      parent.position.set(m[i] ?? 0, m[i + 1] ?? 0, 0);
      parent.rotation.z = m[i + 2] ?? 0;
    }
    const code = conn.states[stateIndex] ?? 0;
    g.visible = code !== OFF_SHIFT;
    if (body.current !== null) {
      body.current.position.z =
        code === WALKING ? Math.abs(Math.sin(state.clock.elapsedTime * 9)) * 0.035 : 0;
    }
  });
  const shirt = maintenance ? PALETTE.maintenance : PALETTE.operator;
  return (
    <Entity id={o.id} kind="operator" position={[0, 0]} yaw={0}>
      <group ref={root}>
        <group ref={body}>
          {[-0.09, 0.09].map((y) => (
            <mesh key={y} position={[0, y, 0.42]} rotation={[Math.PI / 2, 0, 0]} castShadow>
              <cylinderGeometry args={[0.065, 0.07, 0.84, 10]} />
              <Mat color="#3f464d" roughness={0.8} />
            </mesh>
          ))}
          <mesh position={[0, 0, 1.12]} rotation={[Math.PI / 2, 0, 0]} castShadow>
            <capsuleGeometry args={[0.17, 0.38, 6, 14]} />
            <Mat color={shirt} roughness={0.75} />
          </mesh>
          {maintenance && (
            <mesh position={[0, 0, 1.18]} rotation={[Math.PI / 2, 0, 0]}>
              <cylinderGeometry args={[0.175, 0.175, 0.08, 14]} />
              <Mat color="#c9a43a" roughness={0.6} />
            </mesh>
          )}
          <mesh position={[0, 0, 1.57]} castShadow>
            <sphereGeometry args={[0.115, 16, 12]} />
            <Mat color={PALETTE.operatorHead} roughness={0.7} />
          </mesh>
          <mesh position={[0.03, 0, 1.65]}>
            <sphereGeometry args={[0.118, 16, 8, 0, Math.PI * 2, 0, Math.PI / 2.2]} />
            <Mat color={maintenance ? "#c9a43a" : "#e4e6e8"} roughness={0.5} />
          </mesh>
        </group>
      </group>
    </Entity>
  );
}
