import { createContext, useContext } from "react";
import { Color, type Object3D } from "three";
import { type Layout, STATE_NAMES, stateName } from "../../../protocol/index";
import type { Connection } from "../net/connection";
import type { FrameRing } from "../net/frame-ring";
import { PALETTE, stateColour } from "./palette";

/** What every scene component needs: the layout, the frame ring and the registry of drawn things. */
export interface SceneCtx {
  layout: Layout;
  ring: FrameRing;
  conn: Connection;
  registry: Registry;
  /** software renderer: cheaper materials */
  low: boolean;
}

/**
 * Drawn objects by id: what the tests count (machines and robots actually in the scene), where labels
 * and the selection marker anchor, and the robot flanges that carried parts hang from.
 */
export class Registry {
  readonly objects = new Map<string, Object3D>();
  readonly kinds = new Map<string, string>();
  readonly flanges: (Object3D | null)[] = [];
  /** name plates, placed each frame so they do not cover each other */
  readonly labels: Object3D[] = [];

  add(id: string, kind: string, o: Object3D): () => void {
    this.objects.set(id, o);
    this.kinds.set(id, kind);
    return () => {
      if (this.objects.get(id) === o) {
        this.objects.delete(id);
        this.kinds.delete(id);
      }
    };
  }

  count(kind: string): number {
    let n = 0;
    for (const k of this.kinds.values()) if (k === kind) n++;
    return n;
  }
}

export const SceneContext = createContext<SceneCtx | null>(null);

export function useScene(): SceneCtx {
  const c = useContext(SceneContext);
  if (c === null) throw new Error("scene component outside <SceneContext>");
  return c;
}

/** One THREE.Color per state code, made once, so the render loop copies instead of parsing. */
export const STATE_COLOURS: readonly Color[] = STATE_NAMES.map((s) => new Color(stateColour(s)));

export const SELECTION_COLOUR = new Color(PALETTE.selection);

export function stateColourOf(code: number): Color {
  return STATE_COLOURS[code] ?? STATE_COLOURS[STATE_NAMES.indexOf(stateName(code))]!;
}
