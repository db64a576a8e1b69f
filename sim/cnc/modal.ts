import type { MachineDefinition } from "./machine-types";

/**
 * RS-274/NGC modal groups: at most one word of a group per block, and the state persists from block to
 * block. Values are the G or M numbers themselves (motion 83 means G83 is the active motion mode).
 */
export interface ModalState {
  /** group 1 (motion): 0 1 2 3, canned cycles 73 81 82 83, or 80 (none) */
  motion: number;
  /** group 2 (plane) */
  plane: 17 | 18 | 19;
  /** group 3 (distance mode) */
  distance: 90 | 91;
  /** group 5 (feed mode): 94 per minute, 95 per revolution */
  feedMode: 94 | 95;
  /** group 6 (units): 20 inch, 21 mm */
  units: 20 | 21;
  /** group 7 (cutter radius compensation): only 40 (off) is simulated */
  cutterComp: 40;
  /** group 8 (tool length offset): 43 on, 49 off */
  toolLength: 43 | 49;
  /** group 10 (canned-cycle return): 98 initial level, 99 R plane */
  retract: 98 | 99;
  /** group 12 (work offset): 54..59 */
  coordSystem: 54 | 55 | 56 | 57 | 58 | 59;
  /** group 13 (path control): 61 exact stop, 64 continuous */
  pathMode: 61 | 64;
  /** M group 7 (spindle): 3 CW, 4 CCW, 5 stopped */
  spindle: 3 | 4 | 5;
  /** M group 8 (coolant): 7 mist, 8 flood, 9 off */
  coolant: 7 | 8 | 9;
}

export type ModalGroup = keyof ModalState | "nonModal" | "toolChange" | "flow";

/** G codes by ten times their number (G61.1 would be 611) → the group they belong to. */
const MILL_G: ReadonlyMap<number, ModalGroup> = new Map<number, ModalGroup>([
  [0, "motion"],
  [10, "motion"],
  [20, "motion"],
  [30, "motion"],
  [730, "motion"],
  [800, "motion"],
  [810, "motion"],
  [820, "motion"],
  [830, "motion"],
  [40, "nonModal"],
  [280, "nonModal"],
  [530, "nonModal"],
  [170, "plane"],
  [180, "plane"],
  [190, "plane"],
  [900, "distance"],
  [910, "distance"],
  [940, "feedMode"],
  [950, "feedMode"],
  [200, "units"],
  [210, "units"],
  [400, "cutterComp"],
  [430, "toolLength"],
  [490, "toolLength"],
  [980, "retract"],
  [990, "retract"],
  [540, "coordSystem"],
  [550, "coordSystem"],
  [560, "coordSystem"],
  [570, "coordSystem"],
  [580, "coordSystem"],
  [590, "coordSystem"],
  [610, "pathMode"],
  [640, "pathMode"],
]);

/** Fanuc lathe (G-code system A) use: G98 and G99 select feed per minute and per revolution. */
const LATHE_G: ReadonlyMap<number, ModalGroup> = new Map<number, ModalGroup>([
  ...MILL_G,
  [980, "feedMode"],
  [990, "feedMode"],
]);

const M_CODES: ReadonlyMap<number, ModalGroup> = new Map<number, ModalGroup>([
  [0, "flow"],
  [1, "flow"],
  [2, "flow"],
  [30, "flow"],
  [98, "flow"],
  [99, "flow"],
  [6, "toolChange"],
  [3, "spindle"],
  [4, "spindle"],
  [5, "spindle"],
  [7, "coolant"],
  [8, "coolant"],
  [9, "coolant"],
]);

/** Group of a G code on this machine, or undefined when the interpreter does not support it. */
export function gGroup(machine: MachineDefinition, g10: number): ModalGroup | undefined {
  return (machine.kind === "lathe" ? LATHE_G : MILL_G).get(g10);
}

/** Group of an M code, or undefined when unsupported. M6 is not a turret lathe's word. */
export function mGroup(machine: MachineDefinition, m: number): ModalGroup | undefined {
  if (m === 6 && machine.toolChanger.kind === "turret") return undefined;
  return M_CODES.get(m);
}

/** Modal state at program start on this machine. */
export function initialModal(machine: MachineDefinition): ModalState {
  const d = machine.defaults;
  return {
    motion: 80,
    plane: d.plane,
    distance: d.distance,
    feedMode: d.feedMode,
    units: d.units,
    cutterComp: 40,
    toolLength: 49,
    retract: 98,
    coordSystem: 54,
    pathMode: machine.defaultPathMode === "exact" ? 61 : 64,
    spindle: 5,
    coolant: 9,
  };
}

/** `G61.1`-style name of a G number given as ten times its value. */
export function gName(g10: number): string {
  let name = G_NAMES.get(g10);
  if (name === undefined) {
    name = g10 % 10 === 0 ? `G${g10 / 10}` : `G${Math.floor(g10 / 10)}.${g10 % 10}`;
    if (G_NAMES.size < 4096) G_NAMES.set(g10, name);
  }
  return name;
}

/** Names are asked for once per G word; a small cache spares building the same strings again. */
const G_NAMES = new Map<number, string>();

/** Human name of a modal group for messages (`1 (motion)`). */
export const GROUP_LABEL: Record<ModalGroup, string> = {
  motion: "1 (motion)",
  plane: "2 (plane)",
  distance: "3 (distance mode)",
  feedMode: "5 (feed mode)",
  units: "6 (units)",
  cutterComp: "7 (cutter compensation)",
  toolLength: "8 (tool length offset)",
  retract: "10 (canned-cycle return)",
  coordSystem: "12 (work offset)",
  pathMode: "13 (path control)",
  nonModal: "0 (non-modal)",
  spindle: "M7 (spindle)",
  coolant: "M8 (coolant)",
  toolChange: "M6 (tool change)",
  flow: "M4 (program flow)",
};
