import type { OpcUaFactory } from "./host";

/** Calendar instant of simulation time 0 when no ERP database gives one (ms since 1970). */
export const DEFAULT_EPOCH_MS = Date.UTC(2025, 0, 6, 6, 0, 0);

export interface OpcUaSetup {
  port: number;
  /** address to listen on; the endpoint URL names this host */
  host?: string | undefined;
  /** certificate store (made on first start) */
  pkiDir: string;
  /** calendar ms of simulation time 0: sourceTimestamps and alarm times are simulation time on this axis */
  epochMs: number;
  /** who may write and call methods (anonymous clients read) */
  users: OpcUaUser[];
}

export interface OpcUaUser {
  username: string;
  password: string;
  role: "viewer" | "operator" | "admin";
}

/**
 * The OPC UA server of opcua-server/ for each run of the twin: it reads the running simulation, takes
 * the drained events, and turns writes and method calls into simulation commands.
 */
export function opcUaFactory(setup: OpcUaSetup): OpcUaFactory {
  return async (sim) => {
    // loaded on first use: node-opcua takes a second to import, and `--no-opcua` should not pay for it
    const { startOpcUaServer } = await import("../../opcua-server/index");
    const handle = await startOpcUaServer({
      getSim: () => sim,
      simToWall: (tUs) => new Date(setup.epochMs + tUs / 1000),
      port: setup.port,
      host: setup.host,
      pkiDir: setup.pkiDir,
      users: setup.users,
    });
    return {
      endpoint: handle.endpointUrl,
      update: (events) => handle.update(events),
      close: () => handle.close(),
    };
  };
}
