#!/usr/bin/env node
// Entry point for `npx twin`: the sources are TypeScript, compiled on the fly by tsx's loader.
import { register } from "tsx/esm/api";

register();
const { main } = await import("../app/cli.ts");
process.exitCode = await main(process.argv.slice(2));
