import type { Simulation } from "../sim/index";
import type { CommandPort } from "./commands";
import type { ModelProviders } from "./models";
import type { BuildContext } from "./ua";

/** What the builders share: the address space, the simulation, the command port and the models. */
export interface WorkshopContext extends BuildContext {
  getSim(): Simulation;
  commands: CommandPort;
  models: Required<ModelProviders>;
  /** simulation µs → wall time */
  toWall(tUs: number): Date;
  /** station → program of its last operation (from OperationStarted events) */
  lastProgram: Map<string, string>;
  /** station → processing time of its completed operations, µs (from OperationCompleted events) */
  processedUs: Map<string, number>;
  /** identification the composition root may override per entity */
  identify(entity: string): Identity;
}

export interface Identity {
  manufacturer: string;
  model: string;
  serialNumber: string;
  productInstanceUri: string;
  yearOfConstruction: number;
}
