import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  AttributeIds,
  DataType,
  MessageSecurityMode,
  OPCUACertificateManager,
  OPCUAClient,
  SecurityPolicy,
  UserTokenType,
} from "node-opcua";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { simToWall, workshopSimulation } from "../../opcua-server/fixtures";
import { type OpcUaServerHandle, startOpcUaServer } from "../../opcua-server/index";
import type { Simulation } from "../../sim/index";

/** A server with the None endpoint and anonymous access switched off: only trusted, signed clients get in. */

let dir: string;
let sim: Simulation;
let srv: OpcUaServerHandle;
const clients: OPCUAClient[] = [];

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

function secureClient(mode: MessageSecurityMode): OPCUAClient {
  const c = OPCUAClient.create({
    endpointMustExist: false,
    securityMode: mode,
    securityPolicy: mode === MessageSecurityMode.None ? SecurityPolicy.None : SecurityPolicy.Basic256Sha256,
    connectionStrategy: { maxRetry: 0, initialDelay: 10, maxDelay: 20 },
    clientCertificateManager: new OPCUACertificateManager({
      rootFolder: join(dir, "client"),
      automaticallyAcceptUnknownCertificate: true,
    }),
  });
  clients.push(c);
  return c;
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "opcua-sec-"));
  sim = workshopSimulation();
  srv = await startOpcUaServer({
    port: await freePort(),
    host: "127.0.0.1",
    pkiDir: join(dir, "pki"),
    users: [{ username: "olga", password: "op-secret", role: "operator" }],
    allowAnonymous: false,
    securityModes: ["Sign", "SignAndEncrypt"],
    getSim: () => sim,
    simToWall,
    publishIntervalMs: 0,
  });
});

afterAll(async () => {
  for (const c of clients) await c.disconnect().catch(() => undefined);
  await srv?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe("OPC UA security", () => {
  it("offers only Basic256Sha256 Sign and SignAndEncrypt endpoints, and no anonymous token", async () => {
    const c = secureClient(MessageSecurityMode.None);
    await c.connect(srv.endpointUrl);
    const endpoints = await c.getEndpoints();
    await c.disconnect();
    expect(endpoints.map((e) => MessageSecurityMode[e.securityMode]).sort()).toEqual([
      "Sign",
      "SignAndEncrypt",
    ]);
    for (const e of endpoints) {
      expect(e.securityPolicyUri).toBe(SecurityPolicy.Basic256Sha256);
      expect(e.userIdentityTokens?.map((t) => UserTokenType[t.tokenType])).not.toContain("Anonymous");
    }
  });

  it("SignAndEncrypt works once the client's certificate is trusted; anonymous sessions are refused", async () => {
    const untrusted = secureClient(MessageSecurityMode.SignAndEncrypt);
    await expect(untrusted.connect(srv.endpointUrl)).rejects.toThrow();
    // what an administrator does: trust the certificate the server put in <pkiDir>/rejected
    await srv.server.serverCertificateManager.trustCertificate(untrusted.getCertificate());

    const c = secureClient(MessageSecurityMode.SignAndEncrypt);
    await c.connect(srv.endpointUrl);
    await expect(c.createSession()).rejects.toThrow();
    const s = await c.createSession({
      type: UserTokenType.UserName,
      userName: "olga",
      password: "op-secret",
    });
    const nsArray = (await s.readNamespaceArray()) as string[];
    const app = nsArray.indexOf("urn:workshop-twin:shopfloor");
    const speed = `ns=${app};s=Line/Conveyors/belt/Speed`;
    const st = await s.write({
      nodeId: speed,
      attributeId: AttributeIds.Value,
      value: { value: { dataType: DataType.Double, value: 0.25 } },
    });
    expect(st.name).toBe("Good");
    expect(sim.state.conveyors.get("belt")!.speed).toBe(0.25);
    await expect(
      c.createSession({ type: UserTokenType.UserName, userName: "olga", password: "wrong" }),
    ).rejects.toThrow();
    await s.close();
  });
});
