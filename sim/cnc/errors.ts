/**
 * Every error the G-code parser, interpreter and planner can report, in one list (the fastify
 * `lib/errors.js` habit): a stable code, and a message template that says why. Where (line, column) is
 * carried next to the message so tools can point at it; `formatGcodeError` gives the one-line form
 * `line 42 col 9: G2 needs I/J or R in plane G17`.
 */

type Arg = string | number;

export const GCODE_ERRORS = {
  GCODE_ERR_UNEXPECTED_CHAR: (ch: Arg) => `unexpected character "${ch}"`,
  GCODE_ERR_NO_NUMBER: (letter: Arg) => `word ${letter} has no number`,
  GCODE_ERR_UNCLOSED_COMMENT: () => `comment "(" is not closed on this line`,
  GCODE_ERR_NESTED_COMMENT: () => `"(" inside a comment`,
  GCODE_ERR_DUPLICATE_WORD: (letter: Arg) => `word ${letter} appears twice in one block`,
  GCODE_ERR_UNSUPPORTED: (word: Arg, machine: Arg) =>
    `${word} is not supported (and not listed as ignorable for machine ${machine})`,
  GCODE_ERR_MODAL_CONFLICT: (a: Arg, b: Arg, group: Arg) => `${a} and ${b} are both in modal group ${group}`,
  GCODE_ERR_AXIS_NOT_ON_MACHINE: (axis: Arg, machine: Arg) =>
    `axis ${axis} does not exist on machine ${machine}`,
  GCODE_ERR_AXIS_WITHOUT_MOTION: () => `axis words with no motion mode (G80 is active)`,
  GCODE_ERR_NO_FEED: (g: Arg) => `${g} needs a feed rate F (none programmed since the last feed-mode change)`,
  GCODE_ERR_BAD_FEED: (f: Arg) => `F${f} must be greater than 0`,
  GCODE_ERR_SPINDLE_STOPPED: (g: Arg) => `${g} cuts with the spindle stopped (program M3 or M4 with S first)`,
  GCODE_ERR_SPINDLE_SPEED: (s: Arg, max: Arg) => `S${s} exceeds the spindle maximum of ${max} rpm`,
  GCODE_ERR_ARC_NO_CENTER: (g: Arg, words: Arg, plane: Arg) => `${g} needs ${words} or R in plane ${plane}`,
  GCODE_ERR_ARC_BAD_OFFSET: (word: Arg, plane: Arg) => `${word} is not an arc centre word in plane ${plane}`,
  GCODE_ERR_ARC_RADIUS_MISMATCH: (g: Arg, rs: Arg, re: Arg) =>
    `${g} end point is not on the arc: radius ${rs} mm at the start, ${re} mm at the end`,
  GCODE_ERR_ARC_R_TOO_SMALL: (r: Arg, chord: Arg) => `R ${r} mm is too small for a chord of ${chord} mm`,
  GCODE_ERR_ARC_R_FULL_CIRCLE: (g: Arg) => `${g} with R cannot describe a full circle; use centre words`,
  GCODE_ERR_ARC_ZERO_RADIUS: (g: Arg) => `${g} has a zero radius`,
  GCODE_ERR_TRAVEL_LIMIT: (axis: Arg, pos: Arg, side: Arg, limit: Arg) =>
    `axis ${axis} would reach ${pos} mm (machine), beyond its ${side} travel limit of ${limit} mm`,
  GCODE_ERR_TOOL_NUMBER: (t: Arg, size: Arg) => `T${t} is beyond the tool magazine (${size} pockets)`,
  GCODE_ERR_NO_TOOL_SELECTED: () => `M6 needs a tool selected with T`,
  GCODE_ERR_NEEDS_WORD: (what: Arg, word: Arg, why: Arg) => `${what} needs ${word} (${why})`,
  GCODE_ERR_BAD_VALUE: (word: Arg, why: Arg) => `${word} ${why}`,
  GCODE_ERR_CANNED_R_BELOW_Z: (g: Arg, r: Arg, z: Arg) =>
    `${g} retract plane R (${r} mm) must lie above the hole bottom (${z} mm)`,
  GCODE_ERR_SUB_NOT_FOUND: (p: Arg) => `M98 P${p}: no program O${p} in this file`,
  GCODE_ERR_SUB_DEPTH: (max: Arg) => `subprogram calls nested deeper than ${max} levels`,
  GCODE_ERR_M99_IN_MAIN: () => `M99 outside a subprogram`,
  GCODE_ERR_NO_END: () => `program ends without M30 or M2`,
  GCODE_ERR_NO_M99: (o: Arg) => `subprogram O${o} ends without M99`,
  GCODE_ERR_TOO_LONG: (max: Arg) => `program expands to more than ${max} blocks (endless subprogram loop?)`,
} as const;

export type GcodeErrorCode = keyof typeof GCODE_ERRORS;

/** One error on one line of an NC program; `line` and `col` are 1-based, `col` points at the word. */
export interface GcodeError {
  code: GcodeErrorCode;
  line: number;
  col: number;
  message: string;
}

/** Builds an error from the central list: `gcodeError("GCODE_ERR_NO_NUMBER", 3, 5, "X")`. */
export function gcodeError<C extends GcodeErrorCode>(
  code: C,
  line: number,
  col: number,
  ...args: Parameters<(typeof GCODE_ERRORS)[C]>
): GcodeError {
  const template = GCODE_ERRORS[code] as (...a: Arg[]) => string;
  return { code, line, col, message: template(...(args as Arg[])) };
}

/** `line 42 col 9: G2 needs I/J or R in plane G17` */
export function formatGcodeError(e: GcodeError): string {
  return `line ${e.line} col ${e.col}: ${e.message}`;
}

/** Millimetres with three decimals for messages (positions in the core are metres). */
export function mm(m: number): string {
  const v = m * 1000;
  return (Object.is(Math.round(v * 1000), -0) ? 0 : v).toFixed(3);
}
