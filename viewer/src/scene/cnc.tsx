import { useFrame } from "@react-three/fiber";
import { useRef } from "react";
import type { Group } from "three";
import type { EntityLayout } from "../../../protocol/index";
import { useScene } from "./context";
import { Block, Entity, StateBand } from "./entity";
import { Mat } from "./material";
import { PALETTE } from "./palette";

/** Visual spin of the spindle, rad/s: real speeds would only strobe at 15-60 fps. */
const SPIN_VISUAL = 14;

/**
 * A vertical machining centre: enclosure with glass, a sliding front door, a work table and a spindle
 * head that follow the frame's CNC channels (X, Y, Z, spindle, door). Local +y is the door side.
 */
export function CncMachine({ e }: { e: EntityLayout }) {
  const { ring } = useScene();
  const head = useRef<Group>(null);
  const spindle = useRef<Group>(null);
  const door = useRef<Group>(null);
  const [w, d, h] = e.size;
  const o = e.cnc!.offset;
  const tableZ = 0.9;
  const wall = 0.05;
  const [tx, ty, tz] = e.cnc!.travel;
  // machine coordinates → the drawn work envelope, whatever the machine's zero
  const unit = (v: number, r: [number, number]) => (r[1] > r[0] ? (v - r[0]) / (r[1] - r[0]) : 0.5);
  useFrame((_, dt) => {
    const v = ring.view.cnc;
    if (head.current !== null) {
      head.current.position.set(
        -0.3 + 0.6 * unit(v[o] ?? 0, tx),
        -0.12 + 0.24 * unit(v[o + 1] ?? 0, ty),
        tableZ + 0.27 + 0.45 * unit(v[o + 2] ?? 0, tz),
      );
    }
    if (spindle.current !== null && (v[o + 4] ?? 0) > 0) {
      spindle.current.rotation.z = (spindle.current.rotation.z + SPIN_VISUAL * dt) % (2 * Math.PI);
    }
    if (door.current !== null) door.current.position.x = -(v[o + 5] ?? 0) * (w * 0.42);
  });
  return (
    <Entity id={e.id} kind="cnc" position={e.position} yaw={e.yaw}>
      {/* base and chip tray */}
      <Block size={[w, d, 0.35]} colour={PALETTE.bodyDark} />
      <StateBand stateIndex={e.stateIndex} size={[w + 0.02, d + 0.02, 0.06]} position={[0, 0, 0.38]} />
      {/* back and side walls: solid below, glass above */}
      <Block size={[w, wall, h - 0.35]} at={[0, -d / 2 + wall / 2, 0.35]} colour={PALETTE.body} />
      {[-1, 1].map((s) => (
        <group key={s}>
          <Block size={[wall, d, 0.85]} at={[(s * (w - wall)) / 2, 0, 0.35]} colour={PALETTE.body} />
          <Block
            size={[wall, d, h - 1.2]}
            at={[(s * (w - wall)) / 2, 0, 1.2]}
            colour={PALETTE.glass}
            opacity={0.28}
            castShadow={false}
          />
        </group>
      ))}
      {/* roof frame, open in the middle so the camera sees the work area */}
      <Block size={[w, 0.12, 0.08]} at={[0, d / 2 - 0.06, h - 0.08]} colour={PALETTE.bodyLight} />
      <Block size={[w, 0.12, 0.08]} at={[0, -d / 2 + 0.06, h - 0.08]} colour={PALETTE.bodyLight} />
      {/* column, table and vice */}
      <Block
        size={[0.55, 0.45, h - 0.5]}
        at={[0, -d / 2 + 0.3, 0.35]}
        colour={PALETTE.steel}
        metalness={0.5}
      />
      <Block
        size={[1.0, 0.55, tableZ - 0.35]}
        at={[0, 0.1, 0.35]}
        colour={PALETTE.bodyDark}
        metalness={0.4}
      />
      <Block size={[0.3, 0.16, 0.08]} at={[0, 0.1, tableZ]} colour={PALETTE.rail} metalness={0.6} />
      {/* spindle head on its axes */}
      <group ref={head} position={[0, 0, tableZ + 0.7]}>
        <Block size={[0.34, 0.42, 0.5]} at={[0, -0.12, 0.12]} colour={PALETTE.bodyLight} metalness={0.3} />
        <group ref={spindle}>
          <mesh position={[0, 0, 0.06]} rotation={[Math.PI / 2, 0, 0]} castShadow>
            <cylinderGeometry args={[0.06, 0.06, 0.12, 20]} />
            <Mat color={PALETTE.steel} metalness={0.7} roughness={0.3} />
          </mesh>
          <mesh position={[0.01, 0, -0.03]} rotation={[Math.PI / 2, 0, 0]}>
            <cylinderGeometry args={[0.012, 0.012, 0.1, 8]} />
            <Mat color="#c9c9c9" metalness={0.9} roughness={0.2} />
          </mesh>
        </group>
      </group>
      {/* front: fixed half, sliding door with a window, control panel */}
      <Block size={[w / 2, wall, h - 0.35]} at={[w / 4, d / 2 - wall / 2, 0.35]} colour={PALETTE.body} />
      <group ref={door}>
        <group position={[-w / 4, d / 2 + wall / 2, 0]}>
          <Block size={[w / 2 - 0.02, wall, 0.55]} at={[0, 0, 0.35]} colour={PALETTE.bodyLight} />
          <Block
            size={[w / 2 - 0.02, wall, h - 1.2]}
            at={[0, 0, 0.9]}
            colour={PALETTE.glass}
            opacity={0.35}
            castShadow={false}
          />
          <Block size={[w / 2 - 0.02, wall, 0.3]} at={[0, 0, h - 0.3]} colour={PALETTE.bodyLight} />
        </group>
      </group>
      <group position={[w / 2 + 0.12, d / 2 - 0.15, 0]}>
        <Block size={[0.12, 0.12, 1.1]} colour={PALETTE.bodyDark} />
        <Block size={[0.4, 0.1, 0.5]} at={[0, 0.05, 1.1]} colour={PALETTE.bodyDark} />
        <Block size={[0.3, 0.02, 0.22]} at={[0, 0.105, 1.25]} colour="#2d3a44" castShadow={false} />
      </group>
    </Entity>
  );
}
