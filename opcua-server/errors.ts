import { type StatusCode, StatusCodes } from "node-opcua";

/** Errors in the adapter's configuration, in the style of fastify's lib/errors.js. */
export const OPCUA_ERRORS = {
  OPCUA_ERR_PORT: "port must be an integer 0..65535",
  OPCUA_ERR_NO_ENDPOINT: "no endpoint left: enable securityNone or at least one secured mode",
  OPCUA_ERR_USER: "a user needs a non-empty username, a password and a role (viewer, operator or admin)",
  OPCUA_ERR_DUPLICATE_USER: "two users have the same username",
  OPCUA_ERR_DEADBAND: "a deadband must be a finite number ≥ 0",
  OPCUA_ERR_INTERVAL: "publishIntervalMs must be a finite number ≥ 0",
  OPCUA_ERR_PKI: "pkiDir must be a non-empty path",
} as const;

export type OpcUaErrorCode = keyof typeof OPCUA_ERRORS;

/** A bad option of `startOpcUaServer`; `where` is the option path, e.g. `users[1].role`. */
export class OpcUaConfigError extends Error {
  constructor(
    readonly code: OpcUaErrorCode,
    readonly where: string,
    detail?: string,
  ) {
    super(`${code}: ${where}: ${OPCUA_ERRORS[code]}${detail === undefined ? "" : ` (${detail})`}`);
    this.name = "OpcUaConfigError";
  }
}

/** How a simulation refusal (`SIM_ERR_*`) is answered on the wire. */
const SIM_STATUS: Record<string, StatusCode> = {
  SIM_ERR_UNKNOWN_ENTITY: StatusCodes.BadNodeIdUnknown,
  SIM_ERR_STATE: StatusCodes.BadInvalidState,
  SIM_ERR_OUT_OF_RANGE: StatusCodes.BadOutOfRange,
  SIM_ERR_BAD_VALUE: StatusCodes.BadInvalidArgument,
  SIM_ERR_UNKNOWN_ALARM: StatusCodes.BadEventIdUnknown,
  SIM_ERR_UNKNOWN_ORDER: StatusCodes.BadNotFound,
  SIM_ERR_DUPLICATE: StatusCodes.BadInvalidArgument,
  SIM_ERR_UNKNOWN_PRODUCT: StatusCodes.BadInvalidArgument,
  SIM_ERR_NO_SOURCE: StatusCodes.BadInvalidState,
  SIM_ERR_UNKNOWN_PROGRAM: StatusCodes.BadNotFound,
};

export function statusForSimError(code: string): StatusCode {
  return SIM_STATUS[code] ?? StatusCodes.BadInternalError;
}
