import { cutDistanceBefore, type Rates, realCutting } from "./clock";
import type { ToolLife } from "./machine-types";
import type { PlanData } from "./plan-data";

/** Usage of one tool as plain data (part of the machine's snapshot). */
export interface ToolState {
  tool: number;
  life: ToolLife | null;
  /** tool calls */
  count: number;
  /** cutting time, s */
  cutS: number;
  /** cutting distance, m */
  cutM: number;
  worn: boolean;
}

/** How much life a tool has used, as a fraction (≥ 1 means worn out). */
export function lifeUsed(t: ToolState): number {
  if (t.life === null) return 0;
  if (t.life.kind === "count") return t.count / t.life.limit;
  if (t.life.kind === "time") return t.cutS / t.life.limitS;
  return t.cutM / t.life.limitM;
}

/** Adds the cutting done between plan positions p0 and p1 (µs) to the tools that did it. */
export function accrue(
  plan: PlanData,
  p0: number,
  p1: number,
  rates: Rates,
  tools: Record<number, ToolState>,
): void {
  if (p1 <= p0) return;
  for (const run of plan.toolRuns) {
    const a = Math.max(p0, plan.startUs[run.from]!);
    const b = Math.min(p1, plan.startUs[run.to]!);
    if (b <= a) continue;
    const t = tools[run.tool];
    if (t === undefined) continue;
    t.cutS += realCutting(plan, a, b, rates) / 1e6;
    t.cutM += cutDistanceBefore(plan, b) - cutDistanceBefore(plan, a);
  }
}

/**
 * First segment end after p0 at which a tool with a time or distance life reaches it, checked per block
 * as controllers do; null when none does in this program. Count lives are checked at tool calls.
 */
export function nextWear(
  plan: PlanData,
  p0: number,
  rates: Rates,
  tools: Record<number, ToolState>,
): { planUs: number; tool: number } | null {
  const used = new Map<number, number>();
  for (const run of plan.toolRuns) {
    const runEnd = plan.startUs[run.to]!;
    if (runEnd <= p0) continue;
    const t = tools[run.tool];
    if (t === undefined || t.worn || t.life === null || t.life.kind === "count") continue;
    const from = Math.max(p0, plan.startUs[run.from]!);
    const limit = t.life.kind === "time" ? t.life.limitS : t.life.limitM;
    const before = used.get(run.tool) ?? (t.life.kind === "time" ? t.cutS : t.cutM);
    const usage = (p: number) =>
      before +
      (t.life!.kind === "time"
        ? realCutting(plan, from, p, rates) / 1e6
        : cutDistanceBefore(plan, p) - cutDistanceBefore(plan, from));
    if (usage(runEnd) < limit) {
      used.set(run.tool, usage(runEnd));
      continue;
    }
    let lo = run.from + 1;
    let hi = run.to;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      const p = plan.startUs[mid]!;
      if (p > from && usage(p) >= limit) hi = mid;
      else lo = mid + 1;
    }
    return { planUs: Math.max(plan.startUs[lo]!, from), tool: run.tool };
  }
  return null;
}
