import type { AddressSpace } from "node-opcua";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Simulation } from "../sim/index";
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

  it("gives the same NodeIds when the same scenario is built again (a restart)", async () => {
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
    const ws2 = buildWorkshop(other, { getSim: () => sim2, simToWall, publishIntervalMs: 0, now: () => 0 });
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
