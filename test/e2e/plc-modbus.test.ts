import ModbusRTU from "modbus-serial";
import { afterEach, describe, expect, it } from "vitest";
import { startPlcModbus } from "../../app/plc/index";
import { decodeRegisters, encodeRegisters } from "../../modbus/index";
import type { PlcSignal, Simulation } from "../../sim/index";
import { changeFilter, internalRun, lockstep, S, scenario } from "./plc-harness";

/**
 * Virtual commissioning over Modbus TCP: the twin's Modbus bridge on 127.0.0.1 and a modbus-serial
 * client acting as the external PLC (remote I/O: discrete inputs in, coils and holding registers out).
 */

const END = 62 * S;
const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const f of cleanup.splice(0).reverse()) await f();
});

async function connect(sim: () => Simulation) {
  const bridge = await startPlcModbus({ sim, port: 0 });
  cleanup.push(() => bridge.close());
  const client = new ModbusRTU();
  await client.connectTCP(bridge.host, { port: bridge.port });
  cleanup.push(() => new Promise<void>((resolve) => client.close(() => resolve())));
  client.setID(1);
  client.setTimeout(2000);
  return { bridge, client };
}

/** The first address and the length that cover the signals of one table. */
function span(signals: readonly PlcSignal[]) {
  const first = Math.min(...signals.map((s) => s.modbus!.address));
  const words = (s: PlcSignal) => (s.type === "DINT" || s.type === "REAL" ? 2 : 1);
  const end = Math.max(...signals.map((s) => s.modbus!.address + (s.type === "BOOL" ? 1 : words(s))));
  return { first, length: end - first };
}

/** The Modbus exception code a request was refused with. */
async function refusal(p: Promise<unknown>): Promise<number | string> {
  try {
    await p;
    return "accepted";
  } catch (e) {
    return (e as { modbusCode?: number }).modbusCode ?? String(e);
  }
}

describe("virtual commissioning over Modbus TCP", () => {
  it("an external PLC on the wire makes the same parts at the same times as the internal soft PLC", async () => {
    const expected = internalRun(END);
    // hand check: the first part after 17.02 s, then one per 7.02 s feeder-plus-scan cycle
    expect(expected).toEqual([0, 1, 2, 3, 4, 5, 6].map((k) => 17_020_000 + k * 7_020_000));

    const sim = scenario("plc-cell-external.yaml");
    const { client } = await connect(() => sim);
    const order = sim.plcController!.profile.modbus.wordOrder;
    const coilsDue = changeFilter();
    const registersDue = changeFilter();
    const table = (signals: readonly PlcSignal[], t: string) => signals.filter((s) => s.modbus?.table === t);
    const run = await lockstep(sim, END, {
      async readInputs(inputs) {
        const di = table(inputs, "discreteInput");
        expect(di).toHaveLength(inputs.length);
        const { first, length } = span(di);
        const bits = (await client.readDiscreteInputs(first, length)).data;
        return Object.fromEntries(di.map((s) => [s.variable, bits[s.modbus!.address - first]!]));
      },
      async writeOutputs(outputs, values, t) {
        const coils = table(outputs, "coil");
        const c = span(coils);
        const bits = new Array<boolean>(c.length).fill(false);
        for (const s of coils) bits[s.modbus!.address - c.first] = values[s.variable] === true;
        if (coilsDue(bits, t)) await client.writeCoils(c.first, bits);
        const regs = table(outputs, "holdingRegister");
        const r = span(regs);
        const words = new Array<number>(r.length).fill(0);
        for (const s of regs) {
          encodeRegisters(s.type, values[s.variable] as number, order).forEach((w, i) => {
            words[s.modbus!.address - r.first + i] = w;
          });
        }
        if (registersDue(words, t)) await client.writeRegisters(r.first, words);
      },
    });
    expect(run.times).toEqual(expected);
    expect(run.events.filter((e) => e.type === "PlcFaulted")).toEqual([]);
    // the registers read back what the cell applied: 7 parts loaded, 2010 ms robot-to-machine cycle
    const back = (await client.readHoldingRegisters(2, 3)).data;
    expect(decodeRegisters("INT", back.slice(0, 1), order)).toBe(sim.plcController!.value("Cell_PartCount"));
    expect(decodeRegisters("DINT", back.slice(1), order)).toBe(2010);
  }, 40_000);

  it("refuses writes: 01 under the soft PLC, 03 for a value no signal takes, 02 off the map", async () => {
    let sim = scenario("plc-cell.yaml");
    const { client, bridge } = await connect(() => sim);
    sim.advanceTo(20_000);
    expect(bridge.profile()?.id).toBe("conveyor-robot-cell-s7");
    expect((await client.readCoils(0, 4)).data.slice(0, 4)).toEqual([true, false, false, false]);
    expect(await refusal(client.writeCoil(0, false))).toBe(1);
    expect(await refusal(client.writeRegisters(0, [0x3f00, 0]))).toBe(1);

    // the same listener follows a scenario switch to the external cell
    sim = scenario("plc-cell-external.yaml");
    sim.advanceTo(0);
    expect(bridge.profile()?.id).toBe("conveyor-robot-cell-external");
    // REAL NaN for the belt speed: illegal data value
    expect(await refusal(client.writeRegisters(0, [0x7fc0, 0]))).toBe(3);
    // coil 4 and holding register 5 belong to no signal
    expect(await refusal(client.writeCoil(4, true))).toBe(2);
    expect(await refusal(client.writeRegisters(4, [0, 0]))).toBe(2);
    expect(await refusal(client.readInputRegisters(0, 1))).toBe(2);
    expect(await refusal(client.writeCoil(0, true))).toBe("accepted");
    sim.advanceTo(10_000);
    expect((await client.readCoils(0, 4)).data.slice(0, 4)).toEqual([true, false, false, false]);
    // nothing refused reached the cell
    expect((await client.readHoldingRegisters(0, 5)).data).toEqual([0, 0, 0, 0, 0]);
  });

  it("a port in use rejects the start, so `twin serve` can say so and go on", async () => {
    const sim = scenario("plc-cell.yaml");
    const { bridge } = await connect(() => sim);
    expect(bridge.url).toBe(`tcp://127.0.0.1:${bridge.port}`);
    await expect(startPlcModbus({ sim: () => sim, port: bridge.port })).rejects.toMatchObject({
      code: "EADDRINUSE",
    });
  });
});
