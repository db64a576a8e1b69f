import type { FastifyInstance } from "fastify";
import type { Command, CommandResult } from "../../sim/commands";
import { buildApi } from "../api/app";
import { type Db, openErpDb } from "../db/open";
import type { Dispatcher } from "../dispatcher";

export interface TestApi {
  app: FastifyInstance;
  db: Db;
  /** simulation µs the API sees as "now"; tests move it */
  clock: { now: number };
}

/** An API over a fresh in-memory database with a clock the test controls. */
export async function testApi(
  options: { submit?: (cmd: Command) => CommandResult; dispatcher?: Dispatcher; db?: Db } = {},
): Promise<TestApi> {
  const db = options.db ?? openErpDb(":memory:");
  const clock = { now: 0 };
  const app = await buildApi({
    db,
    now: () => clock.now,
    submit: options.submit,
    dispatcher: options.dispatcher,
  });
  return { app, db, clock };
}

export async function post(
  app: FastifyInstance,
  url: string,
  payload?: unknown,
  headers: Record<string, string> = {},
) {
  const res = await app.inject({ method: "POST", url, payload: payload as object | undefined, headers });
  return { status: res.statusCode, body: res.body === "" ? null : res.json(), headers: res.headers };
}

export async function get(app: FastifyInstance, url: string) {
  const res = await app.inject({ method: "GET", url });
  return { status: res.statusCode, body: res.json() };
}

/** A bracket with a three-step routing, enough for most tests. */
export async function seedProduct(
  app: FastifyInstance,
  partNumber = "BRK-100",
  revision = "A",
): Promise<void> {
  const p = await post(app, "/api/products", { partNumber, revision, description: "Bracket" });
  if (p.status !== 201) throw new Error(`seed product: ${JSON.stringify(p.body)}`);
  const r = await app.inject({
    method: "PUT",
    url: `/api/products/${partNumber}/${revision}/routing`,
    payload: {
      operations: [
        {
          seq: 10,
          name: "Load",
          station: "robot-cell-1",
          standardTimeS: 12,
          program: { kind: "robot", ref: "PICK" },
        },
        {
          seq: 20,
          name: "Mill",
          stationType: "cnc-mill",
          standardTimeS: 95,
          program: { kind: "nc", ref: "O1001" },
        },
        { seq: 30, name: "Inspect", stationType: "manual-bench", standardTimeS: 40 },
      ],
    },
  });
  if (r.statusCode !== 200) throw new Error(`seed routing: ${r.body}`);
}
