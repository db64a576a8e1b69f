import { type GcodeError, gcodeError } from "./errors";

/**
 * One address word: a letter and a number, `X-12.5`, `G83`, `N120`. Values are in program units
 * (mm or inch, per G20/G21), unconverted: the interpreter knows the units, the parser does not.
 */
export interface GcodeWord {
  /** upper case letter A–Z */
  letter: string;
  value: number;
  /** the number was written with a decimal point (`P1.` is seconds, `P1000` milliseconds in G4) */
  decimal: boolean;
  /** 1-based column of the letter */
  col: number;
}

/** One line of the program after comments and block delete have been taken apart. */
export interface GcodeBlock {
  /** 1-based line number in the file (not the N sequence number) */
  line: number;
  /** every word except N and O, in written order */
  words: GcodeWord[];
  /** N sequence number, when written */
  n?: number | undefined;
  /** O program number: this block starts program `O<o>` (main program or subprogram) */
  o?: number | undefined;
  /** the block starts with `/` and is skipped when the block-delete switch is on */
  blockDelete: boolean;
  /** comment text, `( … )` and `;` parts joined with a space */
  comment?: string | undefined;
}

export interface GcodeProgram {
  /** non-empty blocks only, in file order */
  blocks: GcodeBlock[];
  /** number of lines in the file (for statistics: lines parsed per second) */
  lineCount: number;
}

export interface ParseResult {
  program: GcodeProgram;
  errors: GcodeError[];
}

const CODE_A = 65;
const CODE_Z = 90;
const CODE_a = 97;
const CODE_z = 122;
const CODE_0 = 48;
const CODE_9 = 57;
const CODE_DOT = 46;
const CODE_PLUS = 43;
const CODE_MINUS = 45;

function isDigit(c: number): boolean {
  return c >= CODE_0 && c <= CODE_9;
}

function isSpace(c: number): boolean {
  return c === 32 || c === 9 || c === 13 || c === 12 || c === 11;
}

/**
 * Parses an NC program (ISO 6983 / RS-274, Fanuc-style): `%` delimiters, `O` numbers, `N` numbers,
 * `( … )` and `;` comments, block delete `/`, case-insensitive letters, decimal and integer numbers.
 * Pure: no I/O. Errors name the line and column; a line with an error yields no block.
 */
export function parseGcode(text: string): ParseResult {
  const blocks: GcodeBlock[] = [];
  const errors: GcodeError[] = [];
  let lineNo = 0;
  let pos = 0;
  let percentSeen = 0;
  const len = text.length;
  while (pos <= len) {
    let end = text.indexOf("\n", pos);
    if (end < 0) end = len;
    lineNo++;
    if (percentSeen < 2) {
      const trimmed = trimmedPercent(text, pos, end);
      if (trimmed) {
        percentSeen++;
      } else {
        const block = parseLine(text, pos, end, lineNo, errors);
        if (block !== null) blocks.push(block);
      }
    }
    pos = end + 1;
    if (end === len) break;
  }
  return { program: { blocks, lineCount: lineNo }, errors };
}

/** True when the line holds only `%` (and blanks); text after a closing `%` is not part of the program. */
function trimmedPercent(text: string, start: number, end: number): boolean {
  let seen = false;
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c === 37 && !seen) seen = true;
    else if (!isSpace(c)) return false;
  }
  return seen;
}

function parseLine(
  text: string,
  start: number,
  end: number,
  line: number,
  errors: GcodeError[],
): GcodeBlock | null {
  let i = start;
  while (i < end && isSpace(text.charCodeAt(i))) i++;
  let blockDelete = false;
  if (i < end && text.charCodeAt(i) === 47) {
    blockDelete = true;
    i++;
  }
  const words: GcodeWord[] = [];
  let comment: string | undefined;
  let n: number | undefined;
  let o: number | undefined;
  let seen = 0; // bit set of letters already used (G and M may repeat)
  while (i < end) {
    const c = text.charCodeAt(i);
    const col = i - start + 1;
    if (isSpace(c)) {
      i++;
      continue;
    }
    if (c === 40) {
      const close = text.indexOf(")", i + 1);
      if (close < 0 || close >= end) {
        errors.push(gcodeError("GCODE_ERR_UNCLOSED_COMMENT", line, col));
        return null;
      }
      const inner = text.slice(i + 1, close);
      if (inner.includes("(")) {
        errors.push(gcodeError("GCODE_ERR_NESTED_COMMENT", line, col + 1 + inner.indexOf("(")));
        return null;
      }
      comment = comment === undefined ? inner.trim() : `${comment} ${inner.trim()}`;
      i = close + 1;
      continue;
    }
    if (c === 59) {
      const inner = text.slice(i + 1, end).trim();
      comment = comment === undefined ? inner : `${comment} ${inner}`;
      break;
    }
    let upper = c;
    if (c >= CODE_a && c <= CODE_z) upper = c - 32;
    if (upper < CODE_A || upper > CODE_Z) {
      errors.push(gcodeError("GCODE_ERR_UNEXPECTED_CHAR", line, col, text[i] ?? ""));
      return null;
    }
    const letter = String.fromCharCode(upper);
    i++;
    if (upper === 79 && i < end && text.charCodeAt(i) === 58) i++; // `O:1000` is an older form of O1000
    while (i < end && isSpace(text.charCodeAt(i))) i++;
    const numStart = i;
    if (i < end) {
      const s = text.charCodeAt(i);
      if (s === CODE_PLUS || s === CODE_MINUS) i++;
    }
    let digits = 0;
    let decimal = false;
    while (i < end) {
      const d = text.charCodeAt(i);
      if (isDigit(d)) digits++;
      else if (d === CODE_DOT && !decimal) decimal = true;
      else break;
      i++;
    }
    if (digits === 0) {
      errors.push(gcodeError("GCODE_ERR_NO_NUMBER", line, col, letter));
      return null;
    }
    const value = Number(text.slice(numStart, i));
    const bit = 1 << (upper - CODE_A);
    if (upper !== 71 && upper !== 77 && (seen & bit) !== 0) {
      errors.push(gcodeError("GCODE_ERR_DUPLICATE_WORD", line, col, letter));
      return null;
    }
    seen |= bit;
    if (upper === 78) n = value;
    else if (upper === 79) o = value;
    else words.push({ letter, value, decimal, col });
  }
  if (words.length === 0 && n === undefined && o === undefined && comment === undefined) return null;
  return { line, words, n, o, blockDelete, comment };
}
