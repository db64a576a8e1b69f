import type { Statement } from "better-sqlite3";
import type { Db } from "./open";

const cache = new WeakMap<Db, Map<string, Statement>>();

/** A prepared statement, compiled once per connection: request handlers call the same SQL thousands of times. */
export function stmt(db: Db, sql: string): Statement {
  let byText = cache.get(db);
  if (byText === undefined) {
    byText = new Map();
    cache.set(db, byText);
  }
  let s = byText.get(sql);
  if (s === undefined) {
    s = db.prepare(sql);
    byText.set(sql, s);
  }
  return s;
}
