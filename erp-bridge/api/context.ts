import { createHash } from "node:crypto";
import type { FastifyReply, FastifyRequest } from "fastify";
import type { Command, CommandResult } from "../../sim/commands";
import type { Db } from "../db/open";
import { stmt } from "../db/stmt";
import type { Dispatcher } from "../dispatcher";
import type { Clock } from "../domain/work-orders";
import { apiError } from "../errors";

/** What the route modules share: the database, the clock and, when a simulation runs, its command inlet. */
export interface ErpContext {
  db: Db;
  epochMs: number;
  /** current simulation time, µs */
  now: () => number;
  submit: ((cmd: Command) => CommandResult) | undefined;
  dispatcher: Dispatcher | undefined;
}

export function clockOf(ctx: ErpContext): Clock {
  return { nowUs: ctx.now(), epochMs: ctx.epochMs };
}

export interface HandlerResult {
  status: number;
  body: unknown;
}

const KEY_RE = /^[\x21-\x7e]{1,255}$/;

/** Key-order-independent JSON, so the same order sent twice with reordered fields counts as the same body. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(",")}]`;
  if (value !== null && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(",")}}`;
  }
  return JSON.stringify(value) ?? "null";
}

export function bodyHash(body: unknown): string {
  return createHash("sha256")
    .update(typeof body === "string" ? `s:${body}` : `j:${canonical(body)}`)
    .digest("hex");
}

/**
 * Runs a state-changing handler in one transaction. With an `Idempotency-Key` header the first success is
 * stored with the change itself, and a repeat with the same method, URL and body gets the stored response
 * (header `Idempotent-Replayed: true`) without touching anything; the same key on another request is 422.
 * Failures are not stored: they changed nothing, so repeating them is harmless anyway.
 */
export function runWrite(
  ctx: ErpContext,
  req: FastifyRequest,
  reply: FastifyReply,
  handler: () => HandlerResult,
): FastifyReply {
  const raw = req.headers["idempotency-key"];
  if (raw === undefined) {
    const res = ctx.db.transaction(handler)();
    return reply.code(res.status).send(res.body);
  }
  const key = Array.isArray(raw) ? raw.join(",") : raw;
  if (!KEY_RE.test(key))
    throw apiError("API_ERR_IDEMPOTENCY_KEY_INVALID", [], { field: "headers.idempotency-key" });
  const hash = bodyHash(req.body);
  const url = req.url;
  const out = ctx.db.transaction((): HandlerResult & { replayed: boolean } => {
    const prior = stmt(
      ctx.db,
      "SELECT method, url, body_hash, status, response FROM idempotency_keys WHERE key = ?",
    ).get(key) as
      | { method: string; url: string; body_hash: string; status: number; response: string }
      | undefined;
    if (prior !== undefined) {
      if (prior.method !== req.method || prior.url !== url || prior.body_hash !== hash) {
        throw apiError("API_ERR_IDEMPOTENCY_KEY_REUSED", [key, prior.method, prior.url], {
          field: "headers.idempotency-key",
        });
      }
      return { status: prior.status, body: JSON.parse(prior.response), replayed: true };
    }
    const res = handler();
    stmt(
      ctx.db,
      "INSERT INTO idempotency_keys (key, method, url, body_hash, status, response, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
    ).run(key, req.method, url, hash, res.status, JSON.stringify(res.body ?? null), new Date().toISOString());
    return { ...res, replayed: false };
  })();
  if (out.replayed) reply.header("idempotent-replayed", "true");
  return reply.code(out.status).send(out.body);
}

/** Forgets idempotency keys stored before `beforeIso` (ISO 8601); returns how many. Keys live until purged. */
export function purgeIdempotencyKeys(db: Db, beforeIso: string): number {
  return stmt(db, "DELETE FROM idempotency_keys WHERE created_at < ?").run(new Date(beforeIso).toISOString())
    .changes;
}
