import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  AttributeIds,
  type CallMethodResult,
  type ClientSession,
  constructEventFilter,
  DataType,
  makeBrowsePath,
  NodeId,
  NodeIdType,
  OPCUACertificateManager,
  OPCUAClient,
  ofType,
  type StatusCode,
  TimestampsToReturn,
  UserTokenType,
  VariantArrayType,
} from "node-opcua";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { simToWall, workshopSimulation } from "../../opcua-server/fixtures";
import { NS, type OpcUaServerHandle, startOpcUaServer } from "../../opcua-server/index";
import { createMotionSample, type Simulation } from "../../sim/index";

/** A real server on 127.0.0.1 and node-opcua clients over the wire; one server for the whole file. */

const USERS = [
  { username: "olga", password: "op-secret", role: "operator" as const },
  { username: "adam", password: "admin-secret", role: "admin" as const },
  { username: "vera", password: "view-secret", role: "viewer" as const },
];

let dir: string;
let sim: Simulation;
let srv: OpcUaServerHandle;
const sessions: { client: OPCUAClient; session: ClientSession }[] = [];
let ns: Record<keyof typeof NS | "app", number>;

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

async function open(user?: { username: string; password: string }): Promise<ClientSession> {
  const client = OPCUAClient.create({
    endpointMustExist: false,
    connectionStrategy: { maxRetry: 0 },
    clientCertificateManager: new OPCUACertificateManager({
      rootFolder: join(dir, "client"),
      automaticallyAcceptUnknownCertificate: true,
    }),
  });
  await client.connect(srv.endpointUrl);
  const session = await client.createSession(
    user === undefined
      ? undefined
      : { type: UserTokenType.UserName, userName: user.username, password: user.password },
  );
  sessions.push({ client, session });
  return session;
}

/** Advances the simulation, drains its events and hands them to the server, as the runner does. */
function step(tUs: number): void {
  sim.advanceTo(tUs);
  srv.update(sim.drainEvents());
  srv.flush();
}

const app = (path: string) => `ns=${ns.app};s=${path}`;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "opcua-e2e-"));
  sim = workshopSimulation();
  srv = await startOpcUaServer({
    port: await freePort(),
    host: "127.0.0.1",
    pkiDir: join(dir, "pki"),
    users: USERS,
    getSim: () => sim,
    simToWall,
    publishIntervalMs: 0,
  });
  const s = await open();
  const nsArray = (await s.readNamespaceArray()) as string[];
  ns = { app: nsArray.indexOf("urn:workshop-twin:shopfloor") } as typeof ns;
  for (const [k, uri] of Object.entries(NS)) ns[k as keyof typeof NS] = nsArray.indexOf(uri);
});

afterAll(async () => {
  for (const { client, session } of sessions) {
    await session.close().catch(() => undefined);
    await client.disconnect().catch(() => undefined);
  }
  await srv?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe("OPC UA server on the wire", () => {
  it("resolves every mandatory element of every machine and robot by TranslateBrowsePathsToNodeIds", async () => {
    const s = await open();
    const q = (key: keyof typeof ns, name: string) => `${ns[key]}:${name}`;
    const paths: string[] = [];
    for (const st of sim.scenario.stations) {
      const m = `/${q("machinery", "Machines")}/${q("app", st.id)}`;
      const blocks = `${m}/${q("machinery", "MachineryBuildingBlocks")}`;
      paths.push(
        `${m}/${q("di", "Identification")}/${q("di", "Manufacturer")}`,
        `${m}/${q("di", "Identification")}/${q("di", "SerialNumber")}`,
        `${blocks}/${q("machinery", "MachineryItemState")}/CurrentState`,
        `${blocks}/${q("machinery", "MachineryOperationMode")}/CurrentState`,
        `${m}/${q("app", "Counters")}/${q("app", "GoodParts")}`,
        `${m}/${q("app", "Counters")}/${q("app", "ScrapParts")}`,
      );
      if (st.kind !== "cnc") continue;
      const id = `${m}/${q("di", "Identification")}`;
      const mon = `${m}/${q("machineTool", "Monitoring")}`;
      const ci = `${m}/${q("cnc", "CncInterface")}`;
      paths.push(
        `${id}/${q("di", "Model")}`,
        `${id}/${q("di", "ProductInstanceUri")}`,
        `${id}/${q("machinery", "YearOfConstruction")}`,
        `${mon}/${q("machineTool", "MachineTool")}/${q("machineTool", "OperationMode")}`,
        `${mon}/${q("machineTool", "MachineTool")}/${q("machineTool", "PowerOnDuration")}`,
        `${mon}/${q("app", "Channel1")}/${q("machineTool", "ChannelState")}`,
        `${mon}/${q("app", "Channel1")}/${q("machineTool", "ChannelMode")}`,
        `${mon}/${q("app", "Channel1")}/${q("machineTool", "FeedOverride")}`,
        `${mon}/${q("app", "Spindle1")}/${q("machineTool", "IsRotating")}`,
        `${mon}/${q("app", "Spindle1")}/${q("machineTool", "Override")}`,
        `${m}/${q("machineTool", "Production")}/${q("machineTool", "ActiveProgram")}/${q("machineTool", "Name")}`,
        `${m}/${q("machineTool", "Production")}/${q("machineTool", "ActiveProgram")}/NumberInList`,
        `${m}/${q("machineTool", "Production")}/${q("machineTool", "ActiveProgram")}/${q("machineTool", "State")}/CurrentState`,
        `${m}/${q("machineTool", "Equipment")}/${q("machineTool", "Tools")}`,
        `${m}/${q("machineTool", "Notification")}/${q("machineTool", "Messages")}`,
        `${ci}/${q("cnc", "CncSpindleList")}/${q("app", "S1")}/${q("cnc", "ActSpeed")}`,
      );
      for (const a of ["X", "Y", "Z"])
        paths.push(
          `${ci}/${q("cnc", "CncAxisList")}/${q("app", a)}/${q("cnc", "PosDirect")}/${q("cnc", "ActPos")}`,
        );
    }
    for (const r of sim.scenario.robots) {
      const sys = `/${q("di", "DeviceSet")}/${q("app", r.id)}`;
      const md = `${sys}/${q("robotics", "MotionDevices")}/${q("app", r.id)}`;
      paths.push(
        `${md}/${q("di", "Manufacturer")}`,
        `${md}/${q("di", "Model")}`,
        `${md}/${q("di", "SerialNumber")}`,
        `${md}/${q("robotics", "MotionDeviceCategory")}`,
        `${md}/${q("di", "ParameterSet")}/${q("robotics", "SpeedOverride")}`,
        `${md}/${q("robotics", "PowerTrains")}/${q("app", "PT1")}`,
        `${sys}/${q("robotics", "Controllers")}/${q("app", "Controller")}/${q("robotics", "TaskControls")}/${q("app", "MainTask")}/${q("di", "ParameterSet")}/${q("robotics", "TaskProgramName")}`,
        `${sys}/${q("robotics", "Controllers")}/${q("app", "Controller")}/${q("robotics", "TaskControls")}/${q("app", "MainTask")}/${q("di", "ParameterSet")}/${q("robotics", "TaskProgramLoaded")}`,
      );
      for (const p of ["EmergencyStop", "ProtectiveStop", "OperationalMode"])
        paths.push(
          `${sys}/${q("robotics", "SafetyStates")}/${q("app", "SafetyState")}/${q("di", "ParameterSet")}/${q("robotics", p)}`,
        );
      for (let j = 1; j <= 6; j++) {
        const axis = `${md}/${q("robotics", "Axes")}/${q("app", `J${j}`)}/${q("di", "ParameterSet")}`;
        paths.push(`${axis}/${q("robotics", "ActualPosition")}`, `${axis}/${q("robotics", "ActualSpeed")}`);
        paths.push(`${axis}/${q("robotics", "ActualPosition")}/EngineeringUnits`);
      }
    }
    for (const p of ["CurMachSpeed", "EquipmentBlocked", "EquipmentStarved"])
      paths.push(`/${q("app", "Line")}/${q("packML", "Status")}/${q("packML", p)}`);
    const results = await s.translateBrowsePath(paths.map((p) => makeBrowsePath("ObjectsFolder", p)));
    const bad = results.map((r, i) => [paths[i], r.statusCode.name] as const).filter(([, c]) => c !== "Good");
    expect(bad).toEqual([]);
    expect(paths.length).toBeGreaterThan(120);
  });

  it("a subscription sees a station's state change when the simulation changes it, in simulated time", async () => {
    const s = await open();
    const sub = await s.createSubscription2({
      requestedPublishingInterval: 50,
      publishingEnabled: true,
      requestedMaxKeepAliveCount: 10,
    });
    const seen: { value: unknown; source: Date | null }[] = [];
    const item = await sub.monitor(
      {
        nodeId: app("Machines/a20/MachineryBuildingBlocks/MachineryItemState/CurrentState"),
        attributeId: AttributeIds.Value,
      },
      { samplingInterval: 0, discardOldest: true, queueSize: 10 },
      TimestampsToReturn.Both,
    );
    item.on("changed", (dv) =>
      seen.push({ value: (dv.value.value as { text: string }).text, source: dv.sourceTimestamp }),
    );
    step(sim.now + 60e6);
    await waitFor(() => seen.length > 0);
    const r = sim.submit({ type: "injectFault", entity: "a20", fault: "jammed screw feeder" });
    expect(r.ok).toBe(true);
    const tFault = sim.now;
    step(sim.now + 1e6);
    await waitFor(() => seen.some((x) => x.value === "OutOfService"));
    const hit = seen.find((x) => x.value === "OutOfService")!;
    expect(hit.source?.getTime()).toBe(simToWall(tFault).getTime());
    sim.submit({ type: "clearFault", entity: "a20" });
    step(sim.now + 1e6);
    await sub.terminate();
  });

  it("axis and joint values on the wire are the simulation's machine models sampled at its time", async () => {
    const s = await open();
    step(sim.now + 7_300_000);
    const read = async (path: string) =>
      (await s.read({ nodeId: app(path), attributeId: AttributeIds.Value })).value.value as number;
    const cnc = sim.cncMachine("cnc1")!.sample(sim.now);
    expect(await read("Machines/cnc1/CncInterface/CncAxisList/X/PosDirect/ActPos")).toBeCloseTo(
      cnc.x * 1000,
      6,
    );
    expect(await read("Machines/cnc1/CncInterface/CncAxisList/Z/PosDirect/ActPos")).toBeCloseTo(
      cnc.z * 1000,
      6,
    );
    expect(await read("Machines/cnc1/CncInterface/CncSpindleList/S1/ActSpeed")).toBeCloseTo(
      cnc.spindleRpm,
      6,
    );
    const pose = createMotionSample();
    expect(sim.robotPose("tender", pose, sim.now)).not.toBeNull();
    for (let j = 0; j < 6; j++) {
      const deg = await read(`Robots/tender/MotionDevices/tender/Axes/J${j + 1}/ParameterSet/ActualPosition`);
      expect(deg).toBeCloseTo((pose.q[j]! * 180) / Math.PI, 6);
    }
  });

  it("writes go to the simulation; out-of-range and anonymous writes change nothing", async () => {
    const anon = await open();
    const op = await open(USERS[0]);
    const speed = app("Line/Conveyors/belt/Speed");
    const write = (s: ClientSession, nodeId: string, value: number): Promise<StatusCode> =>
      s.write({
        nodeId,
        attributeId: AttributeIds.Value,
        value: { value: { dataType: DataType.Double, value } },
      });
    expect((await write(anon, speed, 0.3)).name).toBe("BadUserAccessDenied");
    expect(sim.state.conveyors.get("belt")!.speed).toBe(0.2);
    expect((await write(op, speed, 25)).name).toBe("BadOutOfRange");
    expect(sim.state.conveyors.get("belt")!.speed).toBe(0.2);
    expect((await write(op, speed, 0.35)).name).toBe("Good");
    expect(sim.state.conveyors.get("belt")!.speed).toBe(0.35);
    const feed = app("Machines/cnc1/Monitoring/Channel1/FeedOverride");
    expect((await write(op, feed, 180)).name).toBe("BadOutOfRange");
    expect(sim.cncMachine("cnc1")!.state.feedPct).toBe(100);
    expect((await write(op, feed, 80)).name).toBe("Good");
    expect(sim.cncMachine("cnc1")!.state.feedPct).toBe(80);
    expect(
      (await write(op, app("Robots/tender/MotionDevices/tender/ParameterSet/SpeedOverride"), 50)).name,
    ).toBe("Good");
    expect(sim.state.robotOverride.get("tender")).toBe(50);
    const dv = await op.read({ nodeId: speed, attributeId: AttributeIds.Value });
    expect(dv.value.value).toBe(0.35);
  });

  it("methods become commands; bad ones answer the right status codes", async () => {
    const anon = await open();
    const op = await open(USERS[0]);
    const admin = await open(USERS[1]);
    const call = async (s: ClientSession, object: string, method: string, inputArguments: unknown[] = []) =>
      (
        await s.call({
          objectId: app(object),
          methodId: app(`${object}/${method}`),
          inputArguments: inputArguments as never,
        })
      ).statusCode.name;
    expect(await call(anon, "Machines/a10", "Stop")).toBe("BadUserAccessDenied");
    expect(sim.state.stations.get("a10")!.stopped).toBe(false);
    expect(await call(op, "Machines/a10", "Stop")).toBe("Good");
    expect(sim.state.stations.get("a10")!.stopped).toBe(true);
    expect(await call(op, "Machines/a10", "Start")).toBe("Good");
    expect(sim.state.stations.get("a10")!.stopped).toBe(false);
    expect(await call(op, "Machines/a10", "Reset")).toBe("BadInvalidState");
    const fault = [
      { dataType: DataType.String, value: "test" },
      { dataType: DataType.Double, value: 0 },
    ];
    expect(await call(op, "Machines/a10", "InjectFault", fault)).toBe("BadUserAccessDenied");
    expect(await call(admin, "Machines/a10", "InjectFault", fault)).toBe("Good");
    expect(sim.state.stations.get("a10")!.down).toBe("fault");
    expect(await call(op, "Machines/a10", "Reset")).toBe("Good");
    expect(sim.state.stations.get("a10")!.down).toBe(null);
    expect(
      await call(op, "Machines/cnc2", "LoadProgram", [{ dataType: DataType.String, value: "nope.nc" }]),
    ).toBe("BadNotFound");
    expect(
      await call(op, "Machines/cnc2", "LoadProgram", [
        { dataType: DataType.String, value: "flange-dn100.nc" },
      ]),
    ).toBe("Good");
    expect(await call(op, "Robots/screwer", "ResetEmergencyStop")).toBe("BadInvalidState");
    expect(await call(op, "Robots/screwer", "EmergencyStop")).toBe("Good");
    expect(sim.state.stations.get("a20")!.down).toBe("fault");
    step(sim.now + 1e6);
    const estop = await op.read({
      nodeId: app("Robots/screwer/SafetyStates/SafetyState/ParameterSet/EmergencyStop"),
      attributeId: AttributeIds.Value,
    });
    expect(estop.value.value).toBe(true);
    expect(await call(op, "Robots/screwer", "ResetEmergencyStop")).toBe("Good");
    expect(sim.state.stations.get("a20")!.down).toBe(null);
    step(sim.now + 1e6);
  });
});

describe("alarms and job orders on the wire", () => {
  it("an alarm is an AlarmConditionType event; acknowledging it acknowledges the simulation's alarm", async () => {
    const anon = await open();
    const op = await open(USERS[0]);
    const sub = await op.createSubscription2({ requestedPublishingInterval: 50, publishingEnabled: true });
    const fields = [
      "EventId",
      "SourceName",
      "Severity",
      "Message",
      "ConditionName",
      "ActiveState.Id",
      "AckedState.Id",
      "ConfirmedState.Id",
      "ConditionId",
    ];
    const events: Record<string, unknown>[] = [];
    const item = await sub.monitor(
      { nodeId: "ns=0;i=2253", attributeId: AttributeIds.EventNotifier },
      { queueSize: 100, filter: constructEventFilter(fields, ofType("AlarmConditionType")) },
      TimestampsToReturn.Both,
    );
    item.on("changed", (values: unknown) => {
      const list = values as { value: unknown }[];
      events.push(Object.fromEntries(fields.map((f, i) => [f, list[i]?.value])));
    });
    expect(sim.submit({ type: "injectFault", entity: "a30", fault: "label printer empty" }).ok).toBe(true);
    const alarm = sim.state.stations.get("a30")!.alarm!;
    step(sim.now + 1e6);
    await waitFor(() => events.some((e) => e.SourceName === "a30" && e["ActiveState.Id"] === true));
    const ev = events.find((e) => e.SourceName === "a30")!;
    expect(ev.Severity).toBe(800);
    expect((ev.Message as { text: string }).text).toBe("a30: label printer empty");
    expect(ev.ConditionName).toBe("FAULT_INJECTED");
    const ack = (s: ClientSession) =>
      s.call({
        objectId: ev.ConditionId as string,
        methodId: "ns=0;i=9111",
        inputArguments: [
          { dataType: DataType.ByteString, value: ev.EventId },
          { dataType: DataType.LocalizedText, value: { text: "on my way" } },
        ],
      });
    expect((await ack(anon)).statusCode.name).toBe("BadUserAccessDenied");
    expect(sim.state.alarms.get(alarm)!.acked).toBe(false);
    expect((await ack(op)).statusCode.name).toBe("Good");
    expect(sim.state.alarms.get(alarm)!.acked).toBe(true);
    expect((await ack(op)).statusCode.name).toBe("BadConditionBranchAlreadyAcked");
    step(sim.now + 1e6);
    await waitFor(() => events.some((e) => e.SourceName === "a30" && e["AckedState.Id"] === true));
    const last = events.filter((e) => e.SourceName === "a30").at(-1)!;
    const confirm = await op.call({
      objectId: ev.ConditionId as string,
      methodId: "ns=0;i=9113",
      inputArguments: [
        { dataType: DataType.ByteString, value: last.EventId },
        { dataType: DataType.LocalizedText, value: { text: "done" } },
      ],
    });
    expect(confirm.statusCode.name).toBe("Good");
    expect(sim.submit({ type: "clearFault", entity: "a30" }).ok).toBe(true);
    step(sim.now + 1e6);
    await waitFor(() => events.some((e) => e.SourceName === "a30" && e["ActiveState.Id"] === false));
    expect(sim.state.alarms.has(alarm)).toBe(false);
    await sub.terminate();
  });

  it("StoreAndStart of a job order releases a work order in the simulation", async () => {
    const op = await open(USERS[0]);
    const anon = await open();
    const jobOrder = (id: string, product: string, quantity: string) =>
      op.constructExtensionObject(new NodeId(NodeIdType.NUMERIC, 3008, ns.isa95), {
        jobOrderID: id,
        priority: 3,
        materialRequirements: [{ materialDefinitionID: product, quantity, materialUse: "Produced" }],
      });
    const control = "Line/JobManagement/JobOrderControl";
    const storeAndStart = async (s: ClientSession, jo: unknown) =>
      s.call({
        objectId: app(control),
        methodId: app(`${control}/StoreAndStart`),
        inputArguments: [
          { dataType: DataType.ExtensionObject, value: jo },
          // Comment is LocalizedText[] in OPC 10031-4
          {
            dataType: DataType.LocalizedText,
            arrayType: VariantArrayType.Array,
            value: [{ text: "from MES" }],
          },
        ],
      });
    const status = (r: CallMethodResult) => {
      const v = r.outputArguments?.[0]?.value as [number, number];
      return v[0] * 2 ** 32 + v[1];
    };
    expect((await storeAndStart(anon, await jobOrder("WO-9001", "flange-80", "12"))).statusCode.name).toBe(
      "BadUserAccessDenied",
    );
    expect(sim.state.orders.has("WO-9001")).toBe(false);
    const ok = await storeAndStart(op, await jobOrder("WO-9001", "flange-80", "12"));
    expect(ok.statusCode.name).toBe("Good");
    expect(status(ok)).toBe(1);
    expect(sim.state.orders.get("WO-9001")).toMatchObject({
      product: "flange-80",
      quantity: 12,
      priority: 3,
    });
    expect(status(await storeAndStart(op, await jobOrder("WO-9001", "flange-80", "12")))).toBe(16);
    expect(status(await storeAndStart(op, await jobOrder("WO-9002", "no-such-part", "5")))).toBe(16);
    expect(status(await storeAndStart(op, await jobOrder("WO-9003", "flange-80", "2.5")))).toBe(2 ** 32);
    step(sim.now + 1e6);
    const list = await op.read({ nodeId: app(`${control}/JobOrderList`), attributeId: AttributeIds.Value });
    const entries = list.value.value as {
      jobOrder: { jobOrderID: string };
      state: { stateText: { text: string } }[];
    }[];
    const mine = entries.find((e) => e.jobOrder.jobOrderID === "WO-9001");
    expect(mine?.state[0]?.stateText.text).toMatch(/AllowedToStart|Running/);
  });
});

async function waitFor(cond: () => boolean, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error("timed out waiting");
    await new Promise((r) => setTimeout(r, 20));
  }
}
