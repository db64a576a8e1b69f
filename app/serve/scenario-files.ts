import { readdirSync, readFileSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import type { ScenarioChoice } from "../../protocol/index";
import { parseScenario, type Scenario, type ScenarioLoader } from "../../sim/index";

/** Resolves `extends:` relative to the file that names it, reading from disk. */
export const fileScenarioLoader: ScenarioLoader = (ref, fromFile) => {
  const path = resolve(dirname(fromFile), ref);
  return { text: readFileSync(path, "utf8"), fileName: path };
};

/** Reads and validates a scenario file (throws ScenarioError with file:line:col, or a read error). */
export function loadScenarioFile(path: string): Scenario {
  const abs = resolve(path);
  return parseScenario(readFileSync(abs, "utf8"), abs, fileScenarioLoader);
}

/**
 * The scenarios a viewer may switch to: every `*.yaml` in `dir` that validates, by file name.
 * Files that do not validate are left out (with the reason in `skipped`), so a half-edited file
 * cannot crash a running twin.
 */
export function listScenarios(dir: string): {
  choices: ScenarioChoice[];
  skipped: { file: string; reason: string }[];
} {
  const choices: ScenarioChoice[] = [];
  const skipped: { file: string; reason: string }[] = [];
  let files: string[];
  try {
    files = readdirSync(dir)
      .filter((f) => /\.ya?ml$/.test(f))
      .sort();
  } catch {
    return { choices, skipped };
  }
  for (const file of files) {
    try {
      const s = loadScenarioFile(join(dir, file));
      choices.push({ file: basename(file), name: s.name, description: (s.description ?? "").trim() });
    } catch (e) {
      skipped.push({ file, reason: e instanceof Error ? e.message : String(e) });
    }
  }
  return { choices, skipped };
}
