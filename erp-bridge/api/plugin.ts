import type { FastifyInstance, FastifyPluginAsync } from "fastify";
import type { Command, CommandResult } from "../../sim/commands";
import type { Db } from "../db/open";
import type { Dispatcher } from "../dispatcher";
import { readEpochMs, wallClockSimUs } from "../domain/epoch";
import type { ErpContext } from "./context";
import { erpErrorHandler } from "./error-handler";
import { importRoutes } from "./routes-import";
import { partRoutes } from "./routes-parts";
import { productRoutes } from "./routes-products";
import { workOrderRoutes } from "./routes-work-orders";

export interface ErpRoutesOptions {
  /** an open ERP database (`openErpDb`) */
  db: Db;
  /** the simulation's command inlet; without it cancelling does not reach the simulation */
  submit?: ((cmd: Command) => CommandResult) | undefined;
  /** current simulation time, µs; wall clock mapped through the simulation epoch when omitted */
  now?: (() => number) | undefined;
  /** dispatches after each release and serves POST /dispatch */
  dispatcher?: Dispatcher | undefined;
}

/**
 * The ERP REST routes as an encapsulated Fastify plugin: register it with a prefix
 * (`app.register(erpRoutes, { prefix: "/api", db, submit, now, dispatcher })`). Its error handler and
 * CSV/XML body parsers stay inside it, so other routes of the host are not affected.
 */
export const erpRoutes: FastifyPluginAsync<ErpRoutesOptions> = async (app: FastifyInstance, opts) => {
  const epochMs = readEpochMs(opts.db);
  const ctx: ErpContext = {
    db: opts.db,
    epochMs,
    now: opts.now ?? wallClockSimUs(epochMs),
    submit: opts.submit,
    dispatcher: opts.dispatcher,
  };
  app.setErrorHandler(erpErrorHandler);
  productRoutes(app, ctx);
  workOrderRoutes(app, ctx);
  partRoutes(app, ctx);
  importRoutes(app, ctx);
};
