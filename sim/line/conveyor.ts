import type { LineContext } from "./context";
import { freed, offer, setState } from "./flow";
import type { ConveyorState } from "./state";

/**
 * An accumulating belt, computed analytically. A part's free-travel position is pos0 + v·(t − t0);
 * parts queue behind a blocked head at pitch spacing, so the i-th part can be no further than
 * L − i·pitch. Only the head's arrival at the end is an event; everything else is sampled on demand.
 */

function capacityOf(ctx: LineContext, id: string): number {
  const spec = ctx.topo.conveyors.get(id)!;
  return spec.capacity ?? Math.max(1, Math.floor(spec.length / spec.pitch));
}

/** Position of item `i` at time `t`, m from the belt's start. */
export function itemPosition(ctx: LineContext, c: ConveyorState, i: number, tUs: number): number {
  const spec = ctx.topo.conveyors.get(c.id)!;
  const it = c.items[i]!;
  if (ctx.physics) return ctx.physics.position(c.id, it.part, tUs);
  const free = it.pos0 + (c.stopped || c.down ? 0 : c.speed * ((tUs - it.t0) / 1e6));
  return Math.min(free, spec.length - i * spec.pitch);
}

export function conveyorAccepts(ctx: LineContext, id: string): boolean {
  const c = ctx.state.conveyors.get(id)!;
  if (c.down || c.stopped) return false;
  if (c.items.length >= capacityOf(ctx, id)) return false;
  const n = c.items.length;
  if (n === 0) return true;
  if (ctx.physics) return ctx.physics.entryClear(id);
  const spec = ctx.topo.conveyors.get(id)!;
  // the last part must have moved a pitch away from the entry (with a µs of slack for rounding)
  return itemPosition(ctx, c, n - 1, ctx.now()) >= spec.pitch - c.speed * 1e-6;
}

export function conveyorReceive(ctx: LineContext, id: string, part: string): void {
  const c = ctx.state.conveyors.get(id)!;
  const t = ctx.now();
  c.items.push({ part, pos0: 0, t0: t });
  ctx.physics?.enter(id, part);
  if (c.items.length === 1) scheduleHead(ctx, c);
  setState(ctx, c, c.blocked ? "blocked" : "busy");
  scheduleEntryFree(ctx, c);
}

/** When the newest part has moved a pitch away, the entry can take another: wake upstream then. */
function scheduleEntryFree(ctx: LineContext, c: ConveyorState): void {
  if (ctx.physics) return; // physics schedules it when the part gets there
  const spec = ctx.topo.conveyors.get(c.id)!;
  const n = c.items.length;
  if (n === 0 || n >= capacityOf(ctx, c.id) || c.speed <= 0 || c.stopped || c.down) return;
  const last = c.items[n - 1]!;
  const limit = spec.length - (n - 1) * spec.pitch;
  if (limit < spec.pitch) return; // queued up to the entry: the head leaving frees it
  const t = last.t0 + Math.ceil(((spec.pitch - last.pos0) / c.speed) * 1e6);
  if (t > ctx.now()) ctx.schedule(t, "conveyor.entry", c.id, c.gen);
}

export function onEntryFree(ctx: LineContext, id: string, gen: number): void {
  const c = ctx.state.conveyors.get(id)!;
  if (gen !== c.gen) return;
  freed(ctx, id);
}

function scheduleHead(ctx: LineContext, c: ConveyorState): void {
  if (ctx.physics) return; // physics schedules it when the part gets there
  if (c.items.length === 0 || c.speed <= 0 || c.stopped || c.down) return;
  const spec = ctx.topo.conveyors.get(c.id)!;
  const head = c.items[0]!;
  const t = Math.max(ctx.now(), head.t0 + Math.ceil(((spec.length - head.pos0) / c.speed) * 1e6));
  ctx.schedule(t, "conveyor.head", c.id, c.gen);
}

export function onHeadArrival(ctx: LineContext, id: string, gen: number): void {
  const c = ctx.state.conveyors.get(id)!;
  if (gen !== c.gen || c.items.length === 0) return;
  tryRelease(ctx, c);
}

/** The head is at the end: pass it on, or block. */
function tryRelease(ctx: LineContext, c: ConveyorState): void {
  // a stopped belt still gives up the part waiting at its end (a robot picks it off)
  if (c.down || (c.stopped && !c.blocked)) return;
  const t = ctx.now();
  const spec = ctx.topo.conveyors.get(c.id)!;
  const head = c.items[0]!;
  // rebase every part on its current (possibly queued) position before the head leaves
  for (let i = 0; i < c.items.length; i++) {
    const it = c.items[i]!;
    it.pos0 = itemPosition(ctx, c, i, t);
    it.t0 = t;
  }
  head.pos0 = spec.length;
  c.items.shift();
  if (!offer(ctx, c.id, head.part)) {
    c.items.unshift(head);
    c.blocked = true;
    ctx.physics?.changed(c.id);
    setState(ctx, c, "blocked");
    return;
  }
  c.blocked = false;
  c.delivered++;
  ctx.physics?.leave(c.id, head.part);
  c.gen++;
  scheduleHead(ctx, c);
  scheduleEntryFree(ctx, c);
  setState(ctx, c, c.items.length > 0 ? "busy" : "starved");
  freed(ctx, c.id);
}

export function conveyorRetry(ctx: LineContext, id: string): void {
  const c = ctx.state.conveyors.get(id)!;
  if (c.blocked) tryRelease(ctx, c);
}

/** Changes belt speed (m/s) now: positions are rebased and the head's arrival rescheduled. */
export function setConveyorSpeed(ctx: LineContext, id: string, speed: number): void {
  const c = ctx.state.conveyors.get(id)!;
  rebase(ctx, c);
  c.speed = speed;
  c.gen++;
  ctx.physics?.changed(id);
  if (!c.blocked) scheduleHead(ctx, c);
  scheduleEntryFree(ctx, c);
}

/** Stops (fault, stop command) or restarts the belt, keeping every part where it is. */
export function setConveyorHalted(
  ctx: LineContext,
  id: string,
  halted: { down?: boolean; stopped?: boolean },
): void {
  const c = ctx.state.conveyors.get(id)!;
  rebase(ctx, c);
  if (halted.down !== undefined) c.down = halted.down;
  if (halted.stopped !== undefined) c.stopped = halted.stopped;
  c.gen++;
  ctx.physics?.changed(id);
  if (c.down) setState(ctx, c, "down");
  else if (c.stopped) setState(ctx, c, "stopped");
  else {
    setState(ctx, c, c.blocked ? "blocked" : c.items.length > 0 ? "busy" : "starved");
    if (c.blocked) tryRelease(ctx, c);
    else scheduleHead(ctx, c);
    scheduleEntryFree(ctx, c);
    freed(ctx, id);
  }
}

function rebase(ctx: LineContext, c: ConveyorState): void {
  if (ctx.physics) return; // positions live in the physics world
  const t = ctx.now();
  for (let i = 0; i < c.items.length; i++) {
    const it = c.items[i]!;
    it.pos0 = itemPosition(ctx, c, i, t);
    it.t0 = t;
  }
}
