/**
 * The active period method (Roser, Nakano & Tanaka, "A practical bottleneck detection method",
 * Winter Simulation Conference 2001): at any instant the bottleneck is the machine whose current
 * uninterrupted active period (working, in setup, down, waiting for its operator) is longest. Where the
 * active periods of the outgoing and the incoming bottleneck overlap, the bottleneck is shifting;
 * otherwise it is the sole bottleneck. The machine with the largest sole + shifting share is *the*
 * bottleneck of the run.
 */

export interface ActivePeriod {
  station: string;
  /** µs */
  start: number;
  /** µs */
  end: number;
}

export interface BottleneckShare {
  /** fraction of the window the station was the sole bottleneck */
  sole: number;
  /** fraction of the window it was part of a shifting bottleneck */
  shifting: number;
}

export function activePeriodBottleneck(
  periods: readonly ActivePeriod[],
  windowStart: number,
  windowEnd: number,
  stations: readonly string[],
): { shares: Map<string, BottleneckShare>; bottleneck: string | null } {
  const shares = new Map<string, BottleneckShare>(stations.map((s) => [s, { sole: 0, shifting: 0 }]));
  const span = windowEnd - windowStart;
  if (span <= 0 || periods.length === 0) return { shares, bottleneck: null };
  const order = new Map(stations.map((s, i) => [s, i]));
  // sweep over period boundaries; between two boundaries the set of active periods is fixed
  const points = new Set<number>([windowStart, windowEnd]);
  const clipped = periods
    .map((p) => ({
      ...p,
      start: Math.max(p.start, windowStart),
      end: Math.min(p.end, windowEnd),
      full: p.end - p.start,
    }))
    .filter((p) => p.end > p.start);
  for (const p of clipped) {
    points.add(p.start);
    points.add(p.end);
  }
  const times = [...points].sort((a, b) => a - b);
  const byStart = [...clipped].sort((a, b) => a.start - b.start);
  const active: typeof clipped = [];
  let next = 0;
  // consecutive stretches labelled with the winning period
  const stretches: { p: (typeof clipped)[number]; t0: number; t1: number }[] = [];
  for (let i = 0; i + 1 < times.length; i++) {
    const t0 = times[i]!;
    const t1 = times[i + 1]!;
    while (next < byStart.length && byStart[next]!.start <= t0) active.push(byStart[next++]!);
    for (let k = active.length - 1; k >= 0; k--) if (active[k]!.end <= t0) active.splice(k, 1);
    let best: (typeof clipped)[number] | undefined;
    for (const p of active) {
      if (
        best === undefined ||
        p.full > best.full ||
        (p.full === best.full && order.get(p.station)! < order.get(best.station)!)
      ) {
        best = p;
      }
    }
    if (best === undefined) continue;
    const last = stretches[stretches.length - 1];
    if (last !== undefined && last.p === best && last.t1 === t0) last.t1 = t1;
    else stretches.push({ p: best, t0, t1 });
  }
  const sole = new Map<string, number>();
  const shifting = new Map<string, number>();
  const add = (m: Map<string, number>, k: string, v: number) => m.set(k, (m.get(k) ?? 0) + v);
  // overlap[i]: where the periods of stretch i and i+1 overlap, both are (shifting) bottlenecks
  const overlaps: ([number, number] | null)[] = [];
  for (let i = 0; i + 1 < stretches.length; i++) {
    const a = stretches[i]!.p;
    const b = stretches[i + 1]!.p;
    const o0 = Math.max(a.start, b.start);
    const o1 = Math.min(a.end, b.end);
    if (a.station === b.station || o1 <= o0) {
      overlaps.push(null);
      continue;
    }
    overlaps.push([o0, o1]);
    add(shifting, a.station, o1 - o0);
    add(shifting, b.station, o1 - o0);
  }
  const cut = (s0: number, s1: number, o: [number, number] | null | undefined) =>
    o ? Math.max(0, Math.min(s1, o[1]) - Math.max(s0, o[0])) : 0;
  stretches.forEach((s, i) => {
    const shared = cut(s.t0, s.t1, overlaps[i - 1]) + cut(s.t0, s.t1, overlaps[i]);
    add(sole, s.p.station, s.t1 - s.t0 - shared);
  });
  let bottleneck: string | null = null;
  let bestShare = 0;
  for (const st of stations) {
    const sh = { sole: (sole.get(st) ?? 0) / span, shifting: (shifting.get(st) ?? 0) / span };
    shares.set(st, sh);
    if (sh.sole + sh.shifting > bestShare) {
      bestShare = sh.sole + sh.shifting;
      bottleneck = st;
    }
  }
  return { shares, bottleneck };
}
