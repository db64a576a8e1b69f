import type { Comparison, KpiSummary } from "../../sim/index";
import { formatEstimate, formatPercent, table } from "./format";

export function formatCompareReport(
  nameA: string,
  nameB: string,
  a: KpiSummary,
  b: KpiSummary,
  c: Comparison,
  n: number,
): string {
  const rows: [string, keyof Comparison["deltas"], "pct" | "num"][] = [
    ["throughput, good parts/h", "throughputPerHour", "num"],
    ["good parts in window", "goodParts", "num"],
    ["line OEE", "lineOee", "pct"],
    ["WIP, parts", "wip", "num"],
    ["lead time mean, s", "leadTimeMeanS", "num"],
    ["lead time p95, s", "leadTimeP95S", "num"],
    ["labour paid, h", "labourPaidHours", "num"],
    ["cost per good part", "costPerGoodPart", "num"],
  ];
  const f = (
    e: KpiSummary[keyof KpiSummary] | Comparison["deltas"][keyof Comparison["deltas"]],
    kind: "pct" | "num",
  ) => (kind === "pct" ? formatPercent(e as never) : formatEstimate(e as never));
  const kpis = table(
    ["KPI (95 % CI, paired)", "A", "B", "B − A"],
    rows.map(([label, key, kind]) => [label, f(a[key], kind), f(b[key], kind), f(c.deltas[key], kind)]),
  );
  const e = c.economics;
  const cur = e.currency;
  const econ = table(
    ["economics per year", "value"],
    [
      [`capital A / B, ${cur}`, `${e.capitalA.toLocaleString("en")} / ${e.capitalB.toLocaleString("en")}`],
      [`extra capital, ${cur}`, e.extraCapital.toLocaleString("en")],
      ["good parts per year A", formatEstimate(e.goodPartsPerYearA)],
      ["good parts per year B", formatEstimate(e.goodPartsPerYearB)],
      ["labour hours saved", formatEstimate(e.labourHoursSavedPerYear)],
      [`labour cost saved, ${cur}`, formatEstimate(e.labourCostSavedPerYear)],
      [`cost per good part A, ${cur}`, formatEstimate(e.costPerGoodPartA)],
      [`cost per good part B, ${cur}`, formatEstimate(e.costPerGoodPartB)],
      [`operating savings, ${cur}`, formatEstimate(e.operatingSavingsPerYear)],
      ["payback, years", formatEstimate(e.paybackYears)],
    ],
  );
  return `A: ${nameA}\nB: ${nameB}\n${n} paired replications (common random numbers: replication i of A and B share seed + i)\n\n${kpis}\n${econ}\nOperating savings = (operating cost per good part of A − of B) × A's good parts per year + B's extra good parts × contribution margin.\nPayback = extra capital / operating savings. Operating cost = labour + maintenance + energy + material (no depreciation).\n`;
}
