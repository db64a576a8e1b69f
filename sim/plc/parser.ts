import type { CallArg, CaseLabel, Expr, LValue, Pou, Stmt, StSource, VarDecl, VarSection } from "./ast";
import { type StError, StSyntaxError } from "./errors";
import { tokenize } from "./lexer";
import { Cursor, parseExpr } from "./parse-expr";

export type ParseResult = { ok: true; ast: StSource } | { ok: false; errors: StError[] };

/**
 * Parses Structured Text into a syntax tree. Pure: no I/O, same text ⇒ same tree. Stops at the first
 * syntax error and reports it with line and column; type errors come later, from `compileSt`.
 */
export function parseSt(text: string): ParseResult {
  try {
    const c = new Cursor(tokenize(text));
    const pous: Pou[] = [];
    while (c.tok.kind !== "eof") pous.push(parsePou(c));
    return { ok: true, ast: { pous } };
  } catch (e) {
    if (e instanceof StSyntaxError) return { ok: false, errors: [e.error] };
    throw e;
  }
}

const UNSUPPORTED_POU: Record<string, string> = {
  FUNCTION: "FUNCTION (use a FUNCTION_BLOCK)",
  TYPE: "TYPE declarations",
  VAR_GLOBAL: "VAR_GLOBAL",
};

function parsePou(c: Cursor): Pou {
  const t = c.tok;
  if (UNSUPPORTED_POU[t.upper] && t.kind === "keyword")
    c.failWith("ST_ERR_UNSUPPORTED", UNSUPPORTED_POU[t.upper]!);
  if (!c.is("PROGRAM") && !c.is("FUNCTION_BLOCK")) c.fail("PROGRAM or FUNCTION_BLOCK");
  const kind = c.next().upper as Pou["kind"];
  const name = c.ident(`the ${kind} name`);
  const vars: VarDecl[] = [];
  while (c.tok.kind === "keyword" && c.tok.upper.startsWith("VAR")) parseVarBlock(c, vars);
  const end = kind === "PROGRAM" ? "END_PROGRAM" : "END_FUNCTION_BLOCK";
  const body = parseStatements(c, [end]);
  c.expect(end);
  return { kind, name: name.text, vars, body, pos: { line: t.line, col: t.col } };
}

function parseVarBlock(c: Cursor, out: VarDecl[]): void {
  const head = c.tok;
  if (!["VAR", "VAR_INPUT", "VAR_OUTPUT", "VAR_IN_OUT"].includes(head.upper)) {
    c.failWith("ST_ERR_UNSUPPORTED", head.upper);
  }
  c.next();
  const section = head.upper as VarSection;
  let constant = false;
  if (c.is("CONSTANT")) {
    c.next();
    constant = true;
  }
  if (c.is("RETAIN")) c.failWith("ST_ERR_UNSUPPORTED", "RETAIN");
  while (!c.is("END_VAR")) {
    const names = [c.ident("a variable name or END_VAR")];
    while (c.accept(",")) names.push(c.ident("a variable name"));
    if (c.is("AT")) c.failWith("ST_ERR_UNSUPPORTED", "AT addresses");
    c.expect(":", '":"');
    const typeTok = c.tok;
    if (typeTok.kind !== "ident") c.fail("a type name");
    c.next();
    if (typeTok.upper === "ARRAY" || typeTok.upper === "STRING" || typeTok.upper === "POINTER") {
      c.failWith("ST_ERR_UNSUPPORTED", typeTok.upper);
    }
    let init: Expr | null = null;
    if (c.accept(":=")) init = parseExpr(c);
    c.expect(";", '";"');
    for (const n of names) {
      out.push({
        name: n.text,
        typeName: typeTok.text,
        init,
        section,
        constant,
        pos: { line: n.line, col: n.col },
        typePos: { line: typeTok.line, col: typeTok.col },
      });
    }
  }
  c.expect("END_VAR");
}

/** Statements up to (not including) one of the `stop` keywords. */
function parseStatements(c: Cursor, stop: string[], stopAtCaseLabel = false): Stmt[] {
  const body: Stmt[] = [];
  for (;;) {
    if (stop.some((s) => c.is(s))) return body;
    if (stopAtCaseLabel && startsCaseLabel(c)) return body;
    if (c.tok.kind === "eof") c.fail(stop.join(" or "));
    if (c.accept(";")) continue;
    if (c.tok.kind === "keyword" && !STATEMENT_KEYWORDS.has(c.tok.upper)) {
      c.fail(`a statement or ${stop.join(", ")}`);
    }
    body.push(parseStatement(c));
  }
}

const STATEMENT_KEYWORDS = new Set(["IF", "CASE", "FOR", "WHILE", "REPEAT", "EXIT", "RETURN"]);

function startsCaseLabel(c: Cursor): boolean {
  return c.tok.kind === "int" || (c.is("-") && c.peek().kind === "int");
}

function parseStatement(c: Cursor): Stmt {
  const t = c.tok;
  const pos = { line: t.line, col: t.col };
  if (t.kind === "keyword") {
    switch (t.upper) {
      case "IF":
        return parseIf(c);
      case "CASE":
        return parseCase(c);
      case "FOR":
        return parseFor(c);
      case "WHILE": {
        c.next();
        const cond = parseExpr(c);
        c.expect("DO");
        const body = parseStatements(c, ["END_WHILE"]);
        c.expect("END_WHILE");
        c.expect(";", '";"');
        return { k: "while", cond, body, pos };
      }
      case "REPEAT": {
        c.next();
        const body = parseStatements(c, ["UNTIL"]);
        c.expect("UNTIL");
        const until = parseExpr(c);
        c.expect("END_REPEAT");
        c.expect(";", '";"');
        return { k: "repeat", body, until, pos };
      }
      case "EXIT":
      case "RETURN":
        c.next();
        c.expect(";", '";"');
        return { k: t.upper === "EXIT" ? "exit" : "return", pos };
      default:
        c.fail("a statement");
    }
  }
  if (t.kind !== "ident") c.fail("a statement");
  c.next();
  if (c.is("(")) {
    const args = parseFbArgs(c);
    c.expect(";", '";"');
    return { k: "fbcall", inst: t.text, args, pos };
  }
  let target: LValue = { k: "name", name: t.text, pos };
  if (c.accept(".")) {
    const m = c.ident("a member name");
    target = { k: "member", obj: t.text, member: m.text, pos, memberPos: { line: m.line, col: m.col } };
  }
  if (c.is("[")) c.failWith("ST_ERR_UNSUPPORTED", "ARRAY");
  c.expect(":=", '":=" or "("');
  const value = parseExpr(c);
  c.expect(";", '";"');
  return { k: "assign", target, value, pos };
}

function parseFbArgs(c: Cursor): CallArg[] {
  c.expect("(");
  const args: CallArg[] = [];
  if (!c.is(")")) {
    for (;;) {
      const name = c.ident("a parameter name (IN := ...)");
      const output = c.is("=>");
      if (!output && !c.is(":=")) c.fail('":=" or "=>"');
      c.next();
      const value = parseExpr(c);
      args.push({ name: name.text, output, value, pos: { line: name.line, col: name.col } });
      if (!c.accept(",")) break;
    }
  }
  c.expect(")", '"," or ")"');
  return args;
}

function parseIf(c: Cursor): Stmt {
  const t = c.expect("IF");
  const branches: { cond: Expr; body: Stmt[] }[] = [];
  let otherwise: Stmt[] | null = null;
  const cond = parseExpr(c);
  c.expect("THEN");
  branches.push({ cond, body: parseStatements(c, ["ELSIF", "ELSE", "END_IF"]) });
  while (c.accept("ELSIF")) {
    const cnd = parseExpr(c);
    c.expect("THEN");
    branches.push({ cond: cnd, body: parseStatements(c, ["ELSIF", "ELSE", "END_IF"]) });
  }
  if (c.accept("ELSE")) otherwise = parseStatements(c, ["END_IF"]);
  c.expect("END_IF");
  c.expect(";", '";"');
  return { k: "if", branches, otherwise, pos: { line: t.line, col: t.col } };
}

function parseCaseValue(c: Cursor): number {
  const neg = c.accept("-") !== null;
  if (c.tok.kind !== "int") c.fail("an integer CASE label");
  const v = c.next().value;
  return neg ? -v : v;
}

function parseCase(c: Cursor): Stmt {
  const t = c.expect("CASE");
  const selector = parseExpr(c);
  c.expect("OF");
  const arms: { labels: CaseLabel[]; body: Stmt[] }[] = [];
  let otherwise: Stmt[] | null = null;
  while (!c.is("END_CASE")) {
    if (c.accept("ELSE")) {
      otherwise = parseStatements(c, ["END_CASE"]);
      break;
    }
    const labels: CaseLabel[] = [];
    for (;;) {
      const p = { line: c.tok.line, col: c.tok.col };
      const lo = parseCaseValue(c);
      const hi = c.accept("..") ? parseCaseValue(c) : lo;
      labels.push({ lo, hi, pos: p });
      if (!c.accept(",")) break;
    }
    c.expect(":", '":"');
    arms.push({ labels, body: parseStatements(c, ["ELSE", "END_CASE"], true) });
  }
  c.expect("END_CASE");
  c.expect(";", '";"');
  return { k: "case", selector, arms, otherwise, pos: { line: t.line, col: t.col } };
}

function parseFor(c: Cursor): Stmt {
  const t = c.expect("FOR");
  const v = c.ident("the FOR control variable");
  c.expect(":=");
  const from = parseExpr(c);
  c.expect("TO");
  const to = parseExpr(c);
  const by = c.accept("BY") ? parseExpr(c) : null;
  c.expect("DO");
  const body = parseStatements(c, ["END_FOR"]);
  c.expect("END_FOR");
  c.expect(";", '";"');
  return {
    k: "for",
    variable: v.text,
    varPos: { line: v.line, col: v.col },
    from,
    to,
    by,
    body,
    pos: { line: t.line, col: t.col },
  };
}
