import { loadScenarioFile } from "../app/scenario-files";
import { runOnce } from "../sim/index";
import { EventQueue } from "../sim/kernel/event-queue";
import { streamFor } from "../sim/random/streams";
import type { Bench } from "./index";

/**
 * Kernel and line-model speed. Figures are medians of repeated runs on this machine; compare them as
 * ratios within one run, never against fixed numbers.
 */
export const bench: Bench = {
  name: "core",
  async run() {
    // 1. the event queue alone: the classic "hold" model with 1,000 pending events
    const q = new EventQueue();
    const rng = streamFor(1, "bench");
    for (let i = 0; i < 1000; i++) q.push(Math.floor(rng.nextFloat() * 1e6), "k", "e");
    const holds = 2_000_000;
    const kernelS = median(5, () => {
      const t0 = performance.now();
      for (let i = 0; i < holds; i++) {
        const ev = q.pop()!;
        q.push(ev.t + 1 + Math.floor(rng.nextFloat() * 1e6), "k", "e");
      }
      return (performance.now() - t0) / 1000;
    });
    line("event queue hold (pop + push, 1,000 pending)", `${fmt(holds / kernelS)} events/s`);

    // 2. the reference line: an 8-hour shift and a week, headless
    const sc = loadScenarioFile("scenarios/assembly-manual.yaml");
    for (const [label, hours] of [
      ["8-hour shift", 8],
      ["one week", 168],
    ] as const) {
      let kernelEvents = 0;
      let events = 0;
      // let the JIT settle first: the figures are for a warm process, as in `twin compare`
      for (let i = 0; i < 3; i++) runOnce(sc, { seed: 1, horizonUs: hours * 3600e6, warmupUs: 0 });
      const s = median(7, () => {
        const t0 = performance.now();
        const r = runOnce(sc, { seed: 1, horizonUs: hours * 3600e6, warmupUs: 0 });
        kernelEvents = r.kernelEvents;
        events = r.events;
        return (performance.now() - t0) / 1000;
      });
      line(`reference line (${sc.name}), ${label}`, `${(s * 1000).toFixed(1)} ms wall`);
      line("  kernel events", `${fmt(kernelEvents)} (${fmt(kernelEvents / s)}/s)`);
      line("  domain events", `${fmt(events)} (${fmt(events / s)}/s)`);
      line("  speed factor (simulated / wall time)", `×${fmt((hours * 3600) / s)}`);
    }
  },
};

function median(n: number, f: () => number): number {
  const xs = Array.from({ length: n }, f).sort((a, b) => a - b);
  return xs[Math.floor(n / 2)]!;
}

function fmt(x: number): string {
  return Math.round(x).toLocaleString("en");
}

function line(label: string, value: string): void {
  process.stdout.write(`${label.padEnd(58)} ${value}\n`);
}
