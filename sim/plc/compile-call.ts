/**
 * Function block calls: `tmr(IN := start, PT := T#2s, Q => done);`. Inputs are copied in, the block
 * runs, outputs bound with `=>` are copied out. Inputs left out keep their previous value (IEC);
 * every VAR_IN_OUT must be given a variable, whose slot index is stored as the pointer.
 */
import type { CallArg } from "./ast";
import { checkAssign, compileExpr, lookup } from "./compile-expr";
import { compileTarget } from "./compile-stmt";
import { type Pos, stError } from "./errors";
import { addError, type Ctx, type Exec, type Fn, NEXT } from "./scope";

type Step = (m: Float64Array) => void;

export function compileFbCall(ctx: Ctx, instName: string, args: CallArg[], pos: Pos): Exec {
  const sym = lookup(ctx, instName);
  if (!sym) {
    addError(ctx, stError("ST_ERR_UNDECLARED", pos, instName));
    return () => NEXT;
  }
  if (sym.kind !== "fb") {
    addError(ctx, stError("ST_ERR_NOT_FB", pos, sym.name));
    return () => NEXT;
  }
  const before: Step[] = [];
  const after: Step[] = [];
  const given = new Set<string>();
  for (const a of args) {
    const member = sym.iface.members.get(a.name.toUpperCase());
    if (!member || member.dir === "local") {
      addError(ctx, stError("ST_ERR_UNKNOWN_MEMBER", a.pos, sym.name, a.name));
      continue;
    }
    given.add(member.name.toUpperCase());
    const slot = sym.base + member.offset;
    if (member.dir === "out") {
      if (!a.output) {
        addError(ctx, stError("ST_ERR_PARAM_DIRECTION", a.pos, member.name, sym.iface.typeName, '"=>"'));
        continue;
      }
      const target = compileTarget(ctx, a.value);
      if (!target) continue;
      const t = { t: member.type, f: ((m) => m[slot]!) as Fn };
      if (!checkAssign(ctx, target.type, t, `output target of ${member.name}`, a.value.pos)) continue;
      const store = target.store;
      after.push((m) => store(m, m[slot]!));
      continue;
    }
    if (a.output) {
      addError(ctx, stError("ST_ERR_PARAM_DIRECTION", a.pos, member.name, sym.iface.typeName, '":="'));
      continue;
    }
    if (member.dir === "inout") {
      const target = a.value.k === "name" || a.value.k === "member" ? compileTarget(ctx, a.value) : null;
      if (a.value.k !== "name" && a.value.k !== "member") {
        addError(ctx, stError("ST_ERR_IN_OUT_ARG", a.value.pos, member.name));
        continue;
      }
      if (!target) continue;
      if (target.type !== member.type) {
        addError(
          ctx,
          stError(
            "ST_ERR_TYPE_MISMATCH",
            a.value.pos,
            target.type,
            member.type,
            `VAR_IN_OUT "${member.name}"`,
          ),
        );
        continue;
      }
      if (target.slot !== undefined) {
        const ref = target.slot;
        before.push((m) => {
          m[slot] = ref;
        });
      } else if (target.ptr !== undefined) {
        const ptr = target.ptr;
        before.push((m) => {
          m[slot] = m[ptr]!;
        });
      }
      continue;
    }
    const v = compileExpr(ctx, a.value);
    if (!checkAssign(ctx, member.type, v, `input ${member.name}`, a.value.pos)) continue;
    const f = v.f;
    before.push((m) => {
      m[slot] = f(m);
    });
  }
  for (const member of sym.iface.members.values()) {
    if (member.dir === "inout" && !given.has(member.name.toUpperCase())) {
      addError(ctx, stError("ST_ERR_IN_OUT_ARG", pos, member.name));
    }
  }
  const call = sym.call;
  const nb = before.length;
  const na = after.length;
  return (m) => {
    for (let i = 0; i < nb; i++) before[i]!(m);
    call(m);
    for (let i = 0; i < na; i++) after[i]!(m);
    return NEXT;
  };
}
