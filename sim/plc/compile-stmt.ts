/**
 * Statements to closures. Every loop iteration spends one unit of the scan's loop budget (memory
 * slot SLOT_BUDGET); running out raises the watchdog fault at the loop's line, so a runaway loop
 * stops the PLC instead of hanging the simulation.
 */
import type { CallArg, ElemType, Expr, LValue, Stmt } from "./ast";
import { compileFbCall } from "./compile-call";
import { checkAssign, compileExpr, lookup } from "./compile-expr";
import { type Pos, stError } from "./errors";
import {
  addError,
  type Ctx,
  EXIT,
  type Exec,
  type Fn,
  NEXT,
  PlcFault,
  RETURN,
  SLOT_BUDGET,
  SLOT_BUDGET_LIMIT,
} from "./scope";
import { isInteger } from "./types";

export type Store = (m: Float64Array, v: number) => void;

export interface Target {
  type: ElemType;
  store: Store;
  /** slot of the variable when it is a plain variable (for VAR_IN_OUT arguments) */
  slot?: number;
  /** slot holding a pointer, when the target is itself a VAR_IN_OUT */
  ptr?: number;
}

/** Resolves an assignment target; reports and returns null when it cannot be written. */
export function compileTarget(ctx: Ctx, lv: LValue | Expr): Target | null {
  if (lv.k === "name") {
    const sym = lookup(ctx, lv.name);
    if (!sym) {
      addError(ctx, stError("ST_ERR_UNDECLARED", lv.pos, lv.name));
      return null;
    }
    if (sym.kind === "fb") {
      addError(ctx, stError("ST_ERR_NOT_ASSIGNABLE", lv.pos, `function block instance "${sym.name}"`));
      return null;
    }
    if (sym.kind === "ref") {
      const ptr = sym.ptr;
      return {
        type: sym.type,
        store: (m, v) => {
          m[m[ptr]!] = v;
        },
        ptr,
      };
    }
    if (sym.constant) {
      addError(ctx, stError("ST_ERR_NOT_ASSIGNABLE", lv.pos, `constant "${sym.name}"`));
      return null;
    }
    const slot = sym.slot;
    return {
      type: sym.type,
      store: (m, v) => {
        m[slot] = v;
      },
      slot,
    };
  }
  if (lv.k === "member") {
    const sym = lookup(ctx, lv.obj);
    if (!sym) {
      addError(ctx, stError("ST_ERR_UNDECLARED", lv.pos, lv.obj));
      return null;
    }
    if (sym.kind !== "fb") {
      addError(ctx, stError("ST_ERR_NOT_FB", lv.pos, sym.name));
      return null;
    }
    const mem = sym.iface.members.get(lv.member.toUpperCase());
    if (!mem || mem.dir === "local" || mem.dir === "inout") {
      addError(ctx, stError("ST_ERR_UNKNOWN_MEMBER", lv.memberPos, sym.name, lv.member));
      return null;
    }
    if (mem.dir === "out") {
      addError(ctx, stError("ST_ERR_NOT_ASSIGNABLE", lv.memberPos, `output ${sym.name}.${mem.name}`));
      return null;
    }
    const slot = sym.base + mem.offset;
    return {
      type: mem.type,
      store: (m, v) => {
        m[slot] = v;
      },
      slot,
    };
  }
  addError(ctx, stError("ST_ERR_NOT_ASSIGNABLE", lv.pos, "an expression"));
  return null;
}

function seq(list: Exec[]): Exec {
  if (list.length === 0) return () => NEXT;
  if (list.length === 1) return list[0]!;
  const n = list.length;
  return (m) => {
    for (let i = 0; i < n; i++) {
      const s = list[i]!(m);
      if (s !== NEXT) return s;
    }
    return NEXT;
  };
}

export function compileBlock(ctx: Ctx, body: Stmt[]): Exec {
  return seq(body.map((s) => compileStmt(ctx, s)));
}

function condition(ctx: Ctx, e: Expr, where: string): Fn {
  const c = compileExpr(ctx, e);
  if (c.t !== "BOOL" && c.t !== "ERR") addError(ctx, stError("ST_ERR_CONDITION", e.pos, where, c.t));
  return c.f;
}

function loopBody(ctx: Ctx, body: Stmt[]): Exec {
  ctx.loopDepth++;
  const b = compileBlock(ctx, body);
  ctx.loopDepth--;
  return b;
}

export function compileStmt(ctx: Ctx, s: Stmt): Exec {
  switch (s.k) {
    case "assign": {
      const target = compileTarget(ctx, s.target);
      const v = compileExpr(ctx, s.value);
      if (!target) return () => NEXT;
      const name = s.target.k === "name" ? s.target.name : `${s.target.obj}.${s.target.member}`;
      checkAssign(ctx, target.type, v, `variable "${name}"`, s.value.pos);
      const store = target.store;
      const f = v.f;
      if (target.slot !== undefined) {
        const slot = target.slot;
        return (m) => {
          m[slot] = f(m);
          return NEXT;
        };
      }
      return (m) => {
        store(m, f(m));
        return NEXT;
      };
    }
    case "fbcall":
      return compileFbCall(ctx, s.inst, s.args as CallArg[], s.pos);
    case "if": {
      const conds = s.branches.map((b) => condition(ctx, b.cond, "IF"));
      const bodies = s.branches.map((b) => compileBlock(ctx, b.body));
      const otherwise = s.otherwise ? compileBlock(ctx, s.otherwise) : null;
      const n = conds.length;
      return (m) => {
        for (let i = 0; i < n; i++) if (conds[i]!(m) !== 0) return bodies[i]!(m);
        return otherwise ? otherwise(m) : NEXT;
      };
    }
    case "case":
      return compileCase(ctx, s);
    case "for":
      return compileFor(ctx, s);
    case "while": {
      const cond = condition(ctx, s.cond, "WHILE");
      const body = loopBody(ctx, s.body);
      const pos = s.pos;
      return (m) => {
        while (cond(m) !== 0) {
          if (--m[SLOT_BUDGET]! < 0) watchdogAt(m, pos);
          const r = body(m);
          if (r === EXIT) break;
          if (r === RETURN) return RETURN;
        }
        return NEXT;
      };
    }
    case "repeat": {
      const body = loopBody(ctx, s.body);
      const until = condition(ctx, s.until, "UNTIL");
      const pos = s.pos;
      return (m) => {
        do {
          if (--m[SLOT_BUDGET]! < 0) watchdogAt(m, pos);
          const r = body(m);
          if (r === EXIT) break;
          if (r === RETURN) return RETURN;
        } while (until(m) === 0);
        return NEXT;
      };
    }
    case "exit":
      if (ctx.loopDepth === 0) addError(ctx, stError("ST_ERR_EXIT_OUTSIDE_LOOP", s.pos));
      return () => EXIT;
    case "return":
      return () => RETURN;
  }
}

function watchdogAt(m: Float64Array, pos: Pos): never {
  throw new PlcFault(stError("ST_ERR_WATCHDOG", pos, m[SLOT_BUDGET_LIMIT]!));
}

function compileCase(ctx: Ctx, s: Extract<Stmt, { k: "case" }>): Exec {
  const sel = compileExpr(ctx, s.selector);
  if (sel.t !== "ERR" && !isInteger(sel.t)) {
    addError(ctx, stError("ST_ERR_CASE_SELECTOR", s.selector.pos, sel.t));
  }
  const seen: { lo: number; hi: number }[] = [];
  const los: number[] = [];
  const his: number[] = [];
  const armOf: number[] = [];
  s.arms.forEach((arm, index) => {
    for (const l of arm.labels) {
      const clash = seen.find((r) => l.lo <= r.hi && r.lo <= l.hi);
      if (clash) addError(ctx, stError("ST_ERR_CASE_LABEL", l.pos, Math.max(l.lo, clash.lo)));
      seen.push({ lo: l.lo, hi: l.hi });
      los.push(l.lo);
      his.push(l.hi);
      armOf.push(index);
    }
  });
  const bodies = s.arms.map((a) => compileBlock(ctx, a.body));
  const otherwise = s.otherwise ? compileBlock(ctx, s.otherwise) : null;
  const f = sel.f;
  const n = los.length;
  return (m) => {
    const v = f(m);
    for (let i = 0; i < n; i++) if (v >= los[i]! && v <= his[i]!) return bodies[armOf[i]!]!(m);
    return otherwise ? otherwise(m) : NEXT;
  };
}

function compileFor(ctx: Ctx, s: Extract<Stmt, { k: "for" }>): Exec {
  const target = compileTarget(ctx, { k: "name", name: s.variable, pos: s.varPos });
  const from = compileExpr(ctx, s.from);
  const to = compileExpr(ctx, s.to);
  const by = s.by ? compileExpr(ctx, s.by) : null;
  const body = loopBody(ctx, s.body);
  if (!target) return () => NEXT;
  if (!isInteger(target.type)) {
    addError(ctx, stError("ST_ERR_FOR_VAR", s.varPos, s.variable));
    return () => NEXT;
  }
  const what = `FOR variable "${s.variable}"`;
  checkAssign(ctx, target.type, from, what, s.from.pos);
  checkAssign(ctx, target.type, to, what, s.to.pos);
  if (by && s.by) checkAssign(ctx, target.type, by, what, s.by.pos);
  const read = compileExpr(ctx, { k: "name", name: s.variable, pos: s.varPos }).f;
  const store = target.store;
  const wrap = target.type === "INT" ? (v: number) => (v << 16) >> 16 : (v: number) => v | 0;
  const fFrom = from.f;
  const fTo = to.f;
  const fBy = by ? by.f : () => 1;
  const pos = s.pos;
  return (m) => {
    const end = fTo(m);
    const step = fBy(m);
    store(m, fFrom(m));
    for (;;) {
      const i = read(m);
      if (step >= 0 ? i > end : i < end) break;
      if (--m[SLOT_BUDGET]! < 0) watchdogAt(m, pos);
      const r = body(m);
      if (r === EXIT) break;
      if (r === RETURN) return RETURN;
      // the control variable wraps like any INT, so FOR i := 0 TO 32767 never ends (as on a real PLC)
      store(m, wrap(read(m) + step));
    }
    return NEXT;
  };
}
