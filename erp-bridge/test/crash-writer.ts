/**
 * Child process of the crash test: logs a burst of events without end and prints `committed <seq>` after
 * each committed batch, until it is killed. Usage: node --import tsx crash-writer.ts <db> [batchSize]
 */
import type { SimEvent } from "../../sim/events";
import { openErpDb } from "../db/open";
import { ExecutionRecorder } from "../recorder/recorder";

const [path, batchArg] = process.argv.slice(2);
if (path === undefined) throw new Error("usage: crash-writer.ts <db> [batchSize]");
const db = openErpDb(path);
const rec = new ExecutionRecorder(db, {
  batchSize: Number(batchArg ?? 500),
  onCommit: (seq) => process.stdout.write(`committed ${seq}\n`),
});
const start = (db.prepare("SELECT COUNT(*) AS n FROM parts").get() as { n: number }).n;

function partEvents(i: number): SimEvent[] {
  const part = `C-${start + i}`;
  const t = (start + i) * 1000;
  return [
    { type: "PartCreated", t, part, product: "BRK-100", source: "src-1", workOrder: "WO-C" },
    {
      type: "OperationStarted",
      t: t + 1,
      station: "cnc-1",
      part,
      product: "BRK-100",
      program: "O1001",
      tool: "T1",
    },
    {
      type: "OperationCompleted",
      t: t + 500,
      station: "cnc-1",
      part,
      product: "BRK-100",
      result: "good",
      processUs: 499,
    },
    {
      type: "PartCompleted",
      t: t + 900,
      part,
      product: "BRK-100",
      sink: "sink-1",
      leadTimeUs: 900,
      workOrder: "WO-C",
    },
  ];
}

process.stdout.write("ready\n");
for (let i = 0; ; i++) rec.record(partEvents(i));
