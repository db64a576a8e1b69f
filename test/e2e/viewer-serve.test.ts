import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import Database from "better-sqlite3";
import { afterAll, describe, expect, it } from "vitest";

/** `twin serve` as a process: prints its URLs, serves, and stops cleanly on SIGTERM and SIGINT. */

const dir = mkdtempSync(join(tmpdir(), "twin-e2e-serve-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

async function runUntilSignal(signal: NodeJS.Signals, db: string) {
  const [port, ua] = [await freePort(), await freePort()];
  const p = spawn(
    process.execPath,
    [
      "bin/twin.js",
      "serve",
      "--no-build",
      "--port",
      String(port),
      "--opcua-port",
      String(ua),
      "--db",
      db,
      "--opcua-users",
      join(dirname(db), "opcua-users.json"),
      "--modbus-port",
      "0",
      "--speed",
      "50",
    ],
    { stdio: ["ignore", "pipe", "pipe"] },
  );
  let out = "";
  p.stdout.on("data", (d) => {
    out += d;
  });
  p.stderr.on("data", (d) => {
    out += d;
  });
  const t0 = Date.now();
  while (!out.includes("Ctrl+C stops.")) {
    if (p.exitCode !== null || Date.now() - t0 > 90_000) throw new Error(`twin serve did not start:\n${out}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  const status = (await (await fetch(`http://127.0.0.1:${port}/api/twin`)).json()) as {
    tUs: number;
    opcua: string;
  };
  await new Promise((r) => setTimeout(r, 1500));
  p.kill(signal);
  const code = await new Promise<number | null>((resolve) => p.on("exit", (c) => resolve(c)));
  return { code, out, port, ua, status };
}

describe("twin serve process", () => {
  it("prints the URLs, records events, and exits 0 on SIGTERM with the database flushed", async () => {
    const db = join(dir, "term.db");
    const r = await runUntilSignal("SIGTERM", db);
    expect(r.code).toBe(0);
    expect(r.out).toContain(`viewer     http://127.0.0.1:${r.port}/`);
    expect(r.out).toContain(`OPC UA     opc.tcp://127.0.0.1:${r.ua}`);
    expect(r.status.opcua).toBe(`opc.tcp://127.0.0.1:${r.ua}`);
    expect(r.out).toContain("SIGTERM: stopping…");
    expect(r.out).toContain("twin serve: stopped, database flushed");
    const d = new Database(db, { readonly: true });
    const n = (d.prepare("SELECT COUNT(*) AS n FROM events").get() as { n: number }).n;
    const last = (d.prepare("SELECT MAX(t_us) AS t FROM events").get() as { t: number }).t;
    d.close();
    // the 30-minute pre-roll alone makes hundreds of events; the last one is from the live run
    expect(n).toBeGreaterThan(100);
    expect(last).toBeGreaterThanOrEqual(r.status.tUs - 60e6);
  }, 120_000);

  it("exits 0 on SIGINT (Ctrl+C) too", async () => {
    const r = await runUntilSignal("SIGINT", join(dir, "int.db"));
    expect(r.code).toBe(0);
    expect(r.out).toContain("SIGINT: stopping…");
  }, 120_000);

  it("refuses a bad flag with exit code 2 and the reason", async () => {
    const p = spawn(process.execPath, ["bin/twin.js", "serve", "--speed", "500"], {
      stdio: ["ignore", "pipe", "pipe"],
    });
    let err = "";
    p.stderr.on("data", (d) => {
      err += d;
    });
    const code = await new Promise<number | null>((resolve) => p.on("exit", (c) => resolve(c)));
    expect(code).toBe(2);
    expect(err).toBe('twin serve: --speed: expected a number from 0.1 to 100, got "500"\n');
  }, 60_000);
});
