import ModbusRTU from "modbus-serial";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type PlcProfile, parsePlcProfile } from "../sim/plc/profile";
import { ModbusException, type ModbusServerHandle, startModbusServer } from "./server";

const profileText = (source: string) => `id: modbus-test
controller: { family: codesys, scanTime: 10ms }
control: ${source}
modbus: { unitId: 1, wordOrder: highFirst }
signals:
  - { group: Conveyor1, name: PhotoEye, type: BOOL, direction: input, modbus: { table: discreteInput, address: 0 } }
  - { group: Cell, name: DoorClosed, type: BOOL, direction: input, modbus: { table: discreteInput, address: 1 } }
  - { group: Conveyor1, name: Run, type: BOOL, direction: output, modbus: { table: coil, address: 0 } }
  - { group: Robot1, name: Start, type: BOOL, direction: output, modbus: { table: coil, address: 1 } }
  - { group: Machine1, name: Load, type: REAL, direction: input, modbus: { table: inputRegister, address: 0 } }
  - { group: Machine1, name: Parts, type: DINT, direction: input, modbus: { table: inputRegister, address: 2 } }
  - { group: Conveyor1, name: Speed, type: REAL, direction: output, modbus: { table: holdingRegister, address: 0 } }
  - { group: Cell, name: Count, type: INT, direction: output, modbus: { table: holdingRegister, address: 2 } }
  - { group: Cell, name: Total, type: DINT, direction: output, modbus: { table: holdingRegister, address: 3 } }
`;

function profileOf(source: string): PlcProfile {
  const r = parsePlcProfile(profileText(source), "modbus-test.yaml");
  if (!r.ok) throw new Error(r.issues.map((i) => i.message).join("\n"));
  return r.profile;
}

/** The "simulation": signal values by ST variable name, and every write the server passed on. */
const values = new Map<string, boolean | number>([
  ["Conveyor1_PhotoEye", true],
  ["Cell_DoorClosed", false],
  ["Conveyor1_Run", false],
  ["Robot1_Start", true],
  ["Machine1_Load", 0.75],
  ["Machine1_Parts", -123456],
  ["Conveyor1_Speed", 0.5],
  ["Cell_Count", -2],
  ["Cell_Total", 70000],
]);
const writes: [string, boolean | number][] = [];

let server: ModbusServerHandle;
let client: ModbusRTU;

beforeAll(async () => {
  server = await startModbusServer({
    port: 0,
    profile: profileOf("{ source: external, watchdog: 500ms }"),
    read: (s) => values.get(s.variable)!,
    write: (s, v) => {
      if (s.variable === "Cell_Count" && typeof v === "number" && v > 1000) {
        throw new ModbusException(3, "count above 1000");
      }
      writes.push([s.variable, v]);
      values.set(s.variable, v);
    },
  });
  client = new ModbusRTU();
  await client.connectTCP(server.host, { port: server.port });
  client.setID(1);
  client.setTimeout(2000);
});

afterAll(async () => {
  await new Promise<void>((resolve) => client.close(() => resolve()));
  await server.close();
});

describe("Modbus TCP round trip with a real client", () => {
  it("serves on a free port", () => {
    expect(server.port).toBeGreaterThan(0);
    expect(server.url).toBe(`tcp://127.0.0.1:${server.port}`);
  });

  it("reads discrete inputs and coils", async () => {
    expect((await client.readDiscreteInputs(0, 2)).data.slice(0, 2)).toEqual([true, false]);
    expect((await client.readCoils(0, 2)).data.slice(0, 2)).toEqual([false, true]);
  });

  it("reads REAL and DINT input registers high word first, INT holding registers signed", async () => {
    // 0.75 = 0x3F400000; -123456 = 0xFFFE1DC0
    expect((await client.readInputRegisters(0, 4)).data).toEqual([0x3f40, 0x0000, 0xfffe, 0x1dc0]);
    // 0.5 = 0x3F000000; -2 = 0xFFFE; 70000 = 0x00011170
    expect((await client.readHoldingRegisters(0, 5)).data).toEqual([0x3f00, 0x0000, 0xfffe, 0x0001, 0x1170]);
  });

  it("writes coils (FC5, FC15) and registers (FC6, FC16) through to the simulation", async () => {
    writes.length = 0;
    await client.writeCoil(0, true);
    await client.writeCoils(0, [false, false]);
    await client.writeRegister(2, 0xfff0); // INT -16
    await client.writeRegisters(0, [0x4020, 0x0000, 0x0007, 0x0002, 0x0003]); // 2.5, 7, 0x00020003
    await client.writeRegister(4, 0x0010); // low word of Total only
    expect(writes).toEqual([
      ["Conveyor1_Run", true],
      ["Conveyor1_Run", false],
      ["Robot1_Start", false],
      ["Cell_Count", -16],
      ["Conveyor1_Speed", 2.5],
      ["Cell_Count", 7],
      ["Cell_Total", 0x00020003],
      ["Cell_Total", 0x00020010],
    ]);
    expect((await client.readHoldingRegisters(0, 5)).data).toEqual([0x4020, 0, 7, 2, 0x10]);
  });

  it("answers exceptions: unmapped address (02), read-only table, value refused by the simulation (03)", async () => {
    await expect(client.readCoils(5, 1)).rejects.toMatchObject({ modbusCode: 2 });
    await expect(client.readHoldingRegisters(4, 2)).rejects.toMatchObject({ modbusCode: 2 });
    await expect(client.writeRegister(9, 1)).rejects.toMatchObject({ modbusCode: 2 });
    await expect(client.writeRegister(2, 2000)).rejects.toMatchObject({ modbusCode: 3 });
    // a bad address anywhere in an FC16 request changes nothing
    writes.length = 0;
    await expect(client.writeRegisters(2, [1, 0, 0, 0])).rejects.toMatchObject({ modbusCode: 2 });
    expect(writes).toEqual([]);
  });
});

describe("an internally controlled cell", () => {
  it("refuses writes (01) but serves reads", async () => {
    const internal = await startModbusServer({
      port: 0,
      profile: profileOf("{ source: internal, program: cell.st }"),
      read: (s) => values.get(s.variable)!,
      write: () => {
        throw new Error("must not be called");
      },
    });
    const c = new ModbusRTU();
    try {
      await c.connectTCP(internal.host, { port: internal.port });
      c.setID(1);
      c.setTimeout(2000);
      expect((await c.readDiscreteInputs(0, 1)).data[0]).toBe(true);
      await expect(c.writeCoil(0, true)).rejects.toMatchObject({ modbusCode: 1 });
    } finally {
      await new Promise<void>((resolve) => c.close(() => resolve()));
      await internal.close();
    }
  });

  it("rejects when the port is taken", async () => {
    const other = await startModbusServer({
      port: 0,
      profile: profileOf("{ source: internal, program: cell.st }"),
      read: () => false,
      write: () => {},
    });
    try {
      await expect(
        startModbusServer({
          port: other.port,
          profile: profileOf("{ source: internal, program: cell.st }"),
          read: () => false,
          write: () => {},
        }),
      ).rejects.toThrow("EADDRINUSE");
    } finally {
      await other.close();
    }
  });
});
