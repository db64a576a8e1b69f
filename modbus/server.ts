/**
 * Modbus TCP server for a PLC profile's tags (modbus-serial's ServerTCP, pure JavaScript, no serial
 * port bindings involved). Reads and writes go through the caller's `read` / `write`, so the server
 * holds no process image of its own: the simulation stays the one source of truth.
 *
 * Tables: discrete inputs and input registers carry the PLC's inputs (sensors), coils and holding
 * registers its outputs (actuators), so an external PLC reads sensors and writes actuators exactly as
 * it would with remote I/O. Unmapped addresses answer exception 02 (illegal data address).
 */
import { ServerTCP } from "modbus-serial";
import type { PlcProfile, PlcSignal } from "../sim/plc/profile";
import { findFreePort } from "./free-port";
import {
  buildModbusMap,
  decodeRegisters,
  encodeRegisters,
  type ModbusMap,
  type RegisterPoint,
} from "./registers";

export type SignalValue = boolean | number;

export interface ModbusServerOptions {
  /** default 127.0.0.1 */
  host?: string;
  /** TCP port, default 5020 (502 needs privileges); 0 picks a free port */
  port?: number;
  profile: PlcProfile;
  /** current value of a signal (BOOL as boolean, others as numbers) */
  read(signal: PlcSignal): SignalValue;
  /** a client wrote a coil or holding register; throw a ModbusException to refuse */
  write(signal: PlcSignal, value: SignalValue): void;
  /** accept writes to coils and holding registers; default: only when the profile's control is external */
  writable?: boolean;
  /** socket-level errors (a client vanishing); ignored when not given */
  onError?(error: Error): void;
}

export interface ModbusServerHandle {
  host: string;
  port: number;
  /** `tcp://127.0.0.1:5020` */
  url: string;
  close(): Promise<void>;
}

/** Modbus exception codes a `write` (or the server) can answer with. */
export const MODBUS_EXCEPTION = {
  ILLEGAL_FUNCTION: 0x01,
  ILLEGAL_DATA_ADDRESS: 0x02,
  ILLEGAL_DATA_VALUE: 0x03,
  SERVER_DEVICE_FAILURE: 0x04,
} as const;

/** Thrown by `read`/`write` or the server; modbus-serial turns `modbusErrorCode` into the exception reply. */
export class ModbusException extends Error {
  override name = "ModbusException";
  constructor(
    readonly modbusErrorCode: number,
    message: string,
  ) {
    super(message);
  }
}

export const DEFAULT_MODBUS_PORT = 5020;

function point(table: Map<number, RegisterPoint>, name: string, addr: number): RegisterPoint {
  const p = table.get(addr);
  if (!p) throw new ModbusException(MODBUS_EXCEPTION.ILLEGAL_DATA_ADDRESS, `no ${name} at address ${addr}`);
  return p;
}

/** The request handlers modbus-serial calls (synchronous forms); exported for tests without sockets. */
export function serviceVector(
  map: ModbusMap,
  opts: Pick<ModbusServerOptions, "read" | "write" | "writable">,
) {
  const words = (p: RegisterPoint) => encodeRegisters(p.signal.type, opts.read(p.signal), map.wordOrder);
  const readRegisters = (table: Map<number, RegisterPoint>, name: string, addr: number, length: number) => {
    const out: number[] = [];
    for (let a = addr; a < addr + length; a++) {
      const p = point(table, name, a);
      out.push(words(p)[p.word]!);
    }
    return out;
  };
  const refuse = () => {
    if (!opts.writable) {
      throw new ModbusException(
        MODBUS_EXCEPTION.ILLEGAL_FUNCTION,
        "writes are refused: the soft PLC drives this cell",
      );
    }
  };
  const writeRegisters = (addr: number, values: number[]) => {
    refuse();
    // check every address first, so a bad request changes nothing
    const points = values.map((_, i) => point(map.holdingRegister, "holding register", addr + i));
    const pending = new Map<PlcSignal, number[]>();
    points.forEach((p, i) => {
      const current = pending.get(p.signal) ?? words(p);
      current[p.word] = values[i]! & 0xffff;
      pending.set(p.signal, current);
    });
    for (const [signal, w] of pending) opts.write(signal, decodeRegisters(signal.type, w, map.wordOrder));
  };
  return {
    getCoil: (addr: number, _unit: number) => opts.read(point(map.coil, "coil", addr).signal) === true,
    getDiscreteInput: (addr: number, _unit: number) =>
      opts.read(point(map.discreteInput, "discrete input", addr).signal) === true,
    getHoldingRegister: (addr: number, _unit: number) =>
      readRegisters(map.holdingRegister, "holding register", addr, 1)[0]!,
    getMultipleHoldingRegisters: (addr: number, length: number, _unit: number) =>
      readRegisters(map.holdingRegister, "holding register", addr, length),
    getInputRegister: (addr: number, _unit: number) =>
      readRegisters(map.inputRegister, "input register", addr, 1)[0]!,
    getMultipleInputRegisters: (addr: number, length: number, _unit: number) =>
      readRegisters(map.inputRegister, "input register", addr, length),
    setCoil: (addr: number, value: boolean, _unit: number) => {
      refuse();
      opts.write(point(map.coil, "coil", addr).signal, value);
    },
    setRegister: (addr: number, value: number, _unit: number) => writeRegisters(addr, [value]),
    setRegisterArray: (addr: number, values: number[], _unit: number) => writeRegisters(addr, values),
  };
}

/** Starts serving; resolves once listening, rejects when the port cannot be bound. */
export async function startModbusServer(opts: ModbusServerOptions): Promise<ModbusServerHandle> {
  const host = opts.host ?? "127.0.0.1";
  const port = opts.port === 0 ? await findFreePort(host) : (opts.port ?? DEFAULT_MODBUS_PORT);
  const writable = opts.writable ?? opts.profile.control.source === "external";
  const vector = serviceVector(buildModbusMap(opts.profile), {
    read: opts.read,
    write: opts.write,
    writable,
  });
  const server = new ServerTCP(vector, { host, port, unitID: opts.profile.modbus.unitId });
  const onError = (e: Error | null) => {
    if (e) opts.onError?.(e);
  };
  server.on("socketError", onError);
  server.on("error", onError);
  await new Promise<void>((resolve, reject) => {
    server.on("initialized", () => resolve());
    server.on("serverError", (e: Error | null) => reject(e));
  });
  return {
    host,
    port,
    url: `tcp://${host}:${port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
