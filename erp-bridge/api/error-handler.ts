import type { FastifyError, FastifyReply, FastifyRequest } from "fastify";
import { ApiError, apiError, validationError } from "../errors";

const STATUS_TEXT: Record<number, string> = {
  400: "Bad Request",
  404: "Not Found",
  409: "Conflict",
  413: "Payload Too Large",
  415: "Unsupported Media Type",
  422: "Unprocessable Entity",
  500: "Internal Server Error",
  503: "Service Unavailable",
};

interface AjvIssue {
  instancePath?: string;
  keyword?: string;
  message?: string;
  params?: Record<string, unknown>;
}

/** `/operations/1/standardTimeS` → `operations[1].standardTimeS` */
function dotted(pointer: string): string {
  let out = "";
  for (const seg of pointer.split("/").slice(1)) {
    const s = seg.replace(/~1/g, "/").replace(/~0/g, "~");
    out += /^\d+$/.test(s) ? `[${s}]` : `.${s}`;
  }
  return out;
}

/** The field and reason of Fastify's first schema-validation issue. */
export function describeValidation(issue: AjvIssue, context: string): { field: string; reason: string } {
  let field = `${context}${dotted(issue.instancePath ?? "")}`;
  let reason = issue.message ?? "is invalid";
  const p = issue.params ?? {};
  if (issue.keyword === "required" && typeof p.missingProperty === "string") {
    field += `.${p.missingProperty}`;
    reason = "is required";
  } else if (issue.keyword === "additionalProperties" && typeof p.additionalProperty === "string") {
    field += `.${p.additionalProperty}`;
    reason = "is not an accepted field";
  } else if (issue.keyword === "enum" && Array.isArray(p.allowedValues)) {
    reason = `must be one of ${p.allowedValues.join(", ")}`;
  } else if (issue.keyword === "pattern") {
    reason = "may hold only letters, digits, '.', '_' and '-', starting with a letter or digit";
  }
  return { field, reason };
}

function send(reply: FastifyReply, status: number, body: Record<string, unknown>): FastifyReply {
  return reply.code(status).send({ statusCode: status, error: STATUS_TEXT[status] ?? "Error", ...body });
}

/** Turns every failure into `{ statusCode, code, error, message, field?, reason?, where? }`. */
export function erpErrorHandler(err: FastifyError | ApiError, req: FastifyRequest, reply: FastifyReply) {
  if (err instanceof ApiError) return sendApiError(reply, err);
  const fe = err as FastifyError;
  if (fe.validation !== undefined && fe.validation.length > 0) {
    const { field, reason } = describeValidation(
      fe.validation[0] as AjvIssue,
      fe.validationContext ?? "body",
    );
    return sendApiError(reply, validationError(field, reason));
  }
  const status = fe.statusCode ?? 500;
  if (status === 415) {
    const type = String(req.headers["content-type"] ?? "none");
    return sendApiError(reply, apiError("API_ERR_UNSUPPORTED_MEDIA_TYPE", [type, "application/json"]));
  }
  if (status >= 400 && status < 500) {
    const e = apiError("API_ERR_BAD_BODY", [fe.message]);
    return send(reply, status, { code: e.code, message: e.message });
  }
  req.log.error(err);
  return sendApiError(reply, apiError("API_ERR_INTERNAL"));
}

export function sendApiError(reply: FastifyReply, err: ApiError): FastifyReply {
  const extra: Record<string, string> = {};
  if (err.field !== undefined) extra.field = err.field;
  if (err.reason !== undefined) extra.reason = err.reason;
  if (err.where !== undefined) extra.where = err.where;
  // a field named by the domain layer is a body field unless it already says where it lives
  if (extra.field !== undefined && !/^(body|params|querystring|headers)\b/.test(extra.field)) {
    extra.field = `body.${extra.field}`;
  }
  let message = err.message;
  if (err.code === "API_ERR_VALIDATION" && extra.field !== undefined)
    message = `${extra.field}: ${err.reason}`;
  return send(reply, err.statusCode, { code: err.code, message, ...extra });
}
