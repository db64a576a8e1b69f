import { existsSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import type { OpcUaFactory } from "./host";

const ADAPTER = resolve(dirname(fileURLToPath(import.meta.url)), "../../opcua-server/index.ts");

/**
 * The OPC UA adapter of opcua-server/, when that folder has one: `startOpcUaServer({ sim, port })`
 * returning `{ endpoint, update(events), close() }`. Loaded by path at run time so `twin serve` works
 * (without OPC UA) in a checkout that does not have the adapter yet.
 */
export async function loadOpcUaFactory(port: number, log: (l: string) => void): Promise<OpcUaFactory | null> {
  if (!existsSync(ADAPTER)) {
    log("OPC UA: adapter not present in this checkout (opcua-server/index.ts); running without it");
    return null;
  }
  const mod = (await import(ADAPTER)) as { startOpcUaServer?: unknown };
  if (typeof mod.startOpcUaServer !== "function") {
    log("OPC UA: opcua-server/index.ts exports no startOpcUaServer; running without it");
    return null;
  }
  const start = mod.startOpcUaServer as (o: {
    sim: unknown;
    port: number;
  }) => Promise<Awaited<ReturnType<OpcUaFactory>>>;
  return (sim) => start({ sim, port });
}
