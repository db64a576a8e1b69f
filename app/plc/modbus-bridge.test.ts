import { describe, expect, it } from "vitest";
import { encodeRegisters } from "../../modbus/index";
import { Simulation } from "../../sim/index";
import { loadScenarioFile } from "../scenario-files";
import { PLC_MODBUS_EXCEPTION, plcServiceVector } from "./modbus-bridge";

const scenario = (name: string) => new Simulation(loadScenarioFile(`scenarios/${name}.yaml`));

/** The Modbus exception code a handler throws (undefined when it does not throw). */
function code(f: () => unknown): number | undefined {
  try {
    f();
  } catch (e) {
    return (e as { modbusErrorCode?: number }).modbusErrorCode;
  }
  return undefined;
}

describe("Modbus bridge to the running simulation (no sockets)", () => {
  it("serves the external cell's process image and turns writes into writePlcOutput commands", () => {
    const sim = scenario("plc-cell-external");
    const v = plcServiceVector(() => sim);
    sim.advanceTo(0);
    // guard door closed, nothing else yet
    expect([0, 1, 2, 3].map((a) => v.getDiscreteInput(a, 1))).toEqual([false, false, true, true]);
    v.setCoil(0, true, 1);
    v.setRegisterArray(0, [...encodeRegisters("REAL", 0.5, "highFirst"), 0xfff9], 1);
    v.setRegisterArray(3, encodeRegisters("DINT", 70_000, "highFirst"), 1);
    const applied = sim
      .drainEvents()
      .filter((e) => e.type === "CommandApplied")
      .map((e) => (e.type === "CommandApplied" ? JSON.parse(e.detail) : null));
    expect(applied).toEqual([
      { type: "writePlcOutput", cell: "conveyor-robot-cell-external", signal: "Conveyor1_Run", value: true },
      { type: "writePlcOutput", cell: "conveyor-robot-cell-external", signal: "Conveyor1_Speed", value: 0.5 },
      { type: "writePlcOutput", cell: "conveyor-robot-cell-external", signal: "Cell_PartCount", value: -7 },
      {
        type: "writePlcOutput",
        cell: "conveyor-robot-cell-external",
        signal: "Cell_LastCycleMs",
        value: 70_000,
      },
    ]);
    // outputs take effect at the next scan (10 ms)
    expect(v.getCoil(0, 1)).toBe(false);
    sim.advanceTo(10_000);
    expect(v.getCoil(0, 1)).toBe(true);
    expect(v.getMultipleHoldingRegisters(0, 5, 1)).toEqual([
      ...encodeRegisters("REAL", 0.5, "highFirst"),
      0xfff9,
      ...encodeRegisters("DINT", 70_000, "highFirst"),
    ]);
    expect(sim.state.conveyors.get("cv1")!.stopped).toBe(false);
  });

  it("refuses with the right exception and changes nothing", () => {
    const sim = scenario("plc-cell-external");
    const v = plcServiceVector(() => sim);
    sim.advanceTo(0);
    // NaN is no REAL a PLC would take: 03 illegal data value
    expect(code(() => v.setRegisterArray(0, [0x7fc0, 0x0000], 1))).toBe(3);
    // coil 9 and discrete input 4 are not mapped: 02
    expect(code(() => v.setCoil(9, true, 1))).toBe(2);
    expect(code(() => v.getDiscreteInput(4, 1))).toBe(2);
    // input registers: the external cell has none
    expect(code(() => v.getInputRegister(0, 1))).toBe(2);
    // another unit than the profile's
    expect(code(() => v.getCoil(0, 2))).toBe(PLC_MODBUS_EXCEPTION.GATEWAY_TARGET_FAILED);
    expect(sim.drainEvents().filter((e) => e.type === "CommandApplied")).toEqual([]);
    sim.advanceTo(10_000);
    expect(v.getMultipleHoldingRegisters(0, 2, 1)).toEqual([0, 0]);
  });

  it("under the soft PLC, reads work and every write answers 01", () => {
    const sim = scenario("plc-cell");
    const v = plcServiceVector(() => sim);
    sim.advanceTo(20_000);
    // the program runs the belt while the eye is free and the door closed
    expect(v.getCoil(0, 1)).toBe(true);
    expect(code(() => v.setCoil(0, false, 1))).toBe(1);
    expect(code(() => v.setRegister(2, 5, 1))).toBe(1);
    expect(code(() => v.setRegisterArray(0, [0, 0], 1))).toBe(1);
    sim.advanceTo(30_000);
    expect(v.getCoil(0, 1)).toBe(true);
  });

  it("follows a scenario switch to the new profile; no PLC answers 02, no simulation 06", () => {
    let sim = scenario("plc-cell-external");
    const v = plcServiceVector(() => sim);
    expect(code(() => v.getInputRegister(0, 1))).toBe(2);
    sim = scenario("workshop");
    sim.advanceTo(600e6);
    const parts = sim.state.conveyors.get("belt")!.items.length;
    // workshop-s7: Belt_Count is input register 0
    expect(v.getInputRegister(0, 1)).toBe(sim.plcController!.value("Belt_Count"));
    expect(v.getInputRegister(0, 1)).toBe(parts);
    sim = scenario("assembly-manual");
    expect(code(() => v.getCoil(0, 1))).toBe(2);
    // between two runs there is no simulation: 06, server device busy
    const idle = plcServiceVector(() => null);
    expect(code(() => idle.getCoil(0, 1))).toBe(PLC_MODBUS_EXCEPTION.SERVER_DEVICE_BUSY);
    expect(PLC_MODBUS_EXCEPTION.SERVER_DEVICE_BUSY).toBe(6);
  });
});
