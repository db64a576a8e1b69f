/**
 * Modbus TCP for the live twin: one listener for the whole `twin serve` session that serves the PLC
 * profile of whatever simulation runs now. A scenario switch brings a new Simulation (and maybe a new
 * profile); the bridge notices on the next request and rebuilds its address map, so clients keep
 * their connection and simply see the new cell.
 *
 * Reads come from the cell's process image (`plcController.value`), writes become `writePlcOutput`
 * commands at the current simulation time, so the simulation stays the one source of truth and a
 * write is applied at the next scan, like any external PLC's.
 */
import { ServerTCP } from "modbus-serial";
import {
  buildModbusMap,
  DEFAULT_MODBUS_PORT,
  findFreePort,
  MODBUS_EXCEPTION,
  ModbusException,
  type SignalValue,
  serviceVector,
} from "../../modbus/index";
import type { CellController, PlcProfile, PlcSignal, Simulation } from "../../sim/index";

/** Modbus exception codes the bridge adds to those of modbus/. */
export const PLC_MODBUS_EXCEPTION = {
  ...MODBUS_EXCEPTION,
  /** no simulation right now (the twin restarts on another scenario): try again shortly */
  SERVER_DEVICE_BUSY: 0x06,
  /** a request for another unit ID than the profile's (what a gateway answers for an absent device) */
  GATEWAY_TARGET_FAILED: 0x0b,
} as const;

export interface PlcModbusOptions {
  /** the simulation running now (called on every request); null while the twin restarts */
  sim: () => Simulation | null;
  /** default 127.0.0.1 */
  host?: string | undefined;
  /** TCP port, default 5020 (502 needs privileges); 0 picks a free one */
  port?: number | undefined;
  /** socket-level errors (a client vanishing); ignored when not given */
  onError?: ((error: Error) => void) | undefined;
}

export interface PlcModbusHandle {
  host: string;
  port: number;
  /** `tcp://127.0.0.1:5020` */
  url: string;
  /** the profile served now, or null when the current scenario has no PLC cell */
  profile(): PlcProfile | null;
  close(): Promise<void>;
}

type Vector = ReturnType<typeof serviceVector>;

/** How a refused `writePlcOutput` is answered on the wire. */
function exceptionFor(code: string, reason: string): ModbusException {
  switch (code) {
    case "SIM_ERR_OUT_OF_RANGE":
      return new ModbusException(MODBUS_EXCEPTION.ILLEGAL_DATA_VALUE, reason);
    case "SIM_ERR_STATE":
      return new ModbusException(MODBUS_EXCEPTION.ILLEGAL_FUNCTION, reason);
    default:
      return new ModbusException(MODBUS_EXCEPTION.SERVER_DEVICE_FAILURE, `${code}: ${reason}`);
  }
}

/**
 * The request handlers for the simulation running now. Exported so the mapping can be tested without
 * sockets; `startPlcModbus` wraps it in a server.
 */
export function plcServiceVector(sim: () => Simulation | null): Vector {
  let cached: { ctrl: CellController; vector: Vector } | null = null;
  const current = (unit: number): Vector => {
    const s = sim();
    if (s === null) {
      throw new ModbusException(PLC_MODBUS_EXCEPTION.SERVER_DEVICE_BUSY, "the twin is restarting");
    }
    const ctrl = s.plcController;
    if (ctrl === null) {
      throw new ModbusException(MODBUS_EXCEPTION.ILLEGAL_DATA_ADDRESS, "the scenario has no PLC cell");
    }
    if (unit !== ctrl.profile.modbus.unitId) {
      throw new ModbusException(
        PLC_MODBUS_EXCEPTION.GATEWAY_TARGET_FAILED,
        `unit ${unit} is not served; the cell answers as unit ${ctrl.profile.modbus.unitId}`,
      );
    }
    if (cached?.ctrl !== ctrl) {
      const cell = ctrl.profile.id;
      const vector = serviceVector(buildModbusMap(ctrl.profile), {
        read: (signal: PlcSignal) => ctrl.value(signal.variable),
        write: (signal: PlcSignal, value: SignalValue) => {
          // the simulation of this vector, even if a switch happened in between
          const r = s.submit({ type: "writePlcOutput", cell, signal: signal.variable, value });
          if (!r.ok) throw exceptionFor(r.code, r.reason);
        },
        writable: ctrl.profile.control.source === "external",
      });
      cached = { ctrl, vector };
    }
    return cached.vector;
  };
  return {
    getCoil: (addr, unit) => current(unit).getCoil(addr, unit),
    getDiscreteInput: (addr, unit) => current(unit).getDiscreteInput(addr, unit),
    getHoldingRegister: (addr, unit) => current(unit).getHoldingRegister(addr, unit),
    getMultipleHoldingRegisters: (addr, length, unit) =>
      current(unit).getMultipleHoldingRegisters(addr, length, unit),
    getInputRegister: (addr, unit) => current(unit).getInputRegister(addr, unit),
    getMultipleInputRegisters: (addr, length, unit) =>
      current(unit).getMultipleInputRegisters(addr, length, unit),
    setCoil: (addr, value, unit) => current(unit).setCoil(addr, value, unit),
    setRegister: (addr, value, unit) => current(unit).setRegister(addr, value, unit),
    setRegisterArray: (addr, values, unit) => current(unit).setRegisterArray(addr, values, unit),
  };
}

/** Starts serving; resolves once listening, rejects when the port cannot be bound (e.g. EADDRINUSE). */
export async function startPlcModbus(opts: PlcModbusOptions): Promise<PlcModbusHandle> {
  const host = opts.host ?? "127.0.0.1";
  // modbus-serial's ServerTCP takes port 0 for "use 502"
  const port = opts.port === 0 ? await findFreePort(host) : (opts.port ?? DEFAULT_MODBUS_PORT);
  // unit 255: every request reaches the vector, which answers for the current profile's unit only
  const server = new ServerTCP(plcServiceVector(opts.sim), { host, port, unitID: 255 });
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
    profile: () => opts.sim()?.plcController?.profile ?? null,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
