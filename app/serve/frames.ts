import {
  CNC_CHANNELS,
  createFrameData,
  encodeFrame,
  ensurePartCapacity,
  type FrameData,
  frameByteLength,
  type Layout,
  stateCode,
  type Vec2,
} from "../../protocol/index";
import type { PartPose, Simulation } from "../../sim/index";
import { alongConveyor, CONVEYOR_Z, type Floorplan } from "./floorplan";
import type { MemberMotion, MemberTrack } from "./motion";

/**
 * Per-machine samples from the simulation's machine models, when it has them (CNC axes, robot joints).
 * A sampler returns false for a machine it does not model; the twin then shows its estimate.
 */
export interface MachineSamples {
  /** joint values of robot `id` at `tUs` (rad or m) into `out` */
  robotJoints?(id: string, tUs: number, out: Float64Array): boolean;
  /** CNC channels of machine `id` at `tUs` into `out` (x, y, z m; spindle angle rad; rpm; door 0…1) */
  cncChannels?(id: string, tUs: number, out: Float32Array): boolean;
}

const SPINDLE_RPM = 8000;
/** door travel per simulated second (fully open in 2 s) */
const DOOR_RATE = 0.5;

/**
 * Samples the running simulation into frames: state codes, joints, CNC channels, members, parts.
 * Everything is written into arrays made once per run; parts get small numeric ids that live as long
 * as the part is in the system, so the viewer can interpolate each part between frames.
 *
 * In physics fidelity every part with a rigid body is placed where the physics world has it (centre
 * and rotation, from `sim.physics.partPoses()`), and frames carry rotations; parts without a body
 * (in racks, at stations) keep the analytic placement with the identity rotation.
 */
export class FrameSampler {
  readonly data: FrameData;
  readonly states: number[];
  /** per part serial: frame id, sequence of the frame that last had it, product index */
  private readonly partIds = new Map<string, { id: number; seen: number; product: number }>();
  /** physics poses of this sample by part serial (refilled, not reallocated) */
  private readonly poses = new Map<string, PartPose>();
  private nextPartId = 1;
  private seq = 0;
  private readonly productIndex = new Map<string, number>();
  private readonly productHeight: number[];
  private readonly q: Float64Array[];
  private readonly door: Float32Array;
  private readonly cncScratch = new Float32Array(CNC_CHANNELS);
  private lastT = -1;
  private readonly xy: Vec2 = [0, 0];

  constructor(
    private readonly sim: Simulation,
    private readonly layout: Layout,
    private readonly plan: Floorplan,
    private readonly motion: MemberMotion,
    private readonly samples: MachineSamples = {},
  ) {
    this.data = createFrameData(layout, 128);
    this.data.rotations = sim.physics !== null;
    this.states = new Array<number>(layout.stateCount).fill(0);
    layout.products.forEach((p, i) => {
      this.productIndex.set(p.id, i);
    });
    this.productHeight = layout.products.map((p) => p.size[2]);
    this.q = layout.robots.map((r) => new Float64Array(r.joints.length));
    this.door = new Float32Array(layout.cncChannelCount / CNC_CHANNELS).fill(1);
  }

  /** Fills `data` and `states` for simulation time `tUs`. */
  sample(tUs: number, speed: number, paused: boolean): void {
    const d = this.data;
    d.seq = ++this.seq;
    d.tUs = tUs;
    d.speed = speed;
    d.paused = paused;
    const dtS = this.lastT < 0 ? 0 : Math.max(0, (tUs - this.lastT) / 1e6);
    this.lastT = tUs;
    this.sampleStates();
    const carrying = this.sampleMembers(tUs);
    this.sampleCnc(tUs, dtS);
    this.sampleParts(tUs, carrying);
  }

  /** The binary block of the last sample (a fresh buffer: sockets may still hold the previous one). */
  encode(): Uint8Array {
    const d = this.data;
    const out = new Uint8Array(frameByteLength(this.layout, d.partCount, d.rotations));
    return encodeFrame(d, this.layout, out);
  }

  /** The frame id of a part serial while the part is in the frames, else undefined. */
  partId(serial: string): number | undefined {
    return this.partIds.get(serial)?.id;
  }

  /**
   * The physics world's poses by serial, sampled once per frame. Physics time is on its fixed step grid
   * at or slightly behind the simulation's time (it steps only up to the next kernel event, and not at
   * all while every body rests), so a moving part is shown within one step (20 ms) of travel of where
   * it is at `tUs`: 5 mm on a 0.25 m/s belt, less than a frame's motion.
   */
  private samplePoses(): Map<string, PartPose> {
    const poses = this.poses;
    poses.clear();
    const physics = this.sim.physics;
    if (physics === null) return poses;
    for (const p of physics.partPoses()) poses.set(p.part, p);
    return poses;
  }

  private sampleStates(): void {
    const st = this.sim.state;
    for (const e of this.layout.entities) {
      let name: string;
      if (e.kind === "station") name = st.stations.get(e.id)!.state;
      else if (e.kind === "conveyor") name = st.conveyors.get(e.id)!.state;
      else if (e.kind === "source") name = st.sources.get(e.id)!.state;
      else if (e.kind === "buffer") {
        const n = st.buffers.get(e.id)!.queue.length;
        name = n === 0 ? "starved" : e.capacity != null && n >= e.capacity ? "blocked" : "busy";
      } else name = "busy";
      this.states[e.stateIndex] = stateCode(name);
    }
    const base = this.layout.entities.length;
    for (const tr of this.motion.tracks) this.states[base + tr.index] = this.motion.stateCode(tr);
  }

  /** Returns, per robot index, the station whose part the robot holds (or null). */
  private carryingBuf: (string | null)[] = [];
  private sampleMembers(tUs: number): (string | null)[] {
    const d = this.data;
    const carrying = this.carryingBuf;
    carrying.length = this.layout.robots.length;
    for (const tr of this.motion.tracks) {
      this.motion.position(tr, tUs, this.xy);
      d.members[tr.index * 3] = this.xy[0];
      d.members[tr.index * 3 + 1] = this.xy[1];
      d.members[tr.index * 3 + 2] = tr.heading;
    }
    this.layout.robots.forEach((r, i) => {
      const q = this.q[i]!;
      const tr = this.motion.tracks[r.memberIndex] as MemberTrack;
      let holds: string | null = null;
      if (!(this.samples.robotJoints?.(r.id, tUs, q) ?? false)) {
        holds = this.motion.robotJoints(tr, tUs, q) ? tr.station : null;
      }
      carrying[i] = holds;
      for (let j = 0; j < q.length; j++) d.joints[r.jointOffset + j] = q[j]!;
    });
    return carrying;
  }

  private sampleCnc(tUs: number, dtS: number): void {
    const d = this.data;
    let k = 0;
    for (const e of this.layout.entities) {
      if (e.cnc === undefined) continue;
      const o = e.cnc.offset;
      const st = this.sim.state.stations.get(e.id)!;
      let doorTarget: number;
      if (this.samples.cncChannels?.(e.id, tUs, this.cncScratch) ?? false) {
        d.cnc.set(this.cncScratch, o);
        doorTarget = this.cncScratch[5]!;
      } else {
        const cutting = st.phase === "processing" && st.down === null && !st.timerPaused;
        const p = cutting ? (tUs - st.phaseStartT) / 1e6 : 0;
        const [tx, ty, tz] = e.cnc.travel;
        const mid = (r: Vec2) => (r[0] + r[1]) / 2;
        const amp = (r: Vec2) => (r[1] - r[0]) * 0.35;
        // a pocketing pattern over the part while cutting, parked at the tool-change height otherwise
        d.cnc[o] = cutting ? mid(tx) + amp(tx) * Math.sin((2 * Math.PI * p) / 20) : mid(tx);
        d.cnc[o + 1] = cutting ? mid(ty) + amp(ty) * Math.sin((2 * Math.PI * p) / 13) : mid(ty);
        d.cnc[o + 2] = cutting ? tz[0] + 0.04 + 0.03 * (0.5 + 0.5 * Math.sin((2 * Math.PI * p) / 7)) : tz[1];
        d.cnc[o + 3] = cutting ? (((SPINDLE_RPM / 60) * p) % 1) * 2 * Math.PI : 0;
        d.cnc[o + 4] = cutting ? SPINDLE_RPM : 0;
        doorTarget = st.phase === "processing" ? 0 : 1;
      }
      const door = this.door[k]!;
      const step = DOOR_RATE * dtS;
      this.door[k] =
        doorTarget > door ? Math.min(doorTarget, door + step) : Math.max(doorTarget, door - step);
      d.cnc[o + 5] = this.door[k]!;
      k++;
    }
  }

  private sampleParts(tUs: number, carrying: (string | null)[]): void {
    const st = this.sim.state;
    const d = this.data;
    const poses = this.samplePoses();
    ensurePartCapacity(d, st.parts.size + poses.size);
    let n = 0;
    const seq = this.seq;
    const record = (serial: string, product: number) => {
      let rec = this.partIds.get(serial);
      if (rec === undefined) {
        rec = { id: this.nextPartId++, seen: seq, product };
        if (this.nextPartId > 0xffffffff) this.nextPartId = 1;
        this.partIds.set(serial, rec);
      }
      rec.seen = seq;
      rec.product = product;
      d.partIds[n] = rec.id;
      d.partProduct[n] = product;
    };
    const placePose = (pose: PartPose) => {
      d.partAttach[n] = -1;
      d.partPos.set(pose.position, n * 3);
      d.partRot.set(pose.rotation, n * 4);
    };
    const put = (serial: string, x: number, y: number, z: number, attach: number) => {
      const part = st.parts.get(serial);
      if (part === undefined) return;
      const pi = this.productIndex.get(part.product) ?? 0;
      record(serial, pi);
      const pose = poses.get(serial);
      if (pose !== undefined) {
        placePose(pose);
        poses.delete(serial);
      } else {
        const h = this.productHeight[pi] ?? 0.05;
        d.partAttach[n] = attach;
        d.partPos[n * 3] = x;
        d.partPos[n * 3 + 1] = y;
        d.partPos[n * 3 + 2] = z + h / 2;
        d.partRot[n * 4] = 0;
        d.partRot[n * 4 + 1] = 0;
        d.partRot[n * 4 + 2] = 0;
        d.partRot[n * 4 + 3] = 1;
      }
      n++;
    };
    for (const src of st.sources.values()) {
      if (src.held === null) continue;
      const it = this.plan.items.get(src.id)!;
      put(src.held, it.position[0], it.position[1], it.workZ, -1);
    }
    for (const b of st.buffers.values()) {
      const it = this.plan.items.get(b.id)!;
      for (let i = 0; i < b.queue.length; i++) {
        // a rack of 4 × 3 places per shelf, shelves 0.3 m apart
        const col = i % 4;
        const row = Math.floor(i / 4) % 3;
        const shelf = Math.floor(i / 12);
        const x = it.position[0] + (col - 1.5) * (it.size[0] / 4);
        const y = it.position[1] + (row - 1) * (it.size[1] / 3);
        put(b.queue[i]!, x, y, it.workZ + shelf * 0.3, -1);
      }
    }
    for (const c of st.conveyors.values()) {
      const cv = this.plan.conveyors.get(c.id)!;
      const halted = c.stopped || c.down;
      for (let i = 0; i < c.items.length; i++) {
        const item = c.items[i]!;
        // the line model's own formula (sim/line/conveyor.ts itemPosition): free travel, queued at the head
        const free = item.pos0 + (halted ? 0 : c.speed * ((tUs - item.t0) / 1e6));
        const s = Math.min(free, cv.length - i * cv.pitch);
        alongConveyor(cv, s, this.xy);
        put(item.part, this.xy[0], this.xy[1], CONVEYOR_Z, -1);
      }
    }
    for (const s of st.stations.values()) {
      if (s.part === null) continue;
      const robot = carrying.indexOf(s.id);
      if (robot >= 0) {
        put(s.part, 0, 0, 0, robot);
        continue;
      }
      const it = this.plan.items.get(s.id)!;
      put(s.part, it.position[0], it.position[1], it.workZ, -1);
    }
    // bodies the line no longer holds: parts that left a belt's open end and slide down the chute into
    // the bin (already counted at the sink). Their product is the one they had on the belt.
    for (const [serial, pose] of poses) {
      const rec = this.partIds.get(serial);
      if (rec === undefined) continue;
      record(serial, rec.product);
      placePose(pose);
      n++;
    }
    d.partCount = n;
    for (const [serial, rec] of this.partIds) if (rec.seen !== seq) this.partIds.delete(serial);
  }
}
