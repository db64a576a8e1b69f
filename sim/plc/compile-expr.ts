/**
 * Type-checks an expression and turns it into a closure. Arithmetic is specialised per type at
 * compile time so the hot path does no type dispatch: INT wraps at 16 bits, DINT at 32, REAL is
 * rounded to single precision, TIME is µs.
 */
import type { BinaryOp, ElemType, Expr } from "./ast";
import { type Pos, stError } from "./errors";
import { addError, type Ctx, type Fn, PlcFault, type Sym, type TypedFn } from "./scope";
import { compileCall } from "./std-functions";
import { type ExprType, INT_RANGE, isInteger, isNumeric, literalType, widens } from "./types";

const ERR: TypedFn = { t: "ERR", f: () => 0 };

/** Whether integer literal `v` can be used as a value of type `t`. */
export function literalFits(v: number, t: ExprType): boolean {
  if (t === "INT") return v >= INT_RANGE.lo && v <= INT_RANGE.hi;
  if (t === "DINT") return literalType(v) !== null;
  return t === "REAL";
}

export function assignable(target: ExprType, e: TypedFn): boolean {
  if (e.t === "ERR" || target === "ERR") return true;
  return widens(e.t, target) || (e.lit !== undefined && literalFits(e.lit, target));
}

/** Common type of two operands, or null when they do not mix. */
export function unify(a: TypedFn, b: TypedFn): ExprType | null {
  if (a.t === "ERR" || b.t === "ERR") return "ERR";
  if (a.t === b.t) return a.t;
  if (a.lit !== undefined && literalFits(a.lit, b.t)) return b.t;
  if (b.lit !== undefined && literalFits(b.lit, a.t)) return a.t;
  if (widens(a.t, b.t)) return b.t;
  if (widens(b.t, a.t)) return a.t;
  return null;
}

/**
 * Checks that `e` may be stored in a `target` variable; reports ST_ERR_RANGE for an integer literal
 * that does not fit and ST_ERR_TYPE_MISMATCH otherwise. Returns false when it reported.
 */
export function checkAssign(ctx: Ctx, target: ElemType, e: TypedFn, what: string, pos: Pos): boolean {
  if (assignable(target, e)) return true;
  if (e.lit !== undefined && isInteger(target)) {
    const r = target === "INT" ? INT_RANGE : { lo: -2147483648, hi: 2147483647 };
    addError(ctx, stError("ST_ERR_RANGE", pos, e.lit, target, r.lo, r.hi));
  } else {
    addError(ctx, stError("ST_ERR_TYPE_MISMATCH", pos, e.t, target, what));
  }
  return false;
}

export function lookup(ctx: Ctx, name: string): Sym | undefined {
  return ctx.scope.get(name.toUpperCase());
}

export function compileExpr(ctx: Ctx, e: Expr): TypedFn {
  switch (e.k) {
    case "bool": {
      const v = e.value ? 1 : 0;
      return { t: "BOOL", f: () => v };
    }
    case "int": {
      const t = literalType(e.value);
      if (t === null) {
        addError(ctx, stError("ST_ERR_RANGE", e.pos, e.value, "DINT", -2147483648, 2147483647));
        return ERR;
      }
      const v = e.value;
      return { t, f: () => v, lit: v };
    }
    case "real": {
      const v = Math.fround(e.value);
      return { t: "REAL", f: () => v };
    }
    case "time": {
      const v = e.value;
      return { t: "TIME", f: () => v };
    }
    case "name":
      return compileName(ctx, e.name, e.pos);
    case "member":
      return compileMember(ctx, e.obj, e.member, e.pos, e.memberPos);
    case "unary":
      return compileUnary(ctx, e.op, compileExpr(ctx, e.arg), e.pos);
    case "binary":
      return compileBinary(ctx, e.op, compileExpr(ctx, e.left), compileExpr(ctx, e.right), e.pos);
    case "call":
      return compileCall(
        ctx,
        e.name,
        e.args.map((a) => compileExpr(ctx, a)),
        e.pos,
      );
  }
}

function compileName(ctx: Ctx, name: string, pos: Pos): TypedFn {
  const sym = lookup(ctx, name);
  if (!sym) {
    addError(ctx, stError("ST_ERR_UNDECLARED", pos, name));
    return ERR;
  }
  if (sym.kind === "fb") {
    addError(ctx, stError("ST_ERR_FB_AS_VALUE", pos, sym.name));
    return ERR;
  }
  if (sym.kind === "ref") {
    const ptr = sym.ptr;
    return { t: sym.type, f: (m) => m[m[ptr]!]! };
  }
  const slot = sym.slot;
  return { t: sym.type, f: (m) => m[slot]! };
}

function compileMember(ctx: Ctx, obj: string, member: string, pos: Pos, memberPos: Pos): TypedFn {
  const sym = lookup(ctx, obj);
  if (!sym) {
    addError(ctx, stError("ST_ERR_UNDECLARED", pos, obj));
    return ERR;
  }
  if (sym.kind !== "fb") {
    addError(ctx, stError("ST_ERR_NOT_FB", pos, sym.name));
    return ERR;
  }
  const mem = sym.iface.members.get(member.toUpperCase());
  if (!mem || mem.dir === "local" || mem.dir === "inout") {
    addError(ctx, stError("ST_ERR_UNKNOWN_MEMBER", memberPos, sym.name, member));
    return ERR;
  }
  const slot = sym.base + mem.offset;
  return { t: mem.type, f: (m) => m[slot]! };
}

function compileUnary(ctx: Ctx, op: "-" | "+" | "NOT", a: TypedFn, pos: Pos): TypedFn {
  if (a.t === "ERR") return ERR;
  const f = a.f;
  if (op === "NOT") {
    if (a.t !== "BOOL") return operandError(ctx, op, a.t, pos);
    return { t: "BOOL", f: (m) => 1 - f(m) };
  }
  if (!isNumeric(a.t) && a.t !== "TIME") return operandError(ctx, op, a.t, pos);
  if (op === "+") return a;
  switch (a.t) {
    case "INT":
      return { t: "INT", f: (m) => (-f(m) << 16) >> 16 };
    case "DINT":
      return { t: "DINT", f: (m) => -f(m) | 0 };
    default:
      return { t: a.t, f: (m) => -f(m) };
  }
}

function operandError(ctx: Ctx, op: string, types: string, pos: Pos): TypedFn {
  addError(ctx, stError("ST_ERR_OPERAND", pos, op, types));
  return ERR;
}

function divZero(pos: Pos): never {
  throw new PlcFault(stError("ST_ERR_DIV_ZERO", pos));
}

function compileBinary(ctx: Ctx, op: BinaryOp, a: TypedFn, b: TypedFn, pos: Pos): TypedFn {
  if (a.t === "ERR" || b.t === "ERR") return ERR;
  const l = a.f;
  const r = b.f;
  const both = a.t === b.t ? `${a.t} operands` : `${a.t} and ${b.t}`;
  if (op === "AND" || op === "OR" || op === "XOR") {
    if (a.t !== "BOOL" || b.t !== "BOOL") return operandError(ctx, op, both, pos);
    if (op === "AND") return { t: "BOOL", f: (m) => l(m) & r(m) };
    if (op === "OR") return { t: "BOOL", f: (m) => l(m) | r(m) };
    return { t: "BOOL", f: (m) => l(m) ^ r(m) };
  }
  // TIME scaled by an integer: T#1s * 3, T#3s / 2
  if (a.t === "TIME" && (op === "*" || op === "/") && (isInteger(b.t) || b.lit !== undefined)) {
    if (op === "*") return { t: "TIME", f: (m) => l(m) * r(m) };
    return {
      t: "TIME",
      f: (m) => {
        const d = r(m);
        return d === 0 ? divZero(pos) : Math.trunc(l(m) / d);
      },
    };
  }
  const t = unify(a, b);
  if (t === null || t === "ERR") return t === "ERR" ? ERR : operandError(ctx, op, both, pos);
  switch (op) {
    case "=":
      return { t: "BOOL", f: (m) => (l(m) === r(m) ? 1 : 0) };
    case "<>":
      return { t: "BOOL", f: (m) => (l(m) !== r(m) ? 1 : 0) };
    case "<":
    case ">":
    case "<=":
    case ">=":
      if (t === "BOOL") return operandError(ctx, op, both, pos);
      return { t: "BOOL", f: compare(op, l, r) };
    case "**":
      if (!isNumeric(t)) return operandError(ctx, op, both, pos);
      return { t: "REAL", f: (m) => Math.fround(l(m) ** r(m)) };
    case "MOD":
      if (!isInteger(t)) return operandError(ctx, op, both, pos);
      // IEC 61131-3: IN1 MOD 0 is 0
      return {
        t,
        f: (m) => {
          const d = r(m);
          return d === 0 ? 0 : (l(m) % d) + 0;
        },
      };
    default:
      if (t === "BOOL" || (t === "TIME" && op !== "+" && op !== "-")) return operandError(ctx, op, both, pos);
      return { t, f: arithmetic(op, t, l, r, pos) };
  }
}

function compare(op: "<" | ">" | "<=" | ">=", l: Fn, r: Fn): Fn {
  switch (op) {
    case "<":
      return (m) => (l(m) < r(m) ? 1 : 0);
    case ">":
      return (m) => (l(m) > r(m) ? 1 : 0);
    case "<=":
      return (m) => (l(m) <= r(m) ? 1 : 0);
    case ">=":
      return (m) => (l(m) >= r(m) ? 1 : 0);
  }
}

function arithmetic(op: "+" | "-" | "*" | "/", t: ExprType, l: Fn, r: Fn, pos: Pos): Fn {
  switch (t) {
    case "INT":
      if (op === "+") return (m) => ((l(m) + r(m)) << 16) >> 16;
      if (op === "-") return (m) => ((l(m) - r(m)) << 16) >> 16;
      if (op === "*") return (m) => (Math.imul(l(m), r(m)) << 16) >> 16;
      return (m) => {
        const d = r(m);
        return d === 0 ? divZero(pos) : (Math.trunc(l(m) / d) << 16) >> 16;
      };
    case "DINT":
      if (op === "+") return (m) => (l(m) + r(m)) | 0;
      if (op === "-") return (m) => (l(m) - r(m)) | 0;
      if (op === "*") return (m) => Math.imul(l(m), r(m));
      return (m) => {
        const d = r(m);
        return d === 0 ? divZero(pos) : Math.trunc(l(m) / d) | 0;
      };
    case "REAL":
      if (op === "+") return (m) => Math.fround(l(m) + r(m));
      if (op === "-") return (m) => Math.fround(l(m) - r(m));
      if (op === "*") return (m) => Math.fround(l(m) * r(m));
      return (m) => Math.fround(l(m) / r(m));
    default:
      // TIME + TIME, TIME - TIME
      if (op === "+") return (m) => l(m) + r(m);
      return (m) => l(m) - r(m);
  }
}
