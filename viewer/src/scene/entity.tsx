import { type ThreeEvent, useFrame } from "@react-three/fiber";
import { type ReactNode, useEffect, useRef } from "react";
import type { Group, Mesh } from "three";
import { store } from "../net/store";
import { stateColourOf, useScene } from "./context";
import { Mat, type SurfaceMaterial } from "./material";

/**
 * A selectable thing on the floor: a group at its floor position and yaw, registered under its id.
 * Clicking it selects it (the inspector opens); the click does not fall through to things behind it.
 */
export function Entity(props: {
  id: string;
  kind: string;
  position: [number, number];
  z?: number;
  yaw: number;
  children: ReactNode;
}) {
  const ref = useRef<Group>(null);
  const { registry } = useScene();
  const { id, kind } = props;
  useEffect(() => {
    if (ref.current === null) return;
    return registry.add(id, kind, ref.current);
  }, [registry, id, kind]);
  const onClick = (e: ThreeEvent<MouseEvent>) => {
    e.stopPropagation();
    store.set({ selected: id });
  };
  return (
    // biome-ignore lint/a11y/noStaticElementInteractions: a three.js group in the scene graph, not a DOM element
    <group
      ref={ref}
      name={id}
      position={[props.position[0], props.position[1], props.z ?? 0]}
      rotation={[0, 0, props.yaw]}
      onClick={onClick}
    >
      {props.children}
    </group>
  );
}

/**
 * A strip that shows the entity's state colour; the frame loop copies a prepared colour only when the
 * state code changes.
 */
export function StateBand(props: {
  stateIndex: number;
  size: [number, number, number];
  position: [number, number, number];
}) {
  const { conn } = useScene();
  const mat = useRef<SurfaceMaterial>(null);
  const last = useRef(-1);
  useFrame(() => {
    const code = conn.states[props.stateIndex] ?? 0;
    if (code === last.current || mat.current === null) return;
    last.current = code;
    mat.current.color.copy(stateColourOf(code));
    mat.current.emissive.copy(stateColourOf(code));
  });
  return (
    <mesh position={props.position}>
      <boxGeometry args={props.size} />
      <Mat ref={mat} emissiveIntensity={0.35} roughness={0.6} />
    </mesh>
  );
}

/** A box with its base on z = `z` (most equipment is built from these). */
export function Block(props: {
  size: [number, number, number];
  at?: [number, number, number];
  colour: string;
  metalness?: number;
  roughness?: number;
  opacity?: number;
  castShadow?: boolean;
  meshRef?: React.Ref<Mesh>;
}) {
  const [sx, sy, sz] = props.size;
  const [x, y, z] = props.at ?? [0, 0, 0];
  const transparent = props.opacity !== undefined && props.opacity < 1;
  return (
    <mesh
      ref={props.meshRef}
      position={[x, y, z + sz / 2]}
      castShadow={props.castShadow ?? true}
      receiveShadow
    >
      <boxGeometry args={[sx, sy, sz]} />
      <Mat
        color={props.colour}
        metalness={props.metalness ?? 0.2}
        roughness={props.roughness ?? 0.65}
        transparent={transparent}
        opacity={props.opacity ?? 1}
        depthWrite={!transparent}
      />
    </mesh>
  );
}
