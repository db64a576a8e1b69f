/**
 * JSON schemas of the REST API: Fastify validates requests with them and @fastify/swagger publishes
 * them as OpenAPI. The domain functions check the same rules again (domain/validate.ts) for callers that
 * do not come through HTTP.
 */
import {
  ID_MAX,
  ID_PATTERN,
  PRIORITY_MAX,
  PRIORITY_MIN,
  QUANTITY_MAX,
  REVISION_MAX,
  WORK_ORDER_STATUSES,
} from "../domain/types";

const id = { type: "string", minLength: 1, maxLength: ID_MAX, pattern: ID_PATTERN } as const;
const revision = { type: "string", minLength: 1, maxLength: REVISION_MAX, pattern: ID_PATTERN } as const;
const nullableInt = { type: ["integer", "null"] } as const;
const nullableString = { type: ["string", "null"] } as const;

export const errorSchema = {
  type: "object",
  properties: {
    statusCode: { type: "integer" },
    code: { type: "string", description: "one of the API_ERR_* codes" },
    error: { type: "string" },
    message: { type: "string" },
    field: { type: "string", description: "path of the refused value, e.g. body.quantity" },
    reason: { type: "string" },
    where: { type: "string", description: "file:line:col or XML path, for imports" },
  },
  required: ["statusCode", "code", "error", "message"],
} as const;

export const productBody = {
  type: "object",
  additionalProperties: false,
  required: ["partNumber", "revision"],
  properties: {
    partNumber: id,
    revision,
    description: { type: "string", maxLength: 500 },
  },
} as const;

export const productPatchBody = {
  type: "object",
  additionalProperties: false,
  required: ["description"],
  properties: { description: { type: "string", maxLength: 500 } },
} as const;

export const productSchema = {
  type: "object",
  properties: {
    partNumber: { type: "string" },
    revision: { type: "string" },
    description: { type: "string" },
  },
  required: ["partNumber", "revision", "description"],
} as const;

export const bomLineBody = {
  type: "object",
  additionalProperties: false,
  required: ["position", "component", "quantity"],
  properties: {
    position: { type: "integer", minimum: 1, maximum: 9999 },
    component: id,
    quantity: { type: "number", exclusiveMinimum: 0, description: "per one parent, in unit" },
    unit: { type: "string", minLength: 1, maxLength: 16, pattern: ID_PATTERN, default: "ea" },
  },
} as const;

export const bomSchema = { type: "array", items: bomLineBody } as const;

export const operationBody = {
  type: "object",
  additionalProperties: false,
  required: ["seq", "name", "standardTimeS"],
  properties: {
    seq: { type: "integer", minimum: 1, maximum: 9999, description: "operation number, orders the routing" },
    name: { type: "string", minLength: 1, maxLength: 200 },
    stationType: { ...id, description: "kind of station needed (or give station)" },
    station: { ...id, description: "one specific station id (or give stationType)" },
    standardTimeS: { type: "number", exclusiveMinimum: 0, description: "standard time per part, seconds" },
    program: {
      type: "object",
      additionalProperties: false,
      required: ["kind", "ref"],
      properties: { kind: { type: "string", enum: ["nc", "robot"] }, ref: { type: "string", minLength: 1 } },
    },
  },
} as const;

export const routingBody = {
  type: "object",
  additionalProperties: false,
  required: ["operations"],
  properties: { operations: { type: "array", minItems: 1, maxItems: 500, items: operationBody } },
} as const;

export const routingSchema = {
  type: "object",
  properties: {
    partNumber: { type: "string" },
    revision: { type: "string" },
    operations: { type: "array", items: operationBody },
  },
} as const;

export const productDetailSchema = {
  type: "object",
  properties: {
    ...productSchema.properties,
    bom: bomSchema,
    routing: { type: "array", items: operationBody },
  },
} as const;

export const workOrderBody = {
  type: "object",
  additionalProperties: false,
  required: ["number", "partNumber", "quantity"],
  properties: {
    number: id,
    partNumber: id,
    revision: { ...revision, description: "highest revision when omitted" },
    quantity: { type: "integer", minimum: 1, maximum: QUANTITY_MAX },
    dueDate: {
      type: "string",
      minLength: 10,
      maxLength: 40,
      description: "ISO 8601, e.g. 2025-01-06T14:00:00Z",
    },
    priority: {
      type: "integer",
      minimum: PRIORITY_MIN,
      maximum: PRIORITY_MAX,
      description: "higher is more urgent",
    },
  },
} as const;

export const workOrderSchema = {
  type: "object",
  properties: {
    number: { type: "string" },
    partNumber: { type: "string" },
    revision: { type: "string" },
    quantity: { type: "integer" },
    dueDate: nullableString,
    dueUs: { ...nullableInt, description: "simulation µs" },
    priority: { type: "integer" },
    status: { type: "string", enum: WORK_ORDER_STATUSES },
    createdUs: { type: "integer", description: "simulation µs" },
    releasedUs: nullableInt,
    dispatchedUs: nullableInt,
    completedUs: nullableInt,
    cancelledUs: nullableInt,
    dispatchError: nullableString,
    progress: {
      type: "object",
      properties: {
        released: { type: "integer" },
        completed: { type: "integer" },
        scrapped: { type: "integer" },
        remaining: { type: "integer" },
        simStatus: nullableString,
        updatedUs: nullableInt,
      },
    },
  },
} as const;

export const kpiSchema = {
  type: "object",
  description: "times and durations in simulation µs",
  properties: {
    number: { type: "string" },
    status: { type: "string" },
    quantity: { type: "integer" },
    completed: { type: "integer" },
    scrapped: { type: "integer" },
    scrapRate: { type: ["number", "null"] },
    releasedUs: nullableInt,
    firstPartUs: nullableInt,
    completedUs: nullableInt,
    leadTimeUs: nullableInt,
    flowTimeUs: nullableInt,
    meanPartLeadTimeUs: nullableInt,
    dueUs: nullableInt,
    latenessUs: nullableInt,
    tardinessUs: nullableInt,
    onTime: { type: ["boolean", "null"] },
    overdue: { type: "boolean" },
  },
} as const;

export const importResultSchema = {
  type: "object",
  properties: {
    format: { type: "string" },
    created: { type: "integer" },
    updated: { type: "integer" },
    unchanged: { type: "integer" },
    items: { type: "array", items: { type: "string" } },
  },
} as const;

export const productParams = {
  type: "object",
  required: ["partNumber", "revision"],
  properties: { partNumber: id, revision },
} as const;

export const numberParams = { type: "object", required: ["number"], properties: { number: id } } as const;

export const idempotencyHeader = {
  type: "object",
  properties: {
    "idempotency-key": {
      type: "string",
      description: "repeat a POST safely: same key and body → same response",
    },
  },
} as const;
