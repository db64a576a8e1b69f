import type { FastifyInstance } from "fastify";
import { DISPATCH_RULES, type DispatchRule } from "../dispatcher";
import { WORK_ORDER_STATUSES, type WorkOrderInput, type WorkOrderStatus } from "../domain/types";
import {
  cancelWorkOrder,
  createWorkOrder,
  getWorkOrder,
  listWorkOrders,
  releaseWorkOrder,
} from "../domain/work-orders";
import { apiError } from "../errors";
import { workOrderKpi } from "../queries/kpi";
import { partsOfWorkOrder } from "../queries/trace";
import { clockOf, type ErpContext, runWrite } from "./context";
import {
  errorSchema,
  idempotencyHeader,
  kpiSchema,
  numberParams,
  workOrderBody,
  workOrderSchema,
} from "./schemas";

const tags = ["work orders"];
const err = errorSchema;

/** ERP: work orders, their lifecycle, progress, KPIs and dispatch into the simulation. */
export function workOrderRoutes(app: FastifyInstance, ctx: ErpContext): void {
  const { db } = ctx;

  app.get<{ Querystring: { status?: WorkOrderStatus } }>(
    "/work-orders",
    {
      schema: {
        tags,
        summary: "List work orders (creation order)",
        querystring: {
          type: "object",
          properties: { status: { type: "string", enum: WORK_ORDER_STATUSES } },
        },
        response: { 200: { type: "array", items: workOrderSchema }, 400: err },
      },
    },
    async (req) => listWorkOrders(db, ctx.epochMs, { status: req.query.status }),
  );

  app.post<{ Body: WorkOrderInput }>(
    "/work-orders",
    {
      schema: {
        tags,
        summary: "Create a work order (status created)",
        headers: idempotencyHeader,
        body: workOrderBody,
        response: { 201: workOrderSchema, 400: err, 409: err, 422: err },
      },
    },
    async (req, reply) =>
      runWrite(ctx, req, reply, () => ({ status: 201, body: createWorkOrder(db, req.body, clockOf(ctx)) })),
  );

  app.get<{ Params: { number: string } }>(
    "/work-orders/:number",
    {
      schema: {
        tags,
        summary: "Status and progress of a work order",
        params: numberParams,
        response: { 200: workOrderSchema, 404: err },
      },
    },
    async (req) => getWorkOrder(db, req.params.number, ctx.epochMs),
  );

  app.post<{ Params: { number: string } }>(
    "/work-orders/:number/release",
    {
      schema: {
        tags,
        summary: "created → released; dispatched into the simulation by the dispatch rule",
        params: numberParams,
        headers: idempotencyHeader,
        response: { 200: workOrderSchema, 404: err, 409: err },
      },
    },
    async (req, reply) => {
      const sent = runWrite(ctx, req, reply, () => ({
        status: 200,
        body: releaseWorkOrder(db, req.params.number, clockOf(ctx)),
      }));
      // dispatching happens after the release committed: a rejected dispatch leaves the order released
      ctx.dispatcher?.dispatch();
      return sent;
    },
  );

  app.post<{ Params: { number: string } }>(
    "/work-orders/:number/cancel",
    {
      schema: {
        tags,
        summary: "Cancel a work order that is not completed (tells the simulation when it has it)",
        params: numberParams,
        headers: idempotencyHeader,
        response: { 200: workOrderSchema, 404: err, 409: err },
      },
    },
    async (req, reply) =>
      runWrite(ctx, req, reply, () => ({
        status: 200,
        body: cancelWorkOrder(db, req.params.number, clockOf(ctx), ctx.submit),
      })),
  );

  app.get<{ Params: { number: string } }>(
    "/work-orders/:number/kpi",
    {
      schema: {
        tags,
        summary: "Lead time, lateness and scrap of a work order",
        params: numberParams,
        response: { 200: kpiSchema, 404: err },
      },
    },
    async (req) => workOrderKpi(db, req.params.number, ctx.now(), ctx.epochMs),
  );

  app.get<{ Params: { number: string } }>(
    "/work-orders/:number/parts",
    {
      schema: {
        tags,
        summary: "Serial numbers of the order's parts",
        params: numberParams,
        response: { 200: { type: "array", items: { type: "string" } }, 404: err },
      },
    },
    async (req) => {
      getWorkOrder(db, req.params.number, ctx.epochMs);
      return partsOfWorkOrder(db, req.params.number);
    },
  );

  app.post<{ Body: { rule?: DispatchRule; maxActive?: number } | undefined }>(
    "/dispatch",
    {
      schema: {
        tags,
        summary: "Set the dispatch rule and hand released orders to the simulation now",
        body: {
          type: ["object", "null"],
          additionalProperties: false,
          properties: {
            rule: { type: "string", enum: DISPATCH_RULES },
            maxActive: { type: "integer", minimum: 1, maximum: 1000 },
          },
        },
        response: {
          200: {
            type: "object",
            properties: {
              rule: { type: "string" },
              maxActive: { type: "integer" },
              dispatched: { type: "array", items: { type: "string" } },
              rejected: {
                type: "array",
                items: {
                  type: "object",
                  properties: {
                    number: { type: "string" },
                    code: { type: "string" },
                    reason: { type: "string" },
                  },
                },
              },
            },
          },
          503: err,
        },
      },
    },
    async (req) => {
      const d = ctx.dispatcher;
      if (d === undefined) throw apiError("API_ERR_NO_SIMULATION", ["dispatch work orders"]);
      if (req.body?.rule !== undefined) d.rule = req.body.rule;
      if (req.body?.maxActive !== undefined) d.maxActive = req.body.maxActive;
      return { rule: d.rule, maxActive: d.maxActive, ...d.dispatch() };
    },
  );
}
