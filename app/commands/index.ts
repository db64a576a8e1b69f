import type { CliCommand } from "../cli-types";
import { checkCommand } from "./check";
import { compareCommand } from "./compare";
import { ncCommand } from "./nc";
import { robotCommand } from "./robot";
import { runCommand } from "./run";
import { schemaCommand } from "./schema";
import { serveCommand } from "./serve";

/** Every `twin` command, in the order `twin --help` lists them. */
export const commands: CliCommand[] = [
  runCommand,
  compareCommand,
  serveCommand,
  checkCommand,
  schemaCommand,
  ncCommand,
  robotCommand,
];
