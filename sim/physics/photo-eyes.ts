/**
 * Photo-eyes: ray casts across belts that see parts only. A beam's change is interpolated inside the
 * step from the part's position and velocity (its leading edge blocks the beam, its trailing edge
 * clears it) and scheduled as a `physics.signal` kernel event at that µs, never before the eye's last
 * change.
 */
import type { LineContext } from "../line/context";
import { crossingTime, fullLength, leadOf } from "./belt-geometry";
import type { BeltMeta, PhotoEyeSpec } from "./layout";
import type { PhysicsWorld } from "./world";

export interface EyeState extends PhotoEyeSpec {
  value: boolean;
  /** the part blocking the beam */
  blocker: string | null;
  /** µs of the last change, so changes never go back in time */
  lastT: number;
}

/** beam height above the belt surface, m */
const EYE_HEIGHT = 0.015;

export class PhotoEyes {
  private eyes: EyeState[];

  constructor(
    specs: readonly PhotoEyeSpec[],
    private readonly belts: ReadonlyMap<string, BeltMeta>,
  ) {
    this.eyes = specs.map((e) => ({ ...e, value: false, blocker: null, lastT: 0 }));
  }

  /**
   * Each eye's signal and the `entity/signal` key a PLC profile reads it by: `c10.exit` is
   * `c10/exit`; a signal not named after its conveyor is `<conveyor>/<signal>`.
   */
  signalKeys(): [signal: string, key: string][] {
    return this.eyes.map((e) => {
      const prefix = `${e.conveyor}.`;
      const name = e.signal.startsWith(prefix) ? e.signal.slice(prefix.length) : e.signal;
      return [e.signal, `${e.conveyor}/${name}`];
    });
  }

  /** Looks for beams that changed in the step (lo, t1]; true if it scheduled kernel events. */
  scan(ctx: LineContext, w: PhysicsWorld, lo: number, t1: number): boolean {
    let scheduled = false;
    for (const e of this.eyes) {
      if (!e.value && ctx.state.conveyors.get(e.conveyor)!.items.length === 0) continue;
      const g = this.belts.get(e.conveyor)!.geo;
      const nx = -g.dir[1];
      const ny = g.dir[0];
      const off = g.width / 2 + 0.05;
      const hit = w.rayHitsPart(
        {
          x: g.start[0] + g.dir[0] * e.at - nx * off,
          y: g.start[1] + g.dir[1] * e.at - ny * off,
          z: g.start[2] + EYE_HEIGHT,
        },
        { x: nx, y: ny, z: 0 },
        2 * off,
      );
      const value = hit !== null;
      if (value === e.value) {
        if (value) e.blocker = hit;
        continue;
      }
      let t = t1;
      const part = value ? hit : e.blocker;
      if (part !== null && w.hasPart(part)) {
        const lead = leadOf(w, g, part);
        const edge = value ? lead : lead - fullLength(w.partShape(part));
        t = crossingTime(w, g, part, edge, e.at, lo, t1);
      }
      t = Math.max(t, e.lastT);
      e.value = value;
      e.blocker = hit;
      e.lastT = t;
      ctx.schedule(t, "physics.signal", e.signal, value ? 1 : 0);
      scheduled = true;
    }
    return scheduled;
  }

  /** The part left the belts (taken off, removed): a beam it blocked clears now. */
  cleared(ctx: LineContext, part: string): void {
    for (const e of this.eyes) {
      if (e.blocker !== part) continue;
      e.blocker = null;
      if (!e.value) continue;
      e.value = false;
      e.lastT = Math.max(ctx.now(), e.lastT);
      ctx.schedule(e.lastT, "physics.signal", e.signal, 0);
    }
  }

  snapshot(): EyeState[] {
    return structuredClone(this.eyes);
  }

  restore(s: EyeState[]): void {
    this.eyes = structuredClone(s);
  }
}
