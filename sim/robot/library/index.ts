import { gantry3 } from "./gantry";
import { irb120 } from "./irb120";
import { kr6r900 } from "./kr6-r900";
import { lrmate200id } from "./lrmate200id";
import type { RobotModel } from "./types";
import { ur5e } from "./ur5e";

/** Every robot model the twin knows, in the order `twin robot list` shows them. */
export const ROBOT_LIBRARY: readonly RobotModel[] = [ur5e, kr6r900, irb120, lrmate200id, gantry3];

const byId = new Map(ROBOT_LIBRARY.map((m) => [m.id, m]));

/** The model with this id, or undefined. */
export function findRobot(id: string): RobotModel | undefined {
  return byId.get(id);
}

export function robotIds(): string[] {
  return ROBOT_LIBRARY.map((m) => m.id);
}
