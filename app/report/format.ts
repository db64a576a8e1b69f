import type { Estimate } from "../../sim/index";

/** `12.3 ± 0.4` with a sensible number of decimals for the magnitude. */
export function formatEstimate(e: Estimate, decimals = decimalsFor(e.mean)): string {
  if (!Number.isFinite(e.mean)) return e.mean === Number.POSITIVE_INFINITY ? "never" : "–";
  const m = e.mean.toFixed(decimals);
  return Number.isFinite(e.halfWidth) ? `${m} ± ${e.halfWidth.toFixed(decimals)}` : m;
}

export function formatPercent(e: Estimate): string {
  if (!Number.isFinite(e.mean)) return "–";
  const m = (e.mean * 100).toFixed(1);
  return Number.isFinite(e.halfWidth) ? `${m} ± ${(e.halfWidth * 100).toFixed(1)} %` : `${m} %`;
}

export function decimalsFor(v: number): number {
  const a = Math.abs(v);
  if (a >= 1000) return 0;
  if (a >= 100) return 1;
  if (a >= 1) return 2;
  return 3;
}

/** A plain-text table with right-aligned numeric columns. */
export function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
  const line = (cells: readonly string[]) =>
    cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join("  ");
  return `${[line(header), widths.map((w) => "─".repeat(w)).join("  "), ...rows.map(line)].join("\n")}\n`;
}

/** A progress bar on stderr, drawn only on a terminal. */
export function progressBar(err: (t: string) => void, enabled: boolean, label: string) {
  let last = -1;
  return {
    update(done: number, total: number) {
      if (!enabled) return;
      const pct = Math.floor((done / total) * 100);
      if (pct === last) return;
      last = pct;
      const width = 30;
      const fill = Math.round((done / total) * width);
      err(`\r${label} [${"█".repeat(fill)}${" ".repeat(width - fill)}] ${done}/${total}`);
      if (done === total) err("\n");
    },
  };
}
