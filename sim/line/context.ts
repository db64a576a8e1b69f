import type { CncMachine } from "../cnc/machine";
import type { SimEvent } from "../events";
import type { Pcg32 } from "../random/pcg32";
import type { LineState } from "./state";
import type { Topology } from "./topology";

/** Kernel event kinds the line model schedules. */
export type LineEventKind =
  | "source.arrival"
  | "conveyor.head"
  | "conveyor.entry"
  | "station.timer"
  | "station.fail"
  | "station.repair"
  | "member.arrive"
  | "calendar.change"
  | "fault.clear"
  | "order.release";

/** What line-model functions need from the kernel; the Simulation provides it. */
export interface LineContext {
  readonly topo: Topology;
  readonly state: LineState;
  /** current simulation time, µs */
  now(): number;
  schedule(tUs: number, kind: LineEventKind, target: string, data?: number): void;
  emit(ev: SimEvent): void;
  rng(stream: string): Pcg32;
  /** the CNC machine of a station that runs NC programs, else undefined */
  cnc(station: string): CncMachine | undefined;
}
