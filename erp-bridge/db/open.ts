import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import Database from "better-sqlite3";
import { MIGRATIONS, type Migration } from "./migrations";

export type Db = Database.Database;

/** Where `twin serve` keeps its database unless told otherwise (relative to the working directory). */
export const DEFAULT_DB_PATH = "data/twin.db";

export interface OpenDbOptions {
  /**
   * `NORMAL` (default) survives a killed process without losing a committed transaction; `FULL` also
   * survives power loss, at the price of an fsync per commit.
   */
  synchronous?: "NORMAL" | "FULL";
  /** ms to wait for a lock held by another connection */
  busyTimeoutMs?: number;
}

/**
 * Opens (creating file and directory on first start) the ERP database, switches on WAL and foreign keys,
 * and brings the schema up to date. `":memory:"` gives a private in-memory database for tests.
 */
export function openErpDb(path: string = DEFAULT_DB_PATH, options: OpenDbOptions = {}): Db {
  if (path !== ":memory:" && path !== "") mkdirSync(dirname(path), { recursive: true });
  const db = new Database(path);
  try {
    db.pragma("journal_mode = WAL");
    db.pragma("foreign_keys = ON");
    db.pragma(`synchronous = ${options.synchronous ?? "NORMAL"}`);
    db.pragma(`busy_timeout = ${Math.max(0, Math.trunc(options.busyTimeoutMs ?? 5000))}`);
    migrate(db);
  } catch (e) {
    db.close();
    throw e;
  }
  return db;
}

/** Highest applied migration, 0 for an empty database. */
export function schemaVersion(db: Db): number {
  const row = db.prepare("SELECT MAX(version) AS v FROM schema_version").get() as { v: number | null };
  return row.v ?? 0;
}

/** Applies the migrations the database lacks, each in its own transaction; returns the versions applied. */
export function migrate(db: Db, migrations: readonly Migration[] = MIGRATIONS): number[] {
  db.exec(
    "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL) STRICT",
  );
  const current = schemaVersion(db);
  const latest = migrations.reduce((m, x) => Math.max(m, x.version), 0);
  if (current > latest) {
    throw new Error(
      `database schema version ${current} is newer than this program knows (${latest}); use a newer twin`,
    );
  }
  const applied: number[] = [];
  const record = db.prepare("INSERT INTO schema_version (version, name, applied_at) VALUES (?, ?, ?)");
  for (const m of [...migrations].sort((a, b) => a.version - b.version)) {
    if (m.version <= current) continue;
    db.transaction(() => {
      db.exec(m.sql);
      record.run(m.version, m.name, new Date().toISOString());
    })();
    applied.push(m.version);
  }
  return applied;
}
