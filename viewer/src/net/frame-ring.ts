import {
  createFrameData,
  decodeFrame,
  ensurePartCapacity,
  type FrameData,
  type FrameShape,
} from "../../../protocol/index";

const SLOTS = 4;

/**
 * The last few frames, and what the scene shows between them. The view runs a little behind the newest
 * frame (by `delayFrames` frame intervals of simulated time) so there is nearly always a frame on each
 * side to interpolate between; everything is written into preallocated arrays, so the render loop
 * allocates nothing.
 */
export class FrameRing {
  private readonly slots: FrameData[];
  private readonly recvMs = new Float64Array(SLOTS);
  private count = 0;
  private newest = -1;
  /** the interpolated state the scene reads */
  readonly view: FrameData;
  /** simulated time shown, µs */
  viewUs = 0;
  /** frames received and refused (wrong shape) */
  received = 0;
  rejected = 0;
  /** mean interval between frames, ms (exponential average) */
  intervalMs = 33;
  private viewStampMs = -1;

  constructor(readonly shape: FrameShape) {
    this.slots = Array.from({ length: SLOTS }, () => createFrameData(shape, 64));
    this.view = createFrameData(shape, 64);
  }

  /** Decodes a received block into the oldest slot; returns the reason when it does not fit. */
  push(bytes: ArrayBuffer | Uint8Array, nowMs: number): string | null {
    const i = (this.newest + 1) % SLOTS;
    const why = decodeFrame(bytes, this.shape, this.slots[i]!);
    if (why !== null) {
      this.rejected++;
      return why;
    }
    if (this.newest >= 0) {
      const dt = nowMs - this.recvMs[this.newest]!;
      if (dt > 0 && dt < 1000) this.intervalMs = this.intervalMs * 0.9 + dt * 0.1;
    }
    this.recvMs[i] = nowMs;
    this.newest = i;
    this.count = Math.min(SLOTS, this.count + 1);
    this.received++;
    return null;
  }

  get latest(): FrameData | null {
    return this.newest < 0 ? null : this.slots[this.newest]!;
  }

  /**
   * Updates `view` for wall time `nowMs` (once per rendered frame; repeated calls with the same time are
   * free). Returns false before the first frame.
   */
  update(nowMs: number, delayFrames = 1.5): boolean {
    if (this.newest < 0) return false;
    if (nowMs === this.viewStampMs) return true;
    this.viewStampMs = nowMs;
    const last = this.slots[this.newest]!;
    const speed = last.paused ? 0 : last.speed;
    // simulated time now, estimated from the newest frame, minus the play-out delay
    const since = Math.min(nowMs - this.recvMs[this.newest]!, 250);
    const target = last.tUs + (since - delayFrames * this.intervalMs) * 1000 * speed;
    let a: FrameData = last;
    let b: FrameData = last;
    for (let k = 0; k < this.count; k++) {
      const f = this.slots[(this.newest - k + SLOTS) % SLOTS]!;
      if (f.tUs <= target) {
        a = f;
        break;
      }
      b = f;
      a = f;
    }
    const span = b.tUs - a.tUs;
    const f = span > 0 ? Math.min(1, Math.max(0, (target - a.tUs) / span)) : 1;
    this.viewUs = a.tUs + span * f;
    lerpFrame(a, b, f, this.view);
    return true;
  }
}

/**
 * out = a + (b − a)·f for every channel; parts matched by id (a part only in b is shown where b has it),
 * their rotations by normalised lerp along the shorter arc.
 */
export function lerpFrame(a: FrameData, b: FrameData, f: number, out: FrameData): void {
  out.seq = b.seq;
  out.rotations = b.rotations;
  out.tUs = a.tUs + (b.tUs - a.tUs) * f;
  out.speed = b.speed;
  out.paused = b.paused;
  lerpArray(a.joints, b.joints, f, out.joints);
  lerpArray(a.cnc, b.cnc, f, out.cnc);
  const m = out.members;
  for (let i = 0; i < m.length; i += 3) {
    m[i] = a.members[i]! + (b.members[i]! - a.members[i]!) * f;
    m[i + 1] = a.members[i + 1]! + (b.members[i + 1]! - a.members[i + 1]!) * f;
    m[i + 2] = lerpAngle(a.members[i + 2]!, b.members[i + 2]!, f);
  }
  ensurePartCapacity(out, b.partCount);
  out.partCount = b.partCount;
  for (let i = 0; i < b.partCount; i++) {
    const id = b.partIds[i]!;
    out.partIds[i] = id;
    out.partProduct[i] = b.partProduct[i]!;
    out.partAttach[i] = b.partAttach[i]!;
    let j = -1;
    // ids keep their order between frames, so the match is usually at the same index
    if (i < a.partCount && a.partIds[i] === id) j = i;
    else for (let k = 0; k < a.partCount; k++) if (a.partIds[k] === id) j = k;
    const o = i * 3;
    if (j < 0 || a.partAttach[j] !== b.partAttach[i]) {
      out.partPos[o] = b.partPos[o]!;
      out.partPos[o + 1] = b.partPos[o + 1]!;
      out.partPos[o + 2] = b.partPos[o + 2]!;
      copyQuat(b.partRot, i * 4, out.partRot, i * 4);
    } else {
      const p = j * 3;
      out.partPos[o] = a.partPos[p]! + (b.partPos[o]! - a.partPos[p]!) * f;
      out.partPos[o + 1] = a.partPos[p + 1]! + (b.partPos[o + 1]! - a.partPos[p + 1]!) * f;
      out.partPos[o + 2] = a.partPos[p + 2]! + (b.partPos[o + 2]! - a.partPos[p + 2]!) * f;
      nlerpQuat(a.partRot, j * 4, b.partRot, i * 4, f, out.partRot, i * 4);
    }
  }
}

/**
 * out[ko..ko+3] = normalise(qa + (±qb − qa)·f), the sign of qb chosen so the turn takes the shorter arc
 * (q and −q are the same rotation). Between frames 33 ms apart the angle is small, where nlerp and
 * slerp differ by far less than a pixel; nlerp needs no trigonometry in the render loop.
 */
export function nlerpQuat(
  qa: Float32Array,
  ka: number,
  qb: Float32Array,
  kb: number,
  f: number,
  out: Float32Array,
  ko: number,
): void {
  const ax = qa[ka]!;
  const ay = qa[ka + 1]!;
  const az = qa[ka + 2]!;
  const aw = qa[ka + 3]!;
  const s = ax * qb[kb]! + ay * qb[kb + 1]! + az * qb[kb + 2]! + aw * qb[kb + 3]! < 0 ? -1 : 1;
  const x = ax + (s * qb[kb]! - ax) * f;
  const y = ay + (s * qb[kb + 1]! - ay) * f;
  const z = az + (s * qb[kb + 2]! - az) * f;
  const w = aw + (s * qb[kb + 3]! - aw) * f;
  // with the shorter arc, unit quaternions give |q| ≥ cos 45°; only zero (unset) ones come near 0
  const len = Math.hypot(x, y, z, w);
  if (len < 1e-6) {
    copyQuat(qb, kb, out, ko);
    return;
  }
  out[ko] = x / len;
  out[ko + 1] = y / len;
  out[ko + 2] = z / len;
  out[ko + 3] = w / len;
}

function copyQuat(q: Float32Array, k: number, out: Float32Array, ko: number): void {
  out[ko] = q[k]!;
  out[ko + 1] = q[k + 1]!;
  out[ko + 2] = q[k + 2]!;
  out[ko + 3] = q[k + 3]!;
}

function lerpArray(a: Float32Array, b: Float32Array, f: number, out: Float32Array): void {
  for (let i = 0; i < out.length; i++) out[i] = a[i]! + (b[i]! - a[i]!) * f;
}

function lerpAngle(a: number, b: number, f: number): number {
  let d = b - a;
  while (d > Math.PI) d -= 2 * Math.PI;
  while (d < -Math.PI) d += 2 * Math.PI;
  return a + d * f;
}
