import { readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { parseScenario, type Scenario, Simulation } from "../sim/index";

/** Test and bench helper: a scenario file from scenarios/, with `extends:` and NC files resolved from disk. */
export function loadScenarioFile(path: string): Scenario {
  const file = resolve(path);
  return parseScenario(readFileSync(file, "utf8"), file, (ref, from) => {
    const f = join(dirname(from), ref);
    return { text: readFileSync(f, "utf8"), fileName: f };
  });
}

/** The default workshop scenario, as `npm start` runs it. */
export function workshopSimulation(): Simulation {
  return new Simulation(loadScenarioFile(join(import.meta.dirname, "../scenarios/workshop.yaml")));
}

/** Simulation time 0 is this wall instant in tests: sourceTimestamps are checkable. */
export const T0_MS = Date.UTC(2026, 0, 5, 6, 0, 0);

export function simToWall(tUs: number): Date {
  return new Date(T0_MS + tUs / 1000);
}
