/**
 * Every error the Structured Text compiler and the soft PLC can report, in one list (fastify
 * `lib/errors.js` style): a stable code, a message template, and where (line:col, 1-based).
 */

export const ST_ERR = {
  ST_ERR_CHAR: (ch: string) => `unexpected character "${ch}"`,
  ST_ERR_UNTERMINATED_COMMENT: () => "comment is not closed",
  ST_ERR_NUMBER: (text: string) => `bad number literal "${text}"`,
  ST_ERR_TIME_LITERAL: (text: string) => `bad TIME literal "${text}": expected e.g. T#1s500ms`,
  ST_ERR_EXPECTED: (what: string, found: string) => `expected ${what}, found ${found}`,
  ST_ERR_UNSUPPORTED: (what: string) => `${what} is not supported by this soft PLC`,
  ST_ERR_NO_PROGRAM: () => "no PROGRAM in the source",
  ST_ERR_PROGRAM_NOT_FOUND: (name: string) => `no PROGRAM named "${name}"`,
  ST_ERR_MANY_PROGRAMS: (names: string) => `several PROGRAMs (${names}): say which one to run`,
  ST_ERR_DUPLICATE_POU: (name: string) => `"${name}" is declared twice`,
  ST_ERR_DUPLICATE_VAR: (name: string) => `variable "${name}" is declared twice`,
  ST_ERR_UNKNOWN_TYPE: (name: string) => `unknown type "${name}"`,
  ST_ERR_UNDECLARED: (name: string) => `"${name}" is not declared`,
  ST_ERR_TYPE_MISMATCH: (from: string, to: string, target: string) =>
    `cannot assign ${from} to ${to} ${target}`,
  ST_ERR_RANGE: (value: number, type: string, lo: number, hi: number) =>
    `${value} is out of range for ${type} (${lo}..${hi})`,
  ST_ERR_OPERAND: (op: string, types: string) => `operator ${op} cannot take ${types}`,
  ST_ERR_CONDITION: (where: string, type: string) => `${where} needs a BOOL, got ${type}`,
  ST_ERR_NOT_ASSIGNABLE: (what: string) => `${what} cannot be assigned`,
  ST_ERR_NOT_FB: (name: string) => `"${name}" is not a function block instance`,
  ST_ERR_FB_AS_VALUE: (name: string) => `function block instance "${name}" is not a value`,
  ST_ERR_UNKNOWN_MEMBER: (inst: string, member: string) => `"${inst}" has no input or output "${member}"`,
  ST_ERR_PARAM_DIRECTION: (param: string, fb: string, how: string) =>
    `"${param}" of ${fb} must be passed with ${how}`,
  ST_ERR_IN_OUT_ARG: (param: string) => `VAR_IN_OUT "${param}" needs a variable in every call`,
  ST_ERR_UNKNOWN_FUNCTION: (name: string) => `unknown function "${name}"`,
  ST_ERR_ARG_COUNT: (name: string, expected: string, got: number) =>
    `${name} takes ${expected} argument(s), got ${got}`,
  ST_ERR_ARG_TYPE: (name: string, index: number, expected: string, got: string) =>
    `argument ${index} of ${name} must be ${expected}, got ${got}`,
  ST_ERR_EXIT_OUTSIDE_LOOP: () => "EXIT outside FOR, WHILE or REPEAT",
  ST_ERR_CASE_SELECTOR: (type: string) => `CASE needs an INT or DINT selector, got ${type}`,
  ST_ERR_CASE_LABEL: (value: number) => `CASE label ${value} appears twice`,
  ST_ERR_FOR_VAR: (name: string) => `FOR control variable "${name}" must be an INT or DINT variable`,
  ST_ERR_RECURSIVE_FB: (name: string) => `function block "${name}" contains itself`,
  ST_ERR_CONSTANT_INIT: (name: string) => `initial value of "${name}" must be a literal`,
  ST_ERR_WATCHDOG: (budget: number) => `watchdog: the scan ran more than ${budget} loop iterations`,
  ST_ERR_DIV_ZERO: () => "integer division by zero",
} as const;

export type StErrorCode = keyof typeof ST_ERR;

/** A compile error or a runtime fault, with the 1-based line and column it refers to. */
export interface StError {
  code: StErrorCode;
  message: string;
  line: number;
  col: number;
}

/** Source position, 1-based. */
export interface Pos {
  line: number;
  col: number;
}

export function stError<C extends StErrorCode>(
  code: C,
  pos: Pos,
  ...args: Parameters<(typeof ST_ERR)[C]>
): StError {
  const template = ST_ERR[code] as (...a: unknown[]) => string;
  return { code, message: template(...args), line: pos.line, col: pos.col };
}

/** `cell.st:12:5 ST_ERR_TYPE_MISMATCH cannot assign REAL to BOOL variable "Run"` */
export function formatStError(e: StError, fileName?: string): string {
  const where = fileName ? `${fileName}:${e.line}:${e.col}` : `${e.line}:${e.col}`;
  return `${where} ${e.code} ${e.message}`;
}

/** Thrown by the parser to stop at the first syntax error; never escapes `parseSt`. */
export class StSyntaxError extends Error {
  constructor(readonly error: StError) {
    super(error.message);
  }
}
