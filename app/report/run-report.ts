import type { KpiSummary, RunResult } from "../../sim/index";
import { formatEstimate, formatPercent, table } from "./format";

/** The KPI table of `twin run`: line figures, then one row per station. */
export function formatRunReport(title: string, s: KpiSummary, n: number, windowHours: number): string {
  const line = table(
    [`line KPI (95 % CI over ${n} replications)`, "value"],
    [
      ["throughput, good parts/h", formatEstimate(s.throughputPerHour)],
      ["good parts in window", formatEstimate(s.goodParts)],
      ["line OEE", formatPercent(s.lineOee)],
      ["WIP, parts (time average)", formatEstimate(s.wip)],
      ["lead time mean, min", formatEstimate(scale(s.leadTimeMeanS, 1 / 60))],
      ["lead time p50, min", formatEstimate(scale(s.leadTimeP50S, 1 / 60))],
      ["lead time p95, min", formatEstimate(scale(s.leadTimeP95S, 1 / 60))],
      ["labour paid, h", formatEstimate(s.labourPaidHours)],
      ["labour worked, h", formatEstimate(s.labourWorkedHours)],
      ["cost per good part", formatEstimate(s.costPerGoodPart)],
    ],
  );
  const stations = table(
    [
      "station",
      "OEE",
      "avail.",
      "perf.",
      "quality",
      "busy",
      "starved",
      "blocked",
      "down",
      "setup",
      "waiting",
      "off",
      "bottleneck",
    ],
    s.stations.map((st) => [
      st.id,
      pct(st.oee.mean),
      pct(st.availability.mean),
      pct(st.performance.mean),
      pct(st.quality.mean),
      pct(st.busy.mean),
      pct(st.starved.mean),
      pct(st.blocked.mean),
      pct(st.down.mean),
      pct(st.setup.mean),
      pct(st.waiting.mean),
      pct(st.offShift.mean),
      pct(st.bottleneck.mean),
    ]),
  );
  const votes = Object.entries(s.bottleneckVotes)
    .sort((a, b) => b[1] - a[1])
    .map(([id, v]) => `${id} (${v}/${n})`)
    .join(", ");
  return `${title}\nwindow: ${windowHours.toFixed(1)} h per replication\n\n${line}\nstations (means; time shares of the window):\n${stations}\nbottleneck (active period method): ${votes || "none"}\n`;
}

function pct(v: number): string {
  return Number.isFinite(v) ? `${(v * 100).toFixed(1)}%` : "–";
}

function scale(e: { mean: number; halfWidth: number; n: number }, k: number) {
  return { mean: e.mean * k, halfWidth: e.halfWidth * k, n: e.n };
}

/**
 * Robot collisions the physics fidelity saw, per replication that had any: how many, and the first
 * few with their time (s from the start), robot, link and obstacle. Empty when there were none.
 */
export function formatCollisions(runs: readonly RunResult[]): string {
  const hit = runs.filter((r) => r.collisions.count > 0);
  if (hit.length === 0) return "";
  const lines = [`\nRobot collisions (physics): in ${hit.length} of ${runs.length} replication(s)`];
  for (const r of hit) {
    lines.push(`  seed ${r.seed}: ${r.collisions.count}`);
    for (const c of r.collisions.first)
      lines.push(`    ${(c.t / 1e6).toFixed(3)} s  ${c.robot} ${c.link} touches ${c.obstacle}`);
  }
  return `${lines.join("\n")}\n`;
}
