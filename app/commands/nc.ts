import { readFile } from "node:fs/promises";
import { resolve } from "node:path";
import {
  type CompiledProgram,
  compileProgram,
  formatGcodeError,
  MACHINE_LIBRARY,
  type MachineDefinition,
  machineById,
} from "../../sim/cnc/index";
import { formatTime } from "../../sim/time";
import { parseCliArgs } from "../cli-args";
import { type CliCommand, EXIT_BAD_INPUT, InputError } from "../cli-types";
import { table } from "../report/format";

const OPTIONS = {
  machine: { type: "string", short: "m" },
  json: { type: "boolean" },
  "feed-override": { type: "string" },
  "rapid-override": { type: "string" },
  "spindle-override": { type: "string" },
  "block-delete": { type: "boolean" },
} as const;

export const ncCommand: CliCommand = {
  name: "nc",
  summary: "check an NC program (G-code) on a library machine: cycle time, time per tool, or its errors",
  help: `twin nc <program.nc> [options]

Parses the program, interprets it on the machine (modal groups, work offsets, tool lengths, canned
cycles, subprograms, travel limits) and plans its motion (trapezoidal profiles, look-ahead, arc
limits). Prints the cycle time, the time per tool and the cutting and rapid distances, or every error
with its line and column.

Options:
  -m, --machine <id>          machine from the library (default vmc-3axis): ${Object.keys(MACHINE_LIBRARY).join(", ")}
      --feed-override <pct>   plan with a feed override, 0–150 (default 100)
      --rapid-override <pct>  plan with a rapid override, 0–100 (default 100)
      --spindle-override <pct> plan with a spindle override, 0–150 (default 100)
      --block-delete          skip blocks that start with /
      --json                  print the result (or the errors) as JSON

Exit codes: 0 ok, 2 bad input or errors in the program, 1 internal error.`,
  async run(args, io) {
    const { values, positionals } = parseCliArgs(args, OPTIONS);
    if (positionals.length !== 1) throw new InputError("expected one NC program (twin nc <program.nc>)");
    const file = positionals[0]!;
    const machineId = values.machine ?? "vmc-3axis";
    const machine = machineById(machineId);
    if (machine === undefined) {
      throw new InputError(
        `unknown machine "${machineId}" (the library has ${Object.keys(MACHINE_LIBRARY).join(", ")})`,
      );
    }
    const feed = pct(values["feed-override"], "--feed-override", 150);
    const rapid = pct(values["rapid-override"], "--rapid-override", 100);
    const spindle = pct(values["spindle-override"], "--spindle-override", 150);
    let text: string;
    try {
      text = await readFile(resolve(io.cwd, file), "utf8");
    } catch (e) {
      throw new InputError(`cannot read ${file}: ${e instanceof Error ? e.message : String(e)}`);
    }
    const compiled = compileProgram(text, machine, {
      feedOverridePct: feed,
      rapidOverridePct: rapid,
      spindleOverridePct: spindle,
      blockDelete: values["block-delete"] === true,
    });
    if (compiled.plan === null) {
      if (values.json) {
        io.out(
          `${JSON.stringify({ ok: false, file, machine: machine.id, errors: compiled.errors }, null, 2)}\n`,
        );
      } else {
        for (const e of compiled.errors) io.err(`${file}:${e.line}:${e.col}: ${e.message} [${e.code}]\n`);
        io.err(
          `twin nc: ${compiled.errors.length} error${compiled.errors.length === 1 ? "" : "s"} in ${file} (${formatGcodeError(compiled.errors[0]!)})\n`,
        );
      }
      return EXIT_BAD_INPUT;
    }
    if (values.json) {
      io.out(
        `${JSON.stringify({ ok: true, file, machine: machine.id, lines: compiled.lineCount, toolsUsed: compiled.toolsUsed, ...compiled.plan.stats }, null, 2)}\n`,
      );
    } else {
      io.out(report(file, machine, compiled));
    }
    return 0;
  },
};

function pct(value: string | undefined, name: string, max: number): number {
  if (value === undefined) return 100;
  const v = Number(value);
  if (!Number.isFinite(v) || v < 0 || v > max)
    throw new InputError(`${name} must be a percentage from 0 to ${max}, got "${value}"`);
  return v;
}

const s3 = (us: number) => (us / 1e6).toFixed(3);
const mm1 = (m: number) => (m * 1000).toFixed(1);

function report(file: string, machine: MachineDefinition, c: CompiledProgram): string {
  const st = c.plan!.stats;
  const head = [
    `${file} on ${machine.id} (${machine.name}), ${c.lineCount} lines`,
    `cycle time ${formatTime(st.totalUs)} (${s3(st.totalUs)} s)`,
    "",
  ].join("\n");
  const split = table(
    ["", "time s", "distance mm"],
    [
      ["cutting", s3(st.cuttingUs), mm1(st.cuttingM)],
      ["rapid", s3(st.rapidUs), mm1(st.rapidM)],
      ["tool changes", s3(st.toolChangeUs), ""],
      ["spindle ramps", s3(st.spindleRampUs), ""],
      ["dwell", s3(st.dwellUs), ""],
    ],
  );
  const tools = table(
    ["tool", "time s", "cutting s", "cutting mm", "rapid mm", "name"],
    st.perTool.map((t) => [
      t.tool === 0 ? "none" : `T${t.tool}`,
      s3(t.timeUs),
      s3(t.cuttingUs),
      mm1(t.cuttingM),
      mm1(t.rapidM),
      machine.setup.tools[t.tool]?.name ?? "",
    ]),
  );
  return `${head}\n${split}\n${tools}`;
}
