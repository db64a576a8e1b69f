/**
 * Pushes values to OPC UA only when they change, at a bounded rate. A binding reads one value from
 * the simulation and writes it to one node. Bindings of an entity are read again when an event names
 * that entity ("dirty"); sampled bindings (positions, speeds, durations) are read on every flush. An
 * analog value is pushed when it moved more than its absolute deadband since the last pushed value.
 * No node-opcua here: `write` is whatever the builder gives (setValueFromSource, a state machine…).
 */

export type Scalar = number | boolean | string;

/**
 * Quantities with an absolute deadband, in the unit the value is published in: positionMm mm,
 * angleDeg °, speed m/s, angularSpeed °/s, rpm r/min, percent %, rate (feed mm/min, tool life, parts/min),
 * count (integers, 0 = every change).
 */
export type DeadbandKind =
  | "positionMm"
  | "angleDeg"
  | "speed"
  | "angularSpeed"
  | "rpm"
  | "percent"
  | "rate"
  | "count";

export type Deadbands = Record<DeadbandKind, number>;

/** Defaults: what a UI can see, not the model's resolution. */
export const DEFAULT_DEADBANDS: Deadbands = {
  positionMm: 0.01,
  angleDeg: 0.01,
  speed: 0.001,
  angularSpeed: 0.1,
  rpm: 1,
  percent: 0.1,
  rate: 0.01,
  count: 0,
};

export interface Binding {
  /** entity whose events make it stale; null: sampled on every flush */
  entity: string | null;
  read(): Scalar;
  /** `sourceTime` is wall time mapped from simulation time */
  write(value: Scalar, sourceTime: Date): void;
  deadband?: DeadbandKind | undefined;
}

interface Slot {
  b: Binding;
  last: Scalar | undefined;
}

export interface PublisherOptions {
  deadbands: Deadbands;
  /** shortest wall time between two flushes, ms */
  minIntervalMs: number;
  /** wall clock for the rate limit, ms */
  now(): number;
  /** simulation µs → wall time, for sourceTimestamp */
  toWall(tUs: number): Date;
}

export class ValuePublisher {
  private readonly byEntity = new Map<string, Slot[]>();
  private readonly sampled: Slot[] = [];
  /** entity → simulation µs of the last event that named it */
  private readonly dirty = new Map<string, number>();
  private lastFlush = Number.NEGATIVE_INFINITY;
  /** values written so far */
  pushed = 0;

  constructor(private readonly opts: PublisherOptions) {}

  add(b: Binding): void {
    const slot: Slot = { b, last: undefined };
    if (b.entity === null) this.sampled.push(slot);
    else {
      const list = this.byEntity.get(b.entity);
      if (list === undefined) this.byEntity.set(b.entity, [slot]);
      else list.push(slot);
    }
  }

  get size(): number {
    let n = this.sampled.length;
    for (const l of this.byEntity.values()) n += l.length;
    return n;
  }

  /** Notes that `entity` changed at simulation time `tUs` (µs). */
  touch(entity: string, tUs: number): void {
    if (this.byEntity.has(entity)) this.dirty.set(entity, tUs);
  }

  /** Marks every entity stale (first publication, or after a restore). */
  touchAll(tUs: number): void {
    for (const e of this.byEntity.keys()) this.dirty.set(e, tUs);
  }

  get pending(): boolean {
    return this.dirty.size > 0;
  }

  /** Wall ms until a flush is allowed (0 = now). */
  waitMs(): number {
    return Math.max(0, this.lastFlush + this.opts.minIntervalMs - this.opts.now());
  }

  /**
   * Reads stale and sampled bindings and writes those that changed. Skipped (returns -1) when the
   * last flush was less than `minIntervalMs` ago, unless `force`. Returns the number of values written.
   */
  flush(simNowUs: number, force = false): number {
    const wall = this.opts.now();
    if (!force && wall - this.lastFlush < this.opts.minIntervalMs) return -1;
    this.lastFlush = wall;
    let n = 0;
    for (const [entity, t] of this.dirty) {
      const when = this.opts.toWall(t);
      for (const slot of this.byEntity.get(entity)!) if (this.publish(slot, when)) n++;
    }
    this.dirty.clear();
    if (this.sampled.length > 0) {
      const when = this.opts.toWall(simNowUs);
      for (const slot of this.sampled) if (this.publish(slot, when)) n++;
    }
    this.pushed += n;
    return n;
  }

  private publish(slot: Slot, when: Date): boolean {
    const v = slot.b.read();
    const last = slot.last;
    if (last !== undefined) {
      if (typeof v === "number" && typeof last === "number") {
        const band = slot.b.deadband === undefined ? 0 : this.opts.deadbands[slot.b.deadband];
        if (band > 0 ? Math.abs(v - last) <= band : v === last || (Number.isNaN(v) && Number.isNaN(last)))
          return false;
      } else if (v === last) return false;
    }
    slot.last = v;
    slot.b.write(v, when);
    return true;
  }
}
