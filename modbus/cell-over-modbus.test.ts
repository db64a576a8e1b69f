import { join } from "node:path";
import ModbusRTU from "modbus-serial";
import { describe, expect, it } from "vitest";
import { loadPlcProfile } from "../plc-profiles/load";
import { type CellController, createCellController } from "../sim/plc/cell-controller";
import { createSoftPlc } from "../sim/plc/soft-plc";
import { applyToyCell, createToyCell, readToyCell, stepToyCell } from "../sim/plc/toy-cell";
import { encodeRegisters } from "./registers";
import { startModbusServer } from "./server";

const profiles = join(import.meta.dirname, "..", "plc-profiles");
const SCAN = 10_000;
const END = 17_100_000;

async function drive(ctrl: CellController, afterScan: (t: number) => Promise<void>) {
  const cell = createToyCell();
  for (let t = 0; t <= END; t += SCAN) {
    const r = ctrl.scan(t, (s) => readToyCell(cell, s));
    applyToyCell(cell, r.outputs, t);
    await afterScan(t);
    stepToyCell(cell, t, SCAN);
  }
  return cell.completed;
}

describe("virtual commissioning over Modbus TCP", () => {
  it("an external PLC on the wire runs the cell to the same parts at the same times as the soft PLC", async () => {
    const { profile: s7, program } = loadPlcProfile(join(profiles, "conveyor-robot-cell-s7.yaml"));
    const internal = await drive(createCellController(s7, program), async () => {});

    const { profile } = loadPlcProfile(join(profiles, "conveyor-robot-cell-external.yaml"));
    const ctrl = createCellController(profile, null);
    let now = 0;
    const server = await startModbusServer({
      port: 0,
      profile,
      read: (s) => ctrl.value(s.variable),
      write: (s, v) => ctrl.writeOutput(s.variable, v, now),
    });
    const client = new ModbusRTU();
    try {
      await client.connectTCP(server.host, { port: server.port });
      client.setID(profile.modbus.unitId);
      client.setTimeout(2000);
      // the "external PLC": the same ST program, wired only through Modbus
      const remote = createSoftPlc(program!, { scanTimeUs: SCAN });
      const external = await drive(ctrl, async (t) => {
        now = t;
        const di = (await client.readDiscreteInputs(0, 4)).data;
        const out = remote.scan(t, {
          Conveyor1_PhotoEye: di[0]!,
          Robot1_Done: di[1]!,
          Machine1_Ready: di[2]!,
          Cell_DoorClosed: di[3]!,
        }).outputs;
        await client.writeCoils(0, [
          out.Conveyor1_Run === true,
          out.Robot1_Start === true,
          out.Machine1_Start === true,
          out.Cell_Alarm === true,
        ]);
        await client.writeRegisters(0, [
          ...encodeRegisters("REAL", out.Conveyor1_Speed as number, "highFirst"),
          ...encodeRegisters("INT", out.Cell_PartCount as number, "highFirst"),
          ...encodeRegisters("DINT", out.Cell_LastCycleMs as number, "highFirst"),
        ]);
      });
      expect(internal).toEqual([10_030_000, 17_050_000]);
      expect(external).toEqual(internal);
      expect(ctrl.value("Cell_LastCycleMs")).toBe(2010);
    } finally {
      await new Promise<void>((resolve) => client.close(() => resolve()));
      await server.close();
    }
  });
});
