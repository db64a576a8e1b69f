import type { CliCommand } from "../cli-types";

/** Every `twin` command, in the order `twin --help` lists them. */
export const commands: CliCommand[] = [];
