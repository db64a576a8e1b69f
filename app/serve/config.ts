import { parseQuantity } from "../../sim/index";
import { parseCliArgs } from "../cli-args";
import { InputError } from "../cli-types";

/** Everything `twin serve` can be told, after flags and environment are merged. */
export interface ServeConfig {
  /** HTTP (viewer, REST, Socket.IO) */
  host: string;
  port: number;
  /** OPC UA server port; null switches the server off */
  opcuaPort: number | null;
  /** JSON file of OPC UA users ([{ username, password, role }]); made with random passwords on first start */
  opcuaUsers: string;
  /** Modbus TCP port of the PLC bridge; null switches it off */
  modbusPort: number | null;
  /** scenario file (relative to the working directory or absolute) */
  scenario: string;
  /** × real time, 0.1 … 100 */
  speed: number;
  /** run seed; the scenario's when null */
  seed: number | null;
  /** SQLite file of the ERP bridge */
  db: string;
  /** demo order feeder: releases new ERP orders so the workshop never runs dry */
  feeder: boolean;
  /** simulated time run headless before going live, s; null = the scenario's warm-up */
  prerollS: number | null;
  /** frames per second to viewers, 1 … 30 */
  frameHz: number;
  /** built viewer (index.html and assets) */
  viewerDir: string;
  /** build the viewer first when it is missing or older than its sources */
  buildViewer: boolean;
}

export const SPEED_MIN = 0.1;
export const SPEED_MAX = 100;

export const SERVE_DEFAULTS: ServeConfig = {
  host: "127.0.0.1",
  port: 8080,
  opcuaPort: 4840,
  opcuaUsers: "data/opcua-users.json",
  modbusPort: 5020,
  scenario: "scenarios/workshop.yaml",
  speed: 1,
  seed: null,
  db: "data/twin.db",
  feeder: true,
  prerollS: null,
  frameHz: 30,
  viewerDir: "viewer/dist",
  buildViewer: true,
};

/** Flag → environment variable, for `--help` and the docs. */
export const SERVE_ENV = {
  host: "TWIN_HOST",
  port: "TWIN_PORT",
  "opcua-port": "TWIN_OPCUA_PORT",
  "opcua-users": "TWIN_OPCUA_USERS",
  "modbus-port": "TWIN_MODBUS_PORT",
  scenario: "TWIN_SCENARIO",
  speed: "TWIN_SPEED",
  seed: "TWIN_SEED",
  db: "TWIN_DB",
  feeder: "TWIN_FEEDER",
  preroll: "TWIN_PREROLL",
  "frame-rate": "TWIN_FRAME_HZ",
  viewer: "TWIN_VIEWER_DIR",
} as const;

const OPTIONS = {
  host: { type: "string" },
  port: { type: "string", short: "p" },
  "opcua-port": { type: "string" },
  "no-opcua": { type: "boolean" },
  "opcua-users": { type: "string" },
  "modbus-port": { type: "string" },
  "no-modbus": { type: "boolean" },
  scenario: { type: "string", short: "s" },
  speed: { type: "string" },
  seed: { type: "string" },
  db: { type: "string" },
  "no-feeder": { type: "boolean" },
  preroll: { type: "string" },
  "frame-rate": { type: "string" },
  viewer: { type: "string" },
  "no-build": { type: "boolean" },
} as const;

/**
 * Flags win over environment variables, which win over the defaults. Throws InputError naming the flag
 * (or variable) and the accepted range.
 */
export function parseServeConfig(
  args: readonly string[],
  env: Record<string, string | undefined>,
): ServeConfig {
  const { values, positionals } = parseCliArgs(args, OPTIONS);
  if (positionals.length > 1)
    throw new InputError(`expected at most one scenario file, got ${positionals.join(" ")}`);
  const pick = (
    flag: Exclude<keyof typeof SERVE_ENV, "feeder">,
  ): { text: string; from: string } | undefined => {
    const v = values[flag];
    if (typeof v === "string") return { text: v, from: `--${flag}` };
    const e = env[SERVE_ENV[flag]];
    return e !== undefined && e !== "" ? { text: e, from: SERVE_ENV[flag] } : undefined;
  };
  const c: ServeConfig = { ...SERVE_DEFAULTS };
  const host = pick("host");
  if (host !== undefined) c.host = host.text;
  const port = pick("port");
  if (port !== undefined) c.port = intIn(port, 0, 65535);
  const ua = pick("opcua-port");
  if (ua !== undefined) c.opcuaPort = intIn(ua, 0, 65535);
  if (values["no-opcua"] === true || env.TWIN_OPCUA === "0" || env.TWIN_OPCUA === "off") c.opcuaPort = null;
  const users = pick("opcua-users");
  if (users !== undefined) c.opcuaUsers = users.text;
  const mb = pick("modbus-port");
  if (mb !== undefined) c.modbusPort = intIn(mb, 0, 65535);
  if (values["no-modbus"] === true || env.TWIN_MODBUS === "0" || env.TWIN_MODBUS === "off")
    c.modbusPort = null;
  const scenario =
    positionals[0] !== undefined ? { text: positionals[0], from: "scenario" } : pick("scenario");
  if (scenario !== undefined) c.scenario = scenario.text;
  const speed = pick("speed");
  if (speed !== undefined) c.speed = numIn(speed, SPEED_MIN, SPEED_MAX);
  const seed = pick("seed");
  if (seed !== undefined) c.seed = intIn(seed, 0, 2 ** 32 - 1);
  const db = pick("db");
  if (db !== undefined) c.db = db.text;
  const feeder = env[SERVE_ENV.feeder];
  if (values["no-feeder"] === true || feeder === "0" || feeder === "off") c.feeder = false;
  const preroll = pick("preroll");
  if (preroll !== undefined) {
    const s = parseQuantity(preroll.text, "duration");
    if (typeof s !== "number" || !(s >= 0)) {
      throw new InputError(`${preroll.from}: expected a duration like "30 min" or 0, got "${preroll.text}"`);
    }
    c.prerollS = s;
  }
  const hz = pick("frame-rate");
  if (hz !== undefined) c.frameHz = numIn(hz, 1, 30);
  const viewer = pick("viewer");
  if (viewer !== undefined) c.viewerDir = viewer.text;
  if (values["no-build"] === true) c.buildViewer = false;
  return c;
}

function numIn(v: { text: string; from: string }, min: number, max: number): number {
  const n = Number(v.text);
  if (v.text.trim() === "" || !Number.isFinite(n) || n < min || n > max) {
    throw new InputError(`${v.from}: expected a number from ${min} to ${max}, got "${v.text}"`);
  }
  return n;
}

function intIn(v: { text: string; from: string }, min: number, max: number): number {
  const n = numIn(v, min, max);
  if (!Number.isInteger(n)) throw new InputError(`${v.from}: expected a whole number, got "${v.text}"`);
  return n;
}
