import { mkdtempSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadOpcUaUsers } from "./opcua-users";

describe("OPC UA users of twin serve", () => {
  const dir = mkdtempSync(join(tmpdir(), "ua-users-"));

  it("makes an operator and an admin with random passwords on first start, and reads them back", () => {
    const file = join(dir, "sub", "users.json");
    const lines: string[] = [];
    const made = loadOpcUaUsers(file, (l) => lines.push(l));
    expect(made.map((u) => [u.username, u.role])).toEqual([
      ["operator", "operator"],
      ["admin", "admin"],
    ]);
    expect(made[0]!.password.length).toBeGreaterThanOrEqual(12);
    expect(lines[0]).toContain(file);
    expect(statSync(file).mode & 0o077).toBe(0);
    expect(loadOpcUaUsers(file, () => {})).toEqual(made);
    expect(JSON.parse(readFileSync(file, "utf8"))).toEqual(made);
    // another first start makes other passwords
    expect(loadOpcUaUsers(join(dir, "other.json"), () => {})[0]!.password).not.toBe(made[0]!.password);
  });

  it.each([
    ["{", "not valid JSON"],
    ['{"username":"x"}', "expected a list of users"],
    ['[{"username":"x","password":"","role":"operator"}]', "[0].password must be a non-empty string"],
    [
      '[{"username":"x","password":"y","role":"root"}]',
      '[0].role must be viewer, operator or admin, got "root"',
    ],
  ])("refuses %s", (text, why) => {
    const file = join(dir, "bad.json");
    writeFileSync(file, text);
    expect(() => loadOpcUaUsers(file, () => {})).toThrow(why);
  });
});
