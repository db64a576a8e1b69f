/**
 * Every error the ERP bridge reports, in one list (in the style of fastify's lib/errors.js). The REST
 * layer turns an `ApiError` into `{ statusCode, code, error, message, field?, reason?, where? }`; the OPC UA
 * Job Control adapter can map the same codes onto its own status codes.
 */

interface ErrorDef {
  /** HTTP status */
  status: number;
  /** message template; `%s` is replaced by the arguments in order */
  message: string;
}

export const API_ERRORS = {
  API_ERR_VALIDATION: { status: 400, message: "%s: %s" },
  API_ERR_BAD_BODY: { status: 400, message: "request could not be read: %s" },
  API_ERR_UNSUPPORTED_MEDIA_TYPE: { status: 415, message: "content type %s is not accepted here; send %s" },
  API_ERR_PRODUCT_NOT_FOUND: { status: 404, message: "product %s revision %s not found" },
  API_ERR_PRODUCT_EXISTS: { status: 409, message: "product %s revision %s already exists" },
  API_ERR_PRODUCT_IN_USE: {
    status: 409,
    message: "product %s revision %s is used by %s work order(s); cancel or complete them first",
  },
  API_ERR_NO_PRODUCT_REVISION: { status: 400, message: "product %s has no revision to order" },
  API_ERR_BOM_LINE_NOT_FOUND: { status: 404, message: "product %s revision %s has no BOM line %s" },
  API_ERR_BOM_LINE_EXISTS: { status: 409, message: "product %s revision %s already has BOM line %s" },
  API_ERR_BOM_CYCLE: { status: 409, message: "component %s would make the bill of materials of %s cyclic" },
  API_ERR_ROUTING_NOT_FOUND: { status: 404, message: "product %s revision %s has no routing" },
  API_ERR_WORK_ORDER_NOT_FOUND: { status: 404, message: "work order %s not found" },
  API_ERR_WORK_ORDER_EXISTS: { status: 409, message: "work order %s already exists" },
  API_ERR_INVALID_TRANSITION: { status: 409, message: "work order %s is %s; it cannot be %s" },
  API_ERR_SIM_REJECTED: { status: 409, message: "the simulation rejected %s: %s (%s)" },
  API_ERR_NO_SIMULATION: { status: 503, message: "no simulation is attached; cannot %s" },
  API_ERR_PART_NOT_FOUND: { status: 404, message: "part %s has no record" },
  API_ERR_IDEMPOTENCY_KEY_INVALID: {
    status: 400,
    message: "Idempotency-Key must be 1 to 255 visible ASCII characters",
  },
  API_ERR_IDEMPOTENCY_KEY_REUSED: {
    status: 422,
    message: "Idempotency-Key %s was already used for a different request (%s %s)",
  },
  API_ERR_IMPORT_PARSE: { status: 400, message: "%s: %s" },
  API_ERR_IMPORT_CONFLICT: { status: 409, message: "%s: %s" },
  API_ERR_INTERNAL: { status: 500, message: "internal error; the request changed nothing" },
} as const satisfies Record<string, ErrorDef>;

export type ApiErrorCode = keyof typeof API_ERRORS;

export interface ApiErrorDetail {
  /** request path of the offending value, e.g. `body.operations[1].standardTimeS` */
  field?: string | undefined;
  /** why the value was refused, without the field */
  reason?: string | undefined;
  /** `file:line:col` or an XML path, for imports */
  where?: string | undefined;
}

export class ApiError extends Error {
  override name = "ApiError";
  readonly code: ApiErrorCode;
  readonly statusCode: number;
  readonly field: string | undefined;
  readonly reason: string | undefined;
  readonly where: string | undefined;

  constructor(code: ApiErrorCode, message: string, detail: ApiErrorDetail = {}) {
    super(message);
    this.code = code;
    this.statusCode = API_ERRORS[code].status;
    this.field = detail.field;
    this.reason = detail.reason;
    this.where = detail.where;
  }
}

/** Builds the error `code` with its template filled by `args`. */
export function apiError(
  code: ApiErrorCode,
  args: readonly (string | number)[] = [],
  detail?: ApiErrorDetail,
) {
  let i = 0;
  const message = API_ERRORS[code].message.replace(/%s/g, () => String(args[i++] ?? ""));
  return new ApiError(code, message, detail);
}

/** A 400 that names the field and the reason (the message repeats both for humans). */
export function validationError(field: string, reason: string): ApiError {
  return apiError("API_ERR_VALIDATION", [field, reason], { field, reason });
}

/** An import problem at `where` (`file:line:col` or an XML path). */
export function importError(where: string, reason: string): ApiError {
  return apiError("API_ERR_IMPORT_PARSE", [where, reason], { where, reason });
}
