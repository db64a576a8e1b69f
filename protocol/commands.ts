/**
 * What a viewer (or a REST client of /api/twin) may ask the twin to do. Sent as `command` with an
 * acknowledgement callback that receives a `CommandReply`. Parsing is here, pure, so the server
 * validates socket input and REST bodies the same way.
 */

export type ViewerCommand =
  /** × real time, within `Layout.speedRange` */
  | { type: "setSpeed"; speed: number }
  | { type: "pause" }
  | { type: "resume" }
  /** fail a station or conveyor now; `durationS` null or absent: until cleared */
  | { type: "injectFault"; entity: string; fault: string; durationS?: number | null | undefined }
  | { type: "clearFault"; entity: string }
  | { type: "acknowledgeAlarm"; alarm: string; comment?: string | undefined }
  /** restart the twin on another scenario file of scenarios/ */
  | { type: "switchScenario"; file: string }
  /** switch the demo order feeder on or off */
  | { type: "setFeeder"; on: boolean };

export type ViewerCommandType = ViewerCommand["type"];

export type CommandReply =
  | { ok: true; detail?: string | undefined }
  | { ok: false; code: string; reason: string };

/** Error codes of the twin's command inlet (socket and /api/twin). */
export const TWIN_CMD_ERRORS = {
  TWIN_ERR_BAD_COMMAND: "the command is malformed",
  TWIN_ERR_OUT_OF_RANGE: "a value is outside its range",
  TWIN_ERR_UNKNOWN_ENTITY: "no such entity in the running scenario",
  TWIN_ERR_UNKNOWN_SCENARIO: "no such scenario file",
  TWIN_ERR_SCENARIO_INVALID: "the scenario file does not validate",
  TWIN_ERR_REJECTED: "the simulation refused the command",
  TWIN_ERR_BUSY: "the twin is restarting",
} as const;

export type TwinCmdErrorCode = keyof typeof TWIN_CMD_ERRORS;

export function commandError(code: TwinCmdErrorCode, reason: string): CommandReply {
  return { ok: false, code, reason };
}

const ID = /^[A-Za-z0-9][A-Za-z0-9_.#:-]{0,127}$/;
const FILE = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,127}\.ya?ml$/;

/** Checks an untrusted value; returns the command, or a reply saying which field is wrong and why. */
export function parseViewerCommand(x: unknown): ViewerCommand | Extract<CommandReply, { ok: false }> {
  const bad = (path: string, why: string) =>
    commandError("TWIN_ERR_BAD_COMMAND", `${path}: ${why}`) as Extract<CommandReply, { ok: false }>;
  if (typeof x !== "object" || x === null || Array.isArray(x)) return bad("command", "expected an object");
  const o = x as Record<string, unknown>;
  const str = (k: string, re: RegExp): string | null =>
    typeof o[k] === "string" && re.test(o[k] as string) ? (o[k] as string) : null;
  switch (o.type) {
    case "setSpeed":
      if (typeof o.speed !== "number" || !Number.isFinite(o.speed)) return bad("speed", "expected a number");
      return { type: "setSpeed", speed: o.speed };
    case "pause":
    case "resume":
      return { type: o.type };
    case "injectFault": {
      const entity = str("entity", ID);
      if (entity === null) return bad("entity", "expected an entity id");
      const fault =
        typeof o.fault === "string" && o.fault.length > 0 && o.fault.length <= 80 ? o.fault : null;
      if (fault === null) return bad("fault", "expected a fault name of 1…80 characters");
      const d = o.durationS;
      if (d !== undefined && d !== null && !(typeof d === "number" && d > 0 && d <= 7 * 86400)) {
        return bad("durationS", "expected seconds in (0, 604800], or null");
      }
      return { type: "injectFault", entity, fault, durationS: (d as number | null | undefined) ?? null };
    }
    case "clearFault": {
      const entity = str("entity", ID);
      return entity === null ? bad("entity", "expected an entity id") : { type: "clearFault", entity };
    }
    case "acknowledgeAlarm": {
      const alarm = str("alarm", ID);
      if (alarm === null) return bad("alarm", "expected an alarm id");
      const c = o.comment;
      if (c !== undefined && (typeof c !== "string" || c.length > 200))
        return bad("comment", "expected text of at most 200 characters");
      return { type: "acknowledgeAlarm", alarm, comment: c as string | undefined };
    }
    case "switchScenario": {
      const file = str("file", FILE);
      return file === null
        ? bad("file", "expected a scenario file name like workshop.yaml")
        : { type: "switchScenario", file };
    }
    case "setFeeder":
      if (typeof o.on !== "boolean") return bad("on", "expected true or false");
      return { type: "setFeeder", on: o.on };
    default:
      return bad("type", `unknown command ${JSON.stringify(o.type)}`);
  }
}

/** True when `parseViewerCommand` refused the value. */
export function isCommandError(
  x: ViewerCommand | Extract<CommandReply, { ok: false }>,
): x is Extract<CommandReply, { ok: false }> {
  return "ok" in x;
}
