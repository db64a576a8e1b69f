/** Error codes of `twin serve` (configuration and start-up), each with what it means. */
export const SERVE_ERRORS = {
  SERVE_ERR_BAD_FLAG: "a flag or environment variable has a value outside its range",
  SERVE_ERR_SCENARIO: "the scenario file cannot be read or does not validate",
  SERVE_ERR_PORT_IN_USE: "a port is taken by another program",
  SERVE_ERR_VIEWER_BUILD: "the viewer could not be built",
  SERVE_ERR_USERS: "the OPC UA users file is not a valid list of users",
} as const;

export type ServeErrorCode = keyof typeof SERVE_ERRORS;

/** A start-up problem the user can fix; `twin serve` prints it without a stack and exits 2. */
export class ServeError extends Error {
  override name = "ServeError";
  constructor(
    readonly code: ServeErrorCode,
    message: string,
  ) {
    super(`${code}: ${message}`);
  }
}
