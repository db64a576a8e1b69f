import { Vector3 } from "three";
import { connection } from "./net/connection";
import { store } from "./net/store";
import { sceneHandles } from "./scene/Scene";

const v = new Vector3();

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
