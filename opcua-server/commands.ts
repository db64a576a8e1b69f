import { type StatusCode, StatusCodes } from "node-opcua";
import type { Command, Simulation } from "../sim/index";
import { statusForSimError } from "./errors";

/** Command types `Simulation.submit` accepts today. */
export const SIM_COMMAND_TYPES: ReadonlySet<string> = new Set<Command["type"]>([
  "injectFault",
  "clearFault",
  "acknowledgeAlarm",
  "stopEntity",
  "startEntity",
  "releaseWorkOrder",
  "cancelWorkOrder",
  "setConveyorSpeed",
  "setOverride",
  "abortProgram",
  "loadProgram",
  "setRobotSpeedOverride",
  "setSignal",
  "writePlcOutput",
  "forcePlcSignal",
]);

export interface CommandOutcome {
  status: StatusCode;
  /** the simulation's reason when it refused */
  reason?: string | undefined;
}

/**
 * Submits commands to the current simulation and answers in OPC UA status codes. A command type the
 * simulation does not accept (see `supports`) answers BadNotImplemented.
 */
export class CommandPort {
  /** every command submitted from OPC UA, in order (for diagnostics and tests) */
  readonly log: { command: Command; status: string }[] = [];

  constructor(
    private readonly getSim: () => Simulation,
    private readonly supports: (type: string) => boolean = (t) => SIM_COMMAND_TYPES.has(t),
  ) {}

  submit(command: Command): CommandOutcome {
    let out: CommandOutcome;
    if (!this.supports(command.type)) {
      out = {
        status: StatusCodes.BadNotImplemented,
        reason: `the simulation has no "${command.type}" command yet`,
      };
    } else {
      const r = this.getSim().submit(command);
      out = r.ok ? { status: StatusCodes.Good } : { status: statusForSimError(r.code), reason: r.reason };
    }
    this.log.push({ command, status: out.status.name });
    return out;
  }
}

/** A closed numeric range check: BadOutOfRange outside, BadTypeMismatch for a non-number. */
export function checkRange(value: unknown, low: number, high: number): StatusCode {
  if (typeof value !== "number" || Number.isNaN(value)) return StatusCodes.BadTypeMismatch;
  return value >= low && value <= high ? StatusCodes.Good : StatusCodes.BadOutOfRange;
}
