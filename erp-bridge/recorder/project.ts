import type { SimEvent } from "../../sim/events";
import type { Db } from "../db/open";

/**
 * Keeps the query tables in step with the event log. Runs inside the recorder's transaction, so each
 * statement sees the effect of the events before it. Never refuses an event: unknown parts or work
 * orders get rows of their own (a recorder started mid-run, or orders defined in the scenario).
 */
export interface Projector {
  apply(e: SimEvent, seq: number): void;
}

export function prepareProjector(db: Db): Projector {
  const partCreated = db.prepare(
    `INSERT INTO parts (serial, product, work_order, source, created_us, created_seq) VALUES (?, ?, ?, ?, ?, ?)
     ON CONFLICT (serial) DO UPDATE SET product = excluded.product,
       work_order = COALESCE(excluded.work_order, work_order), source = excluded.source,
       created_us = excluded.created_us`,
  );
  const partSeen = db.prepare(
    "INSERT INTO parts (serial, product, created_seq) VALUES (?, ?, ?) ON CONFLICT (serial) DO NOTHING",
  );
  const partFinished = db.prepare(
    `UPDATE parts SET finished_us = ?, outcome = ?, sink = ?, scrapped_at = ?, lead_time_us = ?,
       work_order = COALESCE(?, work_order) WHERE serial = ?`,
  );
  const orderStarted = db.prepare(
    "UPDATE work_orders SET status = 'inProgress' WHERE number = ? AND status = 'released'",
  );
  const opStart = db.prepare(
    `INSERT INTO part_operations (part, station, product, operator, robot, tool, program, started_us, start_seq)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const opEnd = db.prepare(
    `UPDATE part_operations SET completed_us = ?, process_us = ?, result = ?, end_seq = ?,
       operator = COALESCE(?, operator), robot = COALESCE(?, robot), tool = COALESCE(?, tool),
       program = COALESCE(?, program)
     WHERE id = (SELECT id FROM part_operations WHERE part = ? AND station = ? AND completed_us IS NULL
                 ORDER BY id DESC LIMIT 1)`,
  );
  const opEndUnstarted = db.prepare(
    `INSERT INTO part_operations (part, station, product, operator, robot, tool, program, completed_us,
       process_us, result, end_seq) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const progress = db.prepare(
    `INSERT INTO work_order_progress (work_order, product, quantity, released, completed, scrapped, sim_status,
       finished_us, updated_us, updated_seq) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (work_order) DO UPDATE SET product = excluded.product, quantity = excluded.quantity,
       released = excluded.released, completed = excluded.completed, scrapped = excluded.scrapped,
       sim_status = excluded.sim_status, finished_us = COALESCE(finished_us, excluded.finished_us),
       updated_us = excluded.updated_us, updated_seq = excluded.updated_seq`,
  );
  const orderCompleted = db.prepare(
    "UPDATE work_orders SET status = 'completed', completed_us = ? WHERE number = ? AND status IN ('released', 'inProgress')",
  );
  const orderCancelled = db.prepare(
    "UPDATE work_orders SET status = 'cancelled', cancelled_us = ? WHERE number = ? AND status IN ('created', 'released', 'inProgress')",
  );

  return {
    apply(e, seq) {
      switch (e.type) {
        case "PartCreated":
          partCreated.run(e.part, e.product, e.workOrder ?? null, e.source, e.t, seq);
          if (e.workOrder !== undefined) orderStarted.run(e.workOrder);
          return;
        case "OperationStarted":
          partSeen.run(e.part, e.product, seq);
          opStart.run(
            e.part,
            e.station,
            e.product,
            e.operator ?? null,
            e.robot ?? null,
            e.tool ?? null,
            e.program ?? null,
            e.t,
            seq,
          );
          return;
        case "OperationCompleted": {
          partSeen.run(e.part, e.product, seq);
          const who = [e.operator ?? null, e.robot ?? null, e.tool ?? null, e.program ?? null] as const;
          const res = opEnd.run(e.t, e.processUs, e.result, seq, ...who, e.part, e.station);
          if (res.changes === 0) {
            opEndUnstarted.run(e.part, e.station, e.product, ...who, e.t, e.processUs, e.result, seq);
          }
          return;
        }
        case "PartCompleted":
          partSeen.run(e.part, e.product, seq);
          partFinished.run(e.t, "completed", e.sink, null, e.leadTimeUs, e.workOrder ?? null, e.part);
          return;
        case "PartScrapped":
          partSeen.run(e.part, e.product, seq);
          partFinished.run(e.t, "scrapped", null, e.station, e.leadTimeUs, e.workOrder ?? null, e.part);
          return;
        case "WorkOrderProgress": {
          const final = e.status === "completed" || e.status === "cancelled";
          progress.run(
            e.workOrder,
            e.product,
            e.quantity,
            e.released,
            e.completed,
            e.scrapped,
            e.status,
            final ? e.t : null,
            e.t,
            seq,
          );
          // the simulation's word moves the ERP lifecycle only along allowed transitions
          if (e.status === "inProgress") orderStarted.run(e.workOrder);
          else if (e.status === "completed") orderCompleted.run(e.t, e.workOrder);
          else if (e.status === "cancelled") orderCancelled.run(e.t, e.workOrder);
          return;
        }
        default:
          return;
      }
    },
  };
}
