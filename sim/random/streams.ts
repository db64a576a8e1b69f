import { Pcg32, type Pcg32State } from "./pcg32";

const MASK64 = 0xffffffffffffffffn;

/** SplitMix64 finaliser: spreads one 64-bit value over all bits. */
function mix64(z: bigint): bigint {
  let x = (z + 0x9e3779b97f4a7c15n) & MASK64;
  x = ((x ^ (x >> 30n)) * 0xbf58476d1ce4e5b9n) & MASK64;
  x = ((x ^ (x >> 27n)) * 0x94d049bb133111ebn) & MASK64;
  return x ^ (x >> 31n);
}

/** FNV-1a 64 over the UTF-16 code units of a name, then mixed. */
function hashName(name: string): bigint {
  let h = 0xcbf29ce484222325n;
  for (let i = 0; i < name.length; i++) {
    h ^= BigInt(name.charCodeAt(i));
    h = (h * 0x100000001b3n) & MASK64;
  }
  return mix64(h);
}

/**
 * A generator for one named stream of one run. Its seed depends only on the run seed and the stream's
 * name (`"cnc-1/failures"`), so adding an entity never shifts another entity's numbers: A/B runs with
 * one seed share their random numbers where the entities are the same (common random numbers).
 */
export function streamFor(runSeed: number, name: string): Pcg32 {
  const seed = mix64(BigInt.asUintN(64, BigInt(runSeed)));
  const h = hashName(name);
  return new Pcg32(mix64(seed ^ h), mix64(h + seed * 3n));
}

/** The random streams of one run, created on first use, snapshottable as plain data. */
export class RandomStreams {
  private readonly streams = new Map<string, Pcg32>();

  constructor(readonly runSeed: number) {}

  get(name: string): Pcg32 {
    let s = this.streams.get(name);
    if (s === undefined) {
      s = streamFor(this.runSeed, name);
      this.streams.set(name, s);
    }
    return s;
  }

  snapshot(): Record<string, Pcg32State> {
    const out: Record<string, Pcg32State> = {};
    for (const [name, s] of this.streams) out[name] = s.snapshot();
    return out;
  }

  restore(state: Record<string, Pcg32State>): void {
    this.streams.clear();
    for (const [name, st] of Object.entries(state)) {
      const s = streamFor(this.runSeed, name);
      s.restore(st);
      this.streams.set(name, s);
    }
  }
}
