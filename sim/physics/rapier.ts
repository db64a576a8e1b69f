/**
 * Rapier is loaded on demand: the compat build embeds its WebAssembly, which costs ~0.3 s to import and
 * instantiate, so flow-fidelity runs (the CLI, most tests) never pay for it. `initPhysics()` is the one
 * asynchronous step; everything after it (the Simulation constructor, stepping) is synchronous.
 * Rapier is a pure computation (no clock, no I/O), and this deterministic build gives the same bits on
 * every machine, so it may live in the core.
 */
import type RAPIER_NS from "@dimforge/rapier3d-deterministic-compat";
import { physicsError } from "./errors";

export type Rapier = typeof RAPIER_NS;

let loaded: Rapier | null = null;
let loading: Promise<Rapier> | null = null;

/** Loads and instantiates Rapier once; later calls return at once. Call it before a physics Simulation. */
export async function initPhysics(): Promise<void> {
  if (loaded !== null) return;
  loading ??= import("@dimforge/rapier3d-deterministic-compat").then(async (m) => {
    const r = (m.default ?? m) as Rapier;
    await r.init();
    return r;
  });
  loaded = await loading;
}

/** True once `initPhysics()` has finished. */
export function physicsReady(): boolean {
  return loaded !== null;
}

/** The loaded Rapier module; throws PHYS_ERR_NOT_INITIALISED (with what to do) before `initPhysics()`. */
export function rapier(): Rapier {
  if (loaded === null) throw physicsError("PHYS_ERR_NOT_INITIALISED");
  return loaded;
}
