import type { Db } from "../db/open";
import { stmt } from "../db/stmt";

/**
 * The bridge keeps one time axis, the simulation's (µs). Calendar dates from planners (due dates, B2MML
 * EndTime) are mapped onto it through the epoch: the calendar instant of simulation time 0, stored in
 * the database so every reader agrees.
 */
export function readEpochMs(db: Db): number {
  const row = stmt(db, "SELECT value FROM meta WHERE key = 'sim_epoch'").get() as
    | { value: string }
    | undefined;
  const ms = row === undefined ? Number.NaN : Date.parse(row.value);
  if (!Number.isFinite(ms)) throw new Error(`meta.sim_epoch is missing or not a date: ${row?.value}`);
  return ms;
}

/** Sets the calendar instant of simulation time 0 (ISO 8601). Existing due dates keep their µs. */
export function writeEpoch(db: Db, iso: string): void {
  const ms = Date.parse(iso);
  if (!Number.isFinite(ms)) throw new Error(`not an ISO 8601 date-time: ${iso}`);
  stmt(db, "UPDATE meta SET value = ? WHERE key = 'sim_epoch'").run(new Date(ms).toISOString());
}

/** ISO 8601 → simulation µs, or undefined when the text is not a date-time with a zone. */
export function isoToSimUs(iso: string, epochMs: number): number | undefined {
  if (!/^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2}))?$/.test(iso)) return undefined;
  const ms = Date.parse(iso.length === 10 ? `${iso}T00:00:00Z` : iso);
  return Number.isFinite(ms) ? Math.round((ms - epochMs) * 1000) : undefined;
}

/** simulation µs → ISO 8601 */
export function simUsToIso(us: number, epochMs: number): string {
  return new Date(epochMs + us / 1000).toISOString();
}

/** A clock on the simulation axis from the wall clock, for a bridge that runs without a simulation. */
export function wallClockSimUs(epochMs: number): () => number {
  return () => Math.round((Date.now() - epochMs) * 1000);
}
