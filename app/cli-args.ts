import { parseArgs } from "node:util";
import { InputError } from "./cli-types";

type OptionSpec = Record<string, { type: "string" | "boolean"; short?: string; multiple?: boolean }>;

/** `node:util` parseArgs, but unknown or malformed options become InputError (exit 2) with the reason. */
export function parseCliArgs<O extends OptionSpec>(args: readonly string[], options: O) {
  try {
    return parseArgs({ args: [...args], options, allowPositionals: true, strict: true });
  } catch (e) {
    throw new InputError(e instanceof Error ? e.message : String(e));
  }
}
