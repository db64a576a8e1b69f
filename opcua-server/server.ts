import { hostname as osHostname } from "node:os";
import { join } from "node:path";
import { MessageSecurityMode, OPCUACertificateManager, OPCUAServer, SecurityPolicy } from "node-opcua";
import type { SimEvent } from "../sim/index";
import { checkUsers, type UserConfig, userManager } from "./access";
import { OpcUaConfigError } from "./errors";
import { COMPANION_NODESETS } from "./nodesets";
import { addPlcTags } from "./plc-tags";
import { buildWorkshop, type Workshop, type WorkshopOptions } from "./workshop";

export type SecurityModeName = "None" | "Sign" | "SignAndEncrypt";

export interface OpcUaServerOptions extends WorkshopOptions {
  /** TCP port (default 4840) */
  port?: number | undefined;
  /** address to listen on (default all interfaces); tests use 127.0.0.1 */
  host?: string | undefined;
  /** host name in the endpoint URL (default `host` when given, else this machine's name) */
  hostname?: string | undefined;
  /** PKI store: own certificate (made on first start), trusted/ and rejected/ client certificates */
  pkiDir?: string | undefined;
  users?: readonly UserConfig[] | undefined;
  /** anonymous sessions, read-only (default true) */
  allowAnonymous?: boolean | undefined;
  /** endpoints to offer; Sign and SignAndEncrypt use Basic256Sha256 (default all three) */
  securityModes?: readonly SecurityModeName[] | undefined;
  /** simultaneous sessions (default 100) */
  maxSessions?: number | undefined;
  /** where an error while publishing goes (default console.error); the runner is never interrupted */
  onError?: ((e: unknown) => void) | undefined;
}

export interface OpcUaServerHandle {
  /** e.g. opc.tcp://127.0.0.1:4840 */
  readonly endpointUrl: string;
  readonly workshop: Workshop;
  readonly server: OPCUAServer;
  /** Call after every `sim.advanceTo` with `sim.drainEvents()`. */
  update(events: readonly SimEvent[]): void;
  /** Publishes whatever is pending now, ignoring the rate limit. */
  flush(): number;
  close(): Promise<void>;
}

const MODES: Record<SecurityModeName, MessageSecurityMode> = {
  None: MessageSecurityMode.None,
  Sign: MessageSecurityMode.Sign,
  SignAndEncrypt: MessageSecurityMode.SignAndEncrypt,
};

function checkOptions(o: OpcUaServerOptions): void {
  const port = o.port ?? 4840;
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new OpcUaConfigError("OPCUA_ERR_PORT", "port", String(o.port));
  const modes = o.securityModes ?? ["None", "Sign", "SignAndEncrypt"];
  if (modes.length === 0) throw new OpcUaConfigError("OPCUA_ERR_NO_ENDPOINT", "securityModes");
  modes.forEach((m, i) => {
    if (!(m in MODES))
      throw new OpcUaConfigError("OPCUA_ERR_NO_ENDPOINT", `securityModes[${i}]`, `unknown mode "${m}"`);
  });
  if (o.pkiDir !== undefined && o.pkiDir === "") throw new OpcUaConfigError("OPCUA_ERR_PKI", "pkiDir");
  checkUsers(o.users ?? []);
  for (const [k, v] of Object.entries(o.deadbands ?? {})) {
    if (!(typeof v === "number" && Number.isFinite(v) && v >= 0))
      throw new OpcUaConfigError("OPCUA_ERR_DEADBAND", `deadbands.${k}`, String(v));
  }
  const iv = o.publishIntervalMs;
  if (iv !== undefined && !(Number.isFinite(iv) && iv >= 0))
    throw new OpcUaConfigError("OPCUA_ERR_INTERVAL", "publishIntervalMs", String(iv));
}

/**
 * Starts an OPC UA server with the workshop of `getSim()` in it. The first start in a fresh `pkiDir`
 * generates the server certificate there (a few seconds); client certificates are trusted by moving
 * them from `<pkiDir>/rejected/certs` to `<pkiDir>/trusted/certs`.
 */
export async function startOpcUaServer(o: OpcUaServerOptions): Promise<OpcUaServerHandle> {
  checkOptions(o);
  const pkiDir = o.pkiDir ?? "data/pki";
  const modes = (o.securityModes ?? ["None", "Sign", "SignAndEncrypt"]).map((m) => MODES[m]);
  const policies = [
    ...(modes.includes(MessageSecurityMode.None) ? [SecurityPolicy.None] : []),
    ...(modes.some((m) => m !== MessageSecurityMode.None) ? [SecurityPolicy.Basic256Sha256] : []),
  ];
  // watched: a certificate moved from rejected/ to trusted/ is trusted without a restart
  const serverCertificateManager = new OPCUACertificateManager({
    rootFolder: pkiDir,
    automaticallyAcceptUnknownCertificate: false,
  });
  const userCertificateManager = new OPCUACertificateManager({
    rootFolder: join(pkiDir, "users"),
    automaticallyAcceptUnknownCertificate: false,
    disableFileWatchers: true,
  });
  const maxSessions = o.maxSessions ?? 100;
  const endpointHost =
    o.hostname ?? (o.host !== undefined && o.host !== "0.0.0.0" && o.host !== "::" ? o.host : osHostname());
  const server = new OPCUAServer({
    port: o.port ?? 4840,
    ...(o.host === undefined ? {} : { host: o.host }),
    hostname: endpointHost,
    nodeset_filename: [...COMPANION_NODESETS],
    serverCertificateManager,
    userCertificateManager,
    securityModes: modes,
    securityPolicies: policies,
    allowAnonymous: o.allowAnonymous ?? true,
    userManager: userManager(o.users ?? []),
    serverCapabilities: { maxSessions },
    maxConnectionsPerEndpoint: maxSessions,
    isAuditing: false,
    buildInfo: { productName: "workshop-twin OPC UA server", manufacturerName: "workshop-twin" },
    serverInfo: {
      applicationName: { text: "workshop-twin" },
      applicationUri: "urn:workshop-twin:opcua-server",
    },
  });
  await server.initialize();
  const addressSpace = server.engine.addressSpace;
  if (addressSpace === null) throw new Error("OPC UA server has no address space after initialize");
  const workshop = buildWorkshop(addressSpace, o);
  const plcTags = addPlcTags(addressSpace, { getSim: o.getSim, simToWall: o.simToWall });
  await server.start();

  let timer: NodeJS.Timeout | null = null;
  const later = () => {
    if (timer !== null || !workshop.publisher.pending) return;
    timer = setTimeout(() => {
      timer = null;
      workshop.flush();
    }, workshop.publisher.waitMs());
    timer.unref();
  };
  return {
    endpointUrl: server.getEndpointUrl(),
    workshop,
    server,
    update(events) {
      try {
        workshop.update(events);
      } catch (e) {
        // the OPC UA view must not stop the twin; the next events bring the values up to date again
        (o.onError ?? console.error)(e);
      }
      later();
    },
    flush: () => workshop.flush(),
    async close() {
      if (timer !== null) clearTimeout(timer);
      plcTags?.dispose();
      workshop.dispose();
      await server.shutdown(0);
    },
  };
}
