const DAYS = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];

const pad = (n: number) => (n < 10 ? `0${n}` : String(n));

/** Simulated wall clock: weekday and time of day from the week position of time 0 (s) and sim µs. */
export function clockText(startAtS: number, tUs: number, seconds = true): string {
  const s = Math.floor(startAtS + tUs / 1e6);
  const week = ((s % 604800) + 604800) % 604800;
  const day = Math.floor(week / 86400);
  const rest = week - day * 86400;
  const hh = Math.floor(rest / 3600);
  const mm = Math.floor((rest % 3600) / 60);
  const ss = rest % 60;
  return `${DAYS[day]} ${pad(hh)}:${pad(mm)}${seconds ? `:${pad(ss)}` : ""}`;
}

/** Elapsed simulated time as `1d 02:03` or `02:03:04`. */
export function elapsedText(tUs: number): string {
  const s = Math.floor(tUs / 1e6);
  const d = Math.floor(s / 86400);
  const h = Math.floor((s % 86400) / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = s % 60;
  return d > 0 ? `${d}d ${pad(h)}:${pad(m)}` : `${pad(h)}:${pad(m)}:${pad(sec)}`;
}

export function pct(x: number | null | undefined, digits = 0): string {
  return x === null || x === undefined || !Number.isFinite(x) ? "–" : `${(x * 100).toFixed(digits)} %`;
}

export function num(x: number | null | undefined, digits = 1): string {
  return x === null || x === undefined || !Number.isFinite(x) ? "–" : x.toFixed(digits);
}

export function speedText(s: number): string {
  return `×${s < 1 ? s.toFixed(1) : Number.isInteger(s) ? s : s.toFixed(1)}`;
}
