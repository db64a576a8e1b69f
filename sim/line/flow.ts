import type { ResourceState } from "../events";
import type { LineContext } from "./context";
import { conveyorAccepts, conveyorReceive, conveyorRetry } from "./conveyor";
import { sourceRetry } from "./source";
import { stationAccepts, stationReceive, stationRetry } from "./station";

/**
 * Moving parts between nodes. A node with a part to pass on offers it to its targets (alternatives in
 * order); if none has room, the node is blocked and queues on every target's waiting list. When a node
 * frees room it wakes the nodes waiting on it, in the order they blocked (FIFO), until it is full again.
 */

export function targetsOf(ctx: LineContext, from: string, product: string): string[] {
  const route = ctx.topo.routes.get(from);
  if (route === undefined) return [];
  return route.byProduct.get(product) ?? route.fallback;
}

export function accepts(ctx: LineContext, node: string, part: string): boolean {
  switch (ctx.topo.kinds.get(node)) {
    case "buffer":
      return ctx.state.buffers.get(node)!.queue.length < ctx.topo.bufferCapacity.get(node)!;
    case "conveyor":
      return conveyorAccepts(ctx, node);
    case "station":
      return stationAccepts(ctx, node, part);
    case "sink":
      return true;
    default:
      return false;
  }
}

function receive(ctx: LineContext, node: string, part: string): void {
  if (ctx.topo.kinds.get(node) !== "conveyor") ctx.physics?.arrive(node, part);
  switch (ctx.topo.kinds.get(node)) {
    case "buffer": {
      ctx.state.buffers.get(node)!.queue.push(part);
      bufferForward(ctx, node);
      return;
    }
    case "conveyor":
      conveyorReceive(ctx, node, part);
      return;
    case "station":
      stationReceive(ctx, node, part);
      return;
    case "sink":
      sinkReceive(ctx, node, part);
      return;
  }
}

/** Offers `part` from `from` to its targets; true if one took it. Blocks `from` otherwise. */
export function offer(ctx: LineContext, from: string, part: string): boolean {
  const product = ctx.state.parts.get(part)!.product;
  const targets = targetsOf(ctx, from, product);
  for (const t of targets) {
    if (accepts(ctx, t, part)) {
      unblock(ctx, from, targets);
      receive(ctx, t, part);
      return true;
    }
  }
  for (const t of targets) {
    let list = ctx.state.waiting.get(t);
    if (list === undefined) {
      list = [];
      ctx.state.waiting.set(t, list);
    }
    if (!list.includes(from)) list.push(from);
  }
  return false;
}

/** Sends a part to one specific node (rework loops), blocking on it if full. */
export function offerTo(ctx: LineContext, from: string, to: string, part: string): boolean {
  if (accepts(ctx, to, part)) {
    unblock(ctx, from, [to]);
    receive(ctx, to, part);
    return true;
  }
  let list = ctx.state.waiting.get(to);
  if (list === undefined) {
    list = [];
    ctx.state.waiting.set(to, list);
  }
  if (!list.includes(from)) list.push(from);
  return false;
}

function unblock(ctx: LineContext, from: string, targets: string[]): void {
  for (const t of targets) {
    const list = ctx.state.waiting.get(t);
    if (list === undefined) continue;
    const i = list.indexOf(from);
    if (i >= 0) list.splice(i, 1);
  }
}

/** `node` has room again: let the nodes blocked on it try, in order. */
export function freed(ctx: LineContext, node: string): void {
  const list = ctx.state.waiting.get(node);
  if (list === undefined || list.length === 0) return;
  for (const up of [...list]) {
    retry(ctx, up);
    if (list.length === 0) break;
  }
}

/** Asks a blocked node to try passing its part on again. */
function retry(ctx: LineContext, node: string): void {
  switch (ctx.topo.kinds.get(node)) {
    case "source":
      sourceRetry(ctx, node);
      return;
    case "buffer":
      bufferForward(ctx, node);
      return;
    case "conveyor":
      conveyorRetry(ctx, node);
      return;
    case "station":
      stationRetry(ctx, node);
      return;
  }
}

/** A buffer passes on its head part as long as downstream takes them; each departure frees a place. */
export function bufferForward(ctx: LineContext, id: string): void {
  const b = ctx.state.buffers.get(id)!;
  let moved = false;
  while (b.queue.length > 0) {
    const head = b.queue[0]!;
    b.queue.shift();
    if (!offer(ctx, id, head)) {
      b.queue.unshift(head);
      break;
    }
    moved = true;
  }
  if (moved) freed(ctx, id);
}

function sinkReceive(ctx: LineContext, id: string, serial: string): void {
  const part = ctx.state.parts.get(serial)!;
  const t = ctx.now();
  ctx.state.sinks.get(id)!.count++;
  ctx.emit({
    type: "PartCompleted",
    t,
    part: serial,
    product: part.product,
    sink: id,
    leadTimeUs: t - part.createdT,
    workOrder: part.workOrder ?? undefined,
  });
  ctx.state.parts.delete(serial);
  if (part.workOrder !== null) orderPartFinished(ctx, part.workOrder, "good");
}

/** Removes a scrapped part from the system. */
export function scrapPart(ctx: LineContext, station: string, serial: string): void {
  const part = ctx.state.parts.get(serial)!;
  const t = ctx.now();
  ctx.emit({
    type: "PartScrapped",
    t,
    part: serial,
    product: part.product,
    station,
    leadTimeUs: t - part.createdT,
    workOrder: part.workOrder ?? undefined,
  });
  ctx.state.parts.delete(serial);
  ctx.physics?.gone(serial);
  if (part.workOrder !== null) orderPartFinished(ctx, part.workOrder, "scrap");
}

function orderPartFinished(ctx: LineContext, orderId: string, result: "good" | "scrap"): void {
  const o = ctx.state.orders.get(orderId);
  if (o === undefined) return;
  if (result === "good") o.completed++;
  else o.scrapped++;
  if (o.completed >= o.quantity && o.status !== "cancelled") o.status = "completed";
  emitOrderProgress(ctx, orderId);
  // a scrapped part of an open order is made again: the source releases a replacement
  if (result === "scrap" && o.status === "inProgress") {
    for (const [sid, src] of ctx.state.sources) if (src.orders.includes(orderId)) sourceRetry(ctx, sid);
  }
}

export function emitOrderProgress(ctx: LineContext, orderId: string): void {
  const o = ctx.state.orders.get(orderId)!;
  ctx.emit({
    type: "WorkOrderProgress",
    t: ctx.now(),
    workOrder: o.id,
    product: o.product,
    quantity: o.quantity,
    released: o.released,
    completed: o.completed,
    scrapped: o.scrapped,
    status: o.status,
  });
}

/** Records a resource's new coarse state and emits StateChanged when it differs. */
export function setState(
  ctx: LineContext,
  holder: { id: string; state: ResourceState },
  next: ResourceState,
): void {
  if (holder.state === next) return;
  const previous = holder.state;
  holder.state = next;
  ctx.emit({ type: "StateChanged", t: ctx.now(), entity: holder.id, state: next, previous });
}
