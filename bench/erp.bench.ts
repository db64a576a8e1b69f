import { mkdtempSync, rmSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import Fastify from "fastify";
import {
  buildApi,
  createProduct,
  createWorkOrder,
  ExecutionRecorder,
  openErpDb,
  readEpochMs,
} from "../erp-bridge/index";
import type { SimEvent } from "../sim/events";
import type { Bench } from "./index";

/** A part's life on a three-station line: 14 events, the mix a shift produces. */
function partEvents(i: number): SimEvent[] {
  const part = `B-${i}`;
  const t = i * 60_000_000;
  const out: SimEvent[] = [
    { type: "PartCreated", t, part, product: "BRK-100", source: "src-1", workOrder: "WO-B" },
  ];
  ["robot-1", "cnc-1", "bench-1"].forEach((station, k) => {
    const s = t + k * 20_000_000;
    out.push(
      { type: "StateChanged", t: s, entity: station, state: "busy", previous: "starved" },
      { type: "OperationStarted", t: s, station, part, product: "BRK-100", tool: "T1", program: "O1001" },
      {
        type: "OperationCompleted",
        t: s + 15_000_000,
        station,
        part,
        product: "BRK-100",
        result: "good",
        processUs: 15_000_000,
      },
      { type: "StateChanged", t: s + 15_000_000, entity: station, state: "starved", previous: "busy" },
    );
  });
  out.push({
    type: "PartCompleted",
    t: t + 59_000_000,
    part,
    product: "BRK-100",
    sink: "sink-1",
    leadTimeUs: 59_000_000,
  });
  return out;
}

function logEvents(
  dir: string,
  label: string,
  batchSize: number,
  synchronous: "NORMAL" | "FULL",
  parts: number,
) {
  const db = openErpDb(join(dir, `${label}.db`), { synchronous });
  const rec = new ExecutionRecorder(db, { batchSize });
  const drains = Array.from({ length: parts }, (_, i) => partEvents(i));
  const n = drains.reduce((s, d) => s + d.length, 0);
  const t0 = performance.now();
  for (const d of drains) rec.record(d);
  rec.flush();
  const s = (performance.now() - t0) / 1000;
  db.close();
  process.stdout.write(
    `events logged  ${label.padEnd(22)} ${n} events in ${s.toFixed(2)} s = ${Math.round(n / s).toLocaleString("en")} events/s\n`,
  );
}

async function statusRequests(dir: string) {
  const db = openErpDb(join(dir, "api.db"));
  const epochMs = readEpochMs(db);
  createProduct(db, { partNumber: "BRK-100", revision: "A", description: "" });
  for (let i = 0; i < 200; i++) {
    createWorkOrder(db, { number: `WO-${i}`, partNumber: "BRK-100", quantity: 10 }, { nowUs: 0, epochMs });
  }
  const app = await buildApi({ db, now: () => 0 });

  const injects = 20_000;
  // the same loop against an empty route: what inject itself costs on this machine
  const bare = Fastify();
  bare.get("/ping", async () => ({ ok: true }));
  await bare.ready();
  let t0 = performance.now();
  for (let i = 0; i < injects; i++) await bare.inject({ method: "GET", url: "/ping" });
  let s = (performance.now() - t0) / 1000;
  process.stdout.write(
    `GET empty route, inject (baseline)   ${Math.round(injects / s).toLocaleString("en")} req/s\n`,
  );
  await bare.close();

  t0 = performance.now();
  for (let i = 0; i < injects; i++) {
    const res = await app.inject({ method: "GET", url: `/api/work-orders/WO-${i % 200}` });
    if (res.statusCode !== 200) throw new Error(`status ${res.statusCode}`);
  }
  s = (performance.now() - t0) / 1000;
  process.stdout.write(
    `GET work-order status, inject        ${Math.round(injects / s).toLocaleString("en")} req/s (${injects} requests)\n`,
  );

  await app.listen({ host: "127.0.0.1", port: 0 });
  const { port } = app.server.address() as AddressInfo;
  const total = 20_000;
  const concurrency = 32;
  let next = 0;
  t0 = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < total) {
        const i = next++;
        const res = await fetch(`http://127.0.0.1:${port}/api/work-orders/WO-${i % 200}`);
        await res.arrayBuffer();
        if (res.status !== 200) throw new Error(`status ${res.status}`);
      }
    }),
  );
  s = (performance.now() - t0) / 1000;
  process.stdout.write(
    `GET work-order status, HTTP 127.0.0.1 ${Math.round(total / s).toLocaleString("en")} req/s (${total} requests, ${concurrency} in flight)\n`,
  );
  await app.close();
  db.close();
}

export const bench: Bench = {
  name: "erp",
  async run() {
    const dir = mkdtempSync(join(tmpdir(), "erp-bench-"));
    try {
      logEvents(dir, "batch 1000, NORMAL", 1000, "NORMAL", 20_000);
      logEvents(dir, "batch 100, NORMAL", 100, "NORMAL", 10_000);
      logEvents(dir, "batch 1000, FULL", 1000, "FULL", 10_000);
      await statusRequests(dir);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
};
