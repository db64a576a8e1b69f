import type { SimEvent } from "../../sim/events";
import type { Db } from "../db/open";
import { type Projector, prepareProjector } from "./project";

export interface RecorderOptions {
  /** events per transaction; `record` flushes on its own once this many are pending */
  batchSize?: number;
  /** called after each committed transaction with the last committed seq and the batch size */
  onCommit?: (lastSeq: number, count: number) => void;
}

export interface FlushResult {
  /** events committed by this flush */
  count: number;
  /** seq of the last committed event (0 when the log is empty) */
  lastSeq: number;
}

/**
 * Writes the simulation's drained events to the append-only `events` table and keeps the execution
 * tables (parts, part operations, work-order progress) in step, in the same transaction: a reader never
 * sees an event without its effect, and a killed process loses at most the batch in flight.
 *
 * Events are kept in memory until their batch commits; a failed transaction leaves them pending and
 * rethrows, so nothing the simulation reported is dropped.
 */
export class ExecutionRecorder {
  private readonly batchSize: number;
  private readonly onCommit: ((lastSeq: number, count: number) => void) | undefined;
  private readonly projector: Projector;
  private readonly writeBatch: (events: readonly SimEvent[]) => number;
  private pending: SimEvent[] = [];
  private committedSeq: number;
  private closed = false;

  constructor(db: Db, options: RecorderOptions = {}) {
    this.batchSize = Math.max(1, Math.trunc(options.batchSize ?? 1000));
    this.onCommit = options.onCommit;
    this.projector = prepareProjector(db);
    const insert = db.prepare(
      "INSERT INTO events (t_us, type, entity, part, payload) VALUES (?, ?, ?, ?, ?)",
    );
    this.writeBatch = db.transaction((events: readonly SimEvent[]) => {
      let seq = 0;
      for (const e of events) {
        const { entity, part } = keysOf(e);
        seq = Number(insert.run(e.t, e.type, entity, part, JSON.stringify(e)).lastInsertRowid);
        this.projector.apply(e, seq);
      }
      return seq;
    });
    const row = db.prepare("SELECT MAX(seq) AS s FROM events").get() as { s: number | null };
    this.committedSeq = row.s ?? 0;
  }

  /** Queues drained events; commits full batches at once. */
  record(events: readonly SimEvent[]): void {
    if (this.closed) throw new Error("ExecutionRecorder is closed");
    for (const e of events) this.pending.push(e);
    if (this.pending.length >= this.batchSize) this.commit(false);
  }

  /** Commits everything queued, in transactions of at most `batchSize` events. */
  flush(): FlushResult {
    return this.commit(true);
  }

  /** Flushes, then refuses further events. Does not close the database (its owner does). */
  close(): FlushResult {
    const res = this.flush();
    this.closed = true;
    return res;
  }

  /** events queued and not yet committed */
  get pendingCount(): number {
    return this.pending.length;
  }

  /** seq of the last committed event */
  get lastSeq(): number {
    return this.committedSeq;
  }

  private commit(all: boolean): FlushResult {
    let count = 0;
    while (this.pending.length >= (all ? 1 : this.batchSize)) {
      const batch = this.pending.slice(0, this.batchSize);
      const last = this.writeBatch(batch);
      this.pending = this.pending.slice(batch.length);
      this.committedSeq = last;
      count += batch.length;
      this.onCommit?.(last, batch.length);
    }
    return { count, lastSeq: this.committedSeq };
  }
}

/** The indexed columns of an event: the resource it concerns and the part serial, when any. */
export function keysOf(e: SimEvent): { entity: string | null; part: string | null } {
  switch (e.type) {
    case "PartCreated":
      return { entity: e.source, part: e.part };
    case "OperationStarted":
    case "OperationCompleted":
    case "PartScrapped":
      return { entity: e.station, part: e.part };
    case "PartCompleted":
      return { entity: e.sink, part: e.part };
    case "SetupStarted":
      return { entity: e.station, part: null };
    case "StateChanged":
    case "AlarmRaised":
    case "AlarmCleared":
    case "AlarmAcknowledged":
      return { entity: e.entity, part: null };
    case "OperatorStateChanged":
      return { entity: e.operator, part: null };
    case "WorkOrderProgress":
      return { entity: e.workOrder, part: null };
    case "SignalChanged":
      return { entity: e.signal, part: null };
    case "CommandApplied":
      return { entity: null, part: null };
    default: {
      // event types added to the union later still get logged, keyed by their usual fields
      const x = e as unknown as Record<string, unknown>;
      const entity = [x.entity, x.station, x.robot, x.machine].find((v) => typeof v === "string");
      return {
        entity: (entity as string | undefined) ?? null,
        part: typeof x.part === "string" ? x.part : null,
      };
    }
  }
}
