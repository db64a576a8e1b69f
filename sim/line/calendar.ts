import type { CalendarSpec } from "../scenario/schema";
import { WEEKDAYS } from "../scenario/schema";

const WEEK_S = 7 * 86400;

/**
 * A weekly calendar compiled to sorted, merged on-intervals in seconds from Monday 00:00; `null`
 * intervals means always on. Night shifts wrap past midnight (and Sunday night into Monday).
 */
export interface CompiledCalendar {
  name: string;
  /** [start, end) pairs, seconds into the week, sorted and disjoint; null = always on */
  intervals: number[] | null;
}

export const ALWAYS: CompiledCalendar = { name: "always", intervals: null };

export function compileCalendar(name: string, spec: CalendarSpec): CompiledCalendar {
  const raw: [number, number][] = [];
  for (const day of spec.days) {
    const d = WEEKDAYS.indexOf(day) * 86400;
    for (const sh of spec.shifts) {
      const start = d + sh.start;
      const end = d + (sh.end > sh.start ? sh.end : sh.end + 86400);
      // subtract breaks (a break belongs to the shift whose span contains it, possibly after midnight)
      let pieces: [number, number][] = [[start, end]];
      for (const br of sh.breaks) {
        let bs = d + br.start;
        if (bs < start) bs += 86400;
        const be = bs + br.duration;
        pieces = pieces.flatMap(([a, b]): [number, number][] => {
          if (be <= a || bs >= b) return [[a, b]];
          const out: [number, number][] = [];
          if (bs > a) out.push([a, bs]);
          if (be < b) out.push([be, b]);
          return out;
        });
      }
      raw.push(...pieces);
    }
  }
  // unwrap past the end of the week, then merge
  const wrapped: [number, number][] = [];
  for (const [a, b] of raw) {
    if (b <= WEEK_S) wrapped.push([a, b]);
    else {
      wrapped.push([a, WEEK_S]);
      wrapped.push([0, b - WEEK_S]);
    }
  }
  wrapped.sort((x, y) => x[0] - y[0]);
  const merged: number[] = [];
  for (const [a, b] of wrapped) {
    const n = merged.length;
    if (n > 0 && a <= merged[n - 1]!) merged[n - 1] = Math.max(merged[n - 1]!, b);
    else merged.push(a, b);
  }
  if (merged.length === 2 && merged[0] === 0 && merged[1] === WEEK_S) return { name, intervals: null };
  return { name, intervals: merged };
}

/** Seconds into the week of a "mon 06:00" start. */
export function parseStartAt(s: string): number {
  const [day, hm] = s.split(" ");
  const [h, m] = (hm ?? "0:0").split(":").map(Number);
  return WEEKDAYS.indexOf(day as (typeof WEEKDAYS)[number]) * 86400 + (h ?? 0) * 3600 + (m ?? 0) * 60;
}

/**
 * Whether the calendar is on at simulation time `tUs`, and the simulation time (µs) of its next
 * change (Infinity for always-on). `startAtS` is the week position of simulation time 0.
 */
export function calendarAt(
  cal: CompiledCalendar,
  startAtS: number,
  tUs: number,
): { on: boolean; nextChangeUs: number } {
  const iv = cal.intervals;
  if (iv === null) return { on: true, nextChangeUs: Number.POSITIVE_INFINITY };
  if (iv.length === 0) return { on: false, nextChangeUs: Number.POSITIVE_INFINITY };
  const absS = startAtS + tUs / 1e6;
  const weekStartS = Math.floor(absS / WEEK_S) * WEEK_S;
  const pos = absS - weekStartS;
  // first boundary strictly after pos
  let lo = 0;
  let hi = iv.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (iv[mid]! <= pos) lo = mid + 1;
    else hi = mid;
  }
  const on = lo % 2 === 1;
  const boundary = lo < iv.length ? weekStartS + iv[lo]! : weekStartS + WEEK_S + iv[0]!;
  // the week wraps: an interval ending at WEEK_S that continues at 0 is one stretch
  let next = boundary;
  if (on && lo === iv.length - 1 && iv[lo] === WEEK_S && iv[0] === 0) next = weekStartS + WEEK_S + iv[1]!;
  return { on, nextChangeUs: Math.round((next - startAtS) * 1e6) };
}

/** Seconds of on-time per week, for annual figures and checks. */
export function onSecondsPerWeek(cal: CompiledCalendar): number {
  if (cal.intervals === null) return WEEK_S;
  let s = 0;
  for (let i = 0; i < cal.intervals.length; i += 2) s += cal.intervals[i + 1]! - cal.intervals[i]!;
  return s;
}

/** µs during which the calendar is on between simulation times a and b (µs). */
export function onTimeBetween(cal: CompiledCalendar, startAtS: number, aUs: number, bUs: number): number {
  if (bUs <= aUs) return 0;
  if (cal.intervals === null) return bUs - aUs;
  let t = aUs;
  let on = 0;
  while (t < bUs) {
    const { on: isOn, nextChangeUs } = calendarAt(cal, startAtS, t);
    const until = Math.min(bUs, nextChangeUs);
    if (isOn) on += until - t;
    if (!Number.isFinite(nextChangeUs)) break;
    t = until;
  }
  return on;
}
