import type { AddressSpace } from "node-opcua";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Simulation } from "../sim/index";
import { findRobot } from "../sim/index";
import { simToWall, workshopSimulation } from "./fixtures";
import { createCompanionAddressSpace } from "./nodesets";
import { buildWorkshop, type Workshop } from "./workshop";

let as: AddressSpace;
let sim: Simulation;
let ws: Workshop;
const wall = 0;

const node = (path: string) => {
  const n = as.findNode(`ns=${ws.namespaceIndex};s=${path}`);
  if (n === null) throw new Error(`no node ${path}`);
  return n;
};
const value = (path: string) =>
  (node(path) as unknown as { readValue(): { value: { value: unknown } } }).readValue().value.value;

beforeAll(async () => {
  as = await createCompanionAddressSpace();
  sim = workshopSimulation();
  ws = buildWorkshop(as, { getSim: () => sim, simToWall, publishIntervalMs: 0, now: () => wall });
});
afterAll(() => {
  ws?.dispose();
  as?.dispose();
});

describe("workshop address space", () => {
  it("puts every station, CNC machine and robot at a stable string NodeId", () => {
    for (const p of [
      "Machines/cnc1",
      "Machines/cnc1/Identification/Manufacturer",
      "Machines/cnc1/Monitoring/Channel1/FeedOverride",
      "Machines/cnc1/Monitoring/Spindle1/IsRotating",
      "Machines/cnc1/Production/ActiveProgram/State/CurrentState",
      "Machines/cnc1/CncInterface/CncAxisList/X/PosDirect/ActPos",
      "Machines/a10/MachineryBuildingBlocks/MachineryItemState/CurrentState",
      "Machines/a10/Counters/GoodParts",
      "Robots/tender/MotionDevices/tender/Axes/J1/ParameterSet/ActualPosition",
      "Robots/screwer/SafetyStates/SafetyState/ParameterSet/EmergencyStop",
      "Line/Status/CurMachSpeed",
      "Line/Conveyors/belt/Speed",
    ]) {
      expect(node(p).nodeId.toString()).toBe(`ns=${ws.namespaceIndex};s=${p}`);
    }
  });

  it("shows the simulation's state after an advance", () => {
    const before = value("Machines/a30/Counters/GoodParts");
    expect(before).toBe(0);
    sim.advanceTo(2 * 3600e6);
    ws.update(sim.drainEvents());
    const st = sim.state.stations.get("a30")!;
    expect(st.good).toBeGreaterThan(0);
    expect(value("Machines/a30/Counters/GoodParts")).toBe(st.good);
    expect(value("Line/Conveyors/belt/Items")).toBe(sim.state.conveyors.get("belt")!.items.length);
  });

  it("samples CNC axis positions from the machine model at the simulated time", () => {
    const m = sim.cncMachine("cnc1")!;
    const s = m.sample(sim.now);
    expect(value("Machines/cnc1/CncInterface/CncAxisList/X/PosDirect/ActPos")).toBeCloseTo(s.x * 1000, 6);
    expect(value("Machines/cnc1/CncInterface/CncAxisList/Z/PosDirect/ActPos")).toBeCloseTo(s.z * 1000, 6);
    expect(value("Machines/cnc1/CncInterface/CncSpindleList/S1/ActSpeed")).toBeCloseTo(s.spindleRpm, 6);
  });

  it("gives the same NodeIds when built again (a restart); robot axes follow a joint provider", async () => {
    const ids = (space: AddressSpace, ns: number) => {
      const out: string[] = [];
      const it = (
        space.getNamespace(ns) as unknown as { nodeIterator(): Iterable<{ nodeId: { toString(): string } }> }
      ).nodeIterator();
      for (const n of it) out.push(n.nodeId.toString());
      return out.filter((id) => !id.includes("s=Alarms/")).sort();
    };
    const other = await createCompanionAddressSpace();
    const sim2 = workshopSimulation();
    // joint j of robot "tender" at t s: 0.1·j·t rad, so joint speed is 0.1·j rad/s
    const robotJoints = (id: string, tUs: number, out: Float64Array) => {
      if (id !== "tender") return false;
      for (let j = 0; j < out.length; j++) out[j] = 0.1 * (j + 1) * (tUs / 1e6);
      return true;
    };
    const ws2 = buildWorkshop(other, {
      getSim: () => sim2,
      simToWall,
      publishIntervalMs: 0,
      now: () => 0,
      models: { robotJoints },
    });
    sim2.advanceTo(2e6);
    ws2.update(sim2.drainEvents());
    const axis = (robot: string, j: number, v: string) =>
      (
        other.findNode(
          `ns=${ws2.namespaceIndex};s=Robots/${robot}/MotionDevices/${robot}/Axes/J${j}/ParameterSet/${v}`,
        ) as unknown as {
          readValue(): { value: { value: number } };
        }
      ).readValue().value.value;
    const deg = 180 / Math.PI;
    expect(axis("tender", 3, "ActualPosition")).toBeCloseTo(0.3 * 2 * deg, 9);
    expect(axis("tender", 3, "ActualSpeed")).toBeCloseTo(0.3 * deg, 6);
    // irb120 home pose, in degrees, for the robot the provider does not model
    expect(axis("screwer", 5, "ActualPosition")).toBeCloseTo(findRobot("irb120")!.home[4]! * deg, 9);
    const a = ids(as, ws.namespaceIndex);
    const b = ids(other, ws2.namespaceIndex);
    ws2.dispose();
    other.dispose();
    expect(a.length).toBeGreaterThan(1000);
    expect(a.every((id) => id.startsWith(`ns=${ws.namespaceIndex};s=`))).toBe(true);
    expect(b).toEqual(a);
  });

  it("publishes only what changed: a second flush with no events writes nothing", () => {
    ws.flush();
    expect(ws.flush()).toBe(0);
    const m = sim.state.stations.get("a10")!;
    sim.advanceTo(sim.now + 1);
    ws.update([{ type: "StateChanged", t: sim.now, entity: "a10", state: m.state, previous: m.state }]);
    expect(ws.flush()).toBe(0);
  });
});
