/**
 * Command and event types the PLC layer needs; to be added to the unions in sim/commands.ts and
 * sim/events.ts by their owner. `cell` is the PLC profile id, `signal` the signal's ST variable
 * (e.g. `Conveyor1_PhotoEye`). Times are simulation µs.
 */
import type { PlcValue } from "./soft-plc";

export type PlcCommand =
  /**
   * Training aid: force a signal (a stuck sensor = force TRUE, an open circuit = force FALSE / 0, or a
   * forced actuator); `value: null` releases the force. Viewer and OPC UA reach it through this command.
   */
  | { type: "forcePlcSignal"; cell: string; signal: string; value: PlcValue | null }
  /** External control: an outside PLC or client wrote an output (OPC UA write, Modbus coil/register). */
  | { type: "writePlcOutput"; cell: string; signal: string; value: PlcValue };

export type PlcEvent =
  | { type: "PlcSignalForced"; t: number; cell: string; signal: string; value: PlcValue | null }
  /** the soft PLC stopped (watchdog, division by zero) or the external controller fell silent */
  | {
      type: "PlcFaulted";
      t: number;
      cell: string;
      code: string;
      message: string;
      line?: number;
      col?: number;
    }
  /** an external controller writes again after a watchdog trip */
  | { type: "PlcRecovered"; t: number; cell: string };
