import { useFrame } from "@react-three/fiber";
import { useMemo, useRef } from "react";
import type { Mesh } from "three";
import type { EntityLayout } from "../../../protocol/index";
import { store } from "../net/store";
import { Block, Entity, StateBand } from "./entity";
import { Mat } from "./material";
import { PALETTE } from "./palette";

/** A manual workbench, an automatic station's cabinet, or a robot cell's table, by station kind. */
export function Station({ e }: { e: EntityLayout }) {
  const [w, d, h] = e.size;
  const legs = (inset: number) =>
    [
      [-1, -1],
      [1, -1],
      [-1, 1],
      [1, 1],
    ].map(([sx, sy]) => (
      <Block
        key={`${sx}${sy}`}
        size={[0.06, 0.06, h - 0.05]}
        at={[sx! * (w / 2 - inset), sy! * (d / 2 - inset), 0]}
        colour={PALETTE.rail}
      />
    ));
  let body: React.ReactNode;
  if (e.stationKind === "manual") {
    body = (
      <>
        {legs(0.06)}
        <Block size={[w, d, 0.05]} at={[0, 0, h - 0.05]} colour={PALETTE.bodyLight} />
        <Block size={[w, 0.04, 0.7]} at={[0, -d / 2 + 0.02, h]} colour={PALETTE.body} />
        <Block size={[w * 0.8, 0.06, 0.04]} at={[0, -d / 2 + 0.05, h + 0.55]} colour={PALETTE.bodyDark} />
        <Block size={[0.35, 0.25, 0.2]} at={[w / 2 - 0.3, -d / 2 + 0.2, h]} colour={PALETTE.steel} />
        <StateBand stateIndex={e.stateIndex} size={[w, 0.03, 0.05]} position={[0, d / 2 + 0.015, h - 0.03]} />
      </>
    );
  } else if (e.stationKind === "robot") {
    body = (
      <>
        <Block size={[w, d, h - 0.05]} colour={PALETTE.body} />
        <Block size={[w, d, 0.05]} at={[0, 0, h - 0.05]} colour={PALETTE.bodyLight} />
        <Block size={[0.4, 0.3, 0.08]} at={[0, 0.05, h]} colour={PALETTE.steel} metalness={0.5} />
        <StateBand stateIndex={e.stateIndex} size={[w + 0.02, d + 0.02, 0.05]} position={[0, 0, 0.3]} />
        {/* light curtain posts at the open side */}
        {[-1, 1].map((s) => (
          <Block key={s} size={[0.05, 0.05, 1.8]} at={[(s * w) / 2, d / 2 + 0.35, 0]} colour="#d0b45a" />
        ))}
      </>
    );
  } else {
    body = (
      <>
        <Block size={[w, d, h]} colour={PALETTE.body} />
        <Block
          size={[w * 0.5, 0.03, h * 0.4]}
          at={[0, d / 2 + 0.015, h * 0.4]}
          colour="#2d3a44"
          castShadow={false}
        />
        <StateBand stateIndex={e.stateIndex} size={[w + 0.02, d + 0.02, 0.05]} position={[0, 0, 0.3]} />
      </>
    );
  }
  return (
    <Entity id={e.id} kind="station" position={e.position} yaw={e.yaw}>
      {body}
    </Entity>
  );
}

/** A belt conveyor between its two ends; the belt's texture is the parts riding on it. */
export function Conveyor({ e }: { e: EntityLayout }) {
  const c = e.conveyor!;
  const length = e.size[0];
  const width = c.width;
  const top = e.size[2];
  const legs = useMemo(() => {
    const n = Math.max(2, Math.ceil(length / 1.5) + 1);
    return Array.from({ length: n }, (_, i) => -length / 2 + 0.1 + ((length - 0.2) * i) / (n - 1));
  }, [length]);
  return (
    <Entity id={e.id} kind="conveyor" position={e.position} yaw={e.yaw}>
      {legs.map((x) => (
        <group key={x}>
          <Block size={[0.06, 0.06, top - 0.1]} at={[x, -width / 2 + 0.05, 0]} colour={PALETTE.rail} />
          <Block size={[0.06, 0.06, top - 0.1]} at={[x, width / 2 - 0.05, 0]} colour={PALETTE.rail} />
        </group>
      ))}
      <Block
        size={[length, width + 0.08, 0.08]}
        at={[0, 0, top - 0.12]}
        colour={PALETTE.steel}
        metalness={0.4}
      />
      <Block size={[length, width, 0.03]} at={[0, 0, top - 0.04]} colour={PALETTE.belt} roughness={0.9} />
      <Block size={[length, 0.03, 0.07]} at={[0, -width / 2 - 0.03, top - 0.04]} colour={PALETTE.rail} />
      <Block size={[length, 0.03, 0.07]} at={[0, width / 2 + 0.03, top - 0.04]} colour={PALETTE.rail} />
      <StateBand
        stateIndex={e.stateIndex}
        size={[length, 0.02, 0.04]}
        position={[0, -width / 2 - 0.06, top - 0.08]}
      />
      {/* drive motor at the head end */}
      <mesh
        position={[length / 2 - 0.15, -width / 2 - 0.12, top - 0.12]}
        rotation={[Math.PI / 2, 0, 0]}
        castShadow
      >
        <cylinderGeometry args={[0.07, 0.07, 0.22, 16]} />
        <Mat color={PALETTE.bodyDark} metalness={0.4} />
      </mesh>
    </Entity>
  );
}

/** A rack with a shelf at working height (and a second one above for large buffers). */
export function BufferRack({ e }: { e: EntityLayout }) {
  const [w, d, h] = e.size;
  const shelves = e.capacity != null && e.capacity > 12 ? [h, h + 0.3] : [h];
  const postH = shelves[shelves.length - 1]! + 0.25;
  return (
    <Entity id={e.id} kind="buffer" position={e.position} yaw={e.yaw}>
      {[
        [-1, -1],
        [1, -1],
        [-1, 1],
        [1, 1],
      ].map(([sx, sy]) => (
        <Block
          key={`${sx}${sy}`}
          size={[0.05, 0.05, postH]}
          at={[(sx! * w) / 2, (sy! * d) / 2, 0]}
          colour={PALETTE.rail}
        />
      ))}
      {shelves.map((z) => (
        <Block key={z} size={[w, d, 0.03]} at={[0, 0, z - 0.03]} colour={PALETTE.bodyLight} />
      ))}
      <Block size={[w, d, 0.03]} at={[0, 0, 0.15]} colour={PALETTE.body} />
      <StateBand
        stateIndex={e.stateIndex}
        size={[w, 0.02, 0.04]}
        position={[0, d / 2 + 0.03, shelves[0]! - 0.05]}
      />
    </Entity>
  );
}

/** A pallet: raw stock (source) or finished goods (sink, stacked as the count grows). */
export function Pallet({ e }: { e: EntityLayout }) {
  const [w, d] = e.size;
  const box = useRef<Mesh>(null);
  const sink = e.kind === "sink";
  useFrame(() => {
    // finished goods grow as a crate that fills (height from the sink's count, full at 100)
    if (!sink || box.current === null) return;
    const count = store.get().details.get(e.id)?.count ?? 0;
    box.current.scale.z = Math.max(0.02, (count % 100) / 100);
    box.current.position.z = 0.15 + (0.6 * box.current.scale.z) / 2;
  });
  return (
    <Entity id={e.id} kind={e.kind} position={e.position} yaw={e.yaw}>
      {[-1, 0, 1].map((s) => (
        <Block
          key={s}
          size={[w, 0.1, 0.1]}
          at={[0, (s * (d - 0.1)) / 2, 0]}
          colour="#9c8a6e"
          roughness={0.9}
        />
      ))}
      <Block size={[w, d, 0.04]} at={[0, 0, 0.1]} colour="#a8967a" roughness={0.9} />
      {sink ? (
        <mesh ref={box} position={[0, 0, 0.16]} castShadow>
          <boxGeometry args={[w * 0.9, d * 0.9, 0.6]} />
          <Mat color="#b9a27c" roughness={0.85} />
        </mesh>
      ) : (
        <Block
          size={[w * 0.8, d * 0.8, 0.35]}
          at={[0, 0, 0.14]}
          colour="#8f979e"
          metalness={0.5}
          roughness={0.4}
        />
      )}
    </Entity>
  );
}
