import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { buildApi } from "../api/app";
import { MIGRATIONS } from "./migrations";
import { migrate, openErpDb, schemaVersion } from "./open";

const dir = mkdtempSync(join(tmpdir(), "erp-db-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("openErpDb", () => {
  it("creates directory and file on first start, in WAL mode with foreign keys on", () => {
    const path = join(dir, "data", "twin.db");
    const db = openErpDb(path);
    expect(existsSync(path)).toBe(true);
    expect(db.pragma("journal_mode", { simple: true })).toBe("wal");
    expect(db.pragma("foreign_keys", { simple: true })).toBe(1);
    expect(schemaVersion(db)).toBe(MIGRATIONS.at(-1)!.version);
    expect(migrate(db)).toEqual([]);
    db.close();
  });

  it("refuses a database written by a newer schema", () => {
    const path = join(dir, "newer.db");
    const db = openErpDb(path);
    db.prepare("INSERT INTO schema_version (version, name, applied_at) VALUES (99, 'future', 'x')").run();
    db.close();
    expect(() => openErpDb(path)).toThrow("database schema version 99 is newer than this program knows (2)");
  });

  it("applies only the missing migrations, in order", () => {
    const db = openErpDb(":memory:");
    const extra = [...MIGRATIONS, { version: 3, name: "test", sql: "CREATE TABLE t3 (x INTEGER) STRICT;" }];
    expect(migrate(db, extra)).toEqual([3]);
    expect(schemaVersion(db)).toBe(3);
    db.close();
  });

  it("serves the API from a real file and keeps the data across a reopen", async () => {
    const path = join(dir, "api", "twin.db");
    let db = openErpDb(path);
    let app = await buildApi({ db, now: () => 42 });
    await app.inject({ method: "POST", url: "/api/products", payload: { partNumber: "P-1", revision: "A" } });
    const wo = await app.inject({
      method: "POST",
      url: "/api/work-orders",
      payload: { number: "W-1", partNumber: "P-1", quantity: 3 },
      headers: { "idempotency-key": "file-1" },
    });
    expect(wo.statusCode).toBe(201);
    await app.close();
    db.close();

    db = openErpDb(path);
    app = await buildApi({ db, now: () => 43 });
    const again = await app.inject({
      method: "POST",
      url: "/api/work-orders",
      payload: { number: "W-1", partNumber: "P-1", quantity: 3 },
      headers: { "idempotency-key": "file-1" },
    });
    expect(again.statusCode).toBe(201);
    expect(again.headers["idempotent-replayed"]).toBe("true");
    const status = await app.inject({ method: "GET", url: "/api/work-orders/W-1" });
    expect(status.json()).toMatchObject({ number: "W-1", quantity: 3, createdUs: 42, status: "created" });
    await app.close();
    db.close();
  });
});
