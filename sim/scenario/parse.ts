import type { z } from "zod";
import { formatGcodeError } from "../cnc/errors";
import { machineById } from "../cnc/machine-library";
import { compileProgram } from "../cnc/program";
import { planStationTask } from "../line/robot-jobs";
import { bindProgram, formatProfileIssue, parsePlcProfile } from "../plc/profile";
import { formatPath, ScenarioError, type ScenarioIssue } from "./errors";
import { Locations, parseLocatedYaml } from "./located-yaml";
import { mergeWithLocations } from "./merge";
import { type Scenario, scenarioSchema } from "./schema";

/** Reads the scenario named by `extends:`; injected so parsing stays free of I/O. */
export type ScenarioLoader = (ref: string, fromFile: string) => { text: string; fileName: string };

/**
 * Parses and validates a scenario. Pure: `text` is the file's content, `fileName` is only used in
 * messages and to resolve `extends:` through `load`. Throws a ScenarioError listing every problem
 * with file, line, column and path.
 */
export function parseScenario(text: string, fileName: string, load?: ScenarioLoader): Scenario {
  const locs = new Locations();
  const raw = loadRaw(text, fileName, load, locs, []);
  const result = scenarioSchema.safeParse(raw);
  if (!result.success)
    throw new ScenarioError(result.error.issues.flatMap((iss) => toIssues(iss, raw, locs)));
  const scenario = result.data;
  const issues = [
    ...attachPrograms(scenario, raw, locs, fileName, load),
    ...checkRobotTasks(scenario, raw, locs),
    ...attachPlcProfile(scenario, raw, locs, fileName, load),
  ];
  if (issues.length > 0) throw new ScenarioError(issues);
  return scenario;
}

/**
 * Reads every NC program a CNC station names (relative to the file that names it), checks it against
 * the station's machine (syntax, supported words, travel limits) and keeps its text in
 * `scenario.files`, so a scenario is self-contained data. Program refs become the loaded file names.
 */
function attachPrograms(
  scenario: Scenario,
  raw: unknown,
  locs: Locations,
  fileName: string,
  load: ScenarioLoader | undefined,
): ScenarioIssue[] {
  const issues: ScenarioIssue[] = [];
  scenario.stations.forEach((st, i) => {
    const refs: [key: string | null, ref: string][] = [];
    if (st.program !== undefined) refs.push([null, st.program]);
    for (const [prod, ref] of Object.entries(st.programs ?? {})) refs.push([prod, ref]);
    for (const [prod, ref] of refs) {
      const path = prod === null ? ["stations", i, "program"] : ["stations", i, "programs", prod];
      const location = locs.locate(raw, path);
      const fail = (message: string, code = "SIM_ERR_PROGRAM") =>
        issues.push({ code, location, path: formatPath(path), message });
      if (load === undefined) {
        fail("no loader given to read NC programs");
        continue;
      }
      let file: { text: string; fileName: string };
      try {
        file = load(ref, location?.file ?? fileName);
      } catch (e) {
        fail(`cannot read NC program "${ref}": ${e instanceof Error ? e.message : String(e)}`);
        continue;
      }
      const machine = machineById(st.machine!)!;
      const compiled = compileProgram(file.text, machine);
      if (compiled.errors.length > 0) {
        const first = compiled.errors.slice(0, 5).map((e) => `${file.fileName}: ${formatGcodeError(e)}`);
        const more = compiled.errors.length > 5 ? ` (and ${compiled.errors.length - 5} more)` : "";
        fail(`NC program does not run on ${machine.id}: ${first.join("; ")}${more}`);
        continue;
      }
      scenario.files[file.fileName] = file.text;
      if (prod === null) st.program = file.fileName;
      else st.programs![prod] = file.fileName;
    }
  });
  return issues;
}

/** Reads the PLC profile (and its ST program) named by `control:`, checks both, keeps their text. */
function attachPlcProfile(
  scenario: Scenario,
  raw: unknown,
  locs: Locations,
  fileName: string,
  load: ScenarioLoader | undefined,
): ScenarioIssue[] {
  const control = scenario.control;
  if (control === undefined) return [];
  const location = locs.locate(raw, ["control", "profile"]);
  const fail = (message: string): ScenarioIssue[] => [
    { code: "SIM_ERR_PLC", location, path: "control.profile", message },
  ];
  if (load === undefined) return fail("no loader given to read the PLC profile");
  const read = (ref: string, from: string) => {
    try {
      return load(ref, from);
    } catch (e) {
      return `cannot read "${ref}": ${e instanceof Error ? e.message : String(e)}`;
    }
  };
  const file = read(control.profile, location?.file ?? fileName);
  if (typeof file === "string") return fail(file);
  const parsed = parsePlcProfile(file.text, file.fileName);
  if (!parsed.ok) return fail(parsed.issues.map(formatProfileIssue).join("; "));
  scenario.files[file.fileName] = file.text;
  control.profile = file.fileName;
  if (parsed.profile.control.source !== "internal") return [];
  const prog = read(parsed.profile.control.program, file.fileName);
  if (typeof prog === "string") return fail(prog);
  const bound = bindProgram(parsed, file.fileName, prog.text, prog.fileName);
  if (!bound.ok) return fail(bound.issues.map(formatProfileIssue).join("; "));
  scenario.files[prog.fileName] = prog.text;
  control.program = prog.fileName;
  return [];
}

/** Plans every robot task once: an unreachable point or a bad step is an error naming it. */
function checkRobotTasks(scenario: Scenario, raw: unknown, locs: Locations): ScenarioIssue[] {
  const issues: ScenarioIssue[] = [];
  scenario.stations.forEach((st, i) => {
    const jobs: ["task" | "handling", (string | number)[]][] = [];
    if (st.task !== undefined) jobs.push(["task", ["stations", i, "task"]]);
    if (st.handling?.task !== undefined) jobs.push(["handling", ["stations", i, "handling", "task"]]);
    for (const [which, base] of jobs) {
      for (const iss of planStationTask(scenario, st, which).issues) {
        const sub = iss.path === "" ? [] : iss.path.split(/[.[\]]+/).filter((p) => p !== "");
        const path = [...base, ...sub.map((p) => (/^\d+$/.test(p) ? Number(p) : p))];
        issues.push({
          code: "SIM_ERR_ROBOT_TASK",
          location: locs.locate(raw, path),
          path: formatPath(path),
          message: iss.message,
        });
      }
    }
  });
  return issues;
}

function loadRaw(
  text: string,
  fileName: string,
  load: ScenarioLoader | undefined,
  locs: Locations,
  chain: string[],
): unknown {
  const { value, errors } = parseLocatedYaml(text, fileName, locs);
  if (errors.length > 0) {
    throw new ScenarioError(
      errors.map((e) => ({ code: "SIM_ERR_YAML", location: e.location, path: "", message: e.message })),
    );
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new ScenarioError([
      {
        code: "SIM_ERR_SCHEMA",
        location: { file: fileName, line: 1, col: 1 },
        path: "",
        message: "a scenario is a YAML mapping (key: value lines)",
      },
    ]);
  }
  const doc = value as Record<string, unknown>;
  const ext = doc.extends;
  if (typeof ext !== "string") return doc;
  const where = locs.get(doc, "extends");
  if (load === undefined) {
    throw new ScenarioError([
      {
        code: "SIM_ERR_EXTENDS",
        location: where,
        path: "extends",
        message: "no loader given to resolve extends",
      },
    ]);
  }
  let base: { text: string; fileName: string };
  try {
    base = load(ext, fileName);
  } catch (e) {
    const why = e instanceof Error ? e.message : String(e);
    throw new ScenarioError([
      { code: "SIM_ERR_EXTENDS", location: where, path: "extends", message: `cannot load "${ext}": ${why}` },
    ]);
  }
  if (chain.includes(base.fileName) || base.fileName === fileName) {
    throw new ScenarioError([
      {
        code: "SIM_ERR_EXTENDS_CYCLE",
        location: where,
        path: "extends",
        message: `extends cycle: ${[...chain, fileName, base.fileName].join(" → ")}`,
      },
    ]);
  }
  const baseRaw = loadRaw(base.text, base.fileName, load, locs, [...chain, fileName]) as Record<
    string,
    unknown
  >;
  // The variant's own name wins; `extends` itself is consumed here.
  const { extends: _consumed, ...variant } = doc;
  for (const k of Object.keys(variant)) {
    const l = locs.get(doc, k);
    if (l) locs.set(variant, k, l);
  }
  const { extends: _baseExtends, ...baseOwn } = baseRaw;
  for (const k of Object.keys(baseOwn)) {
    const l = locs.get(baseRaw, k);
    if (l) locs.set(baseOwn, k, l);
  }
  return mergeWithLocations(baseOwn, variant, locs);
}

function toIssues(iss: z.core.$ZodIssue, raw: unknown, locs: Locations): ScenarioIssue[] {
  return explain(iss, []).map(({ path, message, unknownKey }) => ({
    code: unknownKey ? "SIM_ERR_UNKNOWN_KEY" : "SIM_ERR_SCHEMA",
    location: locs.locate(raw, path),
    path: formatPath(path),
    message,
  }));
}

interface Explained {
  path: PropertyKey[];
  message: string;
  unknownKey?: boolean;
}

/** Turns zod's issue tree into the few messages a person needs, at the deepest path that explains them. */
function explain(iss: z.core.$ZodIssue, prefix: PropertyKey[]): Explained[] {
  const path = [...prefix, ...iss.path];
  switch (iss.code) {
    case "unrecognized_keys":
      return iss.keys.map((key) => ({
        path: [...path, key],
        message: `unknown key "${key}"`,
        unknownKey: true,
      }));
    case "invalid_type":
      return [
        { path, message: iss.message.endsWith("received undefined") ? "missing (required)" : iss.message },
      ];
    case "invalid_union": {
      const disc = (iss as { discriminator?: string }).discriminator;
      if (iss.errors.length === 0 && disc === "dist") {
        return [{ path, message: `unknown distribution; use one of ${DISTRIBUTIONS}` }];
      }
      // Branches that failed only because the value had another type say nothing useful: the branch
      // whose type matched holds the real problem.
      const relevant = iss.errors.filter(
        (b) => !b.every((e) => e.code === "invalid_type" && e.path.length === 0),
      );
      const chosen = relevant[0];
      if (chosen === undefined) {
        const received = iss.errors
          .flat()
          .find((e) => e.code === "invalid_type")
          ?.message.split("received ")[1];
        if (received === "undefined") return [{ path, message: "missing (required)" }];
        const expected = [
          ...new Set(iss.errors.flat().map((e) => (e.code === "invalid_type" ? e.expected : e.code))),
        ];
        return [
          { path, message: `expected ${expected.join(" or ")}${received ? `, received ${received}` : ""}` },
        ];
      }
      return chosen.flatMap((e) => explain(e, path));
    }
    default:
      return [{ path, message: iss.message }];
  }
}

const DISTRIBUTIONS = "constant, uniform, triangular, normal, lognormal, exponential, weibull, empirical";
