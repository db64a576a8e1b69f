import { type CliCommand, type CliIo, EXIT_BAD_INPUT, EXIT_INTERNAL, EXIT_OK, InputError } from "./cli-types";
import { commands } from "./commands/index";

const USAGE = `twin: a digital twin of a workshop (CNC machine tools, robots, production lines)

Usage: twin <command> [options]   (twin <command> --help for details)

Commands:
`;

export function helpText(list: readonly CliCommand[]): string {
  const width = Math.max(...list.map((c) => c.name.length));
  return `${USAGE + list.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`).join("\n")}\n`;
}

export function processIo(): CliIo {
  return {
    out: (t) => process.stdout.write(t),
    err: (t) => process.stderr.write(t),
    errIsTty: process.stderr.isTTY === true,
    cwd: process.cwd(),
  };
}

/** Runs one command line; returns the exit code (0 ok, 2 bad input, 1 internal error). */
export async function main(argv: readonly string[], io: CliIo = processIo()): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === "--help" || name === "-h" || name === "help") {
    io.out(helpText(commands));
    return name === undefined ? EXIT_BAD_INPUT : EXIT_OK;
  }
  const cmd = commands.find((c) => c.name === name);
  if (cmd === undefined) {
    io.err(`twin: unknown command "${name}"\n\n${helpText(commands)}`);
    return EXIT_BAD_INPUT;
  }
  if (rest.includes("--help") || rest.includes("-h")) {
    io.out(`${cmd.help.trimEnd()}\n`);
    return EXIT_OK;
  }
  try {
    return await cmd.run(rest, io);
  } catch (e) {
    if (e instanceof InputError) {
      io.err(`twin ${name}: ${e.message}\n`);
      return EXIT_BAD_INPUT;
    }
    io.err(`twin ${name}: internal error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    return EXIT_INTERNAL;
  }
}
