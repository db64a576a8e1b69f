import swagger from "@fastify/swagger";
import swaggerUi from "@fastify/swagger-ui";
import Fastify, { type FastifyInstance, type FastifyPluginAsync, type FastifyServerOptions } from "fastify";
import { Dispatcher } from "../dispatcher";
import { type ErpRoutesOptions, erpRoutes } from "./plugin";

/**
 * Validator options the ERP routes are written for: an unknown field is refused with a 400 naming it,
 * instead of Fastify's default of dropping it silently (a misspelt `quantiy` must not create an order
 * of the default quantity). Pass them to the host: `Fastify({ ajv: { customOptions: ERP_AJV_OPTIONS } })`.
 */
export const ERP_AJV_OPTIONS = { removeAdditional: false, coerceTypes: "array", useDefaults: true } as const;

/**
 * OpenAPI for the routes registered after it, served at `/docs` (UI) and `/docs/json`. Register it on
 * the root instance before `erpRoutes`: @fastify/swagger collects routes as they are added.
 */
export const erpOpenApi: FastifyPluginAsync = async (app) => {
  await app.register(swagger, {
    openapi: {
      openapi: "3.0.3",
      info: {
        title: "Workshop twin: ERP bridge",
        description:
          "Products, BOMs, routings, work orders, traceability and imports (CSV, ISA-95 B2MML). Times are simulation µs.",
        version: "1.0.0",
      },
      tags: [
        { name: "products", description: "PDM: products, bills of materials, routings" },
        { name: "work orders", description: "ERP: lifecycle, progress, KPIs, dispatch" },
        { name: "traceability", description: "part genealogy and the event log" },
        { name: "import", description: "CSV and B2MML uploads" },
      ],
    },
  });
  await app.register(swaggerUi, { routePrefix: "/docs" });
};
// Not encapsulated (what fastify-plugin does): swagger must see the routes its siblings register.
Object.assign(erpOpenApi, { [Symbol.for("skip-override")]: true });

export interface BuildApiOptions extends Omit<ErpRoutesOptions, "dispatcher"> {
  /** a dispatcher to use; one with the FIFO rule is made when `submit` is given and this is not */
  dispatcher?: Dispatcher | undefined;
  /** Fastify options (logger…); `ajv` defaults to ERP_AJV_OPTIONS */
  fastify?: FastifyServerOptions;
}

/**
 * A stand-alone ERP API: OpenAPI at /docs and the routes under /api. Tests drive it with
 * `app.inject()`; `twin serve` mounts `erpOpenApi` and `erpRoutes` on its own instance instead.
 */
export async function buildApi(options: BuildApiOptions): Promise<FastifyInstance> {
  const app = Fastify({ ajv: { customOptions: ERP_AJV_OPTIONS }, ...options.fastify });
  const dispatcher =
    options.dispatcher ??
    (options.submit === undefined
      ? undefined
      : new Dispatcher(options.db, { submit: options.submit, now: options.now }));
  await app.register(erpOpenApi);
  await app.register(erpRoutes, {
    prefix: "/api",
    db: options.db,
    submit: options.submit,
    now: options.now,
    dispatcher,
  });
  await app.ready();
  return app;
}
