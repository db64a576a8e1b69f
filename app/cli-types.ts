/** What every `twin <command>` module exports: plain data for help, and a `run` that returns an exit code. */

export interface CliIo {
  out(text: string): void;
  err(text: string): void;
  /** progress bars and colours only when stderr is a terminal */
  readonly errIsTty: boolean;
  /** working directory that relative paths are resolved against */
  readonly cwd: string;
}

export interface CliCommand {
  name: string;
  /** one line for `twin --help` */
  summary: string;
  /** full text for `twin <command> --help` */
  help: string;
  run(args: readonly string[], io: CliIo): Promise<number>;
}

/** Bad input from the user: printed without a stack, exit code 2. */
export class InputError extends Error {
  override name = "InputError";
}

export const EXIT_OK = 0;
export const EXIT_INTERNAL = 1;
export const EXIT_BAD_INPUT = 2;
