/**
 * Parsing and checking a PLC profile: YAML → schema → cross-field rules (unique signals, Modbus tables
 * that fit the type and direction, no overlapping registers) → a plain `PlcProfile`. Pure: the caller
 * reads the files. Every issue names `file:line:col`, the path, and why.
 */
import type { CompiledProgram } from "./compile";
import { compileSt } from "./compile";
import {
  type ControllerFamily,
  type ModbusTable,
  type ProfileRaw,
  parseDuration,
  profileSchema,
  type SignalType,
} from "./profile-schema";
import { type LineCol, parseLocatedYaml } from "./yaml-located";

export const PLC_PROFILE_ERR = {
  PLC_ERR_YAML: "the file is not valid YAML",
  PLC_ERR_SCHEMA: "a value does not fit the profile schema",
  PLC_ERR_UNKNOWN_KEY: "a key the schema does not know",
  PLC_ERR_DUPLICATE_SIGNAL: "two signals with the same name",
  PLC_ERR_MODBUS_TABLE: "a Modbus table that cannot hold the signal",
  PLC_ERR_MODBUS_OVERLAP: "two signals share a coil or register",
  PLC_ERR_PROGRAM: "the Structured Text program does not compile",
  PLC_ERR_PROGRAM_SIGNAL: "a signal and the program's VAR_INPUT / VAR_OUTPUT do not match",
} as const;

export type PlcProfileErrorCode = keyof typeof PLC_PROFILE_ERR;

export interface PlcProfileIssue {
  code: PlcProfileErrorCode;
  file: string;
  line: number;
  col: number;
  /** e.g. `signals[2].modbus.address` */
  path: string;
  message: string;
}

/** `plc-profiles/cell.yaml:14:7 signals[2].type: Invalid option…` */
export function formatProfileIssue(i: PlcProfileIssue): string {
  return `${i.file}:${i.line}:${i.col} ${i.path === "" ? "" : `${i.path}: `}${i.message}`;
}

export interface PlcSignal {
  /** ST variable of the soft PLC program: `Group_Name`, or `Name` without a group */
  variable: string;
  group: string | null;
  name: string;
  type: SignalType;
  direction: "input" | "output";
  description: string | null;
  binding: { entity: string; signal: string } | null;
  modbus: { table: ModbusTable; address: number } | null;
  /** explicit tag name from the file, else null (the family convention applies) */
  tag: string | null;
}

export interface PlcProfile {
  id: string;
  name: string;
  family: ControllerFamily;
  /** where the tags live (data block, POU, program); the family default when not given */
  scope: string;
  /** CODESYS device name used in OPC UA NodeIds */
  device: string;
  /** PLC cycle, µs */
  scanTimeUs: number;
  control:
    | { source: "internal"; program: string; programName: string | null }
    /** watchdogUs: µs without a write from the external controller before the safe state */
    | { source: "external"; watchdogUs: number };
  opcuaNamespace: string;
  modbus: { unitId: number; wordOrder: "highFirst" | "lowFirst" };
  signals: PlcSignal[];
}

export const DEFAULT_SCOPE: Record<ControllerFamily, string> = {
  "siemens-s7-1500": "DB_Cell",
  "beckhoff-twincat": "MAIN",
  codesys: "Application.PLC_PRG",
  "rockwell-logix": "MainProgram",
};

export const DEFAULT_CODESYS_DEVICE = "CODESYS Control Win V3 x64";

export type ProfileResult =
  | { ok: true; profile: PlcProfile; locate: (path: readonly PropertyKey[]) => LineCol }
  | { ok: false; issues: PlcProfileIssue[] };

export function formatPath(path: readonly PropertyKey[]): string {
  let out = "";
  for (const k of path) {
    if (typeof k === "number") out += `[${k}]`;
    else out += out === "" ? String(k) : `.${String(k)}`;
  }
  return out;
}

/** Registers (or coils) a signal occupies: DINT and REAL take two 16-bit registers. */
export function modbusSpan(type: SignalType): number {
  return type === "DINT" || type === "REAL" ? 2 : 1;
}

export function parsePlcProfile(text: string, file: string): ProfileResult {
  const doc = parseLocatedYaml(text);
  if (doc.errors.length > 0) {
    return {
      ok: false,
      issues: doc.errors.map((e) => ({
        code: "PLC_ERR_YAML",
        file,
        line: e.line,
        col: e.col,
        path: "",
        message: e.message,
      })),
    };
  }
  const issue = (
    code: PlcProfileErrorCode,
    path: readonly PropertyKey[],
    message: string,
  ): PlcProfileIssue => ({
    code,
    file,
    ...doc.locate(path),
    path: formatPath(path),
    message,
  });
  const parsed = profileSchema.safeParse(doc.value);
  if (!parsed.success) {
    const issues = parsed.error.issues.flatMap((i) => {
      if (i.code === "unrecognized_keys") {
        return i.keys.map((k) => issue("PLC_ERR_UNKNOWN_KEY", [...i.path, k], `unknown key "${k}"`));
      }
      const missing = i.code === "invalid_type" && valueAt(doc.value, i.path) === undefined;
      return [issue("PLC_ERR_SCHEMA", i.path, missing ? "required" : i.message)];
    });
    issues.sort((a, b) => a.line - b.line || a.col - b.col);
    return { ok: false, issues };
  }
  const raw = parsed.data;
  const issues = crossCheck(raw, issue);
  if (issues.length > 0) return { ok: false, issues };
  return { ok: true, profile: toProfile(raw), locate: doc.locate };
}

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let v = root;
  for (const k of path) {
    if (typeof v !== "object" || v === null) return undefined;
    v = (v as Record<PropertyKey, unknown>)[k];
  }
  return v;
}

type IssueAt = (code: PlcProfileErrorCode, path: readonly PropertyKey[], message: string) => PlcProfileIssue;

const TABLES_FOR: Record<"input" | "output", Record<"bit" | "word", ModbusTable>> = {
  input: { bit: "discreteInput", word: "inputRegister" },
  output: { bit: "coil", word: "holdingRegister" },
};

function crossCheck(raw: ProfileRaw, issue: IssueAt): PlcProfileIssue[] {
  const issues: PlcProfileIssue[] = [];
  const names = new Map<string, number>();
  const used = new Map<string, { index: number; first: number; last: number }[]>();
  raw.signals.forEach((s, i) => {
    const variable = (s.group ? `${s.group}_${s.name}` : s.name).toUpperCase();
    const prev = names.get(variable);
    if (prev !== undefined) {
      issues.push(
        issue("PLC_ERR_DUPLICATE_SIGNAL", ["signals", i, "name"], `same signal as signals[${prev}]`),
      );
    } else {
      names.set(variable, i);
    }
    if (!s.modbus) return;
    const kind = s.type === "BOOL" ? "bit" : "word";
    const expected = TABLES_FOR[s.direction][kind];
    if (s.modbus.table !== expected) {
      issues.push(
        issue(
          "PLC_ERR_MODBUS_TABLE",
          ["signals", i, "modbus", "table"],
          `a ${s.type} ${s.direction} is served as ${expected}, not ${s.modbus.table}`,
        ),
      );
      return;
    }
    const first = s.modbus.address;
    const last = first + modbusSpan(s.type) - 1;
    if (last > 65535) {
      issues.push(
        issue(
          "PLC_ERR_MODBUS_TABLE",
          ["signals", i, "modbus", "address"],
          `${s.type} needs 2 registers, ${first} is the last one`,
        ),
      );
      return;
    }
    const list = used.get(s.modbus.table) ?? [];
    const clash = list.find((u) => first <= u.last && u.first <= last);
    if (clash) {
      const range = clash.first === clash.last ? `${clash.first}` : `${clash.first}..${clash.last}`;
      issues.push(
        issue(
          "PLC_ERR_MODBUS_OVERLAP",
          ["signals", i, "modbus", "address"],
          `${s.modbus.table} ${first} is already used by signals[${clash.index}] (${range})`,
        ),
      );
      return;
    }
    list.push({ index: i, first, last });
    used.set(s.modbus.table, list);
  });
  return issues;
}

function toProfile(raw: ProfileRaw): PlcProfile {
  const family = raw.controller.family;
  const control: PlcProfile["control"] =
    raw.control.source === "internal"
      ? { source: "internal", program: raw.control.program, programName: raw.control.programName ?? null }
      : { source: "external", watchdogUs: parseDuration(raw.control.watchdog)! };
  return {
    id: raw.id,
    name: raw.name ?? raw.id,
    family,
    scope: raw.controller.scope ?? DEFAULT_SCOPE[family],
    device: raw.controller.device ?? DEFAULT_CODESYS_DEVICE,
    scanTimeUs: parseDuration(raw.controller.scanTime)!,
    control,
    opcuaNamespace: raw.opcua?.namespace ?? `urn:workshop-twin:plc:${raw.id}`,
    modbus: { unitId: raw.modbus?.unitId ?? 1, wordOrder: raw.modbus?.wordOrder ?? "highFirst" },
    signals: raw.signals.map((s) => ({
      variable: s.group ? `${s.group}_${s.name}` : s.name,
      group: s.group ?? null,
      name: s.name,
      type: s.type,
      direction: s.direction,
      description: s.description ?? null,
      binding: s.binding ?? null,
      modbus: s.modbus ?? null,
      tag: s.tag ?? null,
    })),
  };
}

/**
 * Compiles an internal profile's program and checks it against the signals: every input signal is a
 * VAR_INPUT and every output signal a VAR_OUTPUT of the same type, and the PROGRAM has no I/O the
 * profile leaves unwired. ST errors are reported in `programFile` at their line and column.
 */
export function bindProgram(
  result: Extract<ProfileResult, { ok: true }>,
  file: string,
  programText: string,
  programFile: string,
): { ok: true; program: CompiledProgram } | { ok: false; issues: PlcProfileIssue[] } {
  const { profile, locate } = result;
  const programName = profile.control.source === "internal" ? profile.control.programName : null;
  const compiled = compileSt(programText, programName ? { program: programName } : {});
  if (!compiled.ok) {
    return {
      ok: false,
      issues: compiled.errors.map((e) => ({
        code: "PLC_ERR_PROGRAM",
        file: programFile,
        line: e.line,
        col: e.col,
        path: "",
        message: `${e.code} ${e.message}`,
      })),
    };
  }
  const program = compiled.program;
  const issues: PlcProfileIssue[] = [];
  const at = (path: readonly PropertyKey[], message: string) =>
    issues.push({ code: "PLC_ERR_PROGRAM_SIGNAL", file, ...locate(path), path: formatPath(path), message });
  const wired = new Set<string>();
  profile.signals.forEach((s, i) => {
    const list = s.direction === "input" ? program.inputs : program.outputs;
    const section = s.direction === "input" ? "VAR_INPUT" : "VAR_OUTPUT";
    const v = list.find((x) => x.name.toUpperCase() === s.variable.toUpperCase());
    wired.add(s.variable.toUpperCase());
    if (!v) at(["signals", i, "name"], `${program.name} has no ${section} ${s.variable}`);
    else if (v.type !== s.type)
      at(["signals", i, "type"], `${program.name}.${v.name} is ${v.type}, the signal is ${s.type}`);
  });
  for (const v of [...program.inputs, ...program.outputs]) {
    if (!wired.has(v.name.toUpperCase())) {
      at(["control", "program"], `${v.name} of ${program.name} has no signal in the profile`);
    }
  }
  return issues.length > 0 ? { ok: false, issues } : { ok: true, program };
}

/** A profile that cannot be used, with every problem found. */
export class PlcProfileError extends Error {
  override name = "PlcProfileError";
  constructor(readonly issues: PlcProfileIssue[]) {
    super(issues.map(formatProfileIssue).join("\n"));
  }
}
