/**
 * Parts at stations and in robot grippers, for a line at physics fidelity. A part keeps its body from
 * the belt it rides on through every station with a position: a station puts it on its spot (the table,
 * or where its robot picks it, station-spots.ts) as a fixed body, and the next belt takes the same body.
 *
 * Robots. While a robot runs a stretch of its planned task (a robot station's processing, a tended
 * machine's loading or unloading), every `grip` and `release` of the plan is a kernel event at the time
 * the stretch reaches it. A grip closes on the part the TCP touches (its top face at most `STROKE` below
 * the TCP, the TCP over its footprint), or on nothing: the components a task fetches from feeders are
 * not modelled. A gripped part follows the TCP as a kinematic body, physics stepping while it does; a
 * released part is dynamic again, falls onto what is below and settles (PartSettled). None of this
 * changes the line's timing: the line model decides when phases start and end, physics follows.
 */
import { clearAlarm, raiseAlarm } from "../line/alarms";
import type { LineContext } from "../line/context";
import { type TaskStretch, taskStretchAt } from "../line/robot-jobs";
import { createMotionSample, sampleTaskPlan } from "../robot/index";
import type { Scenario } from "../scenario/schema";
import type { RobotCollision } from "./events";
import type { BeltMeta } from "./layout";
import { RobotCellWatch, type RobotWatchSnapshot } from "./robot-watch";
import { type StationSpot, stationLayout } from "./station-spots";
import type { PartShape, PhysicsWorld } from "./world";

/** How far below the TCP a part's top face may be for the gripper to close on it, m. */
const STROKE = 0.05;
/** OPC UA severity of a robot collision alarm (1…1000): above a breakdown's 700, below an injected fault. */
const COLLISION_SEVERITY = 750;
/** How far the TCP may be outside a part's footprint and still close on it, m. */
const FOOTPRINT_TOLERANCE = 0.01;

export interface StationPhysicsState {
  /** part → station holding it in the line model */
  atStation: Map<string, string>;
  /** robot → the part in its gripper and the station it works for */
  carrying: Map<string, { station: string; part: string }>;
  /** released parts watched until they rest */
  settling: string[];
  /** station → the part its robot set back on the spot to work elsewhere while the station was down */
  setAside: Map<string, string>;
  /** station → the timer run (gen, phase) whose grip events are current */
  runs: Map<string, { gen: number; phase: string }>;
  /** robot → the station whose task stretch it runs */
  runningAt: Map<string, string>;
  /** predicted collisions, due as `physics.collision` kernel events, by id */
  collisions: Map<number, RobotCollision>;
  nextCollision: number;
  watch: RobotWatchSnapshot | null;
  /** station → its presence sensor's value and the µs of its last change */
  present: Map<string, { value: boolean; t: number }>;
}

export class StationPhysics {
  private s: StationPhysicsState = {
    atStation: new Map(),
    carrying: new Map(),
    settling: [],
    setAside: new Map(),
    runs: new Map(),
    runningAt: new Map(),
    collisions: new Map(),
    nextCollision: 0,
    watch: null,
    present: new Map(),
  };
  /** robot links against the cell and each other, for every stretch a robot starts */
  private readonly watch: RobotCellWatch;
  private spots = new Map<string, StationSpot>();
  private ctx: LineContext | null = null;
  private readonly sample = createMotionSample();

  constructor(
    scenario: Scenario,
    private readonly world: PhysicsWorld,
    private readonly shapes: ReadonlyMap<string, PartShape>,
    /** tells the owner that bodies were added, woken or gripped, so it counts what moves again */
    private readonly touched: () => void,
  ) {
    this.watch = new RobotCellWatch(scenario);
  }

  /** Lays out tables, plates and spots; the line's topology (with its planned tasks) is known now. */
  bind(ctx: LineContext, belts: ReadonlyMap<string, BeltMeta>): void {
    this.ctx = ctx;
    const layout = stationLayout(ctx.topo, belts, this.shapes);
    this.spots = layout.spots;
    for (const [id, o] of layout.supports) this.world.addObstacle(id, o);
    for (const id of this.spots.keys()) this.s.present.set(id, { value: false, t: 0 });
  }

  /** The presence sensors' signal names and the `entity/signal` a PLC profile binds them by. */
  sensorSignals(): [signal: string, key: string][] {
    return [...this.spots.keys()].map((id) => [presenceSignal(id), `${id}/present`]);
  }

  /**
   * Presence sensors: one at each station's spot, a point 10 mm above the fixture (or 5 mm under the top
   * face of a presented part) that is covered while a part's body is there. A change is a
   * `physics.signal` kernel event at `tUs` (never before an earlier change of the same sensor).
   */
  scanPresence(tUs: number): boolean {
    const w = this.world;
    const ids = w.partIds();
    let changed = false;
    for (const [id, spot] of this.spots) {
      const z = spot.kind === "table" ? spot.z + 0.01 : spot.z - 0.005;
      const value = ids.some((part) => covers(w, part, spot.x, spot.y, z));
      const sensor = this.s.present.get(id)!;
      if (sensor.value === value) continue;
      sensor.value = value;
      sensor.t = Math.max(tUs, sensor.t);
      this.c.schedule(sensor.t, "physics.signal", presenceSignal(id), value ? 1 : 0);
      changed = true;
    }
    return changed;
  }

  private get c(): LineContext {
    if (this.ctx === null) throw new Error("StationPhysics used before bind()");
    return this.ctx;
  }

  /** True if station `id` holds its parts in the world (it has a position or a robot presenting them). */
  hasSpot(id: string): boolean {
    return this.spots.has(id);
  }

  /** Station `station` received `part`: its body (made now if it has none) goes onto the spot, fixed. */
  place(station: string, part: string): void {
    const w = this.world;
    const spot = this.spots.get(station)!;
    const shape = this.shapes.get(this.c.state.parts.get(part)!.product)!;
    const h = shape.size[2];
    const center = { x: spot.x, y: spot.y, z: spot.kind === "table" ? spot.z + h / 2 : spot.z - h / 2 };
    const still = { x: 0, y: 0, z: 0 };
    this.forget(part);
    if (w.hasPart(part)) w.placePart(part, center, 0, still, true);
    else {
      w.addPart(part, shape, center, 0, still);
      w.setHeld(part, true);
    }
    this.s.atStation.set(part, station);
    this.touched();
    this.scanPresence(this.c.now());
  }

  /** The part left its station (onto a belt) or the system: no gripper, no watch, no station. */
  forget(part: string): void {
    const s = this.s;
    for (const [station, p] of s.setAside) if (p === part) s.setAside.delete(station);
    s.atStation.delete(part);
    s.settling = s.settling.filter((p) => p !== part);
    for (const [robot, c] of s.carrying) {
      if (c.part !== part) continue;
      s.carrying.delete(robot);
      if (this.world.hasPart(part) && this.world.grippedBy(part) !== null) this.world.release(part);
    }
  }

  /** Schedules the grips and releases of the stretch a station's robot runs from now (if it runs one). */
  stationTimer(id: string): void {
    const ctx = this.c;
    const st = ctx.state.stations.get(id)!;
    const def = ctx.topo.stations.get(id)!;
    const robot = def.spec.robot;
    const stretch =
      robot === undefined || st.timerPaused || st.down !== null
        ? null
        : taskStretchAt(def, st, ctx.now(), ctx.state.robotOverride.get(robot) ?? 100);
    if (stretch === null) {
      this.s.runs.delete(id);
      if (robot !== undefined && this.s.runningAt.get(robot) === id) {
        this.s.runningAt.delete(robot);
        this.watch.stop(robot, ctx.now());
      }
      // a stretch that ended with the part still in the gripper (it should not): set it down here
      const c = robot !== undefined ? this.s.carrying.get(robot) : undefined;
      if (c !== undefined && c.station === id && !st.timerPaused) this.setDown(robot!, c.part);
      return;
    }
    this.s.runs.set(id, { gen: st.gen, phase: st.phase });
    // the line sends a robot elsewhere while its station is down: a part it still holds for that
    // station goes back onto its spot before it works here
    const held = this.s.carrying.get(robot!);
    if (held !== undefined && held.station !== id) {
      this.setDown(robot!, held.part);
      this.s.setAside.set(held.station, held.part);
    }
    this.regrip(id, robot!, stretch);
    // a robot holding a part through a stop moves again: physics steps again
    if (this.s.carrying.has(robot!)) this.touched();
    const now = ctx.now();
    this.s.runningAt.set(robot!, id);
    const hits = this.watch.start({
      robot: robot!,
      station: id,
      plan: stretch.plan,
      planFromUs: stretch.atUs,
      planToUs: stretch.toUs,
      startUs: now,
      rate: stretch.rate,
    });
    for (const hit of hits) {
      const n = this.s.nextCollision++;
      this.s.collisions.set(n, hit);
      ctx.schedule(Math.max(now, hit.t), "physics.collision", hit.robot, n);
    }
    stretch.plan.segments.forEach((seg, i) => {
      if (seg.kind !== "grip" && seg.kind !== "release") return;
      // the jaws hold once a grip is done; they let go as a release begins
      const at = seg.kind === "grip" ? seg.startUs + seg.durationUs : seg.startUs;
      if (at < stretch.atUs || at > stretch.toUs) return;
      ctx.schedule(now + Math.floor((at - stretch.atUs) / stretch.rate), "physics.grip", id, i);
    });
  }

  /** Kernel event `physics.grip`: segment `index` of the station's plan closes or opens the gripper. */
  onGrip(id: string, index: number): void {
    const ctx = this.c;
    const st = ctx.state.stations.get(id)!;
    const run = this.s.runs.get(id);
    if (run === undefined || run.gen !== st.gen || run.phase !== st.phase) return;
    const def = ctx.topo.stations.get(id)!;
    const robot = def.spec.robot!;
    const plan = (st.phase === "processing" ? def.robotPlan : def.handlingPlan?.plan) ?? null;
    const seg = plan?.segments[index];
    if (plan === null || seg === undefined) return;
    const w = this.world;
    const gripper = gripperOf(robot);
    const tcp = sampleTaskPlan(
      plan,
      seg.kind === "grip" ? seg.startUs + seg.durationUs : seg.startUs,
      this.sample,
    ).tcp;
    w.setGripperPose(gripper, tcp);
    const t = ctx.now();
    if (seg.kind === "grip") {
      if (this.s.carrying.has(robot)) return;
      const part = this.partAt(tcp);
      if (part === null) return;
      this.s.settling = this.s.settling.filter((p) => p !== part);
      w.grip(gripper, part);
      this.s.carrying.set(robot, { station: id, part });
      ctx.emit({ type: "PartGripped", t, robot, station: id, part });
    } else {
      const c = this.s.carrying.get(robot);
      if (c === undefined) return;
      this.s.carrying.delete(robot);
      w.release(c.part);
      this.s.settling.push(c.part);
      ctx.emit({ type: "PartReleased", t, robot, station: id, part: c.part, position: xyz(w, c.part) });
    }
    this.touched();
    this.scanPresence(t);
  }

  /**
   * Kernel event `physics.collision`: a predicted contact is due. If neither robot in it has started or
   * stopped since it was predicted, it happens: a RobotCollision event and an alarm on the robot that
   * returns to normal at once, so it waits for an acknowledgement (ISA-18.2), as a protective stop would.
   */
  onCollision(_robot: string, n: number): void {
    const hit = this.s.collisions.get(n);
    this.s.collisions.delete(n);
    if (hit === undefined || !this.watch.valid(hit)) return;
    const ctx = this.c;
    ctx.emit({ ...hit, t: ctx.now() });
    const alarm = raiseAlarm(
      ctx,
      hit.robot,
      "ROBOT_COLLISION",
      COLLISION_SEVERITY,
      `${hit.robot} ${hit.link} touches ${hit.obstacle}`,
    );
    clearAlarm(ctx, alarm);
  }

  /**
   * A stretch resumed between a grip and its release (after a stop) whose part the robot set aside to
   * work elsewhere: it holds that part again, under the TCP. (A grip that closed on nothing, a feeder's
   * component, leaves nothing to take again.)
   */
  private regrip(id: string, robot: string, stretch: TaskStretch): void {
    const part = this.s.setAside.get(id);
    if (part === undefined || this.s.carrying.has(robot)) return;
    this.s.setAside.delete(id);
    let holding = false;
    for (const seg of stretch.plan.segments) {
      if (seg.kind !== "grip" && seg.kind !== "release") continue;
      const at = seg.kind === "grip" ? seg.startUs + seg.durationUs : seg.startUs;
      if (at >= stretch.fromUs && at < stretch.atUs) holding = seg.kind === "grip";
    }
    if (!holding || !this.world.hasPart(part)) return;
    const w = this.world;
    const tcp = sampleTaskPlan(stretch.plan, stretch.atUs, this.sample).tcp;
    const h = w.partShape(part).size[2];
    w.placePart(part, { x: tcp[3]!, y: tcp[7]!, z: tcp[11]! - h / 2 }, 0, { x: 0, y: 0, z: 0 }, false);
    w.setGripperPose(gripperOf(robot), tcp);
    w.grip(gripperOf(robot), part);
    this.s.carrying.set(robot, { station: id, part });
    this.c.emit({ type: "PartGripped", t: this.c.now(), robot, station: id, part });
  }

  /** A part in a gripper whose stretch ended: it is put down on its station's spot. */
  private setDown(robot: string, part: string): void {
    this.s.carrying.delete(robot);
    const station = this.s.atStation.get(part);
    if (station !== undefined) this.place(station, part);
    else this.world.release(part);
  }

  /** The part whose top face the TCP (3×4 world pose) touches, nearest first, or null. */
  private partAt(tcp: ArrayLike<number>): string | null {
    const w = this.world;
    let best: string | null = null;
    let bestGap = Number.POSITIVE_INFINITY;
    for (const id of w.partIds()) {
      if (w.grippedBy(id) !== null) continue;
      const p = w.position(id);
      const q = w.rotation(id);
      const [l, wd, h] = w.partShape(id).size;
      // the TCP in the part's frame: rotate the offset by the inverse of the part's rotation
      const d = rotateInverse(q, tcp[3]! - p.x, tcp[7]! - p.y, tcp[11]! - p.z);
      if (Math.abs(d[0]) > l / 2 + FOOTPRINT_TOLERANCE || Math.abs(d[1]) > wd / 2 + FOOTPRINT_TOLERANCE)
        continue;
      const gap = d[2] - h / 2;
      if (gap < -h || gap > STROKE) continue;
      if (Math.abs(gap) < bestGap) {
        bestGap = Math.abs(gap);
        best = id;
      }
    }
    return best;
  }

  /** Robots' TCPs to where their task has them at `tUs`, for the parts they carry. */
  pushGrippers(tUs: number): void {
    const ctx = this.c;
    for (const [robot, c] of this.s.carrying) {
      const def = ctx.topo.stations.get(c.station)!;
      const st = ctx.state.stations.get(c.station)!;
      const stretch = taskStretchAt(def, st, tUs, ctx.state.robotOverride.get(robot) ?? 100);
      if (stretch === null) continue;
      this.world.setGripperPose(
        gripperOf(robot),
        sampleTaskPlan(stretch.plan, stretch.atUs, this.sample).tcp,
      );
    }
  }

  /** Something moves that is not a free body: a robot carrying a part (not one held still by a stop). */
  get carrying(): boolean {
    for (const c of this.s.carrying.values())
      if (!this.c.state.stations.get(c.station)!.timerPaused) return true;
    return false;
  }

  /** After a step ending at `t1`: released parts that came to rest are announced. True if any. */
  afterStep(t1: number): boolean {
    const w = this.world;
    let scheduled = false;
    // only robots and falling parts move things at stations between kernel events
    if (this.s.carrying.size > 0 || this.s.settling.length > 0) scheduled = this.scanPresence(t1);
    this.s.settling = this.s.settling.filter((part) => {
      if (!w.hasPart(part)) return false;
      if (!w.isAsleep(part)) return true;
      this.c.schedule(t1, "physics.settled", part, 0);
      scheduled = true;
      return false;
    });
    return scheduled;
  }

  /** Kernel event `physics.settled`. */
  onSettled(part: string): void {
    if (!this.world.hasPart(part)) return;
    this.c.emit({ type: "PartSettled", t: this.c.now(), part, position: xyz(this.world, part) });
    this.scanPresence(this.c.now());
  }

  snapshot(): StationPhysicsState {
    return structuredClone({ ...this.s, watch: this.watch.snapshot() });
  }

  restore(s: StationPhysicsState): void {
    this.s = structuredClone(s);
    if (s.watch !== null) this.watch.restore(s.watch);
  }
}

/** The gripper of robot `robot` in the world. */
export function gripperOf(robot: string): string {
  return `robot/${robot}`;
}

function xyz(w: PhysicsWorld, part: string): [number, number, number] {
  const p = w.position(part);
  return [p.x, p.y, p.z];
}

/** v rotated by the inverse of unit quaternion q. */
function rotateInverse(
  q: { x: number; y: number; z: number; w: number },
  vx: number,
  vy: number,
  vz: number,
): [number, number, number] {
  // conjugate rotation: v' = v + 2 w' (u' × v) + 2 u' × (u' × v), u' = −u
  const ux = -q.x;
  const uy = -q.y;
  const uz = -q.z;
  const tx = 2 * (uy * vz - uz * vy);
  const ty = 2 * (uz * vx - ux * vz);
  const tz = 2 * (ux * vy - uy * vx);
  return [
    vx + q.w * tx + (uy * tz - uz * ty),
    vy + q.w * ty + (uz * tx - ux * tz),
    vz + q.w * tz + (ux * ty - uy * tx),
  ];
}

/** The signal a station's presence sensor raises. */
export function presenceSignal(station: string): string {
  return `${station}.present`;
}

/** True if the point (m, world) lies inside the part's box. */
function covers(w: PhysicsWorld, part: string, x: number, y: number, z: number): boolean {
  const p = w.position(part);
  const [l, wd, h] = w.partShape(part).size;
  const d = rotateInverse(w.rotation(part), x - p.x, y - p.y, z - p.z);
  return Math.abs(d[0]) <= l / 2 && Math.abs(d[1]) <= wd / 2 && Math.abs(d[2]) <= h / 2;
}
