import type { WorkOrderStatus } from "./types";

/**
 * created → released → inProgress → completed, or cancelled from any state that is not final. A released
 * order may complete without passing inProgress when the simulation reports it done in one drain.
 */
const NEXT: Record<WorkOrderStatus, readonly WorkOrderStatus[]> = {
  created: ["released", "cancelled"],
  released: ["inProgress", "completed", "cancelled"],
  inProgress: ["completed", "cancelled"],
  completed: [],
  cancelled: [],
};

export function canTransition(from: WorkOrderStatus, to: WorkOrderStatus): boolean {
  return NEXT[from].includes(to);
}

export function isFinal(status: WorkOrderStatus): boolean {
  return NEXT[status].length === 0;
}

/** The participle used in "work order X is completed; it cannot be released". */
export const VERB: Record<WorkOrderStatus, string> = {
  created: "created",
  released: "released",
  inProgress: "started",
  completed: "completed",
  cancelled: "cancelled",
};
