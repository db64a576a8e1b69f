import { readdirSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { InputError } from "./cli-types";
import { loadScenarioFile } from "./scenario-files";

const DIR = "test/fixtures/bad-scenarios";

/** Each bad file and the exact message (file:line:col path: why) the user gets for it. */
const BAD: [file: string, message: string][] = [
  [
    "bad-unit.yaml",
    `${DIR}/bad-unit.yaml:6:5 stations[0].processTime: unknown duration unit "parsecs" in "45 parsecs" (use us, µs, ms, s, sec, min, h, hr, d, day, days, wk, week, weeks), or a distribution`,
  ],
  ["unknown-key.yaml", `${DIR}/unknown-key.yaml:8:5 stations[0].colour: unknown key "colour"`],
  [
    "unknown-target.yaml",
    `${DIR}/unknown-target.yaml:7:5 stations[0].to: unknown target "nowhere" (not a buffer, conveyor, station or sink)`,
  ],
  ["missing-sd.yaml", `${DIR}/missing-sd.yaml:6:5 stations[0].processTime.sd: missing (required)`],
  [
    "unknown-dist.yaml",
    `${DIR}/unknown-dist.yaml:6:20 stations[0].processTime.dist: unknown distribution; use one of constant, uniform, triangular, normal, lognormal, exponential, weibull, empirical`,
  ],
  [
    "negative-duration.yaml",
    `${DIR}/negative-duration.yaml:6:5 stations[0].processTime: a duration cannot be negative`,
  ],
  [
    "manual-without-operators.yaml",
    `${DIR}/manual-without-operators.yaml:5:5 stations[0].operators: a manual station needs \`operators\` (a pool id)`,
  ],
  [
    "duplicate-id.yaml",
    `${DIR}/duplicate-id.yaml:8:24 sinks[1].id: duplicate id "m" (already used by stations[0])`,
  ],
  [
    "broken-yaml.yaml",
    `${DIR}/broken-yaml.yaml:2:1 Flow sequence in block collection must be sufficiently indented and end with a ]`,
  ],
  [
    "triangular-order.yaml",
    `${DIR}/triangular-order.yaml:6:5 stations[0].processTime: triangular needs min <= mode <= max`,
  ],
  [
    "quality-over-one.yaml",
    `${DIR}/quality-over-one.yaml:7:5 stations[0].quality: scrap + rework must not exceed 1`,
  ],
  [
    "extends-missing.yaml",
    `${DIR}/extends-missing.yaml:1:1 extends: cannot load "missing-base.yaml": ENOENT`,
  ],
  [
    "cycle-a.yaml",
    `${DIR}/cycle-b.yaml:1:1 extends: extends cycle: ${DIR}/cycle-a.yaml → ${DIR}/cycle-b.yaml → ${DIR}/cycle-a.yaml`,
  ],
  [
    "shape-outside-size.yaml",
    `${DIR}/shape-outside-size.yaml:7:9 products[0].shape[1]: reaches z = ±0.04 m from the centre, outside the part's size (±0.03 m)`,
  ],
  [
    "source-without-arrivals.yaml",
    `${DIR}/source-without-arrivals.yaml:3:11 sources[0].interarrival: a source needs \`interarrival\` or \`workOrders: true\``,
  ],
];

describe("scenario errors name file, line, column and path", () => {
  it("covers every bad fixture file", () => {
    const files = readdirSync(DIR).filter((f) => f.endsWith(".yaml") && f !== "cycle-b.yaml");
    expect(files.sort()).toEqual(BAD.map(([f]) => f).sort());
  });

  it.each(BAD)("%s", (file, message) => {
    let error: unknown;
    try {
      loadScenarioFile(`${DIR}/${file}`);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(InputError);
    const lines = (error as Error).message.split("\n");
    expect(lines[0]).toBe("invalid scenario:");
    expect(lines[1]!.startsWith(message)).toBe(true);
  });
});

describe("shipped scenarios", () => {
  it.each(readdirSync("scenarios").filter((f) => f.endsWith(".yaml")))("%s is valid", (file) => {
    const sc = loadScenarioFile(`scenarios/${file}`);
    expect(sc.name.length).toBeGreaterThan(0);
  });

  it("a variant overrides its base by id and keeps the rest", () => {
    const base = loadScenarioFile("scenarios/assembly-manual.yaml");
    const variant = loadScenarioFile("scenarios/assembly-robot.yaml");
    const s20 = variant.stations.find((s) => s.id === "s20")!;
    expect(s20.kind).toBe("robot");
    expect(s20.robot).toBe("r20");
    expect(s20.operators).toBeUndefined();
    expect(s20.failures).toEqual(base.stations.find((s) => s.id === "s20")!.failures);
    // the robot's task replaces the manual process time; the base's setup and failures stay
    expect(s20.processTime).toBeUndefined();
    expect(s20.task).toBeDefined();
    expect(variant.operators.find((p) => p.id === "assemblers")!.headcount).toBe(2);
    expect(variant.stations.map((s) => s.id)).toEqual(base.stations.map((s) => s.id));
  });
});
