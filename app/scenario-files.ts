import { readFileSync } from "node:fs";
import { dirname, relative, resolve } from "node:path";
import { parseScenario, type Scenario, ScenarioError } from "../sim/index";
import { InputError } from "./cli-types";

/** Reads a scenario file (and the files it `extends:`), with errors naming file, line and column. */
export function loadScenarioFile(path: string, cwd = process.cwd()): Scenario {
  const file = resolve(cwd, path);
  const shown = (f: string) => relative(cwd, f) || f;
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (e) {
    throw new InputError(`cannot read scenario ${path}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`);
  }
  try {
    return parseScenario(text, shown(file), (ref, from) => {
      const target = resolve(dirname(resolve(cwd, from)), ref);
      return { text: readFileSync(target, "utf8"), fileName: shown(target) };
    });
  } catch (e) {
    if (e instanceof ScenarioError) throw new InputError(`invalid scenario:\n${e.message}`);
    throw e;
  }
}
