/** The simulation core's public surface: adapters import from here, never from internals. */

export { type CncSample, emptySample as emptyCncSample } from "./cnc/index";
export type { Command, CommandResult, CommandType, WorkOrderSpec } from "./commands";
export { EventLogHash } from "./event-log";
export type * from "./events";
export { type Comparison, comparePaired, type ReplacementEconomics } from "./experiment/compare";
export {
  HEADLINE,
  type KpiSummary,
  type RunOptions,
  type RunResult,
  runOnce,
  runReplications,
  summarise,
  type TimedCommand,
} from "./experiment/replicate";
export { KpiCollector } from "./kpi/collector";
export { type RunEconomics, type RunKpis, runKpis, type StationKpis } from "./kpi/report";
export { type Estimate, estimate, percentile } from "./kpi/stats";
export { initialStationState } from "./line/build";
export type { LineState, StationState } from "./line/state";
export { Topology } from "./line/topology";
export type { PartPose, PhysicsEvent } from "./physics/index";
export type { CellController } from "./plc/cell-controller";
export type { PlcProfile, PlcSignal } from "./plc/profile";
export { type Distribution, mean as distributionMean, sample } from "./random/distributions";
export { RandomStreams, streamFor } from "./random/streams";
export { createMotionSample, findRobot, type MotionSample } from "./robot/index";
export * from "./scenario/index";
export { type SimSnapshot, Simulation, type SimulationOptions } from "./simulation";
export { formatTime, hours, minutes, seconds, toHours, toSeconds, US_PER_S } from "./time";
