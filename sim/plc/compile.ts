/**
 * Lays out memory for a PROGRAM and every function block instance in it, type-checks every POU and
 * compiles the bodies to closures. The result is shared, immutable code plus the initial memory image;
 * a soft PLC owns only a copy of that memory (plain numbers), which is what snapshots capture.
 */
import type { ElemType, Expr, Pou, StSource, VarDecl } from "./ast";
import { checkAssign, compileExpr } from "./compile-expr";
import { compileBlock } from "./compile-stmt";
import { type StError, stError } from "./errors";
import { parseSt } from "./parser";
import { type Ctx, type FbInterface, type Member, RESERVED_SLOTS, type Sym } from "./scope";
import { blockSize, STD_BLOCKS } from "./std-blocks";
import { coerceTo, isElemType, UNSUPPORTED_TYPES } from "./types";

/** A PROGRAM variable visible from outside: scan inputs, scan outputs, or anything `read()` can see. */
export interface PlcVariable {
  /** as declared, e.g. `PhotoEye` or `tmrJam.ET` */
  name: string;
  type: ElemType;
  slot: number;
}

export interface CompiledProgram {
  /** the PROGRAM's name */
  name: string;
  /** number of memory slots (Float64) of one PLC instance */
  memSize: number;
  /** initial memory image (cold start) */
  init: readonly number[];
  /** VAR_INPUT of the PROGRAM: written by `scan` from the caller's inputs */
  inputs: readonly PlcVariable[];
  /** VAR_OUTPUT of the PROGRAM: returned by `scan` */
  outputs: readonly PlcVariable[];
  /** every elementary PROGRAM variable and every pin of its block instances, by upper-case name */
  symbols: ReadonlyMap<string, PlcVariable>;
  /** runs the PROGRAM body once on memory `m` */
  run(m: Float64Array): void;
}

export type CompileResult = { ok: true; program: CompiledProgram } | { ok: false; errors: StError[] };

export interface CompileOptions {
  /** which PROGRAM to run when the source has several */
  program?: string;
}

interface Instance {
  scope: Map<string, Sym>;
  run: (m: Float64Array) => void;
}

class Compiler {
  readonly errors: StError[] = [];
  readonly init: number[] = new Array(RESERVED_SLOTS).fill(0);
  private readonly checked = new Set<string>();

  constructor(private readonly pous: Map<string, Pou>) {}

  alloc(n: number): number {
    const base = this.init.length;
    for (let i = 0; i < n; i++) this.init.push(0);
    return base;
  }

  /** Allocates and compiles one instance of `pou`; `stack` holds the enclosing FB types. */
  instantiate(pou: Pou, stack: string[]): Instance {
    const key = pou.name.toUpperCase();
    const report = !this.checked.has(key);
    this.checked.add(key);
    const ctx: Ctx = { scope: new Map(), loopDepth: 0, errors: this.errors, report };
    for (const d of pou.vars) this.declare(ctx, pou, d, [...stack, key]);
    const body = compileBlock(ctx, pou.body);
    return { scope: ctx.scope, run: (m) => void body(m) };
  }

  private declare(ctx: Ctx, pou: Pou, d: VarDecl, stack: string[]): void {
    const key = d.name.toUpperCase();
    const report = (e: StError) => ctx.report && this.errors.push(e);
    if (ctx.scope.has(key)) return void report(stError("ST_ERR_DUPLICATE_VAR", d.pos, d.name));
    const typeKey = d.typeName.toUpperCase();
    if (isElemType(typeKey)) {
      if (d.section === "VAR_IN_OUT") {
        if (pou.kind === "PROGRAM")
          return void report(stError("ST_ERR_UNSUPPORTED", d.pos, "VAR_IN_OUT in a PROGRAM"));
        ctx.scope.set(key, { kind: "ref", name: d.name, type: typeKey, ptr: this.alloc(1) });
        return;
      }
      const slot = this.alloc(1);
      if (d.init) this.init[slot] = this.initialValue(ctx, d, typeKey, d.init);
      ctx.scope.set(key, {
        kind: "var",
        name: d.name,
        type: typeKey,
        slot,
        section: d.section,
        constant: d.constant,
      });
      return;
    }
    if (UNSUPPORTED_TYPES.has(typeKey))
      return void report(stError("ST_ERR_UNSUPPORTED", d.typePos, `type ${typeKey}`));
    const std = STD_BLOCKS.get(typeKey);
    const user = this.pous.get(typeKey);
    if (!std && user?.kind !== "FUNCTION_BLOCK") {
      return void report(stError("ST_ERR_UNKNOWN_TYPE", d.typePos, d.typeName));
    }
    if (d.section !== "VAR") {
      return void report(stError("ST_ERR_UNSUPPORTED", d.pos, `function block instances in ${d.section}`));
    }
    if (d.init)
      return void report(
        stError("ST_ERR_UNSUPPORTED", d.init.pos, "initial values for a function block instance"),
      );
    if (std) {
      const base = this.alloc(blockSize(std));
      const members = new Map<string, Member>();
      for (const [i, p] of std.inputs.entries()) members.set(p.name, { ...p, offset: i, dir: "in" });
      for (const [i, p] of std.outputs.entries()) {
        members.set(p.name, { ...p, offset: std.inputs.length + i, dir: "out" });
      }
      const run = std.run;
      const iface: FbInterface = { typeName: std.name, members };
      ctx.scope.set(key, { kind: "fb", name: d.name, iface, base, call: (m) => run(m, base, m[0]!) });
      return;
    }
    const fb = user!;
    if (stack.includes(fb.name.toUpperCase())) {
      return void report(stError("ST_ERR_RECURSIVE_FB", d.typePos, fb.name));
    }
    const base = this.init.length;
    const inst = this.instantiate(fb, stack);
    const members = new Map<string, Member>();
    for (const v of fb.vars) {
      const sym = inst.scope.get(v.name.toUpperCase());
      if (!sym || sym.kind === "fb") continue;
      const dir =
        v.section === "VAR_INPUT"
          ? "in"
          : v.section === "VAR_OUTPUT"
            ? "out"
            : v.section === "VAR_IN_OUT"
              ? "inout"
              : "local";
      const offset = (sym.kind === "ref" ? sym.ptr : sym.slot) - base;
      members.set(v.name.toUpperCase(), { name: v.name, type: sym.type, offset, dir });
    }
    ctx.scope.set(key, {
      kind: "fb",
      name: d.name,
      iface: { typeName: fb.name, members },
      base,
      call: inst.run,
    });
  }

  private initialValue(ctx: Ctx, d: VarDecl, type: ElemType, init: Expr): number {
    if (init.k !== "int" && init.k !== "real" && init.k !== "bool" && init.k !== "time") {
      if (ctx.report) this.errors.push(stError("ST_ERR_CONSTANT_INIT", init.pos, d.name));
      return 0;
    }
    const v = compileExpr(ctx, init);
    if (!checkAssign(ctx, type, v, `variable "${d.name}"`, init.pos)) return 0;
    return coerceTo(type, v.f(new Float64Array(0)));
  }
}

/** Parses (when given text) and compiles a Structured Text source to a runnable program. */
export function compileSt(source: string | StSource, options: CompileOptions = {}): CompileResult {
  let ast: StSource;
  if (typeof source === "string") {
    const parsed = parseSt(source);
    if (!parsed.ok) return parsed;
    ast = parsed.ast;
  } else {
    ast = source;
  }
  const errors: StError[] = [];
  const pous = new Map<string, Pou>();
  for (const p of ast.pous) {
    const key = p.name.toUpperCase();
    if (pous.has(key) || STD_BLOCKS.has(key)) errors.push(stError("ST_ERR_DUPLICATE_POU", p.pos, p.name));
    else pous.set(key, p);
  }
  const programs = [...pous.values()].filter((p) => p.kind === "PROGRAM");
  let main: Pou | undefined;
  if (options.program) {
    main = programs.find((p) => p.name.toUpperCase() === options.program!.toUpperCase());
    if (!main) errors.push(stError("ST_ERR_PROGRAM_NOT_FOUND", { line: 1, col: 1 }, options.program));
  } else if (programs.length === 1) {
    main = programs[0];
  } else if (programs.length === 0) {
    errors.push(stError("ST_ERR_NO_PROGRAM", { line: 1, col: 1 }));
  } else {
    errors.push(stError("ST_ERR_MANY_PROGRAMS", programs[1]!.pos, programs.map((p) => p.name).join(", ")));
  }
  const compiler = new Compiler(pous);
  const inst = main ? compiler.instantiate(main, []) : null;
  errors.push(...compiler.errors);
  // check function blocks the program does not use, so their errors are not silently ignored
  for (const p of pous.values()) {
    if (p.kind !== "FUNCTION_BLOCK") continue;
    const c = new Compiler(pous);
    c.instantiate(p, []);
    for (const e of c.errors) {
      if (!errors.some((x) => x.line === e.line && x.col === e.col && x.code === e.code)) errors.push(e);
    }
  }
  if (errors.length > 0 || !main || !inst) {
    errors.sort((a, b) => a.line - b.line || a.col - b.col);
    return { ok: false, errors };
  }
  return { ok: true, program: link(main, inst, compiler.init) };
}

function link(main: Pou, inst: Instance, init: number[]): CompiledProgram {
  const inputs: PlcVariable[] = [];
  const outputs: PlcVariable[] = [];
  const symbols = new Map<string, PlcVariable>();
  for (const sym of inst.scope.values()) {
    if (sym.kind === "var") {
      const v = { name: sym.name, type: sym.type, slot: sym.slot };
      symbols.set(sym.name.toUpperCase(), v);
      if (sym.section === "VAR_INPUT") inputs.push(v);
      if (sym.section === "VAR_OUTPUT") outputs.push(v);
    } else if (sym.kind === "fb") {
      for (const m of sym.iface.members.values()) {
        if (m.dir !== "in" && m.dir !== "out") continue;
        const name = `${sym.name}.${m.name}`;
        symbols.set(name.toUpperCase(), { name, type: m.type, slot: sym.base + m.offset });
      }
    }
  }
  return {
    name: main.name,
    memSize: init.length,
    init: Object.freeze([...init]),
    inputs,
    outputs,
    symbols,
    run: inst.run,
  };
}
