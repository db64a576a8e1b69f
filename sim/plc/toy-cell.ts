/**
 * A small, time-stepped model of the conveyor + robot + machine cell, for testing and benchmarking the
 * PLC layer on its own (the line model of sim/line is the real one). Positions are integer mm and
 * time advances one scan at a time, so every run is exact.
 *
 * Conveyor: 1500 mm belt at 0.5 m/s, a part every 7 s at its start (when the entry is free), parts
 * queue at a 300 mm pitch; the photo-eye sees the head part at the end. Robot: a rising edge of
 * Start begins a 2 s load (it lifts the part off the belt 0.5 s in); Done stays TRUE until Start
 * drops. Machine: a rising edge of Start makes it busy (not Ready) for 5 s, then the part is done.
 */
import type { PlcSignal } from "./profile";
import type { PlcValue } from "./soft-plc";

export interface ToyCellState {
  /** part positions on the belt, mm from its start, head first */
  parts: number[];
  nextPart: number;
  arrivals: number;
  run: boolean;
  robotStart: boolean;
  /** µs when the current robot task began, -1 when idle */
  robotSince: number;
  robotDone: boolean;
  robotHolding: boolean;
  machineStart: boolean;
  /** µs when the machine cycle began, -1 when idle */
  machineSince: number;
  machineLoaded: boolean;
  doorClosed: boolean;
  /** µs at which each finished part left the machine */
  completed: number[];
}

const BELT_MM = 1500;
const PITCH_MM = 300;
const MM_PER_S = 500;
const ARRIVAL_US = 7_000_000;
const ROBOT_US = 2_000_000;
const PICK_US = 500_000;
const MACHINE_US = 5_000_000;

export function createToyCell(): ToyCellState {
  return {
    parts: [],
    nextPart: 0,
    arrivals: 0,
    run: false,
    robotStart: false,
    robotSince: -1,
    robotDone: false,
    robotHolding: false,
    machineStart: false,
    machineSince: -1,
    machineLoaded: false,
    doorClosed: true,
    completed: [],
  };
}

/** The sensor a profile signal is bound to (bindings of the shipped conveyor-robot-cell profiles). */
export function readToyCell(c: ToyCellState, s: PlcSignal): PlcValue {
  switch (s.variable) {
    case "Conveyor1_PhotoEye":
      return c.parts.length > 0 && c.parts[0]! >= BELT_MM;
    case "Robot1_Done":
      return c.robotDone;
    case "Machine1_Ready":
      return !c.machineLoaded && c.machineSince < 0;
    case "Cell_DoorClosed":
      return c.doorClosed;
    default:
      throw new RangeError(`the toy cell has no sensor for ${s.variable}`);
  }
}

/** Actuator outputs take effect at `tUs`. */
export function applyToyCell(c: ToyCellState, outputs: Record<string, PlcValue>, tUs: number): void {
  const robotStart = outputs.Robot1_Start === true;
  if (robotStart && !c.robotStart && c.robotSince < 0 && !c.robotDone) c.robotSince = tUs;
  if (!robotStart) c.robotDone = false;
  c.robotStart = robotStart;
  const machineStart = outputs.Machine1_Start === true;
  if (machineStart && !c.machineStart && c.machineLoaded && c.machineSince < 0) c.machineSince = tUs;
  c.machineStart = machineStart;
  c.run = outputs.Conveyor1_Run === true;
}

/** Advances the cell from `tUs` by `dtUs` (one scan). */
export function stepToyCell(c: ToyCellState, tUs: number, dtUs: number): void {
  const t = tUs + dtUs;
  if (c.run && c.doorClosed) {
    const step = Math.round((MM_PER_S * dtUs) / 1_000_000);
    c.parts.forEach((p, i) => {
      c.parts[i] = Math.min(p + step, BELT_MM - i * PITCH_MM);
    });
  }
  if (t >= c.nextPart) {
    const last = c.parts[c.parts.length - 1];
    if (last === undefined || last >= PITCH_MM) {
      c.parts.push(0);
      c.arrivals++;
      c.nextPart += ARRIVAL_US;
    }
  }
  if (c.robotSince >= 0) {
    if (!c.robotHolding && t - c.robotSince >= PICK_US && c.parts[0] === BELT_MM) {
      c.parts.shift();
      c.robotHolding = true;
    }
    if (t - c.robotSince >= ROBOT_US && c.robotHolding) {
      c.robotHolding = false;
      c.machineLoaded = true;
      c.robotSince = -1;
      c.robotDone = true;
    }
  }
  if (c.machineSince >= 0 && t - c.machineSince >= MACHINE_US) {
    c.machineSince = -1;
    c.machineLoaded = false;
    c.completed.push(t);
  }
}
