import type { SimEvent } from "./events";

/**
 * An incremental 53-bit hash of an event log (two 32-bit multiply-xor lanes over each event's JSON,
 * mixed at the end, in the manner of cyrb53), to check runs are bit-identical without keeping the log.
 * Not cryptographic: it detects divergence, it does not resist tampering.
 */
export class EventLogHash {
  private h1 = 0xdeadbeef;
  private h2 = 0x41c6ce57;
  private n = 0;

  add(events: readonly SimEvent[]): void {
    let h1 = this.h1;
    let h2 = this.h2;
    for (const ev of events) {
      const s = JSON.stringify(ev);
      for (let i = 0; i < s.length; i++) {
        const c = s.charCodeAt(i);
        h1 = Math.imul(h1 ^ c, 2654435761);
        h2 = Math.imul(h2 ^ c, 1597334677);
      }
      // separate events, so ["ab","c"] and ["a","bc"] differ
      h1 = Math.imul(h1 ^ 0x1e, 2654435761);
      h2 = Math.imul(h2 ^ 0x1e, 1597334677);
      this.n++;
    }
    this.h1 = h1;
    this.h2 = h2;
  }

  /** counts events without hashing them */
  count(events: readonly SimEvent[]): void {
    this.n += events.length;
  }

  get events(): number {
    return this.n;
  }

  /** 14 hex digits */
  digest(): string {
    let h1 = this.h1;
    let h2 = this.h2;
    h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507);
    h1 ^= Math.imul(h2 ^ (h2 >>> 13), 3266489909);
    h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507);
    h2 ^= Math.imul(h1 ^ (h1 >>> 13), 3266489909);
    const v = 4294967296 * (2097151 & h2) + (h1 >>> 0);
    return v.toString(16).padStart(14, "0");
  }
}
