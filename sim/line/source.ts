import { sample } from "../random/distributions";
import type { LineContext } from "./context";
import { emitOrderProgress, offer, setState } from "./flow";
import type { OrderState, SourceState } from "./state";

/**
 * Sources create parts: on a timer (interarrival distribution), or from released work orders as fast
 * as the line takes them. A created part that finds no room is held and blocks the source; a timed
 * source schedules its next arrival only once the held part has left (blocking arrivals).
 */

export function scheduleFirstArrival(ctx: LineContext, id: string): void {
  const spec = ctx.topo.sources.get(id)!;
  if (spec.workOrders || spec.interarrival === undefined) return;
  const first =
    spec.firstArrival !== undefined
      ? spec.firstArrival
      : sample(spec.interarrival, ctx.rng(`${id}/arrivals`));
  ctx.schedule(Math.round(first * 1e6), "source.arrival", id);
}

export function onArrival(ctx: LineContext, id: string): void {
  const src = ctx.state.sources.get(id)!;
  const spec = ctx.topo.sources.get(id)!;
  if (src.stopped || src.held !== null) return;
  if (spec.limit !== undefined && src.produced >= spec.limit) return;
  src.held = createPart(ctx, src, pickProduct(ctx, id), null);
  push(ctx, src);
}

/** The source's downstream has room again (or an order was released). */
export function sourceRetry(ctx: LineContext, id: string): void {
  const src = ctx.state.sources.get(id)!;
  if (src.held !== null) {
    push(ctx, src);
    return;
  }
  if (ctx.topo.sources.get(id)!.workOrders) releaseFromOrders(ctx, src);
}

function push(ctx: LineContext, src: SourceState): void {
  const spec = ctx.topo.sources.get(src.id)!;
  const part = src.held!;
  if (!offer(ctx, src.id, part)) {
    setState(ctx, src, "blocked");
    return;
  }
  src.held = null;
  setState(ctx, src, "busy");
  if (spec.workOrders) {
    releaseFromOrders(ctx, src);
    return;
  }
  if (spec.limit !== undefined && src.produced >= spec.limit) {
    setState(ctx, src, "starved");
    return;
  }
  const gap = sample(spec.interarrival!, ctx.rng(`${src.id}/arrivals`));
  ctx.schedule(ctx.now() + Math.round(gap * 1e6), "source.arrival", src.id);
}

/** Releases parts of queued orders while downstream takes them. */
function releaseFromOrders(ctx: LineContext, src: SourceState): void {
  for (;;) {
    if (src.stopped) return;
    const order = nextOrder(ctx, src);
    if (order === undefined) {
      setState(ctx, src, "starved");
      return;
    }
    src.held = createPart(ctx, src, order.product, order.id);
    order.released++;
    if (order.status === "released") order.status = "inProgress";
    emitOrderProgress(ctx, order.id);
    if (!offer(ctx, src.id, src.held)) {
      setState(ctx, src, "blocked");
      return;
    }
    src.held = null;
    setState(ctx, src, "busy");
  }
}

/** The first order, by the source's dispatch rule, that still needs parts released. */
function nextOrder(ctx: LineContext, src: SourceState): OrderState | undefined {
  const rule = ctx.topo.sources.get(src.id)!.dispatch;
  let best: OrderState | undefined;
  for (const oid of src.orders) {
    const o = ctx.state.orders.get(oid)!;
    if (o.status === "cancelled" || o.status === "completed") continue;
    // parts in process that may still become good count towards the quantity
    if (o.released - o.scrapped >= o.quantity) continue;
    if (best === undefined || better(rule, o, best)) best = o;
  }
  return best;
}

function better(rule: "fifo" | "edd" | "priority", a: OrderState, b: OrderState): boolean {
  if (rule === "edd") {
    const da = a.dueUs ?? Number.POSITIVE_INFINITY;
    const db = b.dueUs ?? Number.POSITIVE_INFINITY;
    if (da !== db) return da < db;
  } else if (rule === "priority" && a.priority !== b.priority) {
    return a.priority > b.priority;
  }
  return a.seq < b.seq;
}

function pickProduct(ctx: LineContext, id: string): string {
  const spec = ctx.topo.sources.get(id)!;
  if (spec.product !== undefined) return spec.product;
  const mix = spec.mix!;
  const total = mix.reduce((a, m) => a + m.weight, 0);
  let u = ctx.rng(`${id}/mix`).nextFloat() * total;
  for (const m of mix) {
    u -= m.weight;
    if (u < 0) return m.product;
  }
  return mix[mix.length - 1]!.product;
}

function createPart(ctx: LineContext, src: SourceState, product: string, workOrder: string | null): string {
  src.produced++;
  const serial = `${ctx.serialPrefix}${src.id}-${String(src.produced).padStart(6, "0")}`;
  const t = ctx.now();
  ctx.state.parts.set(serial, { serial, product, createdT: t, workOrder, reworks: 0 });
  ctx.emit({
    type: "PartCreated",
    t,
    part: serial,
    product,
    source: src.id,
    workOrder: workOrder ?? undefined,
  });
  return serial;
}
