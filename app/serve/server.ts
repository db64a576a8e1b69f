import { existsSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import type { FastifyInstance } from "fastify";
import { type Db, openErpDb, readEpochMs } from "../../erp-bridge/index";
import { formatIssue, ScenarioError } from "../../sim/index";
import { type PlcModbusHandle, startPlcModbus } from "../plc/index";
import type { ServeConfig } from "./config";
import { ensureViewer } from "./ensure-viewer";
import { ServeError } from "./errors";
import { Gateway } from "./gateway";
import { type OpcUaFactory, TwinHost } from "./host";
import { buildHttpApp } from "./http";
import { DEFAULT_EPOCH_MS, opcUaFactory } from "./opcua";
import { loadOpcUaUsers } from "./opcua-users";

/** The repository root (where scenarios/, viewer/ and data/ live by default). */
export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../..");

export interface ServeHandle {
  host: TwinHost;
  app: FastifyInstance;
  gateway: Gateway;
  db: Db | null;
  /** http://host:port of the viewer, and the OPC UA endpoint (null when off) */
  url: string;
  opcua: string | null;
  /** Modbus TCP endpoint of the PLC bridge, or null when off */
  modbus: string | null;
  close(): Promise<void>;
}

export interface StartOptions {
  /** resolves relative paths of the config (the CLI's working directory) */
  cwd?: string;
  log?: (line: string) => void;
  /** overrides the OPC UA adapter (tests); by default opcua-server/ when present */
  opcua?: OpcUaFactory | null;
  /** ERP database; false runs without one */
  db?: Db | false;
}

/** Starts `twin serve`: viewer build if needed, database, twin, HTTP + Socket.IO, OPC UA. */
export async function startServe(config: ServeConfig, opts: StartOptions = {}): Promise<ServeHandle> {
  const cwd = opts.cwd ?? process.cwd();
  const log = opts.log ?? ((l: string) => process.stdout.write(`${l}\n`));
  const viewerDir = resolve(cwd, config.viewerDir);
  if (config.buildViewer) await ensureViewer(REPO_ROOT, viewerDir, log);
  const scenarioPath = resolve(cwd, config.scenario);
  if (!existsSync(scenarioPath))
    throw new ServeError("SERVE_ERR_SCENARIO", `no scenario file ${scenarioPath}`);
  const db = opts.db === false ? null : (opts.db ?? openErpDb(resolve(cwd, config.db)));
  const opcua =
    opts.opcua !== undefined
      ? opts.opcua
      : config.opcuaPort === null
        ? null
        : opcUaFactory({
            port: config.opcuaPort,
            host: config.host === "127.0.0.1" || config.host === "localhost" ? config.host : undefined,
            pkiDir: resolve(cwd, dirname(config.db), "pki"),
            epochMs: db === null ? DEFAULT_EPOCH_MS : readEpochMs(db),
            users: loadOpcUaUsers(resolve(cwd, config.opcuaUsers), log),
          });
  const host = new TwinHost({
    scenarioPath,
    scenarioDir: dirname(scenarioPath),
    speed: config.speed,
    seed: config.seed,
    prerollS: config.prerollS,
    db,
    feeder: config.feeder,
    opcua,
    log,
  });
  try {
    await host.start();
  } catch (e) {
    await host.close();
    if (opts.db === undefined) db?.close();
    if (e instanceof ScenarioError) {
      throw new ServeError("SERVE_ERR_SCENARIO", e.issues.map(formatIssue).join("\n"));
    }
    throw e;
  }
  const gatewayRef: { g: Gateway | null } = { g: null };
  const app = await buildHttpApp(host, { viewerDir, db, viewers: () => gatewayRef.g?.stats.viewers ?? 0 });
  try {
    await app.listen({ port: config.port, host: config.host });
  } catch (e) {
    await host.close();
    if (opts.db === undefined) db?.close();
    const code = (e as { code?: string }).code;
    if (code === "EADDRINUSE") {
      throw new ServeError(
        "SERVE_ERR_PORT_IN_USE",
        `port ${config.port} is in use: pass --port or set TWIN_PORT`,
      );
    }
    throw e;
  }
  const gateway = new Gateway(app.server, host, { frameHz: config.frameHz });
  gatewayRef.g = gateway;
  const port = (app.server.address() as AddressInfo).port;
  const shown = config.host === "0.0.0.0" || config.host === "::" ? "localhost" : config.host;
  const url = `http://${shown}:${port}`;
  let modbus: PlcModbusHandle | null = null;
  if (config.modbusPort !== null) {
    try {
      modbus = await startPlcModbus({
        sim: () => host.running?.sim ?? null,
        host: config.host,
        port: config.modbusPort,
        onError: (e) => log(`Modbus TCP: ${e.message}`),
      });
    } catch (e) {
      log(
        `Modbus TCP did not start on port ${config.modbusPort}: ${e instanceof Error ? e.message : String(e)}`,
      );
    }
  }
  let closed = false;
  return {
    host,
    app,
    gateway,
    db,
    url,
    opcua: host.current.layout.opcuaEndpoint,
    modbus: modbus === null ? null : `tcp://${shown}:${modbus.port}`,
    async close() {
      if (closed) return;
      closed = true;
      await modbus?.close();
      await gateway.close();
      await app.close();
      await host.close();
      if (opts.db === undefined && db !== null) {
        db.pragma("wal_checkpoint(TRUNCATE)");
        db.close();
      }
    },
  };
}
