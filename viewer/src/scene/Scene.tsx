import { Canvas, useFrame, useThree } from "@react-three/fiber";
import { useMemo, useRef } from "react";
import { type Camera, type Mesh, type Object3D, PCFShadowMap, Vector3 } from "three";
import type { Layout } from "../../../protocol/index";
import type { Connection } from "../net/connection";
import type { FrameRing } from "../net/frame-ring";
import { store, useUi } from "../net/store";
import { CameraRig, cameraPresets } from "./camera";
import { CncMachine } from "./cnc";
import { Registry, SceneContext, type SceneCtx, useScene } from "./context";
import { BufferRack, Conveyor, Pallet, Station } from "./equipment";
import { Label, LabelDeclutter } from "./labels";
import { Mat } from "./material";
import { PALETTE } from "./palette";
import { Parts } from "./parts";
import { Operator } from "./people";
import { detectQuality } from "./quality";
import { RobotArm } from "./robot";

/** Handles for tests and the toolbar: the live camera and canvas, render rate, registry. */
export const sceneHandles: {
  camera: Camera | null;
  scene: Object3D | null;
  canvas: HTMLCanvasElement | null;
  registry: Registry | null;
  fps: number;
  frames: number;
  quality: "high" | "low";
} = { camera: null, scene: null, canvas: null, registry: null, fps: 0, frames: 0, quality: "high" };

export function Scene({ layout, ring, conn }: { layout: Layout; ring: FrameRing; conn: Connection }) {
  const quality = useMemo(detectQuality, []);
  const ctx: SceneCtx = useMemo(
    () => ({ layout, ring, conn, registry: new Registry(), low: quality.level === "low" }),
    [layout, ring, conn, quality],
  );
  const presets = useMemo(() => cameraPresets(layout), [layout]);
  sceneHandles.quality = quality.level;
  sceneHandles.registry = ctx.registry;
  return (
    <Canvas
      shadows={quality.shadows ? { type: PCFShadowMap } : false}
      dpr={quality.dpr}
      gl={{ antialias: quality.antialias }}
      camera={{ fov: 40, near: 0.1, far: 400, up: [0, 0, 1], position: [0, -30, 20] }}
      onPointerMissed={() => store.set({ selected: null })}
      data-testid="scene"
    >
      <SceneContext.Provider value={ctx}>
        <color attach="background" args={[PALETTE.sky]} />
        {!ctx.low && <fog attach="fog" args={[PALETTE.sky, 60, 160]} />}
        <FrameDriver />
        <CameraRig initial={presets[0]!} />
        <Lights layout={layout} />
        <Floor layout={layout} />
        <Workshop layout={layout} />
        <Parts />
        <LabelDeclutter />
        <SelectionMarker />
      </SceneContext.Provider>
    </Canvas>
  );
}

/** Runs first in every rendered frame: interpolates the frames for everyone else. */
function FrameDriver() {
  const { ring } = useScene();
  const { camera, gl, scene } = useThree();
  const acc = useRef({ n: 0, t: 0 });
  useFrame((_, dt) => {
    ring.update(performance.now());
    sceneHandles.camera = camera;
    sceneHandles.scene = scene;
    sceneHandles.canvas = gl.domElement;
    sceneHandles.frames++;
    const a = acc.current;
    a.n++;
    a.t += dt;
    if (a.t >= 1) {
      sceneHandles.fps = a.n / a.t;
      a.n = 0;
      a.t = 0;
    }
  }, -10);
  return null;
}

function Lights({ layout }: { layout: Layout }) {
  const [x0, y0] = layout.floor.min;
  const [x1, y1] = layout.floor.max;
  const cx = (x0 + x1) / 2;
  const cy = (y0 + y1) / 2;
  const half = Math.max(x1 - x0, y1 - y0) / 2 + 2;
  return (
    <>
      <hemisphereLight args={["#f4f6f8", "#8b9096", 1.35]} position={[0, 0, 1]} />
      <directionalLight
        position={[cx - 8, cy - 12, 22]}
        intensity={1.9}
        castShadow
        shadow-mapSize={[2048, 2048]}
        shadow-radius={3}
        shadow-bias={-0.0004}
        shadow-camera-left={-half}
        shadow-camera-right={half}
        shadow-camera-top={half}
        shadow-camera-bottom={-half}
        shadow-camera-near={1}
        shadow-camera-far={80}
      >
        <object3D attach="target" position={[cx, cy, 0]} />
      </directionalLight>
    </>
  );
}

/** Concrete floor with a 1 m grid and walkway lines around the floor plan. */
function Floor({ layout }: { layout: Layout }) {
  const [x0, y0] = layout.floor.min;
  const [x1, y1] = layout.floor.max;
  const w = x1 - x0;
  const h = y1 - y0;
  const lines = useMemo(() => {
    const pts: number[] = [];
    for (let x = Math.ceil(x0); x <= x1; x++) pts.push(x, y0, 0.002, x, y1, 0.002);
    for (let y = Math.ceil(y0); y <= y1; y++) pts.push(x0, y, 0.002, x1, y, 0.002);
    return new Float32Array(pts);
  }, [x0, x1, y0, y1]);
  return (
    <group>
      <mesh position={[(x0 + x1) / 2, (y0 + y1) / 2, -0.01]} receiveShadow>
        <planeGeometry args={[w + 40, h + 40]} />
        <Mat color="#aeb2b6" roughness={0.95} />
      </mesh>
      <mesh position={[(x0 + x1) / 2, (y0 + y1) / 2, 0]} receiveShadow>
        <planeGeometry args={[w, h]} />
        <Mat color={PALETTE.floor} roughness={0.9} />
      </mesh>
      <lineSegments>
        <bufferGeometry>
          <bufferAttribute attach="attributes-position" args={[lines, 3]} />
        </bufferGeometry>
        <lineBasicMaterial color={PALETTE.floorLine} transparent opacity={0.55} />
      </lineSegments>
      {/* walkway border */}
      {[
        [(x0 + x1) / 2, y0 + 0.05, w, 0.1],
        [(x0 + x1) / 2, y1 - 0.05, w, 0.1],
        [x0 + 0.05, (y0 + y1) / 2, 0.1, h],
        [x1 - 0.05, (y0 + y1) / 2, 0.1, h],
      ].map(([x, y, sx, sy]) => (
        <mesh key={`${x}:${y}`} position={[x!, y!, 0.003]}>
          <planeGeometry args={[sx!, sy!]} />
          <Mat color="#d8c27a" roughness={0.8} />
        </mesh>
      ))}
    </group>
  );
}

/** Everything in the layout, each with its name plate. */
function Workshop({ layout }: { layout: Layout }) {
  return (
    <group>
      {layout.entities.map((e) => {
        const plate = (
          <Label
            id={e.id}
            name={e.name}
            stateIndex={e.stateIndex}
            height={Math.max(1.3, e.size[2] + 0.3)}
            key={`${e.id}-label`}
          />
        );
        const body =
          e.stationKind === "cnc" ? (
            <CncMachine e={e} />
          ) : e.kind === "station" ? (
            <Station e={e} />
          ) : e.kind === "conveyor" ? (
            <Conveyor e={e} />
          ) : e.kind === "buffer" ? (
            <BufferRack e={e} />
          ) : (
            <Pallet e={e} />
          );
        return (
          <group key={e.id}>
            {body}
            <group position={[e.position[0], e.position[1], 0]}>{plate}</group>
          </group>
        );
      })}
      {layout.robots.map((r, i) => (
        <group key={r.id}>
          <RobotArm r={r} index={i} />
          <group position={[r.position[0], r.position[1], 0]}>
            <Label
              id={r.id}
              name={r.name}
              stateIndex={layout.entities.length + r.memberIndex}
              height={Math.max(1.3, r.baseZ + r.reach + 0.3)}
              member
            />
          </group>
        </group>
      ))}
      {layout.operators.map((o) => (
        <Operator key={o.id} o={o} />
      ))}
    </group>
  );
}

const markerPos = new Vector3();

/** A ring on the floor under the selected thing, following it (operators walk). */
function SelectionMarker() {
  const { registry } = useScene();
  const ring = useRef<Mesh>(null);
  const selected = useUi((s) => s.selected);
  useFrame((state) => {
    const m = ring.current;
    if (m === null) return;
    const o = selected === null ? undefined : registry.objects.get(selected);
    m.visible = o !== undefined;
    if (o === undefined) return;
    o.getWorldPosition(markerPos);
    m.position.set(markerPos.x, markerPos.y, 0.01);
    const s = 1 + 0.04 * Math.sin(state.clock.elapsedTime * 4);
    const r = registry.kinds.get(selected!) === "operator" ? 0.5 : 1.6;
    m.scale.set(r * s, r * s, 1);
  });
  return (
    <mesh ref={ring} visible={false} renderOrder={5}>
      <ringGeometry args={[0.86, 1, 48]} />
      <meshBasicMaterial color={PALETTE.selection} transparent opacity={0.85} depthWrite={false} />
    </mesh>
  );
}
