/**
 * Standard functions of the subset: type conversions `<A>_TO_<B>`, TRUNC, ABS, SQRT, MIN, MAX,
 * LIMIT and SEL. Conversions between TIME and numbers count milliseconds (as CODESYS and TwinCAT
 * do); REAL to integer rounds half away from zero, then wraps like the target type.
 */
import type { ElemType } from "./ast";
import { assignable, unify } from "./compile-expr";
import { type Pos, stError } from "./errors";
import { addError, type Ctx, type Fn, type TypedFn } from "./scope";
import { coerceTo, type ExprType, isElemType, isNumeric } from "./types";

const ERR: TypedFn = { t: "ERR", f: () => 0 };

function roundHalfAway(v: number): number {
  return v < 0 ? -Math.round(-v) : Math.round(v);
}

/** Converts a value of type `from` to type `to`; TIME ↔ number in ms. */
function converter(from: ElemType, to: ElemType): (v: number) => number {
  if (to === "BOOL") return (v) => (v !== 0 ? 1 : 0);
  if (from === "TIME" && to === "REAL") return (v) => Math.fround(v / 1000);
  if (from === "TIME") return (v) => coerceTo(to, Math.trunc(v / 1000));
  if (to === "TIME") return (v) => roundHalfAway(v * 1000);
  if (from === "REAL" && to !== "REAL") return (v) => coerceTo(to, roundHalfAway(v));
  return (v) => coerceTo(to, v);
}

function argCount(ctx: Ctx, name: string, args: TypedFn[], min: number, max: number, pos: Pos): boolean {
  if (args.length >= min && args.length <= max) return true;
  const expected =
    min === max ? String(min) : max === Number.POSITIVE_INFINITY ? `${min} or more` : `${min}..${max}`;
  addError(ctx, stError("ST_ERR_ARG_COUNT", pos, name, expected, args.length));
  return false;
}

function unifyAll(args: TypedFn[]): ExprType | null {
  let t: ExprType | null = args[0]?.t ?? null;
  let acc = args[0];
  for (const a of args.slice(1)) {
    if (!acc || t === null) return null;
    t = unify(acc, a);
    if (t === null) return null;
    acc = { t, f: acc.f };
  }
  return t;
}

export function compileCall(ctx: Ctx, rawName: string, args: TypedFn[], pos: Pos): TypedFn {
  const name = rawName.toUpperCase();
  if (args.some((a) => a.t === "ERR")) return ERR;
  const conv = /^([A-Z]+)_TO_([A-Z]+)$/.exec(name);
  if (conv && isElemType(conv[1]!) && isElemType(conv[2]!)) {
    const from = conv[1] as ElemType;
    const to = conv[2] as ElemType;
    if (!argCount(ctx, name, args, 1, 1, pos)) return ERR;
    const a = args[0]!;
    if (!assignable(from, a)) {
      addError(ctx, stError("ST_ERR_ARG_TYPE", pos, name, 1, from, a.t));
      return ERR;
    }
    const c = converter(from, to);
    const f = a.f;
    return { t: to, f: (m) => c(f(m)) };
  }
  switch (name) {
    case "TRUNC":
    case "SQRT": {
      if (!argCount(ctx, name, args, 1, 1, pos)) return ERR;
      const a = args[0]!;
      if (!assignable("REAL", a)) {
        addError(ctx, stError("ST_ERR_ARG_TYPE", pos, name, 1, "REAL", a.t));
        return ERR;
      }
      const f = a.f;
      if (name === "TRUNC") return { t: "DINT", f: (m) => Math.trunc(f(m)) | 0 };
      return { t: "REAL", f: (m) => Math.fround(Math.sqrt(f(m))) };
    }
    case "ABS": {
      if (!argCount(ctx, name, args, 1, 1, pos)) return ERR;
      const a = args[0]!;
      if (!isNumeric(a.t)) {
        addError(ctx, stError("ST_ERR_ARG_TYPE", pos, name, 1, "INT, DINT or REAL", a.t));
        return ERR;
      }
      const t = a.t as ElemType;
      const f = a.f;
      return { t, f: (m) => coerceTo(t, Math.abs(f(m))) };
    }
    case "MIN":
    case "MAX":
    case "LIMIT": {
      const ok =
        name === "LIMIT"
          ? argCount(ctx, name, args, 3, 3, pos)
          : argCount(ctx, name, args, 2, Number.POSITIVE_INFINITY, pos);
      if (!ok) return ERR;
      const t = unifyAll(args);
      if (t === null || !(isNumeric(t) || t === "TIME")) {
        addError(
          ctx,
          stError(
            "ST_ERR_ARG_TYPE",
            pos,
            name,
            1,
            "numbers or TIMEs of one type",
            args.map((a) => a.t).join(", "),
          ),
        );
        return ERR;
      }
      const fs = args.map((a) => a.f);
      if (name === "LIMIT") {
        const [mn, x, mx] = fs as [Fn, Fn, Fn];
        return { t, f: (m) => Math.min(Math.max(x(m), mn(m)), mx(m)) };
      }
      const pick = name === "MIN" ? Math.min : Math.max;
      return { t, f: (m) => fs.reduce((acc, g) => pick(acc, g(m)), fs[0]!(m)) };
    }
    case "SEL": {
      if (!argCount(ctx, name, args, 3, 3, pos)) return ERR;
      if (args[0]!.t !== "BOOL") {
        addError(ctx, stError("ST_ERR_ARG_TYPE", pos, name, 1, "BOOL", args[0]!.t));
        return ERR;
      }
      const t = unifyAll(args.slice(1));
      if (t === null) {
        addError(ctx, stError("ST_ERR_ARG_TYPE", pos, name, 3, args[1]!.t, args[2]!.t));
        return ERR;
      }
      const [g, a, b] = args.map((x) => x.f) as [Fn, Fn, Fn];
      return { t, f: (m) => (g(m) !== 0 ? b(m) : a(m)) };
    }
    default:
      addError(ctx, stError("ST_ERR_UNKNOWN_FUNCTION", pos, rawName));
      return ERR;
  }
}
