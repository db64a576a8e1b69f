/**
 * The type rules of the subset: value ranges, implicit widening (INT → DINT, INT → REAL, as IEC
 * 61131-3 ed. 3 allows without loss), and how integer literals adapt to their context.
 * At run time every value is a JS number: BOOL 0/1, INT/DINT wrapped integers, REAL rounded to
 * IEEE single precision, TIME in µs.
 */
import type { ElemType } from "./ast";

export const ELEM_TYPES: readonly ElemType[] = ["BOOL", "INT", "DINT", "REAL", "TIME"];

/** A typed expression during compilation; `ERR` marks an expression that already reported an error. */
export type ExprType = ElemType | "ERR";

export const INT_RANGE = { lo: -32768, hi: 32767 } as const;
export const DINT_RANGE = { lo: -2147483648, hi: 2147483647 } as const;

export function isElemType(name: string): name is ElemType {
  return (ELEM_TYPES as readonly string[]).includes(name);
}

/** Names that exist in IEC 61131-3 but not in this subset: reported as unsupported, not unknown. */
export const UNSUPPORTED_TYPES = new Set([
  "SINT",
  "USINT",
  "UINT",
  "UDINT",
  "LINT",
  "ULINT",
  "LREAL",
  "BYTE",
  "WORD",
  "DWORD",
  "LWORD",
  "WSTRING",
  "DATE",
  "TOD",
  "TIME_OF_DAY",
  "DT",
  "DATE_AND_TIME",
  "LTIME",
]);

export function wrapInt(v: number): number {
  return (v << 16) >> 16;
}

export function wrapDint(v: number): number {
  return v | 0;
}

export function isNumeric(t: ExprType): boolean {
  return t === "INT" || t === "DINT" || t === "REAL";
}

export function isInteger(t: ExprType): boolean {
  return t === "INT" || t === "DINT";
}

/** Smallest integer type holding an integer literal, or null when not even DINT does. */
export function literalType(v: number): "INT" | "DINT" | null {
  if (v >= INT_RANGE.lo && v <= INT_RANGE.hi) return "INT";
  if (v >= DINT_RANGE.lo && v <= DINT_RANGE.hi) return "DINT";
  return null;
}

/** Whether a value of type `from` may be stored in `to` without an explicit conversion. */
export function widens(from: ExprType, to: ExprType): boolean {
  if (from === to) return true;
  if (from === "INT") return to === "DINT" || to === "REAL";
  return false;
}

/** Stores a value of type `t` the way the target variable would hold it. */
export function coerceTo(t: ElemType, v: number): number {
  switch (t) {
    case "BOOL":
      return v !== 0 ? 1 : 0;
    case "INT":
      return wrapInt(Math.trunc(v));
    case "DINT":
      return wrapDint(Math.trunc(v));
    case "REAL":
      return Math.fround(v);
    case "TIME":
      return Math.round(v);
  }
}

/** Zero value of every elementary type (IEC default initial values). */
export const DEFAULT_VALUE = 0;
