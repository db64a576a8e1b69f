import type { BinaryOp, Expr } from "./ast";
import { type ST_ERR, type StErrorCode, StSyntaxError, stError } from "./errors";
import type { Token } from "./lexer";

/** Token cursor shared by the expression and statement parsers. */
export class Cursor {
  i = 0;
  constructor(readonly tokens: Token[]) {}

  get tok(): Token {
    return this.tokens[this.i]!;
  }

  peek(k = 1): Token {
    return this.tokens[Math.min(this.i + k, this.tokens.length - 1)]!;
  }

  next(): Token {
    const t = this.tok;
    if (t.kind !== "eof") this.i++;
    return t;
  }

  is(text: string): boolean {
    const t = this.tok;
    return (t.kind === "op" || t.kind === "keyword") && t.upper === text;
  }

  accept(text: string): Token | null {
    return this.is(text) ? this.next() : null;
  }

  expect(text: string, what = `"${text}"`): Token {
    if (!this.is(text)) this.fail(what);
    return this.next();
  }

  ident(what = "a name"): Token {
    if (this.tok.kind !== "ident") this.fail(what);
    return this.next();
  }

  fail(what: string): never {
    throw new StSyntaxError(stError("ST_ERR_EXPECTED", this.tok, what, describe(this.tok)));
  }

  failWith<C extends StErrorCode>(code: C, ...args: Parameters<(typeof ST_ERR)[C]>): never {
    throw new StSyntaxError(stError(code, this.tok, ...args));
  }
}

export function describe(t: Token): string {
  if (t.kind === "eof") return "end of file";
  return `"${t.text}"`;
}

/**
 * Binary operators by level, loosest first (IEC 61131-3 precedence). Unary operators bind tighter
 * than `**`, as in the standard's formal grammar (power_expression ::= unary_expression {'**' ...}).
 */
const LEVELS: BinaryOp[][] = [
  ["OR"],
  ["XOR"],
  ["AND"],
  ["=", "<>"],
  ["<", ">", "<=", ">="],
  ["+", "-"],
  ["*", "/", "MOD"],
  ["**"],
];

export function parseExpr(c: Cursor): Expr {
  return parseLevel(c, 0);
}

function matchOp(c: Cursor, level: number): BinaryOp | null {
  const ops = LEVELS[level]!;
  const t = c.tok;
  if (t.kind !== "op" && t.kind !== "keyword") return null;
  const text = t.upper === "&" ? "AND" : t.upper;
  return (ops as string[]).includes(text) ? (text as BinaryOp) : null;
}

function parseLevel(c: Cursor, level: number): Expr {
  if (level === LEVELS.length) return parseUnary(c);
  let left = parseLevel(c, level + 1);
  for (;;) {
    const op = matchOp(c, level);
    if (!op) return left;
    const opTok = c.next();
    const right = parseLevel(c, level + 1);
    left = { k: "binary", op, left, right, pos: { line: opTok.line, col: opTok.col } };
  }
}

function parseUnary(c: Cursor): Expr {
  const t = c.tok;
  if (c.is("-") || c.is("+") || c.is("NOT")) {
    c.next();
    const arg = parseUnary(c);
    const pos = { line: t.line, col: t.col };
    // fold `-<literal>` so -32768 is an INT literal and CASE labels may be negative
    if (t.upper === "-" && (arg.k === "int" || arg.k === "real" || arg.k === "time")) {
      return { ...arg, value: -arg.value, pos };
    }
    return { k: "unary", op: t.upper as "-" | "+" | "NOT", arg, pos };
  }
  return parsePrimary(c);
}

function parsePrimary(c: Cursor): Expr {
  const t = c.tok;
  const pos = { line: t.line, col: t.col };
  switch (t.kind) {
    case "int":
      c.next();
      return { k: "int", value: t.value, pos };
    case "real":
      c.next();
      return { k: "real", value: t.value, pos };
    case "time":
      c.next();
      return { k: "time", value: t.value, pos };
    case "keyword":
      if (t.upper === "TRUE" || t.upper === "FALSE") {
        c.next();
        return { k: "bool", value: t.upper === "TRUE", pos };
      }
      break;
    case "ident": {
      c.next();
      if (c.is("(")) return parseCall(c, t.text, pos);
      if (c.is(".")) {
        c.next();
        const m = c.tok;
        if (m.kind === "int") c.failWith("ST_ERR_UNSUPPORTED", "bit access (x.0)");
        c.ident("a member name");
        return { k: "member", obj: t.text, member: m.text, pos, memberPos: { line: m.line, col: m.col } };
      }
      if (c.is("[")) c.failWith("ST_ERR_UNSUPPORTED", "ARRAY");
      return { k: "name", name: t.text, pos };
    }
    case "op":
      if (t.text === "(") {
        c.next();
        const inner = parseExpr(c);
        c.expect(")");
        return inner;
      }
      break;
    default:
      break;
  }
  return c.fail("an expression");
}

function parseCall(c: Cursor, name: string, pos: Expr["pos"]): Expr {
  c.expect("(");
  const args: Expr[] = [];
  if (!c.is(")")) {
    for (;;) {
      if (c.tok.kind === "ident" && (c.peek().text === ":=" || c.peek().text === "=>")) {
        c.failWith("ST_ERR_UNSUPPORTED", "named arguments in a function call");
      }
      args.push(parseExpr(c));
      if (!c.accept(",")) break;
    }
  }
  c.expect(")", '"," or ")"');
  return { k: "call", name, args, pos };
}
