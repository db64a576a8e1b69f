/**
 * A binary min-heap of scheduled events ordered by (time, sequence number).
 *
 * The sequence number is assigned at insertion, so two events at the same instant always fire in the
 * order they were scheduled: ties never depend on heap layout, which keeps runs bit-identical.
 * Entries are plain data (no closures) so the whole queue can be snapshotted with `structuredClone`.
 */
export interface ScheduledEvent<K extends string = string> {
  /** simulation time, µs */
  readonly t: number;
  /** insertion order, breaks ties deterministically */
  readonly seq: number;
  /** which handler runs the event */
  readonly kind: K;
  /** entity the event belongs to (station id, robot id, …) */
  readonly target: string;
  /** small payload, e.g. a part serial or a generation counter to detect stale events */
  readonly data: number;
}

export interface EventQueueState<K extends string = string> {
  heap: ScheduledEvent<K>[];
  nextSeq: number;
}

export class EventQueue<K extends string = string> {
  private heap: ScheduledEvent<K>[] = [];
  private nextSeq = 0;

  get size(): number {
    return this.heap.length;
  }

  /** Time of the earliest event, µs, or `Infinity` when empty. */
  peekTime(): number {
    return this.heap.length > 0 ? this.heap[0]!.t : Number.POSITIVE_INFINITY;
  }

  push(t: number, kind: K, target: string, data = 0): ScheduledEvent<K> {
    const ev: ScheduledEvent<K> = { t, seq: this.nextSeq++, kind, target, data };
    const heap = this.heap;
    heap.push(ev);
    let i = heap.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const p = heap[parent]!;
      if (!before(ev, p)) break;
      heap[i] = p;
      i = parent;
    }
    heap[i] = ev;
    return ev;
  }

  pop(): ScheduledEvent<K> | undefined {
    const heap = this.heap;
    const top = heap[0];
    if (top === undefined) return undefined;
    const last = heap.pop()!;
    const n = heap.length;
    if (n > 0) {
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        if (l >= n) break;
        const r = l + 1;
        const c = r < n && before(heap[r]!, heap[l]!) ? r : l;
        if (!before(heap[c]!, last)) break;
        heap[i] = heap[c]!;
        i = c;
      }
      heap[i] = last;
    }
    return top;
  }

  snapshot(): EventQueueState<K> {
    return { heap: this.heap.slice(), nextSeq: this.nextSeq };
  }

  restore(state: EventQueueState<K>): void {
    this.heap = state.heap.slice();
    this.nextSeq = state.nextSeq;
  }
}

function before(a: ScheduledEvent, b: ScheduledEvent): boolean {
  return a.t < b.t || (a.t === b.t && a.seq < b.seq);
}
