import type { GcodeError } from "./errors";
import { interpret } from "./interpreter";
import type { MachineDefinition, MachineSetup } from "./machine-types";
import { parseGcode } from "./parser";
import type { PlannedProgram } from "./plan-data";
import { type PlanOptions, planToolpath } from "./planner";
import type { ToolpathOp } from "./toolpath";

export interface CompileOptions extends PlanOptions {
  setup?: MachineSetup | undefined;
  blockDelete?: boolean | undefined;
}

export interface CompiledProgram {
  /** errors from parsing and interpreting, in line order; empty when the program is good */
  errors: GcodeError[];
  ops: ToolpathOp[];
  toolsUsed: number[];
  /** null when there are errors */
  plan: PlannedProgram | null;
  /** lines in the file */
  lineCount: number;
}

/** Parse, interpret and plan an NC program for a machine: the whole check `twin nc` runs. Pure. */
export function compileProgram(
  text: string,
  machine: MachineDefinition,
  options: CompileOptions = {},
): CompiledProgram {
  const parsed = parseGcode(text);
  const run = interpret(parsed.program, machine, { setup: options.setup, blockDelete: options.blockDelete });
  const errors = [...parsed.errors, ...run.errors].sort((a, b) => a.line - b.line || a.col - b.col);
  const plan = errors.length === 0 ? planToolpath(run.ops, machine, options) : null;
  return { errors, ops: run.ops, toolsUsed: run.toolsUsed, plan, lineCount: parsed.program.lineCount };
}
