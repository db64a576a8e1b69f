import { useFrame, useThree } from "@react-three/fiber";
import { useEffect, useRef } from "react";
import { PerspectiveCamera, Vector3 } from "three";
import { OrbitControls } from "three/examples/jsm/controls/OrbitControls.js";
import type { Layout } from "../../../protocol/index";

export interface CameraPreset {
  id: string;
  label: string;
  target: [number, number, number];
  /** from the target towards the camera (any length) */
  dir: [number, number, number];
  /** floor area to fit in view [along x, along y], m */
  extent: [number, number];
  /** height of the things in view, m */
  height?: number;
}

/** Overview, top view, and one view per cell (machining, assembly) from the layout's positions. */
export function cameraPresets(layout: Layout): CameraPreset[] {
  const [x0, y0] = layout.floor.min;
  const [x1, y1] = layout.floor.max;
  const cx = (x0 + x1) / 2;
  const cy = (y0 + y1) / 2;
  const ex = equipmentExtent(layout);
  const out: CameraPreset[] = [
    {
      id: "overview",
      label: "Overview",
      target: [ex.cx, ex.cy, 0.6],
      dir: [-0.15, -0.78, 0.62],
      extent: [ex.w, ex.h],
      height: 1.2,
    },
    { id: "top", label: "Top", target: [cx, cy, 0], dir: [0, -0.001, 1], extent: [x1 - x0, y1 - y0] },
  ];
  const cell = (id: string, label: string, pts: [number, number][], dir: [number, number, number]) => {
    if (pts.length === 0) return;
    const xs = pts.map((p) => p[0]);
    const ys = pts.map((p) => p[1]);
    const mx = (Math.min(...xs) + Math.max(...xs)) / 2;
    const my = (Math.min(...ys) + Math.max(...ys)) / 2;
    const w = Math.max(...xs) - Math.min(...xs) + 4.5;
    const h = Math.max(...ys) - Math.min(...ys) + 4;
    out.push({ id, label, target: [mx, my, 0.8], dir, extent: [w, h], height: 2.6 });
  };
  const cncIds = new Set(layout.entities.filter((e) => e.stationKind === "cnc").map((e) => e.id));
  const tenders = new Set(layout.entities.filter((e) => cncIds.has(e.id) && e.robot).map((e) => e.robot!));
  cell(
    "machining",
    "Machining cell",
    [
      ...layout.entities.filter((e) => cncIds.has(e.id)).map((e) => e.position),
      ...layout.robots.filter((r) => tenders.has(r.id)).map((r) => r.position),
    ],
    [0.95, -0.12, 0.8],
  );
  cell("assembly", "Assembly line", assemblyPoints(layout, cncIds), [0.1, -0.8, 0.7]);
  return out;
}

/** Stations that are not machine tools, and the racks and pallets from the first of them on. */
function assemblyPoints(layout: Layout, cncIds: ReadonlySet<string>): [number, number][] {
  const stations = layout.entities.filter((e) => e.kind === "station" && !cncIds.has(e.id));
  if (stations.length === 0) return [];
  const x0 = Math.min(...stations.map((e) => e.position[0])) - 2.5;
  return layout.entities
    .filter((e) => !cncIds.has(e.id) && e.kind !== "conveyor" && e.kind !== "source" && e.position[0] >= x0)
    .map((e) => e.position);
}

/** Centre and size of the floor area the equipment covers (without the floor's margins), m. */
function equipmentExtent(layout: Layout): { cx: number; cy: number; w: number; h: number } {
  const xs: number[] = [];
  const ys: number[] = [];
  for (const e of layout.entities) {
    const r = Math.max(e.size[0], e.size[1]) / 2;
    xs.push(e.position[0] - r, e.position[0] + r);
    ys.push(e.position[1] - r, e.position[1] + r);
  }
  for (const r of layout.robots) {
    xs.push(r.position[0]);
    ys.push(r.position[1]);
  }
  const x0 = Math.min(...xs);
  const x1 = Math.max(...xs);
  const y0 = Math.min(...ys);
  const y1 = Math.max(...ys);
  return { cx: (x0 + x1) / 2, cy: (y0 + y1) / 2, w: x1 - x0 + 1, h: y1 - y0 + 1 };
}

const corner = new Vector3();
const probe = new PerspectiveCamera();

/**
 * Camera position that shows the preset's box (extent × height around the target) filling the view:
 * the distance along `dir` is searched until every corner of the box projects inside the frame.
 */
export function presetPosition(p: CameraPreset, aspect: number, fovDeg: number, out: Vector3): Vector3 {
  const d = new Vector3(...p.dir).normalize();
  probe.fov = fovDeg;
  probe.aspect = Math.max(0.2, aspect);
  probe.near = 0.1;
  probe.far = 1000;
  probe.up.set(0, 0, 1);
  probe.updateProjectionMatrix();
  const [tx, ty] = p.target;
  const hx = p.extent[0] / 2;
  const hy = p.extent[1] / 2;
  const top = p.height ?? 1.5;
  const fits = (dist: number) => {
    probe.position.set(...p.target).addScaledVector(d, dist);
    probe.lookAt(...p.target);
    probe.updateMatrixWorld(true);
    for (const sx of [-1, 1])
      for (const sy of [-1, 1])
        for (const z of [0, top]) {
          corner.set(tx + sx * hx, ty + sy * hy, z).project(probe);
          if (Math.abs(corner.x) > 0.97 || Math.abs(corner.y) > 0.86 || corner.z > 1) return false;
        }
    return true;
  };
  let lo = 1;
  let hi = 400;
  for (let i = 0; i < 30; i++) {
    const mid = (lo + hi) / 2;
    if (fits(mid)) hi = mid;
    else lo = mid;
  }
  return out.set(...p.target).addScaledVector(d, hi);
}

/** The camera API the toolbar uses (set by the rig inside the canvas). */
export const cameraApi: {
  flyTo: (p: CameraPreset) => void;
  focus: (x: number, y: number, z: number) => void;
} = {
  flyTo: () => {},
  focus: () => {},
};

const fromPos = new Vector3();
const fromTarget = new Vector3();
const toPos = new Vector3();
const toTarget = new Vector3();

/** Orbit (left drag), pan (right drag), zoom (wheel) around a z-up scene; presets glide in 0.7 s. */
export function CameraRig({ initial }: { initial: CameraPreset }) {
  const { camera, gl } = useThree();
  const size = useThree((s) => s.size);
  const controls = useRef<OrbitControls | null>(null);
  const touched = useRef(false);
  const flight = useRef({ t: 1, active: false });
  useEffect(() => {
    camera.up.set(0, 0, 1);
    const aspect = () => gl.domElement.clientWidth / Math.max(1, gl.domElement.clientHeight);
    const fov = () => (camera instanceof PerspectiveCamera ? camera.fov : 40);
    presetPosition(initial, aspect(), fov(), camera.position);
    const c = new OrbitControls(camera, gl.domElement);
    c.target.set(...initial.target);
    c.enableDamping = true;
    c.dampingFactor = 0.12;
    c.maxPolarAngle = Math.PI * 0.48;
    c.minDistance = 1.5;
    c.maxDistance = 120;
    c.update();
    c.addEventListener("start", () => {
      touched.current = true;
    });
    controls.current = c;
    cameraApi.flyTo = (p) => {
      fromPos.copy(camera.position);
      fromTarget.copy(c.target);
      presetPosition(p, aspect(), fov(), toPos);
      toTarget.set(...p.target);
      flight.current = { t: 0, active: true };
    };
    cameraApi.focus = (x, y, z) => {
      fromPos.copy(camera.position);
      fromTarget.copy(c.target);
      toTarget.set(x, y, z);
      toPos
        .copy(camera.position)
        .sub(c.target)
        .setLength(Math.min(9, camera.position.distanceTo(c.target)))
        .add(toTarget);
      flight.current = { t: 0, active: true };
    };
    return () => c.dispose();
  }, [camera, gl, initial]);
  // until the user moves the camera, keep the first view fitted to the canvas as it gets its size
  useEffect(() => {
    const c = controls.current;
    if (c === null || touched.current || size.width < 10) return;
    const aspect = size.width / Math.max(1, size.height);
    presetPosition(initial, aspect, camera instanceof PerspectiveCamera ? camera.fov : 40, camera.position);
    c.target.set(...initial.target);
    c.update();
  }, [size, camera, initial]);
  useFrame((_, dt) => {
    const c = controls.current;
    if (c === null) return;
    const f = flight.current;
    if (f.active) {
      f.t = Math.min(1, f.t + dt / 0.7);
      const k = f.t * f.t * (3 - 2 * f.t);
      camera.position.lerpVectors(fromPos, toPos, k);
      c.target.lerpVectors(fromTarget, toTarget, k);
      if (f.t >= 1) f.active = false;
    }
    c.update();
  });
  return null;
}
