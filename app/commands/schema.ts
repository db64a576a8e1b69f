import { writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { scenarioJsonSchema } from "../../sim/index";
import { parseCliArgs } from "../cli-args";
import type { CliCommand } from "../cli-types";

export const schemaCommand: CliCommand = {
  name: "schema",
  summary: "write the scenario JSON Schema (scenarios/schema.json) for editor completion",
  help: `twin schema [--out <file>] [--check]

Writes the JSON Schema of scenario files, generated from the one schema the simulator validates
with, to scenarios/schema.json (or --out). Editors that understand \`# yaml-language-server: $schema=\`
then complete and check scenario files. --check exits 2 if the file on disk is out of date.`,
  async run(args, io) {
    const { values } = parseCliArgs(args, { out: { type: "string" }, check: { type: "boolean" } });
    const file = resolve(io.cwd, values.out ?? "scenarios/schema.json");
    const text = `${JSON.stringify(scenarioJsonSchema(), null, 2)}\n`;
    if (values.check) {
      let current = "";
      try {
        current = (await import("node:fs")).readFileSync(file, "utf8");
      } catch {}
      if (current !== text) {
        io.err(`${file} is out of date: run \`npx twin schema\`\n`);
        return 2;
      }
      return 0;
    }
    writeFileSync(file, text);
    io.out(`wrote ${file}\n`);
    return 0;
  },
};
