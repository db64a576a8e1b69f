import { GCODE_ERRORS, type GcodeError, type GcodeErrorCode, mm } from "./errors";
import type { MachineDefinition, MachineSetup, Vec3, WorkOffsetCode } from "./machine-types";
import type { ModalState } from "./modal";
import type { GcodeBlock, GcodeWord } from "./parser";
import type { ToolpathOp } from "./toolpath";

/** Everything the interpreter carries from block to block. Positions are machine coordinates, m. */
export interface InterpCtx {
  machine: MachineDefinition;
  setup: MachineSetup;
  modal: ModalState;
  pos: Vec3;
  /** F as written, in program units per minute or per revolution; undefined after a feed-mode change */
  fRaw: number | undefined;
  /** programmed spindle speed S, rpm */
  sRpm: number;
  /** spindle command last put in the tool path, rpm (signed: M4 negative; 0 stopped) */
  rpmCmd: number;
  /** T waiting for M6 (machining centre) */
  selectedTool: number | undefined;
  /** tool in the spindle or at the cutting position, 0 = none */
  tool: number;
  /** tool length offset in force, m (0 after G49) */
  lengthOffsetM: number;
  /** canned-cycle words kept between blocks (program units) and the initial level, m */
  canned: {
    initial: number;
    z?: number | undefined;
    r?: number | undefined;
    q?: number | undefined;
    p?: number;
  };
  ops: ToolpathOp[];
  toolsUsed: number[];
}

/** A block's words by letter; G and M may occur several times and are kept in lists. */
export interface BlockWords {
  block: GcodeBlock;
  byLetter: (GcodeWord | undefined)[];
  g: GcodeWord[];
  m: GcodeWord[];
}

/** Thrown inside a block to abandon it with one error; the interpreter records it and goes on. */
export class BlockAbort extends Error {
  constructor(readonly error: GcodeError) {
    super(error.message);
  }
}

/** Abandons the current block with an error from the central list. */
export function fail<C extends GcodeErrorCode>(
  b: BlockWords,
  col: number,
  code: C,
  ...args: Parameters<(typeof GCODE_ERRORS)[C]>
): never {
  const template = GCODE_ERRORS[code] as (...a: (string | number)[]) => string;
  throw new BlockAbort({
    code,
    line: b.block.line,
    col,
    message: template(...(args as (string | number)[])),
  });
}

export function word(b: BlockWords, letter: string): GcodeWord | undefined {
  return b.byLetter[letter.charCodeAt(0) - 65];
}

/** One reused BlockWords: blocks are executed one at a time, so the scratch spares an allocation per line. */
const scratch: BlockWords = {
  block: { line: 0, words: [], blockDelete: false },
  byLetter: new Array(26),
  g: [],
  m: [],
};

/** Sorts a block's words by letter into the shared scratch (valid until the next call). */
export function splitWords(block: GcodeBlock): BlockWords {
  const { byLetter, g, m } = scratch;
  for (const w of scratch.block.words) byLetter[w.letter.charCodeAt(0) - 65] = undefined;
  g.length = 0;
  m.length = 0;
  scratch.block = block;
  for (const w of block.words) {
    if (w.letter === "G") g.push(w);
    else if (w.letter === "M") m.push(w);
    else byLetter[w.letter.charCodeAt(0) - 65] = w;
  }
  return scratch;
}

/** m per program unit */
export function unitM(ctx: InterpCtx): number {
  return ctx.modal.units === 20 ? 0.0254 : 0.001;
}

const OFFSET_KEY: readonly WorkOffsetCode[] = ["G54", "G55", "G56", "G57", "G58", "G59"];
const UPPER: Record<keyof Vec3, "X" | "Y" | "Z"> = { x: "X", y: "Y", z: "Z" };

/** Machine-coordinate offset of an axis: the work offset, plus the tool length on Z. */
export function axisOffset(ctx: InterpCtx, axis: keyof Vec3): number {
  const wo = ctx.setup.workOffsets[OFFSET_KEY[ctx.modal.coordSystem - 54]!];
  return wo[axis] + (axis === "z" ? ctx.lengthOffsetM : 0);
}

/** Programmed work position of an axis written as a value (program units) → machine m. */
export function absoluteToMachine(ctx: InterpCtx, axis: keyof Vec3, value: number): number {
  const half = axis === "x" && ctx.machine.diameterX ? 0.5 : 1;
  return value * unitM(ctx) * half + axisOffset(ctx, axis);
}

const AXIS_LETTERS: readonly (keyof Vec3)[] = ["x", "y", "z"];

/**
 * The end point a block's axis words ask for, in machine coordinates, or null when it has none.
 * `machineCoords` is G53. U and W are the incremental X and Z of a lathe.
 */
export function targetOf(ctx: InterpCtx, b: BlockWords, machineCoords: boolean): Vec3 | null {
  let any = false;
  const t: Vec3 = { x: ctx.pos.x, y: ctx.pos.y, z: ctx.pos.z };
  const unit = unitM(ctx);
  for (const axis of AXIS_LETTERS) {
    const letter = UPPER[axis];
    const w = word(b, letter);
    const incLetter =
      ctx.machine.kind !== "lathe" ? undefined : axis === "x" ? "U" : axis === "z" ? "W" : undefined;
    const inc = incLetter === undefined ? undefined : word(b, incLetter);
    if (w === undefined && inc === undefined) continue;
    if (ctx.machine.axes[letter] === undefined) {
      fail(b, (w ?? inc)!.col, "GCODE_ERR_AXIS_NOT_ON_MACHINE", letter, ctx.machine.id);
    }
    any = true;
    const half = axis === "x" && ctx.machine.diameterX ? 0.5 : 1;
    if (w !== undefined && inc !== undefined)
      fail(b, inc.col, "GCODE_ERR_DUPLICATE_WORD", `${letter}/${inc.letter}`);
    if (inc !== undefined) t[axis] = ctx.pos[axis] + inc.value * unit * half;
    else if (machineCoords) t[axis] = w!.value * unit * half;
    else if (ctx.modal.distance === 91) t[axis] = ctx.pos[axis] + w!.value * unit * half;
    else t[axis] = absoluteToMachine(ctx, axis, w!.value);
  }
  return any ? t : null;
}

/** Column of the first axis word (for pointing at a move), or of the block's first word. */
export function axisCol(b: BlockWords): number {
  for (const l of POSITION_LETTERS) {
    const w = word(b, l);
    if (w !== undefined) return w.col;
  }
  return b.block.words[0]?.col ?? 1;
}

const POSITION_LETTERS: readonly string[] = ["X", "Y", "Z", "U", "W"];

/** The block has an axis word (X Y Z, or a lathe's U W). */
export function hasAxisWord(b: BlockWords): boolean {
  for (const l of POSITION_LETTERS) if (word(b, l) !== undefined) return true;
  return false;
}

const TOL = 1e-9;

/** Abandons the block when a machine position lies outside the travel of one of the machine's axes. */
export function checkTravel(ctx: InterpCtx, b: BlockWords, p: Vec3, col: number): void {
  for (const axis of AXIS_LETTERS) {
    const spec = ctx.machine.axes[UPPER[axis]];
    if (spec === undefined) continue;
    const v = p[axis];
    if (v < spec.min - TOL) fail(b, col, "GCODE_ERR_TRAVEL_LIMIT", UPPER[axis], mm(v), "lower", mm(spec.min));
    if (v > spec.max + TOL) fail(b, col, "GCODE_ERR_TRAVEL_LIMIT", UPPER[axis], mm(v), "upper", mm(spec.max));
  }
}

/** Appends a straight move (rapid or feed) to the tool path after checking travel limits. */
export function emitLine(
  ctx: InterpCtx,
  b: BlockWords,
  to: Vec3,
  rapid: boolean,
  feed: number,
  perRev: boolean,
  exact: boolean,
): void {
  checkTravel(ctx, b, to, axisCol(b));
  if (to.x === ctx.pos.x && to.y === ctx.pos.y && to.z === ctx.pos.z) return;
  ctx.ops.push({ k: "line", line: b.block.line, rapid, x: to.x, y: to.y, z: to.z, feed, perRev, exact });
  ctx.pos = to; // callers hand over a fresh object
}

/** The feed of a cutting move in SI (m/s or m/rev), failing the block when none is programmed. */
export function cuttingFeed(ctx: InterpCtx, b: BlockWords, g: string): { feed: number; perRev: boolean } {
  if (ctx.fRaw === undefined) fail(b, word(b, "F")?.col ?? axisCol(b), "GCODE_ERR_NO_FEED", g);
  if (ctx.rpmCmd === 0) fail(b, axisCol(b), "GCODE_ERR_SPINDLE_STOPPED", g);
  const perRev = ctx.modal.feedMode === 95;
  const f = ctx.fRaw * unitM(ctx);
  return { feed: perRev ? f : f / 60, perRev };
}
