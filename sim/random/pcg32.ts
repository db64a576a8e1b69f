/**
 * PCG32 (PCG-XSH-RR 64/32, O'Neill 2014): a small, fast, statistically strong generator whose whole
 * state is two 64-bit integers, so a stream can be snapshotted as two bigints... but bigint arithmetic
 * is slow, so the 64-bit state is kept as four 16-bit limbs in plain numbers instead.
 */

// multiplier 6364136223846793005 as 16-bit limbs, least significant first
const M0 = 0x7f2d;
const M1 = 0x4c95;
const M2 = 0xf42d;
const M3 = 0x5851;

export interface Pcg32State {
  /** 64-bit state as four 16-bit limbs, least significant first */
  s: [number, number, number, number];
  /** 64-bit odd increment as four 16-bit limbs */
  inc: [number, number, number, number];
}

export class Pcg32 {
  private s0 = 0;
  private s1 = 0;
  private s2 = 0;
  private s3 = 0;
  private i0 = 0;
  private i1 = 0;
  private i2 = 0;
  private i3 = 0;

  /** Seeds like the reference `pcg32_srandom_r(initstate, initseq)`, each given as a 64-bit bigint. */
  constructor(initState: bigint, initSeq: bigint) {
    const inc = ((initSeq << 1n) | 1n) & 0xffffffffffffffffn;
    this.i0 = Number(inc & 0xffffn);
    this.i1 = Number((inc >> 16n) & 0xffffn);
    this.i2 = Number((inc >> 32n) & 0xffffn);
    this.i3 = Number((inc >> 48n) & 0xffffn);
    this.step();
    const st = initState & 0xffffffffffffffffn;
    this.add(
      Number(st & 0xffffn),
      Number((st >> 16n) & 0xffffn),
      Number((st >> 32n) & 0xffffn),
      Number((st >> 48n) & 0xffffn),
    );
    this.step();
  }

  /** A uniformly distributed unsigned 32-bit integer. */
  nextU32(): number {
    // output function XSH RR on the old state
    const s0 = this.s0;
    const s1 = this.s1;
    const s2 = this.s2;
    const s3 = this.s3;
    this.step();
    // xorshifted = ((old >> 18) ^ old) >> 27, truncated to 32 bits
    // compute x = old ^ (old >> 18) as limbs
    const _x0 = s0 ^ (((s1 >>> 2) | (s2 << 14)) & 0xffff);
    const x1 = s1 ^ (((s2 >>> 2) | (s3 << 14)) & 0xffff);
    const x2 = s2 ^ ((s3 >>> 2) & 0xffff);
    const x3 = s3;
    // (x >> 27) low 32 bits: bits 27..58
    const lo = ((x1 >>> 11) | (x2 << 5) | (x3 << 21)) >>> 0;
    const rot = s3 >>> 11; // old >> 59
    return ((lo >>> rot) | (lo << ((32 - rot) & 31))) >>> 0;
  }

  /** A uniformly distributed double in [0, 1) with 53 random bits. */
  nextFloat(): number {
    const hi = this.nextU32() >>> 5; // 27 bits
    const lo = this.nextU32() >>> 6; // 26 bits
    return (hi * 67108864 + lo) / 9007199254740992;
  }

  snapshot(): Pcg32State {
    return { s: [this.s0, this.s1, this.s2, this.s3], inc: [this.i0, this.i1, this.i2, this.i3] };
  }

  restore(state: Pcg32State): void {
    [this.s0, this.s1, this.s2, this.s3] = state.s;
    [this.i0, this.i1, this.i2, this.i3] = state.inc;
  }

  /** state = state * M + inc (mod 2^64), with 16-bit limbs so every product stays below 2^53 */
  private step(): void {
    const a0 = this.s0;
    const a1 = this.s1;
    const a2 = this.s2;
    const a3 = this.s3;
    let c = a0 * M0 + this.i0;
    const r0 = c & 0xffff;
    c = Math.floor(c / 65536) + a0 * M1 + a1 * M0 + this.i1;
    const r1 = c & 0xffff;
    c = Math.floor(c / 65536) + a0 * M2 + a1 * M1 + a2 * M0 + this.i2;
    const r2 = c & 0xffff;
    c = Math.floor(c / 65536) + a0 * M3 + a1 * M2 + a2 * M1 + a3 * M0 + this.i3;
    const r3 = c & 0xffff;
    this.s0 = r0;
    this.s1 = r1;
    this.s2 = r2;
    this.s3 = r3;
  }

  private add(b0: number, b1: number, b2: number, b3: number): void {
    let c = this.s0 + b0;
    this.s0 = c & 0xffff;
    c = (c >>> 16) + this.s1 + b1;
    this.s1 = c & 0xffff;
    c = (c >>> 16) + this.s2 + b2;
    this.s2 = c & 0xffff;
    c = (c >>> 16) + this.s3 + b3;
    this.s3 = c & 0xffff;
  }
}
