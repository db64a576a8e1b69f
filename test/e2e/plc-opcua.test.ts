import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  AttributeIds,
  type ClientSession,
  DataType,
  MessageSecurityMode,
  nodesets,
  OPCUACertificateManager,
  OPCUAClient,
  OPCUAServer,
  resolveNodeId,
  SecurityPolicy,
  type StatusCode,
  StatusCodes,
  UserTokenType,
  WellKnownRoles,
} from "node-opcua";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findFreePort } from "../../modbus/index";
import { addPlcTags, type PlcTags } from "../../opcua-server/plc-tags";
import type { Simulation } from "../../sim/index";
import { type OpcuaTag, opcuaTags, type PlcValue } from "../../sim/plc/index";
import { changeFilter, internalRun, lockstep, S, scenario } from "./plc-harness";

/**
 * Virtual commissioning over OPC UA: a real node-opcua server on 127.0.0.1 whose address space holds
 * only the standard nodeset and the profile's tags (opcua-server/plc-tags), and a node-opcua client
 * acting as the external PLC, addressing the tags by their convention NodeIds.
 */

const END = 62 * S;
const OPERATOR = { username: "plc", password: "plc-secret" };

let dir: string;
let server: OPCUAServer;
let sim: Simulation;
let tags: PlcTags | null = null;
const clients: OPCUAClient[] = [];

/** Puts `next` behind the server's tags (as a restart of the twin would). */
function serve(next: Simulation): PlcTags {
  tags?.dispose();
  sim = next;
  tags = addPlcTags(server.engine.addressSpace!, { getSim: () => sim });
  if (tags === null) throw new Error("no PLC cell");
  return tags;
}

async function open(user?: typeof OPERATOR): Promise<ClientSession> {
  const client = OPCUAClient.create({
    endpointMustExist: false,
    connectionStrategy: { maxRetry: 0 },
    clientCertificateManager: new OPCUACertificateManager({
      rootFolder: join(dir, "client"),
      automaticallyAcceptUnknownCertificate: true,
    }),
  });
  clients.push(client);
  await client.connect(server.getEndpointUrl());
  return client.createSession(
    user === undefined
      ? undefined
      : { type: UserTokenType.UserName, userName: user.username, password: user.password },
  );
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "plc-opcua-"));
  server = new OPCUAServer({
    host: "127.0.0.1",
    port: await findFreePort(),
    nodeset_filename: [nodesets.standard],
    serverCertificateManager: new OPCUACertificateManager({
      rootFolder: join(dir, "pki"),
      automaticallyAcceptUnknownCertificate: true,
    }),
    securityModes: [MessageSecurityMode.None],
    // a None endpoint; the password still travels encrypted with the server certificate (Basic256Sha256)
    securityPolicies: [SecurityPolicy.None, SecurityPolicy.Basic256Sha256],
    allowAnonymous: true,
    userManager: {
      isValidUser: (u: string, p: string) => u === OPERATOR.username && p === OPERATOR.password,
      getUserRoles: (u: string) =>
        u === OPERATOR.username
          ? [WellKnownRoles.AuthenticatedUser, WellKnownRoles.Operator].map((r) =>
              resolveNodeId(`ns=0;i=${r}`),
            )
          : [],
    },
  });
  await server.initialize();
  await server.start();
}, 30_000);

afterAll(async () => {
  for (const c of clients) await c.disconnect().catch(() => undefined);
  tags?.dispose();
  await server?.shutdown(0);
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const TYPE: Record<OpcuaTag["dataType"], DataType> = {
  Boolean: DataType.Boolean,
  Int16: DataType.Int16,
  Int32: DataType.Int32,
  Float: DataType.Float,
};

/** The client addresses tags only by what the profile says: namespace URI and string identifier. */
async function nodeIds(session: ClientSession, list: readonly OpcuaTag[]) {
  const nsArray = (await session.readNamespaceArray()) as string[];
  return new Map(
    list.map((t) => {
      const ns = nsArray.indexOf(t.namespaceUri);
      expect(ns).toBeGreaterThan(0);
      return [t.variable, `ns=${ns};s=${t.identifier}`];
    }),
  );
}

async function write(session: ClientSession, nodeId: string, dataType: DataType, value: unknown) {
  return (await session.write({
    nodeId,
    attributeId: AttributeIds.Value,
    value: { value: { dataType, value } },
  })) as StatusCode;
}

describe("virtual commissioning over OPC UA", () => {
  it("an external PLC on the wire makes the same parts at the same times as the internal soft PLC", async () => {
    const expected = internalRun(END);
    expect(expected).toEqual([0, 1, 2, 3, 4, 5, 6].map((k) => 17_020_000 + k * 7_020_000));

    const t = serve(scenario("plc-cell-external.yaml"));
    const session = await open(OPERATOR);
    const list = opcuaTags(t.profile);
    const ids = await nodeIds(session, list);
    const byVar = new Map(list.map((x) => [x.variable, x]));
    const due = changeFilter();
    const run = await lockstep(sim, END, {
      async readInputs(inputs) {
        const got = await session.read(
          inputs.map((s) => ({ nodeId: ids.get(s.variable)!, attributeId: AttributeIds.Value })),
        );
        const out: Record<string, PlcValue> = {};
        inputs.forEach((s, i) => {
          expect(got[i]!.statusCode).toBe(StatusCodes.Good);
          out[s.variable] = got[i]!.value.value as PlcValue;
        });
        return out;
      },
      async writeOutputs(outputs, values, tUs) {
        const vals = outputs.map((s) => values[s.variable]);
        if (!due(vals, tUs)) return;
        const statuses = await session.write(
          outputs.map((s, i) => ({
            nodeId: ids.get(s.variable)!,
            attributeId: AttributeIds.Value,
            value: { value: { dataType: TYPE[byVar.get(s.variable)!.dataType], value: vals[i] } },
          })),
        );
        for (const st of statuses) expect(st).toBe(StatusCodes.Good);
      },
    });
    expect(run.times).toEqual(expected);
    expect(run.events.filter((e) => e.type === "PlcFaulted")).toEqual([]);
    const back = await session.read({
      nodeId: ids.get("Cell_LastCycleMs")!,
      attributeId: AttributeIds.Value,
    });
    expect(back.value.value).toBe(2010);
    await session.close();
  }, 40_000);

  it("refuses writes: input tags and a soft-PLC cell are not writable, wrong types, anonymous sessions", async () => {
    const t = serve(scenario("plc-cell-external.yaml"));
    sim.advanceTo(0);
    const op = await open(OPERATOR);
    const ids = await nodeIds(op, opcuaTags(t.profile));
    const id = (v: string) => ids.get(v)!;
    expect(await write(op, id("Conveyor1_PhotoEye"), DataType.Boolean, true)).toBe(
      StatusCodes.BadNotWritable,
    );
    expect(await write(op, id("Conveyor1_Run"), DataType.Int16, 1)).toBe(StatusCodes.BadTypeMismatch);
    expect(await write(op, id("Conveyor1_Speed"), DataType.Double, 0.5)).toBe(StatusCodes.BadTypeMismatch);
    expect(await write(op, id("Conveyor1_Speed"), DataType.Float, Number.NaN)).toBe(
      StatusCodes.BadOutOfRange,
    );
    const anon = await open();
    expect(await write(anon, id("Conveyor1_Run"), DataType.Boolean, true)).toBe(
      StatusCodes.BadUserAccessDenied,
    );
    sim.advanceTo(10_000);
    const run = await op.read({ nodeId: id("Conveyor1_Run"), attributeId: AttributeIds.Value });
    expect(run.value.value).toBe(false);
    // the operator's write goes through and shows after the next scan
    expect(await write(op, id("Conveyor1_Run"), DataType.Boolean, true)).toBe(StatusCodes.Good);
    sim.advanceTo(20_000);
    expect(
      (await op.read({ nodeId: id("Conveyor1_Run"), attributeId: AttributeIds.Value })).value.value,
    ).toBe(true);

    // under the soft PLC the outputs are read-only, for operators too (a new session: a client
    // reconnects when the twin restarts on another scenario)
    const u = serve(scenario("plc-cell.yaml"));
    sim.advanceTo(20_000);
    const op2 = await open(OPERATOR);
    const uids = await nodeIds(op2, opcuaTags(u.profile));
    const uid = (v: string) => uids.get(v)!;
    expect(await write(op2, uid("Conveyor1_Run"), DataType.Boolean, false)).toBe(StatusCodes.BadNotWritable);
    const level = await op2.read({ nodeId: uid("Conveyor1_Run"), attributeId: AttributeIds.UserAccessLevel });
    expect(level.value.value & 2).toBe(0);
    expect(
      (await op2.read({ nodeId: uid("Conveyor1_Run"), attributeId: AttributeIds.Value })).value.value,
    ).toBe(true);
  });
});
