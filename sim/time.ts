/** Simulation time is an integer number of microseconds; these helpers convert at the edges. */

/** µs per second */
export const US_PER_S = 1_000_000;

/** seconds → µs, rounded to the nearest microsecond */
export function seconds(s: number): number {
  return Math.round(s * US_PER_S);
}

/** µs → seconds */
export function toSeconds(us: number): number {
  return us / US_PER_S;
}

/** minutes → µs */
export function minutes(min: number): number {
  return seconds(min * 60);
}

/** hours → µs */
export function hours(h: number): number {
  return seconds(h * 3600);
}

/** µs → hours */
export function toHours(us: number): number {
  return us / (3600 * US_PER_S);
}

/** Formats µs as `1d 02:03:04.5` for logs and tables. */
export function formatTime(us: number): string {
  const totalS = us / US_PER_S;
  const d = Math.floor(totalS / 86400);
  let rest = totalS - d * 86400;
  const h = Math.floor(rest / 3600);
  rest -= h * 3600;
  const m = Math.floor(rest / 60);
  const s = rest - m * 60;
  const hms = `${pad(h)}:${pad(m)}:${s < 10 ? "0" : ""}${s.toFixed(s % 1 === 0 ? 0 : 1)}`;
  return d > 0 ? `${d}d ${hms}` : hms;
}

function pad(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}
