/**
 * Frames: the moving parts of the twin as one little-endian binary block plus a tiny JSON array of
 * state codes. Encoding and decoding live here so the server and the viewer cannot disagree.
 *
 * Binary block (format 2):
 *   0  u8  format       1  u8 flags (bit 0: paused, bit 1: part records carry a rotation)   2 u16 reserved
 *   4  u32 seq          8  f64 simulation time, µs    16 f32 speed factor   20 u32 part count
 *   24 f32 joints[layout.jointCount]            rad or m
 *      f32 cnc[layout.cncChannelCount]          see CNC_CHANNELS
 *      f32 members[layout.memberCount × 3]      x, y (m), heading (rad)
 *      parts × 20 bytes: u32 id, u16 product index, i16 attach (−1 floor, else robot index), f32 x, y, z (m)
 *        with flag bit 1, 28 bytes: the same, then i16 qx, qy, qz, qw (unit quaternion × 32767)
 *
 * Rotations are sent only by twins that have them (physics fidelity: parts are rigid bodies that tumble
 * and turn), so flow frames stay 20 bytes a part. Four i16 keep the angle within ~1e-4 rad for 8 bytes
 * instead of 16.
 */

export const FRAME_HEADER_BYTES = 24;
/** bytes per part record without rotation */
export const PART_RECORD_BYTES = 20;
/** bytes per part record with rotation (flag bit 1) */
export const POSED_PART_RECORD_BYTES = 28;
export const FRAME_FORMAT = 2;
const FLAG_PAUSED = 1;
const FLAG_ROTATIONS = 2;
/** scale of a quaternion component in an i16 */
const Q_SCALE = 32767;

/** The JSON envelope of a frame. */
export interface FrameMessage {
  /** protocol version */
  v: number;
  /** run the frame belongs to (`Layout.runId`) */
  r: string;
  /** binary block */
  b: ArrayBuffer | Uint8Array;
  /** state code per entity, then per member (see `Layout.stateCount`) */
  s: number[];
}

/** Sizes a frame is decoded against, from the layout. */
export interface FrameShape {
  jointCount: number;
  cncChannelCount: number;
  memberCount: number;
}

/** A decoded frame in preallocated arrays: decode into the same object again and again. */
export interface FrameData {
  seq: number;
  /** simulation time, µs */
  tUs: number;
  /** × real time */
  speed: number;
  paused: boolean;
  joints: Float32Array;
  cnc: Float32Array;
  /** x, y, heading per member */
  members: Float32Array;
  partCount: number;
  partIds: Uint32Array;
  partProduct: Uint16Array;
  partAttach: Int16Array;
  /** x, y, z per part, m: the part's centre */
  partPos: Float32Array;
  /** whether part records carry rotations (physics fidelity); without, `partRot` holds identities */
  rotations: boolean;
  /** x, y, z, w per part: unit quaternion of the part's body in world axes */
  partRot: Float32Array;
}

export function createFrameData(shape: FrameShape, partCapacity = 256): FrameData {
  return {
    seq: 0,
    tUs: 0,
    speed: 1,
    paused: false,
    joints: new Float32Array(shape.jointCount),
    cnc: new Float32Array(shape.cncChannelCount),
    members: new Float32Array(shape.memberCount * 3),
    partCount: 0,
    partIds: new Uint32Array(partCapacity),
    partProduct: new Uint16Array(partCapacity),
    partAttach: new Int16Array(partCapacity),
    partPos: new Float32Array(partCapacity * 3),
    rotations: false,
    partRot: new Float32Array(partCapacity * 4),
  };
}

/** Makes room for `n` parts, keeping what is there (allocates only when it grows). */
export function ensurePartCapacity(f: FrameData, n: number): void {
  if (f.partIds.length >= n) return;
  const cap = Math.max(n, f.partIds.length * 2);
  const ids = new Uint32Array(cap);
  ids.set(f.partIds);
  const prod = new Uint16Array(cap);
  prod.set(f.partProduct);
  const att = new Int16Array(cap);
  att.set(f.partAttach);
  const pos = new Float32Array(cap * 3);
  pos.set(f.partPos);
  const rot = new Float32Array(cap * 4);
  rot.set(f.partRot);
  f.partIds = ids;
  f.partProduct = prod;
  f.partAttach = att;
  f.partPos = pos;
  f.partRot = rot;
}

/** Bytes of the binary block for this shape and part count, with or without part rotations. */
export function frameByteLength(shape: FrameShape, partCount: number, rotations = false): number {
  return (
    FRAME_HEADER_BYTES +
    4 * (shape.jointCount + shape.cncChannelCount + shape.memberCount * 3) +
    (rotations ? POSED_PART_RECORD_BYTES : PART_RECORD_BYTES) * partCount
  );
}

/**
 * Writes `f` into `out` (exactly `frameByteLength(shape, f.partCount, f.rotations)` bytes long); returns
 * `out`. Rotations are normalised, and turned to w ≥ 0 (q and −q are the same rotation).
 */
export function encodeFrame(f: FrameData, shape: FrameShape, out: Uint8Array): Uint8Array {
  const need = frameByteLength(shape, f.partCount, f.rotations);
  if (out.byteLength !== need) throw new Error(`frame buffer is ${out.byteLength} bytes, needs ${need}`);
  const dv = new DataView(out.buffer, out.byteOffset, out.byteLength);
  dv.setUint8(0, FRAME_FORMAT);
  dv.setUint8(1, (f.paused ? FLAG_PAUSED : 0) | (f.rotations ? FLAG_ROTATIONS : 0));
  dv.setUint16(2, 0, true);
  dv.setUint32(4, f.seq >>> 0, true);
  dv.setFloat64(8, f.tUs, true);
  dv.setFloat32(16, f.speed, true);
  dv.setUint32(20, f.partCount, true);
  let o = FRAME_HEADER_BYTES;
  o = writeFloats(dv, o, f.joints, shape.jointCount);
  o = writeFloats(dv, o, f.cnc, shape.cncChannelCount);
  o = writeFloats(dv, o, f.members, shape.memberCount * 3);
  for (let i = 0; i < f.partCount; i++) {
    dv.setUint32(o, f.partIds[i]!, true);
    dv.setUint16(o + 4, f.partProduct[i]!, true);
    dv.setInt16(o + 6, f.partAttach[i]!, true);
    dv.setFloat32(o + 8, f.partPos[i * 3]!, true);
    dv.setFloat32(o + 12, f.partPos[i * 3 + 1]!, true);
    dv.setFloat32(o + 16, f.partPos[i * 3 + 2]!, true);
    o += PART_RECORD_BYTES;
    if (f.rotations) {
      writeQuat(dv, o, f.partRot, i * 4);
      o += POSED_PART_RECORD_BYTES - PART_RECORD_BYTES;
    }
  }
  return out;
}

/**
 * Reads a binary block into `out`. Returns null on success, or why the block does not fit the shape
 * (another format version, a truncated block); `out` is then left as it was.
 */
export function decodeFrame(
  bytes: ArrayBuffer | Uint8Array,
  shape: FrameShape,
  out: FrameData,
): string | null {
  const u8 = bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes);
  if (u8.byteLength < FRAME_HEADER_BYTES) return `frame of ${u8.byteLength} bytes is shorter than its header`;
  const dv = new DataView(u8.buffer, u8.byteOffset, u8.byteLength);
  const format = dv.getUint8(0);
  if (format !== FRAME_FORMAT) return `frame format ${format}, expected ${FRAME_FORMAT}`;
  const flags = dv.getUint8(1);
  const rotations = (flags & FLAG_ROTATIONS) !== 0;
  const parts = dv.getUint32(20, true);
  const need = frameByteLength(shape, parts, rotations);
  if (u8.byteLength !== need) return `frame of ${u8.byteLength} bytes, expected ${need} for this layout`;
  out.paused = (flags & FLAG_PAUSED) !== 0;
  out.rotations = rotations;
  out.seq = dv.getUint32(4, true);
  out.tUs = dv.getFloat64(8, true);
  out.speed = dv.getFloat32(16, true);
  let o = FRAME_HEADER_BYTES;
  o = readFloats(dv, o, out.joints, shape.jointCount);
  o = readFloats(dv, o, out.cnc, shape.cncChannelCount);
  o = readFloats(dv, o, out.members, shape.memberCount * 3);
  ensurePartCapacity(out, parts);
  out.partCount = parts;
  for (let i = 0; i < parts; i++) {
    out.partIds[i] = dv.getUint32(o, true);
    out.partProduct[i] = dv.getUint16(o + 4, true);
    out.partAttach[i] = dv.getInt16(o + 6, true);
    out.partPos[i * 3] = dv.getFloat32(o + 8, true);
    out.partPos[i * 3 + 1] = dv.getFloat32(o + 12, true);
    out.partPos[i * 3 + 2] = dv.getFloat32(o + 16, true);
    o += PART_RECORD_BYTES;
    const r = i * 4;
    if (rotations) {
      for (let k = 0; k < 4; k++) out.partRot[r + k] = dv.getInt16(o + 2 * k, true) / Q_SCALE;
      o += POSED_PART_RECORD_BYTES - PART_RECORD_BYTES;
    } else {
      out.partRot[r] = 0;
      out.partRot[r + 1] = 0;
      out.partRot[r + 2] = 0;
      out.partRot[r + 3] = 1;
    }
  }
  return null;
}

/** Writes quaternion `q[k..k+3]` (x, y, z, w) as four i16, normalised and with w ≥ 0. */
function writeQuat(dv: DataView, o: number, q: Float32Array, k: number): void {
  const x = q[k]!;
  const y = q[k + 1]!;
  const z = q[k + 2]!;
  const w = q[k + 3]!;
  const len = Math.hypot(x, y, z, w);
  // a zero quaternion (never set) is sent as the identity rather than as garbage
  const s = len > 0 ? (w < 0 ? -Q_SCALE : Q_SCALE) / len : 0;
  dv.setInt16(o, Math.round(x * s), true);
  dv.setInt16(o + 2, Math.round(y * s), true);
  dv.setInt16(o + 4, Math.round(z * s), true);
  dv.setInt16(o + 6, len > 0 ? Math.round(w * s) : Q_SCALE, true);
}

function writeFloats(dv: DataView, o: number, a: Float32Array, n: number): number {
  for (let i = 0; i < n; i++) dv.setFloat32(o + 4 * i, a[i] ?? 0, true);
  return o + 4 * n;
}

function readFloats(dv: DataView, o: number, a: Float32Array, n: number): number {
  for (let i = 0; i < n; i++) a[i] = dv.getFloat32(o + 4 * i, true);
  return o + 4 * n;
}
