import type { Location } from "./located-yaml";

export interface ScenarioIssue {
  /** SIM_ERR_* code */
  code: string;
  location?: Location | undefined;
  /** e.g. `stations[2].processTime` */
  path: string;
  message: string;
}

/** Error codes a scenario can fail with, each with what it means. */
export const SCENARIO_ERRORS = {
  SIM_ERR_YAML: "the file is not valid YAML",
  SIM_ERR_SCHEMA: "a value does not fit the scenario schema",
  SIM_ERR_UNKNOWN_KEY: "a key the schema does not know (a typo, or a key in the wrong place)",
  SIM_ERR_EXTENDS: "the scenario named by `extends:` cannot be loaded",
  SIM_ERR_EXTENDS_CYCLE: "scenarios extend each other in a cycle",
  SIM_ERR_PROGRAM: "an NC program cannot be read, or does not run on its machine",
  SIM_ERR_PLC: "the PLC profile or its Structured Text program cannot be read or is invalid",
  SIM_ERR_ROBOT_TASK: "a robot task is invalid, or a taught point is out of reach",
} as const;

export type ScenarioErrorCode = keyof typeof SCENARIO_ERRORS;

export function formatIssue(i: ScenarioIssue): string {
  const where = i.location ? `${i.location.file}:${i.location.line}:${i.location.col} ` : "";
  const path = i.path === "" ? "" : `${i.path}: `;
  return `${where}${path}${i.message}`;
}

const MAX_SHOWN = 20;

/** A scenario that cannot be used, with every problem found (not just the first). */
export class ScenarioError extends Error {
  override name = "ScenarioError";
  constructor(readonly issues: ScenarioIssue[]) {
    // a badly broken file yields hundreds of follow-on errors; the first few locate the problem
    const shown = issues.slice(0, MAX_SHOWN).map(formatIssue);
    if (issues.length > MAX_SHOWN) shown.push(`… and ${issues.length - MAX_SHOWN} more`);
    super(shown.join("\n"));
  }
}

/** `["stations", 2, "processTime"]` → `stations[2].processTime` */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = "";
  for (const k of path) {
    if (typeof k === "number") out += `[${k}]`;
    else out += out === "" ? String(k) : `.${String(k)}`;
  }
  return out;
}
