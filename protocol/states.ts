/**
 * Resource states on the wire as small integers (index into `STATE_NAMES`). The names are the
 * simulation's `ResourceState` values; the protocol restates them so the viewer imports nothing else.
 */
export const STATE_NAMES = [
  "busy",
  "starved",
  "blocked",
  "down",
  "setup",
  "offShift",
  "waiting",
  "stopped",
] as const;

export type StateName = (typeof STATE_NAMES)[number];

/** State code → name; unknown codes read as "stopped". */
export function stateName(code: number): StateName {
  return STATE_NAMES[code] ?? "stopped";
}

/** Name → code; -1 for a name the protocol does not know. */
export function stateCode(name: string): number {
  return (STATE_NAMES as readonly string[]).indexOf(name);
}

/** What an operator or robot is doing, on the wire as an index into `MEMBER_STATES`. */
export const MEMBER_STATES = ["idle", "walking", "working", "offShift", "repairing"] as const;
export type MemberStateName = (typeof MEMBER_STATES)[number];
