/**
 * `npm run bench`: every benchmark prints its figures; none of them is part of `npm test`.
 * Run one with `npm run bench -- <name>`.
 */
import { bench as cncBench } from "./cnc.bench";
import { bench as coreBench } from "./core.bench";
import { bench as erpBench } from "./erp.bench";
import { bench as liveBench } from "./live.bench";
import { bench as opcuaBench } from "./opcua.bench";
import { bench as physicsBench } from "./physics.bench";
import { bench as plcBench } from "./plc.bench";
import { bench as robotBench } from "./robot.bench";

export interface Bench {
  name: string;
  run(): Promise<void>;
}

const benches: Bench[] = [
  coreBench,
  erpBench,
  plcBench,
  cncBench,
  robotBench,
  physicsBench,
  opcuaBench,
  liveBench,
];

const only = process.argv.slice(2);
for (const b of benches) {
  if (only.length > 0 && !only.includes(b.name)) continue;
  process.stdout.write(`\n== ${b.name}\n`);
  await b.run();
}
