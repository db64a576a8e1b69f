import { Matrix4, Quaternion, Vector3 } from "three";
import { connection } from "./net/connection";
import { store } from "./net/store";
import { poseFromSolid } from "./scene/part-solids";
import { drawnParts } from "./scene/parts";
import { sceneHandles } from "./scene/Scene";

const v = new Vector3();
const m = new Matrix4();
const pose = new Matrix4();
const q = new Quaternion();
const s = new Vector3();

/**
 * `window.__twin`: what the browser tests (and a curious trainer in the console) can read: how many
 * machines and robots are drawn, the simulated time of the frames, render rate, and where an entity is
 * on the screen so a test can click it like a user.
 */
export function installDebugHandle(): void {
  const handle = {
    get connected() {
      return store.get().connection === "connected";
    },
    get layout() {
      return store.get().layout;
    },
    /** drawn objects by kind, counted from the scene graph's registry */
    counts() {
      const r = sceneHandles.registry;
      return {
        cnc: r?.count("cnc") ?? 0,
        robots: r?.count("robot") ?? 0,
        stations: (r?.count("station") ?? 0) + (r?.count("cnc") ?? 0),
        conveyors: r?.count("conveyor") ?? 0,
        operators: r?.count("operator") ?? 0,
      };
    },
    /** simulated time of the newest frame, µs (null before the first) */
    simTimeUs() {
      return connection().ring?.latest?.tUs ?? null;
    },
    framesReceived() {
      return connection().ring?.received ?? 0;
    },
    get quality() {
      return sceneHandles.quality;
    },
    get fps() {
      return sceneHandles.fps;
    },
    get renderedFrames() {
      return sceneHandles.frames;
    },
    /** the three.js scene, for inspection from the console */
    get scene() {
      return sceneHandles.scene;
    },
    alarms() {
      return store.get().alarms;
    },
    selected() {
      return store.get().selected;
    },
    /**
     * Every part drawn in the last rendered frame, read back from the instanced meshes: frame id, world
     * position of the PART's centre (m) and its world rotation (x, y, z, w), recovered from its first
     * solid's instance matrix, and the shape it was drawn as: `box`, `cylinder` or `compound` (a physics
     * twin's rigid body, `solids` instances) or `round` (a flow twin's housing).
     */
    parts() {
      const { meshes, view, shapes, first } = drawnParts;
      if (view === null) return [];
      const out: { id: number; position: number[]; rotation: number[]; shape: string; solids: number }[] = [];
      const n = Math.min(view.partCount, first.length);
      for (let i = 0; i < n; i++) {
        const at = first[i]!;
        const shape = shapes[view.partProduct[i]!];
        const s0 = shape?.solids[0];
        const mesh = s0 === undefined ? null : meshes[s0.primitive];
        if (at < 0 || shape === undefined || s0 === undefined || mesh === null || at >= mesh.count) continue;
        mesh.updateWorldMatrix(true, false);
        mesh.getMatrixAt(at, m);
        poseFromSolid(m, s0, pose).premultiply(mesh.matrixWorld).decompose(v, q, s);
        out.push({
          id: view.partIds[i]!,
          position: [v.x, v.y, v.z],
          rotation: [q.x, q.y, q.z, q.w],
          shape: shape.shape,
          solids: shape.solids.length,
        });
      }
      return out;
    },
    /** page coordinates (CSS px) of an entity's origin raised by `dz` m, or null when not drawn */
    screenPosition(id: string, dz = 1) {
      const o = sceneHandles.registry?.objects.get(id);
      const cam = sceneHandles.camera;
      const canvas = sceneHandles.canvas;
      if (!o || !cam || !canvas) return null;
      o.getWorldPosition(v);
      v.z += dz;
      v.project(cam);
      const r = canvas.getBoundingClientRect();
      return { x: r.left + ((v.x + 1) / 2) * r.width, y: r.top + ((1 - v.y) / 2) * r.height };
    },
  };
  (window as unknown as { __twin: typeof handle }).__twin = handle;
}
