/**
 * What a name means while compiling a POU body, and the shape of compiled code. Compiled code is a
 * tree of closures over the PLC memory `m` (a Float64Array passed in at run time), so one compiled
 * program can drive many PLC instances and the state stays plain numbers.
 */
import type { ElemType, VarSection } from "./ast";
import type { StError } from "./errors";
import type { ExprType } from "./types";

/** Reserved memory slots: the scan time, the loop budget left, and the budget per scan. */
export const SLOT_NOW = 0;
export const SLOT_BUDGET = 1;
export const SLOT_BUDGET_LIMIT = 2;
export const RESERVED_SLOTS = 3;

/** Evaluates an expression; BOOL is 0/1, TIME is µs. */
export type Fn = (m: Float64Array) => number;

/** Executes a statement: 0 = go on, 1 = EXIT the innermost loop, 2 = RETURN from the POU. */
export type Exec = (m: Float64Array) => number;
export const NEXT = 0;
export const EXIT = 1;
export const RETURN = 2;

export interface TypedFn {
  t: ExprType;
  f: Fn;
  /** set when the expression is an integer literal, so it can adapt to INT, DINT or REAL */
  lit?: number;
}

export interface Member {
  name: string;
  type: ElemType;
  /** slot offset from the instance base (for VAR_IN_OUT: the slot holding the pointer) */
  offset: number;
  dir: "in" | "out" | "inout" | "local";
}

export interface FbInterface {
  typeName: string;
  members: Map<string, Member>;
}

export type Sym =
  | { kind: "var"; name: string; type: ElemType; slot: number; section: VarSection; constant: boolean }
  /** VAR_IN_OUT: memory slot `ptr` holds the index of the caller's variable */
  | { kind: "ref"; name: string; type: ElemType; ptr: number }
  | { kind: "fb"; name: string; iface: FbInterface; base: number; call: (m: Float64Array) => void };

export interface Ctx {
  scope: Map<string, Sym>;
  loopDepth: number;
  errors: StError[];
  /** false while re-compiling a body that was already checked, to report each error once */
  report: boolean;
}

export function addError(ctx: Ctx, e: StError): void {
  if (ctx.report) ctx.errors.push(e);
}

/** A run-time fault raised inside a scan (watchdog, division by zero); caught by the scan loop. */
export class PlcFault extends Error {
  constructor(readonly error: StError) {
    super(error.message);
  }
}
