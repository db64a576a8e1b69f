/**
 * Physics fidelity for a line: parts on conveyors are Rapier bodies carried by their belts, and what the
 * analytic conveyor computes in closed form (head arrival, entry free) is observed in the world instead.
 *
 * Time. Physics steps at a fixed dt on a grid from t = 0, between kernel events, and only while some
 * dynamic body is awake. When a step sees a part cross a line (end of belt, a pitch past the entry, a
 * photo-eye), the crossing time is interpolated inside the step from the part's position and velocity
 * and scheduled as a kernel event at that µs (never before the kernel's clock), and stepping stops so
 * the kernel handles it before the world moves on. A part put on a belt between grid points is placed
 * where it will be at the grid time, so travel times carry no quantisation either.
 *
 * Accumulation is zero-pressure (ZPA): zones one pitch long from the end. The head stops at the end
 * when the line blocks it; a part that reaches its zone's end while the part ahead is held is held too
 * (switched to a fixed body: the zone brake). Held parts cost nothing and let physics sleep. With a
 * pitch shorter than the parts, zones cannot brake and parts press against each other (pressure
 * accumulation): the contact solver keeps them apart, and they keep physics awake.
 */
import type { LineContext, PartTransport } from "../line/context";
import type { Scenario } from "../scenario/schema";
import { crossingTime, fullLength, halfLength, leadOf } from "./belt-geometry";
import { type BeltMeta, buildLayout, lineLayout, type PhysicsOptions } from "./layout";
import { type EyeState, PhotoEyes } from "./photo-eyes";
import { poseMatrix, yawQuat } from "./pose";
import { StationPhysics, type StationPhysicsState } from "./station-physics";
import { type LinkKind, motionAt, type TransferMotion, transferMotion, yawOf } from "./transfer";
import { type BeltGeometry, type PartShape, PhysicsWorld, type PhysicsWorldSnapshot } from "./world";

interface BeltPhysState {
  /** parts on this belt in the world (a part changing to an unjoined belt gets a new body) */
  parts: string[];
  /** parts that left over the open end, oldest first: on the chute or falling; taken out once at rest */
  binned: string[];
  /** head part whose arrival at the end has been scheduled */
  headArrived: string | null;
  /** newest part that has not yet cleared the entry by a pitch */
  entryPending: string | null;
}

export interface LinePhysicsSnapshot {
  world: PhysicsWorldSnapshot;
  belts: Record<string, BeltPhysState>;
  eyes: EyeState[];
  /** side transfers under way */
  transfers?: TransferMotion[];
  /** parts at stations and in robot grippers */
  stations?: StationPhysicsState;
}

/** A pose as plain data for adapters: centre m, unit quaternion. */
export interface PartPose {
  part: string;
  position: [number, number, number];
  rotation: [number, number, number, number];
}

export type { PhotoEyeSpec, PhysicsOptions } from "./layout";

const DEFAULT_DT_US = 20_000;
/** parts falling towards a bin at most; older ones are taken out so the world stays small */
const BIN_KEEP = 6;
/** positions within this of a line count as on it, m (float noise of the solver is ~1e-6) */
const EPS = 1e-4;
/** the end stop's face past the belt's end, m (see world.ts) */
const END_STOP = 0.01;

export class LinePhysics implements PartTransport {
  readonly world: PhysicsWorld;
  private readonly meta: Map<string, BeltMeta>;
  private belts = new Map<string, BeltPhysState>();
  private readonly eyes: PhotoEyes;
  private readonly shapes: Map<string, PartShape>;
  private readonly links: Map<string, Map<string, LinkKind>>;
  private transfers: TransferMotion[] = [];
  private readonly stations: StationPhysics;
  /** sensor signal → the `entity/signal` key a PLC profile reads it by */
  private readonly signalKeys = new Map<string, string>();
  private ctx: LineContext | null = null;
  private activeKnown = false;
  private active = false;

  /** Throws PHYS_ERR_NOT_INITIALISED before `initPhysics()`, PHYS_ERR_* for bad options. */
  constructor(scenario: Scenario, options: PhysicsOptions = {}) {
    this.world = new PhysicsWorld(options.dtUs ?? DEFAULT_DT_US);
    const layout = lineLayout(scenario, options);
    buildLayout(this.world, layout);
    this.meta = layout.belts;
    this.shapes = layout.shapes;
    this.links = layout.links;
    for (const id of layout.belts.keys())
      this.belts.set(id, { parts: [], binned: [], headArrived: null, entryPending: null });
    this.eyes = new PhotoEyes(layout.eyes, layout.belts);
    this.stations = new StationPhysics(scenario, this.world, this.shapes, () => {
      this.activeKnown = false;
    });
  }

  /** Connects to the kernel; the Simulation calls it once, before the line starts. */
  bind(ctx: LineContext): void {
    this.ctx = ctx;
    this.stations.bind(ctx, this.meta);
    for (const [signal, key] of [...this.eyes.signalKeys(), ...this.stations.sensorSignals()])
      this.signalKeys.set(signal, key);
    for (const [id, c] of ctx.state.conveyors) this.world.setBeltSpeed(id, c.stopped || c.down ? 0 : c.speed);
  }

  private get c(): LineContext {
    if (this.ctx === null) throw new Error("LinePhysics used before bind()");
    return this.ctx;
  }

  /** Physics time, µs. */
  get tUs(): number {
    return this.world.tUs;
  }

  /**
   * Steps the world while something moves and the next step ends by `limitUs` (the next kernel event),
   * then returns; returns early after a step that scheduled kernel events, so they run first.
   */
  advance(limitUs: number): void {
    const w = this.world;
    const dt = w.dtUs;
    while (w.tUs + dt <= limitUs) {
      if (!this.isActive()) {
        const g = limitUs - (limitUs % dt);
        if (g > w.tUs) w.jumpTo(g);
        return;
      }
      this.pushTransfers(w.tUs + dt);
      this.stations.pushGrippers(w.tUs + dt);
      w.step();
      // a part let go by a pusher is awake, but was not counted in the step
      const letGo = this.endTransfers();
      this.active = (letGo ? w.recount() : w.awake) > 0 || this.movers();
      this.activeKnown = true;
      const settled = this.stations.afterStep(w.tUs);
      if (this.afterStep() || settled) return;
    }
  }

  private isActive(): boolean {
    if (!this.activeKnown) {
      this.active = this.world.recount() > 0 || this.movers();
      this.activeKnown = true;
    }
    return this.active;
  }

  /** Kinematic motion that needs steps although no free body is awake: pushers, robots carrying parts. */
  private movers(): boolean {
    return this.transfers.length > 0 || this.stations.carrying;
  }

  // ── PartTransport ────────────────────────────────────────────────────────────────────────

  enter(id: string, part: string): void {
    const ctx = this.c;
    const m = this.meta.get(id)!;
    const w = this.world;
    if (w.hasPart(part) && this.handOver(id, part)) return;
    const shape = this.shapes.get(ctx.state.parts.get(part)!.product)!;
    const v = w.beltSpeed(id);
    // where the part is at physics time if its leading edge is at the entry at kernel time
    const lead = (v * (w.tUs - ctx.now())) / 1e6;
    const s = lead - halfLength(shape);
    const g = m.geo;
    const center = {
      x: g.start[0] + g.dir[0] * s,
      y: g.start[1] + g.dir[1] * s,
      z: g.start[2] + shape.size[2] / 2,
    };
    const yaw = Math.atan2(g.dir[1], g.dir[0]);
    const vel = { x: g.dir[0] * v, y: g.dir[1] * v, z: 0 };
    if (w.hasPart(part)) {
      // from a station, a gripper or a belt not joined to this one: the same body, put down at the entry,
      // unless a robot has already set it down on this belt
      this.detach(part);
      this.stations.forget(part);
      if (w.grippedBy(part) !== null) w.release(part);
      if (!this.restsOn(g, part)) w.placePart(part, center, yaw, vel, false);
      else w.setHeld(part, false);
      this.stations.scanPresence(ctx.now());
    } else w.addPart(part, shape, center, yaw, vel);
    const b = this.belts.get(id)!;
    b.parts.push(part);
    b.entryPending = part;
    this.activeKnown = false;
  }

  /**
   * Carries the part's body over from the belt it is on, if that belt's end is joined to `id` (see
   * transfer.ts): in line it rides on, beside the end a pusher moves it across. False if not joined.
   */
  private handOver(id: string, part: string): boolean {
    let from: string | null = null;
    for (const [bid, b] of this.belts) if (b.parts.includes(part)) from = bid;
    const kind = from === null ? undefined : this.links.get(from)?.get(id);
    if (from === null || kind === undefined) return false;
    const w = this.world;
    const a = this.belts.get(from)!;
    a.parts.splice(a.parts.indexOf(part), 1);
    const b = this.belts.get(id)!;
    b.parts.push(part);
    b.entryPending = part;
    w.setHeld(part, false);
    if (kind === "inline") w.wake(part);
    else {
      const m = transferMotion(
        part,
        id,
        this.meta.get(id)!.geo,
        w.partShape(part),
        w.position(part),
        yawOf(w.rotation(part)),
        w.beltSpeed(id),
        w.tUs,
        w.dtUs,
      );
      w.setGripperPose(transferGripper(id), poseMatrix(w.position(part), w.rotation(part)));
      w.grip(transferGripper(id), part);
      this.transfers.push(m);
    }
    this.activeKnown = false;
    return true;
  }

  /** Pushers to where they are at the end of the coming step (`tUs`). */
  private pushTransfers(tUs: number): void {
    for (const m of this.transfers) {
      const { p, yaw } = motionAt(m, tUs);
      this.world.setGripperPose(transferGripper(m.belt), poseMatrix(p, yawQuat(yaw)));
    }
  }

  /** Lets go of parts whose push is done: the belt takes them over at its speed. True if any. */
  private endTransfers(): boolean {
    const w = this.world;
    const n = this.transfers.length;
    this.transfers = this.transfers.filter((m) => {
      if (w.tUs < m.t1) return true;
      if (w.hasPart(m.part) && w.grippedBy(m.part) !== null) {
        w.release(m.part);
        const g = this.meta.get(m.belt)!.geo;
        const v = w.beltSpeed(m.belt);
        w.setVelocity(m.part, { x: g.dir[0] * v, y: g.dir[1] * v, z: 0 });
      }
      return false;
    });
    return this.transfers.length < n;
  }

  /** True if the part lies on the belt's surface (a robot set it down there). */
  private restsOn(g: BeltGeometry, part: string): boolean {
    const p = this.world.position(part);
    const along = (p.x - g.start[0]) * g.dir[0] + (p.y - g.start[1]) * g.dir[1];
    const across = -(p.x - g.start[0]) * g.dir[1] + (p.y - g.start[1]) * g.dir[0];
    const h = this.world.partShape(part).size[2];
    return (
      along >= -g.tail &&
      along <= g.length &&
      Math.abs(across) <= g.width / 2 &&
      Math.abs(p.z - (g.start[2] + h / 2)) <= 0.02
    );
  }

  arrive(node: string, part: string): void {
    if (this.c.topo.kinds.get(node) === "station" && this.stations.hasSpot(node)) {
      // the belt it comes from lets go of it next (leave): it no longer counts it as its own
      this.detach(part);
      this.stations.place(node, part);
      return;
    }
    // a buffer, a sink or a station without a place: the body goes, unless a belt still carries it (its
    // leave comes next and may drop it into a bin)
    if (this.world.hasPart(part) && !this.onBelt(part)) this.dropPart(part);
  }

  gone(part: string): void {
    if (this.world.hasPart(part)) this.dropPart(part);
  }

  stationTimer(id: string): void {
    this.stations.stationTimer(id);
  }

  /** Kernel event `physics.grip`. */
  onGrip(station: string, index: number): void {
    this.stations.onGrip(station, index);
  }

  /** Kernel event `physics.collision`. */
  onCollision(robot: string, id: number): void {
    this.stations.onCollision(robot, id);
  }

  /** Kernel event `physics.settled`. */
  onSettled(part: string): void {
    this.stations.onSettled(part);
  }

  private onBelt(part: string): boolean {
    for (const b of this.belts.values()) if (b.parts.includes(part) || b.binned.includes(part)) return true;
    return false;
  }

  leave(id: string, part: string): void {
    const b = this.belts.get(id)!;
    if (b.headArrived === part) b.headArrived = null;
    if (b.entryPending === part) b.entryPending = null;
    if (b.parts.includes(part)) {
      if (this.meta.get(id)!.drop) {
        // it rides on over the open end and falls into the bin; photo-eyes see it go
        b.parts.splice(b.parts.indexOf(part), 1);
        b.binned.push(part);
        if (b.binned.length > BIN_KEEP) this.dropPart(b.binned[0]!);
      } else this.dropPart(part);
    }
    this.releaseHolds(id);
    this.activeKnown = false;
  }

  changed(id: string): void {
    const ctx = this.c;
    const c = ctx.state.conveyors.get(id)!;
    const running = !(c.stopped || c.down);
    this.world.setBeltSpeed(id, running ? c.speed : 0);
    for (const it of c.items) this.world.wake(it.part);
    const b = this.belts.get(id)!;
    const head = c.items[0];
    if (c.blocked) {
      if (head !== undefined) this.world.setHeld(head.part, true);
    } else {
      this.releaseHolds(id);
      // the head got to the end but its arrival event was superseded (speed change, restart): again now
      if (running && head !== undefined && b.headArrived === head.part)
        ctx.schedule(ctx.now(), "conveyor.head", id, c.gen);
    }
    this.activeKnown = false;
  }

  /**
   * Extrapolated from physics time with the part's velocity, but never into the part ahead or past the
   * end stop: a part that is about to touch another stops at it, it does not pass through.
   */
  position(id: string, part: string, tUs: number): number {
    const items = this.c.state.conveyors.get(id)!.items;
    const g = this.meta.get(id)!.geo;
    let limit = g.length + END_STOP;
    for (const it of items) {
      const lead = Math.min(limit, this.extrapolated(g, it.part, tUs));
      if (it.part === part) return lead;
      limit = lead - fullLength(this.world.partShape(it.part));
    }
    return this.extrapolated(g, part, tUs);
  }

  private extrapolated(g: BeltGeometry, part: string, tUs: number): number {
    const w = this.world;
    const lead = leadOf(this.world, g, part);
    if (w.isHeld(part)) return lead;
    const v = w.velocity(part);
    return lead + ((v.x * g.dir[0] + v.y * g.dir[1]) * (tUs - w.tUs)) / 1e6;
  }

  entryClear(id: string): boolean {
    const ctx = this.c;
    const c = ctx.state.conveyors.get(id)!;
    const last = c.items[c.items.length - 1];
    if (last === undefined) return true;
    const m = this.meta.get(id)!;
    const lead = this.position(id, last.part, ctx.now());
    return lead >= Math.max(m.pitch, fullLength(this.world.partShape(last.part))) - EPS;
  }

  /**
   * Kernel event `physics.signal`: the sensor's change, now. A PLC profile reads it as `{ entity, signal }`:
   * a photo-eye `<conveyor>.<name>` as `{ entity: <conveyor>, signal: <name> }` (the default eye: `exit`),
   * a presence sensor as `{ entity: <station>, signal: present }`.
   */
  onSignal(signal: string, value: number): void {
    const ctx = this.c;
    const key = this.signalKeys.get(signal);
    if (key !== undefined) ctx.state.signals.set(key, value === 1);
    ctx.emit({ type: "SignalChanged", t: ctx.now(), signal, value: value === 1 });
  }

  // ── after each step ─────────────────────────────────────────────────────────────────────────

  /** Looks for crossings in the step just taken; true if it scheduled kernel events. */
  private afterStep(): boolean {
    const ctx = this.c;
    const w = this.world;
    const t1 = w.tUs;
    const lo = Math.max(t1 - w.dtUs, ctx.now());
    let scheduled = false;
    for (const [id, c] of ctx.state.conveyors) {
      const n = c.items.length;
      if (n === 0) continue;
      const m = this.meta.get(id)!;
      const g = m.geo;
      const b = this.belts.get(id)!;
      // parts riding a running belt stay awake (a moving kinematic body wakes what it touches), and only
      // the head, the part behind a held one and the newest part can cross a line this step
      let prevHeld = false;
      for (let i = 0; i < n; i++) {
        const part = c.items[i]!.part;
        const held = w.isHeld(part);
        const behindHeld = prevHeld;
        prevHeld = held;
        if (held) continue;
        const head = i === 0 && b.headArrived !== part;
        const newest = i === n - 1 && b.entryPending === part;
        if (!(head || behindHeld || newest)) continue;
        const lead = leadOf(this.world, g, part);
        if (head) {
          if (lead >= g.length - EPS) {
            b.headArrived = part;
            ctx.schedule(
              crossingTime(this.world, g, part, lead, g.length, lo, t1),
              "conveyor.head",
              id,
              c.gen,
            );
            scheduled = true;
          }
        } else if (behindHeld && lead >= g.length - i * m.pitch - 1e-3) {
          w.setHeld(part, true); // zone brake
          prevHeld = true;
          this.activeKnown = false;
        }
        if (newest) {
          const clear = Math.max(m.pitch, fullLength(w.partShape(part)));
          if (lead >= clear - EPS) {
            b.entryPending = null;
            if (n < m.capacity) {
              ctx.schedule(
                crossingTime(this.world, g, part, lead, clear, lo, t1),
                "conveyor.entry",
                id,
                c.gen,
              );
              scheduled = true;
            }
          }
        }
      }
    }
    for (const b of this.belts.values()) {
      for (let i = b.binned.length - 1; i >= 0; i--)
        if (w.isAsleep(b.binned[i]!)) this.dropPart(b.binned[i]!);
    }
    if (this.eyes.scan(ctx, w, lo, t1)) scheduled = true;
    return scheduled;
  }

  private releaseHolds(id: string): void {
    const c = this.c.state.conveyors.get(id)!;
    if (c.blocked) return;
    for (const it of c.items) this.world.setHeld(it.part, false);
  }

  /** Removes a part's body; a photo-eye it blocked clears now. */
  private dropPart(part: string): void {
    this.detach(part);
    this.stations.forget(part);
    this.world.removePart(part);
    this.stations.scanPresence(this.c.now());
  }

  /** The part is no longer on any belt (the body stays); a photo-eye it blocked clears now. */
  private detach(part: string): void {
    const ctx = this.c;
    for (const b of this.belts.values()) {
      const i = b.parts.indexOf(part);
      if (i >= 0) b.parts.splice(i, 1);
      const j = b.binned.indexOf(part);
      if (j >= 0) b.binned.splice(j, 1);
    }
    this.eyes.cleared(ctx, part);
  }

  /** Poses of every part in the world at physics time, for the viewer. */
  partPoses(): PartPose[] {
    const w = this.world;
    return w.partIds().map((part) => {
      const p = w.position(part);
      const q = w.rotation(part);
      return { part, position: [p.x, p.y, p.z], rotation: [q.x, q.y, q.z, q.w] };
    });
  }

  snapshot(): LinePhysicsSnapshot {
    return {
      world: this.world.snapshot(),
      belts: Object.fromEntries(structuredClone([...this.belts])),
      eyes: this.eyes.snapshot(),
      transfers: structuredClone(this.transfers),
      stations: this.stations.snapshot(),
    };
  }

  restore(s: LinePhysicsSnapshot): void {
    this.world.restore(s.world);
    this.belts = new Map(Object.entries(structuredClone(s.belts)));
    this.eyes.restore(s.eyes);
    this.transfers = structuredClone(s.transfers ?? []);
    if (s.stations !== undefined) this.stations.restore(s.stations);
    this.activeKnown = false;
  }
}

/** The pusher that moves parts onto belt `belt`: one at a time, as the belt takes one part at its entry. */
function transferGripper(belt: string): string {
  return `transfer/${belt}`;
}
