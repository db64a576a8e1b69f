import type { FastifyInstance } from "fastify";
import { readEvents, tracePart } from "../queries/trace";
import type { ErpContext } from "./context";
import { errorSchema } from "./schemas";

const err = errorSchema;
const nullableInt = { type: ["integer", "null"] } as const;
const nullableString = { type: ["string", "null"] } as const;

const eventSchema = {
  type: "object",
  properties: {
    seq: { type: "integer" },
    tUs: { type: "integer", description: "simulation µs" },
    type: { type: "string" },
    entity: nullableString,
    payload: { type: "object", additionalProperties: true },
  },
} as const;

const traceSchema = {
  type: "object",
  description: "times in simulation µs (and ISO 8601 through the simulation epoch)",
  properties: {
    serial: { type: "string" },
    product: { type: "string" },
    workOrder: nullableString,
    source: nullableString,
    createdUs: nullableInt,
    finishedUs: nullableInt,
    outcome: nullableString,
    sink: nullableString,
    scrappedAt: nullableString,
    leadTimeUs: nullableInt,
    operations: {
      type: "array",
      items: {
        type: "object",
        properties: {
          station: { type: "string" },
          product: { type: "string" },
          startedUs: nullableInt,
          completedUs: nullableInt,
          startedAt: nullableString,
          completedAt: nullableString,
          processUs: nullableInt,
          result: nullableString,
          operator: nullableString,
          robot: nullableString,
          tool: nullableString,
          program: nullableString,
        },
      },
    },
    touchedBy: {
      type: "object",
      properties: Object.fromEntries(
        ["stations", "operators", "robots", "tools", "programs"].map((k) => [
          k,
          { type: "array", items: { type: "string" } },
        ]),
      ),
    },
    events: { type: "array", items: eventSchema },
  },
} as const;

/** Traceability: a part's genealogy and the raw event log. */
export function partRoutes(app: FastifyInstance, ctx: ErpContext): void {
  app.get<{ Params: { serial: string } }>(
    "/parts/:serial/trace",
    {
      schema: {
        tags: ["traceability"],
        summary: "Which stations, operators, robots, tools and programs touched a part, and when",
        params: {
          type: "object",
          required: ["serial"],
          properties: { serial: { type: "string", minLength: 1, maxLength: 128 } },
        },
        response: { 200: traceSchema, 404: err },
      },
    },
    async (req) => tracePart(ctx.db, req.params.serial, ctx.epochMs),
  );

  app.get<{ Querystring: { afterSeq?: number; limit?: number; type?: string } }>(
    "/events",
    {
      schema: {
        tags: ["traceability"],
        summary: "A page of the append-only event log, oldest first",
        querystring: {
          type: "object",
          properties: {
            afterSeq: { type: "integer", minimum: 0, default: 0 },
            limit: { type: "integer", minimum: 1, maximum: 10000, default: 100 },
            type: { type: "string", maxLength: 64 },
          },
        },
        response: { 200: { type: "array", items: eventSchema }, 400: err },
      },
    },
    async (req) =>
      readEvents(ctx.db, {
        afterSeq: req.query.afterSeq ?? 0,
        limit: req.query.limit ?? 100,
        type: req.query.type,
      }),
  );
}
