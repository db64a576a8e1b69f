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
  | "order.release"
  | "plc.scan"
  /** a physics sensor changed (fidelity: physics): target = signal, data = 1 / 0 */
  | "physics.signal"
  /** a robot's gripper closes or opens (fidelity: physics): target = station, data = plan segment index */
  | "physics.grip"
  /** a released part came to rest: target = part */
  | "physics.settled"
  /** a robot touches the cell or another robot: target = robot, data = id of the pending collision */
  | "physics.collision";

/**
 * Moves parts as bodies when the scenario runs at `fidelity: physics` (sim/physics implements it).
 * conveyor.ts keeps the line logic (offers, blocking, capacity) and asks this where parts are; the
 * implementation schedules `conveyor.head` / `conveyor.entry` itself when parts get there. Stations tell
 * it where parts go and when their robots run a stretch of a planned task; it never changes their timing.
 */
export interface PartTransport {
  /** part `part` enters belt `id` now */
  enter(id: string, part: string): void;
  /** the head part left belt `id` now (passed on) */
  leave(id: string, part: string): void;
  /** speed, halt or blocked changed on belt `id` */
  changed(id: string): void;
  /** leading edge of `part` on belt `id` at `tUs`, m from the belt's start */
  position(id: string, part: string, tUs: number): number;
  /** the newest part has cleared the entry by a pitch */
  entryClear(id: string): boolean;
  /** a station, buffer or sink received `part` now (called before the belt it came from lets go of it) */
  arrive(node: string, part: string): void;
  /** the part left the system (scrapped) */
  gone(part: string): void;
  /** station `id`'s phase timer started, resumed or paused now (its robot may run or stop a task) */
  stationTimer(id: string): void;
}

/** What line-model functions need from the kernel; the Simulation provides it. */
export interface LineContext {
  readonly topo: Topology;
  readonly state: LineState;
  /** current simulation time, µs */
  now(): number;
  schedule(tUs: number, kind: LineEventKind, target: string, data?: number): void;
  emit(ev: SimEvent): void;
  rng(stream: string): Pcg32;
  /** put in front of every part serial (e.g. "R12-"), so serials stay unique across runs sharing a database */
  readonly serialPrefix: string;
  /** the CNC machine of a station that runs NC programs, else undefined */
  cnc(station: string): CncMachine | undefined;
  /** physics transport of conveyor parts (fidelity: physics); undefined with flow fidelity */
  readonly physics?: PartTransport | undefined;
}
