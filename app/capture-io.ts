import type { CliIo } from "./cli-types";

/** A CliIo that keeps what a command prints, for tests. */
export function captureIo(cwd = process.cwd()): CliIo & { stdout: string; stderr: string } {
  const io = {
    stdout: "",
    stderr: "",
    out: (t: string) => {
      io.stdout += t;
    },
    err: (t: string) => {
      io.stderr += t;
    },
    errIsTty: false,
    cwd,
  };
  return io;
}
