import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { ServeError } from "./errors";
import type { OpcUaUser } from "./opcua";

const ROLES = new Set(["viewer", "operator", "admin"]);

/**
 * The OPC UA users of `twin serve`. The file is JSON: `[{ "username", "password", "role" }]` with role
 * viewer, operator (writes and methods) or admin. When it does not exist, one is made with an
 * `operator` and an `admin` whose passwords are random, so a fresh install never ships a known
 * password; the file is in data/, outside version control.
 */
export function loadOpcUaUsers(path: string, log: (line: string) => void): OpcUaUser[] {
  if (!existsSync(path)) {
    const users: OpcUaUser[] = [
      { username: "operator", password: randomBytes(9).toString("base64url"), role: "operator" },
      { username: "admin", password: randomBytes(12).toString("base64url"), role: "admin" },
    ];
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, `${JSON.stringify(users, null, 2)}\n`, { mode: 0o600 });
    log(`OPC UA users written to ${path} (operator and admin, random passwords)`);
    return users;
  }
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(path, "utf8"));
  } catch (e) {
    throw new ServeError(
      "SERVE_ERR_USERS",
      `${path}: not valid JSON (${e instanceof Error ? e.message : String(e)})`,
    );
  }
  if (!Array.isArray(data)) throw new ServeError("SERVE_ERR_USERS", `${path}: expected a list of users`);
  return data.map((u, i) => {
    const user = u as Partial<OpcUaUser>;
    for (const k of ["username", "password", "role"] as const) {
      if (typeof user[k] !== "string" || user[k] === "") {
        throw new ServeError("SERVE_ERR_USERS", `${path}: [${i}].${k} must be a non-empty string`);
      }
    }
    if (!ROLES.has(user.role!)) {
      throw new ServeError(
        "SERVE_ERR_USERS",
        `${path}: [${i}].role must be viewer, operator or admin, got "${user.role}"`,
      );
    }
    return user as OpcUaUser;
  });
}
