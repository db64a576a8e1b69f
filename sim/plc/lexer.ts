import { StSyntaxError, stError } from "./errors";

/**
 * Tokens of the Structured Text subset. Keywords and identifiers are case-insensitive in IEC 61131-3,
 * so `upper` carries the canonical spelling and `text` the one the author wrote.
 */
export type TokenKind = "ident" | "keyword" | "int" | "real" | "time" | "op" | "eof";

export interface Token {
  kind: TokenKind;
  text: string;
  upper: string;
  /** numeric value: integers and reals as written, TIME in µs */
  value: number;
  line: number;
  col: number;
}

const KEYWORDS = new Set([
  "PROGRAM",
  "END_PROGRAM",
  "FUNCTION_BLOCK",
  "END_FUNCTION_BLOCK",
  "FUNCTION",
  "END_FUNCTION",
  "VAR",
  "VAR_INPUT",
  "VAR_OUTPUT",
  "VAR_IN_OUT",
  "VAR_GLOBAL",
  "VAR_TEMP",
  "VAR_EXTERNAL",
  "END_VAR",
  "CONSTANT",
  "RETAIN",
  "AT",
  "IF",
  "THEN",
  "ELSIF",
  "ELSE",
  "END_IF",
  "CASE",
  "OF",
  "END_CASE",
  "FOR",
  "TO",
  "BY",
  "DO",
  "END_FOR",
  "WHILE",
  "END_WHILE",
  "REPEAT",
  "UNTIL",
  "END_REPEAT",
  "EXIT",
  "RETURN",
  "TRUE",
  "FALSE",
  "NOT",
  "AND",
  "OR",
  "XOR",
  "MOD",
  "TYPE",
  "END_TYPE",
]);

/** Longest first, so `<=` wins over `<` and `**` over `*`. */
const OPERATORS = [
  ":=",
  "=>",
  "<=",
  ">=",
  "<>",
  "**",
  "..",
  "+",
  "-",
  "*",
  "/",
  "<",
  ">",
  "=",
  "(",
  ")",
  ",",
  ";",
  ":",
  ".",
  "&",
  "[",
  "]",
];

/** µs per TIME unit; `ms` and `us` are tried before `m` and `s`. */
const TIME_UNITS: [string, number][] = [
  ["ms", 1_000],
  ["us", 1],
  ["d", 86_400_000_000],
  ["h", 3_600_000_000],
  ["m", 60_000_000],
  ["s", 1_000_000],
];

/** Parses the part after `T#` (e.g. `1s500ms`, `1.5s`, `2m_30s`) into µs, or null when malformed. */
export function parseTimeBody(body: string): number | null {
  let rest = body.toLowerCase();
  let sign = 1;
  if (rest.startsWith("-")) {
    sign = -1;
    rest = rest.slice(1);
  }
  if (rest.length === 0) return null;
  let total = 0;
  while (rest.length > 0) {
    if (rest.startsWith("_")) rest = rest.slice(1);
    const num = /^(\d+(?:\.\d+)?)/.exec(rest);
    if (!num) return null;
    rest = rest.slice(num[1]!.length);
    const unit = TIME_UNITS.find(([u]) => rest.startsWith(u));
    if (!unit) return null;
    rest = rest.slice(unit[0].length);
    total += Number(num[1]) * unit[1];
  }
  return sign * Math.round(total);
}

function isIdentStart(c: string): boolean {
  return (c >= "a" && c <= "z") || (c >= "A" && c <= "Z") || c === "_";
}

function isIdentPart(c: string): boolean {
  return isIdentStart(c) || (c >= "0" && c <= "9");
}

function isDigit(c: string): boolean {
  return c >= "0" && c <= "9";
}

/** Splits ST source into tokens; throws StSyntaxError at the first lexical error. */
export function tokenize(src: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  let line = 1;
  let lineStart = 0;
  const at = (k = 0) => src[i + k] ?? "";
  const pos = (index: number) => ({ line, col: index - lineStart + 1 });
  const push = (kind: TokenKind, start: number, text: string, value = 0) => {
    const p = pos(start);
    tokens.push({ kind, text, upper: text.toUpperCase(), value, line: p.line, col: p.col });
  };

  while (i < src.length) {
    const c = at();
    if (c === "\n") {
      i++;
      line++;
      lineStart = i;
      continue;
    }
    if (c === " " || c === "\t" || c === "\r") {
      i++;
      continue;
    }
    if (c === "/" && at(1) === "/") {
      while (i < src.length && at() !== "\n") i++;
      continue;
    }
    if ((c === "(" && at(1) === "*") || (c === "/" && at(1) === "*")) {
      const close = c === "(" ? "*)" : "*/";
      const start = pos(i);
      i += 2;
      while (i < src.length && !(at() === close[0] && at(1) === close[1])) {
        if (at() === "\n") {
          line++;
          lineStart = i + 1;
        }
        i++;
      }
      if (i >= src.length) throw new StSyntaxError(stError("ST_ERR_UNTERMINATED_COMMENT", start));
      i += 2;
      continue;
    }
    if (isIdentStart(c)) {
      const start = i;
      while (isIdentPart(at())) i++;
      const word = src.slice(start, i);
      const upper = word.toUpperCase();
      if ((upper === "T" || upper === "TIME") && at() === "#") {
        i++;
        const bodyStart = i;
        while (/[0-9a-zA-Z_.-]/.test(at())) i++;
        const text = src.slice(start, i);
        const us = parseTimeBody(src.slice(bodyStart, i));
        if (us === null) throw new StSyntaxError(stError("ST_ERR_TIME_LITERAL", pos(start), text));
        push("time", start, text, us);
        continue;
      }
      if (at() === "#") {
        throw new StSyntaxError(stError("ST_ERR_UNSUPPORTED", pos(start), `typed literal "${word}#"`));
      }
      push(KEYWORDS.has(upper) ? "keyword" : "ident", start, word);
      continue;
    }
    if (isDigit(c)) {
      i = lexNumber(src, i, pos(i), push);
      continue;
    }
    if (c === "'" || c === '"') {
      throw new StSyntaxError(stError("ST_ERR_UNSUPPORTED", pos(i), "STRING"));
    }
    if (c === "%") {
      throw new StSyntaxError(stError("ST_ERR_UNSUPPORTED", pos(i), "direct addressing (%I, %Q, %M)"));
    }
    const op = OPERATORS.find((o) => src.startsWith(o, i));
    if (!op) throw new StSyntaxError(stError("ST_ERR_CHAR", pos(i), c));
    push("op", i, op);
    i += op.length;
  }
  push("eof", i, "");
  const last = tokens[tokens.length - 1]!;
  last.text = "end of file";
  return tokens;
}

function lexNumber(
  src: string,
  start: number,
  p: { line: number; col: number },
  push: (kind: TokenKind, start: number, text: string, value: number) => void,
): number {
  let i = start;
  while (isDigit(src[i] ?? "") || src[i] === "_") i++;
  if (src[i] === "#") {
    const base = Number(src.slice(start, i).replaceAll("_", ""));
    i++;
    const digitsStart = i;
    while (/[0-9a-fA-F_]/.test(src[i] ?? "")) i++;
    const text = src.slice(start, i);
    const digits = src.slice(digitsStart, i).replaceAll("_", "");
    const valid = { 2: /^[01]+$/, 8: /^[0-7]+$/, 16: /^[0-9a-fA-F]+$/ }[base as 2 | 8 | 16];
    if (!valid?.test(digits)) throw new StSyntaxError(stError("ST_ERR_NUMBER", p, text));
    push("int", start, text, Number.parseInt(digits, base));
    return i;
  }
  let isReal = false;
  // `1..5` is a CASE range, not the real number `1.`
  if (src[i] === "." && isDigit(src[i + 1] ?? "")) {
    isReal = true;
    i++;
    while (isDigit(src[i] ?? "") || src[i] === "_") i++;
  }
  if (src[i] === "e" || src[i] === "E") {
    const save = i;
    i++;
    if (src[i] === "+" || src[i] === "-") i++;
    if (isDigit(src[i] ?? "")) {
      isReal = true;
      while (isDigit(src[i] ?? "")) i++;
    } else {
      i = save;
    }
  }
  const text = src.slice(start, i);
  if (isIdentStart(src[i] ?? "")) {
    let end = i;
    while (isIdentPart(src[end] ?? "")) end++;
    throw new StSyntaxError(stError("ST_ERR_NUMBER", p, src.slice(start, end)));
  }
  const value = Number(text.replaceAll("_", ""));
  push(isReal ? "real" : "int", start, text, value);
  return i;
}
