import type { Ref } from "react";
import type { MeshLambertMaterial, MeshStandardMaterial } from "three";
import { useScene } from "./context";

export type SurfaceMaterial = MeshStandardMaterial | MeshLambertMaterial;

/**
 * The surface of equipment: physically based on a GPU, Lambert on a software renderer, where every
 * shaded pixel costs CPU time and the PBR shader is several times dearer.
 */
export function Mat(props: {
  color?: string;
  metalness?: number;
  roughness?: number;
  transparent?: boolean;
  opacity?: number;
  depthWrite?: boolean;
  emissiveIntensity?: number;
  ref?: Ref<SurfaceMaterial>;
}) {
  const { low } = useScene();
  const { metalness, roughness, ref, ...common } = props;
  return low ? (
    <meshLambertMaterial ref={ref as Ref<MeshLambertMaterial>} {...common} />
  ) : (
    <meshStandardMaterial
      ref={ref as Ref<MeshStandardMaterial>}
      metalness={metalness}
      roughness={roughness}
      {...common}
    />
  );
}
