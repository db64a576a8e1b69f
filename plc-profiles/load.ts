/**
 * Reads a PLC profile and, for an internal control source, its Structured Text program (relative to
 * the profile). The only file I/O around profiles; parsing and checking are the pure functions of
 * sim/plc.
 */
import { readFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import type { CompiledProgram } from "../sim/plc/compile";
import { bindProgram, type PlcProfile, PlcProfileError, parsePlcProfile } from "../sim/plc/profile";

export interface LoadedPlcProfile {
  profile: PlcProfile;
  /** the compiled program of an internal profile, null for an external one */
  program: CompiledProgram | null;
  /** the program's source text, null for an external profile */
  programText: string | null;
}

/** Throws PlcProfileError (every issue with file:line:col) when the profile or its program is bad. */
export function loadPlcProfile(path: string, cwd = process.cwd()): LoadedPlcProfile {
  const shown = relative(cwd, path) || path;
  const parsed = parsePlcProfile(readFileSync(path, "utf8"), shown);
  if (!parsed.ok) throw new PlcProfileError(parsed.issues);
  const { profile } = parsed;
  if (profile.control.source !== "internal") return { profile, program: null, programText: null };
  const programPath = join(dirname(path), profile.control.program);
  const programText = readFileSync(programPath, "utf8");
  const bound = bindProgram(parsed, shown, programText, relative(cwd, programPath) || programPath);
  if (!bound.ok) throw new PlcProfileError(bound.issues);
  return { profile, program: bound.program, programText };
}
