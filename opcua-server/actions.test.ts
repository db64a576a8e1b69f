import {
  type AddressSpace,
  DataType,
  DataValue,
  SessionContext,
  type StatusCode,
  type UAMethod,
  type UAObject,
  type UAVariable,
  Variant,
} from "node-opcua";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Simulation } from "../sim/index";
import { simToWall, workshopSimulation } from "./fixtures";
import { createCompanionAddressSpace } from "./nodesets";
import { buildWorkshop, type Workshop } from "./workshop";

/** Writes, methods and alarms on an address space without a server (in-process caller: all roles). */

let as: AddressSpace;
let sim: Simulation;
let ws: Workshop;

beforeAll(async () => {
  as = await createCompanionAddressSpace();
  sim = workshopSimulation();
  ws = buildWorkshop(as, { getSim: () => sim, simToWall, publishIntervalMs: 0, now: () => 0 });
  sim.advanceTo(30 * 60e6);
  ws.update(sim.drainEvents());
});
afterAll(() => {
  ws?.dispose();
  as?.dispose();
});

const node = <T>(path: string) => as.findNode(`ns=${ws.namespaceIndex};s=${path}`) as T;
const read = (path: string) => node<UAVariable>(path).readValue().value.value;

function write(path: string, value: number): Promise<string> {
  const v = node<UAVariable>(path);
  return new Promise((resolve) => {
    v.writeValue(
      SessionContext.defaultContext,
      new DataValue({ value: new Variant({ dataType: DataType.Double, value }) }),
      (_err: Error | null, s?: StatusCode) => resolve(s?.name ?? "?"),
    );
  });
}

async function call(object: string, method: string, args: Variant[] = []): Promise<string> {
  const obj = node<UAObject>(object);
  const m = node<UAMethod>(`${object}/${method}`);
  const r = await m.execute(obj, args, SessionContext.defaultContext);
  return r.statusCode?.name ?? "?";
}

function step(dtUs: number): void {
  sim.advanceTo(sim.now + dtUs);
  ws.update(sim.drainEvents());
}

describe("writes become commands", () => {
  it.each([
    ["Machines/cnc1/Monitoring/Channel1/FeedOverride", 151, "BadOutOfRange"],
    ["Machines/cnc1/Monitoring/Channel1/FeedOverride", -1, "BadOutOfRange"],
    ["Machines/cnc1/Monitoring/Spindle1/Override", 150.5, "BadOutOfRange"],
    ["Line/Conveyors/belt/Speed", 10.01, "BadOutOfRange"],
    ["Robots/tender/MotionDevices/tender/ParameterSet/SpeedOverride", 101, "BadOutOfRange"],
    ["Robots/tender/MotionDevices/tender/ParameterSet/SpeedOverride", 0, "BadOutOfRange"],
  ])("%s := %d answers %s and changes nothing", async (path, value, status) => {
    const before = read(path);
    const m = sim.cncMachine("cnc1")!.state;
    const simBefore = [m.feedPct, m.spindlePct, sim.state.conveyors.get("belt")!.speed];
    expect(await write(path, value)).toBe(status);
    expect(read(path)).toBe(before);
    expect([m.feedPct, m.spindlePct, sim.state.conveyors.get("belt")!.speed]).toEqual(simBefore);
  });

  it("a robot speed override reaches the simulation", async () => {
    expect(await write("Robots/tender/MotionDevices/tender/ParameterSet/SpeedOverride", 50)).toBe("Good");
    expect(sim.state.robotOverride.get("tender")).toBe(50);
  });

  it("feed and spindle overrides reach the CNC model and are published back from it", async () => {
    expect(await write("Machines/cnc2/Monitoring/Channel1/FeedOverride", 70)).toBe("Good");
    expect(await write("Machines/cnc2/Monitoring/Spindle1/Override", 120)).toBe("Good");
    const m = sim.cncMachine("cnc2")!;
    expect([m.state.feedPct, m.state.spindlePct]).toEqual([70, 120]);
    step(1e6);
    expect(read("Machines/cnc2/CncInterface/CncChannelList/Channel1/ActOverride")).toBe(70);
    expect(read("Machines/cnc2/CncInterface/CncSpindleList/S1/ActOverride")).toBe(120);
  });

  it("conveyor speed", async () => {
    expect(await write("Line/Conveyors/belt/Speed", 0.5)).toBe("Good");
    expect(sim.state.conveyors.get("belt")!.speed).toBe(0.5);
    expect(read("Line/Conveyors/belt/Speed")).toBe(0.5);
  });
});

describe("methods become commands", () => {
  it("Stop, Start and Reset of a station", async () => {
    expect(await call("Machines/a10", "Stop")).toBe("Good");
    step(1e6);
    expect(sim.state.stations.get("a10")!.stopped).toBe(true);
    expect(await call("Machines/a10", "Start")).toBe("Good");
    expect(sim.state.stations.get("a10")!.stopped).toBe(false);
    expect(await call("Machines/a10", "Reset")).toBe("BadInvalidState");
  });

  it("InjectFault checks its duration; LoadProgram needs a program the station has", async () => {
    const fault = (d: number) => [
      new Variant({ dataType: DataType.String, value: "x" }),
      new Variant({ dataType: DataType.Double, value: d }),
    ];
    expect(await call("Machines/a30", "InjectFault", fault(-5))).toBe("BadOutOfRange");
    expect(await call("Machines/a30", "InjectFault", fault(30))).toBe("Good");
    expect(await call("Machines/a30", "InjectFault", fault(30))).toBe("BadInvalidState");
    step(31e6);
    expect(sim.state.stations.get("a30")!.down).toBe(null);
    const prog = (name: string) => [new Variant({ dataType: DataType.String, value: name })];
    expect(await call("Machines/cnc1", "LoadProgram", prog(""))).toBe("BadInvalidArgument");
    expect(await call("Machines/cnc1", "LoadProgram", prog("missing.nc"))).toBe("BadNotFound");
    expect(await call("Machines/cnc1", "LoadProgram", prog("flange-dn80.nc"))).toBe("Good");
  });

  it("AbortProgram aborts a running NC program (the part is scrapped), and only a running one", async () => {
    const st = sim.state.stations.get("cnc2")!;
    for (let i = 0; i < 600 && !(st.phase === "processing" && st.down === null); i++) step(5e6);
    expect(st.phase).toBe("processing");
    const scrap = st.scrap;
    expect(await call("Machines/cnc2", "AbortProgram")).toBe("Good");
    expect(sim.cncMachine("cnc2")!.state.program).toBe("Aborted");
    sim.advanceTo(sim.now + 1);
    const events = sim.drainEvents();
    ws.update(events);
    expect(events.find((e) => e.type === "OperationCompleted" && e.station === "cnc2")).toMatchObject({
      result: "scrap",
    });
    expect(read("Machines/cnc2/Production/ActiveProgram/State/CurrentState").text).toBe("Aborted");
    expect(await call("Machines/cnc2", "AbortProgram")).toBe("BadInvalidState");
    // the robot takes the scrapped part out, then it counts
    for (let i = 0; i < 120 && st.scrap === scrap; i++) step(1e6);
    expect(st.scrap).toBe(scrap + 1);
    expect(read("Machines/cnc2/Counters/ScrapParts")).toBe(scrap + 1);
  });

  it("E-stop of a robot stops every station it serves until reset", async () => {
    expect(await call("Robots/tender", "EmergencyStop")).toBe("Good");
    step(1e6);
    expect(sim.state.stations.get("cnc1")!.down).toBe("fault");
    expect(sim.state.stations.get("cnc2")!.down).toBe("fault");
    expect(read("Robots/tender/SafetyStates/SafetyState/ParameterSet/EmergencyStop")).toBe(true);
    expect(read("Machines/cnc1/MachineryBuildingBlocks/MachineryItemState/CurrentState").text).toBe(
      "OutOfService",
    );
    expect(await call("Robots/tender", "ResetEmergencyStop")).toBe("Good");
    step(1e6);
    expect(read("Robots/tender/SafetyStates/SafetyState/ParameterSet/EmergencyStop")).toBe(false);
    expect(await call("Robots/tender", "ResetEmergencyStop")).toBe("BadInvalidState");
  });
});

describe("alarms", () => {
  it("a simulation alarm lives as an AlarmConditionType until it is cleared, acknowledged and confirmed", async () => {
    expect(sim.submit({ type: "injectFault", entity: "a20", fault: "feeder jam" }).ok).toBe(true);
    const id = sim.state.stations.get("a20")!.alarm!;
    step(1e6);
    const cond = ws.alarms.condition(id)!;
    expect(cond.severity.readValue().value.value).toBe(800);
    expect(cond.activeState.getValue()).toBe(true);
    expect(cond.ackedState.getValue()).toBe(false);
    expect(cond.getPropertyByName("SourceName")?.readValue().value.value).toBe("a20");
    expect(cond.nodeId.toString()).toBe(`ns=${ws.namespaceIndex};s=Alarms/${id}`);
    // acknowledged in the simulation (e.g. from the viewer): the condition follows
    expect(sim.submit({ type: "acknowledgeAlarm", alarm: id }).ok).toBe(true);
    step(1e6);
    expect(cond.ackedState.getValue()).toBe(true);
    expect(sim.submit({ type: "clearFault", entity: "a20" }).ok).toBe(true);
    step(1e6);
    expect(cond.activeState.getValue()).toBe(false);
    expect(ws.alarms.condition(id)).toBeUndefined();
    await new Promise((r) => setImmediate(r));
    expect(as.findNode(cond.nodeId)).toBeNull();
  });
});
