import { useFrame } from "@react-three/fiber";
import { useEffect, useMemo, useRef } from "react";
import { type Group, Quaternion, Vector3 } from "three";
import type { JointLayout, RobotLayout, Vec3 } from "../../../protocol/index";
import { useScene } from "./context";
import { Block, Entity, StateBand } from "./entity";
import { Mat } from "./material";
import { PALETTE } from "./palette";

const UP = new Vector3(0, 1, 0);

/** A link drawn as a cylinder from the joint frame's origin to the next joint's origin. */
function linkTransform(to: Vec3): { position: Vec3; quaternion: Quaternion; length: number } {
  const v = new Vector3(to[0], to[1], to[2]);
  const length = v.length();
  const q = new Quaternion();
  if (length > 1e-6) q.setFromUnitVectors(UP, v.clone().normalize());
  return { position: [to[0] / 2, to[1] / 2, to[2] / 2], quaternion: q, length };
}

/** Hub of a revolute joint: a short cylinder along the joint axis. */
function hubQuaternion(axis: Vec3): Quaternion {
  return new Quaternion().setFromUnitVectors(UP, new Vector3(axis[0], axis[1], axis[2]).normalize());
}

/**
 * A robot drawn from its kinematic chain (as the server derived it from the robot library): nested
 * joint groups turned by the frame's joint values, links between joint origins, a gripper at the flange.
 * The flange is registered so carried parts can hang from it.
 */
export function RobotArm({ r, index }: { r: RobotLayout; index: number }) {
  const { ring, registry, layout } = useScene();
  const joints = useRef<(Group | null)[]>([]);
  const flange = useRef<Group>(null);
  const radius = Math.max(0.03, r.reach * 0.055);
  const axes = useMemo(() => r.joints.map((j) => new Vector3(j.axis[0], j.axis[1], j.axis[2])), [r]);
  useEffect(() => {
    registry.flanges[index] = flange.current;
    return () => {
      registry.flanges[index] = null;
    };
  }, [registry, index]);
  useFrame(() => {
    const q = ring.view.joints;
    for (let i = 0; i < r.joints.length; i++) {
      const g = joints.current[i];
      if (!g) continue;
      const j = r.joints[i]!;
      let th = j.sign * (q[r.jointOffset + i] ?? 0) + j.offset;
      if (j.couple !== undefined) th += j.couple.gain * (q[r.jointOffset + j.couple.joint] ?? 0);
      if (j.type === "revolute") g.quaternion.setFromAxisAngle(axes[i]!, th);
      else g.position.copy(axes[i]!).multiplyScalar(th);
    }
  });
  const memberState = layout.entities.length + r.memberIndex;
  const gantry = r.kind === "gantry";
  const next = (i: number): Vec3 => (i + 1 < r.joints.length ? r.joints[i + 1]!.xyz : r.flange.xyz);
  const colour = r.kind === "collaborative" ? "#d5d8db" : "#aeb4ba";
  const build = (i: number): React.ReactNode => {
    if (i === r.joints.length) {
      return (
        <group position={r.flange.xyz} rotation={[r.flange.rpy[0], r.flange.rpy[1], r.flange.rpy[2], "ZYX"]}>
          <group ref={flange}>
            <Gripper radius={radius} />
          </group>
        </group>
      );
    }
    const j: JointLayout = r.joints[i]!;
    const link = linkTransform(next(i));
    return (
      <group key={i} position={j.xyz} rotation={[j.rpy[0], j.rpy[1], j.rpy[2], "ZYX"]}>
        <group
          ref={(g) => {
            joints.current[i] = g;
          }}
        >
          {j.type === "revolute" && (
            <mesh quaternion={hubQuaternion(j.axis)} castShadow>
              <cylinderGeometry args={[radius * 1.15, radius * 1.15, radius * 2.4, 20]} />
              <Mat color={i % 2 === 0 ? PALETTE.bodyDark : colour} metalness={0.3} roughness={0.45} />
            </mesh>
          )}
          {link.length > 1e-3 && (
            <mesh position={link.position} quaternion={link.quaternion} castShadow>
              <cylinderGeometry args={[radius * 0.85, radius, link.length, 18]} />
              <Mat color={colour} metalness={0.25} roughness={0.5} />
            </mesh>
          )}
          {build(i + 1)}
        </group>
      </group>
    );
  };
  return (
    <Entity id={r.id} kind="robot" position={r.position} yaw={r.yaw}>
      {gantry ? (
        <GantryFrame />
      ) : (
        <>
          <Block size={[0.5, 0.5, r.baseZ]} colour={PALETTE.bodyDark} metalness={0.3} />
          <StateBand stateIndex={memberState} size={[0.52, 0.52, 0.05]} position={[0, 0, r.baseZ - 0.06]} />
        </>
      )}
      <group position={[0, 0, r.baseZ]}>
        <mesh position={[0, 0, 0.03]} rotation={[Math.PI / 2, 0, 0]} castShadow>
          <cylinderGeometry args={[radius * 1.6, radius * 1.8, 0.06, 24]} />
          <Mat color={PALETTE.bodyDark} metalness={0.3} />
        </mesh>
        {build(0)}
      </group>
    </Entity>
  );
}

function Gripper({ radius }: { radius: number }) {
  // the flange's z axis points out of the flange: the gripper hangs along +z
  return (
    <group>
      <mesh position={[0, 0, 0.03]} rotation={[Math.PI / 2, 0, 0]} castShadow>
        <cylinderGeometry args={[radius * 0.9, radius * 0.9, 0.06, 16]} />
        <Mat color={PALETTE.bodyDark} metalness={0.5} />
      </mesh>
      <Block size={[0.12, 0.05, 0.03]} at={[0, 0, 0.06]} colour={PALETTE.steel} />
      <Block size={[0.015, 0.04, 0.06]} at={[-0.045, 0, 0.09]} colour={PALETTE.steel} />
      <Block size={[0.015, 0.04, 0.06]} at={[0.045, 0, 0.09]} colour={PALETTE.steel} />
    </group>
  );
}

function GantryFrame() {
  return (
    <group>
      {[
        [-0.1, -0.1],
        [2.1, -0.1],
        [-0.1, 1.3],
        [2.1, 1.3],
      ].map(([x, y]) => (
        <Block key={`${x}:${y}`} size={[0.08, 0.08, 1.75]} at={[x!, y!, 0]} colour={PALETTE.rail} />
      ))}
      <Block size={[2.3, 0.08, 0.08]} at={[1, -0.1, 1.75]} colour={PALETTE.rail} />
      <Block size={[2.3, 0.08, 0.08]} at={[1, 1.3, 1.75]} colour={PALETTE.rail} />
    </group>
  );
}
