import { CANNED_CYCLES, dwellSeconds, initialLevel, runCannedCycle } from "./canned";
import { type GcodeError, gcodeError } from "./errors";
import { emitArc, hasArcWords } from "./interp-arc";
import {
  axisCol,
  BlockAbort,
  type BlockWords,
  cuttingFeed,
  emitLine,
  fail,
  hasAxisWord,
  type InterpCtx,
  splitWords,
  targetOf,
  word,
} from "./interp-context";
import type { MachineDefinition, MachineSetup, Vec3 } from "./machine-types";
import { GROUP_LABEL, gGroup, gName, initialModal, type ModalGroup, type ModalState, mGroup } from "./modal";
import type { GcodeProgram } from "./parser";
import type { ToolpathOp } from "./toolpath";

export interface InterpretOptions {
  /** work offsets and tool table; the machine's own setup when omitted */
  setup?: MachineSetup | undefined;
  /** block-delete switch: skip blocks that start with `/` (default off: they run) */
  blockDelete?: boolean | undefined;
  /** stop after this many executed blocks (guards against endless M98 loops); default 5,000,000 */
  maxBlocks?: number | undefined;
  /** stop collecting after this many errors; default 50 */
  maxErrors?: number | undefined;
}

export interface InterpretResult {
  ops: ToolpathOp[];
  errors: GcodeError[];
  /** modal state after the last executed block */
  modal: ModalState;
  /** tools called, in order of first use */
  toolsUsed: number[];
  /** position after the last move, m (machine coordinates) */
  endPos: Vec3;
}

const MAX_SUB_DEPTH = 8;
const MILL_LETTERS = new Set("XYZIJKRFSTPQLH");
const LATHE_LETTERS = new Set("XZUWIKRFSTPQL");

type Flow = "next" | "end" | "return" | { call: number; repeats: number; col: number };

/**
 * Runs an NC program on paper: modal state, offsets, units, canned cycles and subprograms become a flat
 * tool path in machine coordinates. Every error names its line and column; a block with an error is
 * skipped and the rest of the program is still checked, so one run reports all the problems it can.
 */
export function interpret(
  program: GcodeProgram,
  machine: MachineDefinition,
  options: InterpretOptions = {},
): InterpretResult {
  const setup = options.setup ?? machine.setup;
  const maxBlocks = options.maxBlocks ?? 5_000_000;
  const maxErrors = options.maxErrors ?? 50;
  const ctx: InterpCtx = {
    machine,
    setup,
    modal: initialModal(machine),
    pos: { ...machine.home },
    fRaw: undefined,
    sRpm: 0,
    rpmCmd: 0,
    selectedTool: undefined,
    tool: 0,
    lengthOffsetM: 0,
    canned: { initial: 0 },
    ops: [],
    toolsUsed: [],
  };
  const errors: GcodeError[] = [];
  const blocks = program.blocks;
  const programAt = new Map<number, number>();
  blocks.forEach((bl, i) => {
    if (bl.o !== undefined && !programAt.has(bl.o)) programAt.set(bl.o, i);
  });
  const stack: { returnPc: number; entry: number; repeats: number }[] = [];
  let entry = 0;
  let pc = 0;
  let executed = 0;
  let ended = false;
  let mainStarted = false;
  while (pc < blocks.length && errors.length < maxErrors) {
    const block = blocks[pc]!;
    if (block.o !== undefined && pc !== entry && stack.length === 0 && !mainStarted) entry = pc;
    if (block.o !== undefined && pc !== entry) {
      const top = stack[stack.length - 1];
      if (top === undefined) errors.push(gcodeError("GCODE_ERR_NO_END", block.line, 1));
      else errors.push(gcodeError("GCODE_ERR_NO_M99", block.line, 1, blocks[entry]?.o ?? 0));
      ended = true;
      break;
    }
    if (++executed > maxBlocks) {
      errors.push(gcodeError("GCODE_ERR_TOO_LONG", block.line, 1, maxBlocks));
      ended = true;
      break;
    }
    if (block.blockDelete && options.blockDelete === true) {
      pc++;
      continue;
    }
    let flow: Flow = "next";
    const b = splitWords(block);
    if (block.words.length > 0) mainStarted = true;
    try {
      flow = execBlock(ctx, b);
    } catch (e) {
      if (!(e instanceof BlockAbort)) throw e;
      errors.push(e.error);
    }
    if (flow === "next") pc++;
    else if (flow === "end") {
      ended = true;
      break;
    } else if (flow === "return") {
      const top = stack[stack.length - 1];
      if (top === undefined) {
        errors.push(gcodeError("GCODE_ERR_M99_IN_MAIN", block.line, word(b, "M")?.col ?? 1));
        pc++;
      } else if (top.repeats > 1) {
        top.repeats--;
        pc = entry;
      } else {
        stack.pop();
        pc = top.returnPc;
        entry = top.entry;
      }
    } else {
      const target = programAt.get(flow.call);
      if (target === undefined) {
        errors.push(gcodeError("GCODE_ERR_SUB_NOT_FOUND", block.line, flow.col, flow.call));
        pc++;
      } else if (stack.length >= MAX_SUB_DEPTH) {
        errors.push(gcodeError("GCODE_ERR_SUB_DEPTH", block.line, flow.col, MAX_SUB_DEPTH));
        pc++;
      } else if (flow.repeats === 0) {
        pc++;
      } else {
        stack.push({ returnPc: pc + 1, entry, repeats: flow.repeats });
        entry = target;
        pc = target;
      }
    }
  }
  if (!ended && errors.length < maxErrors) {
    const last = blocks[blocks.length - 1]?.line ?? 1;
    const top = stack[stack.length - 1];
    if (top === undefined) errors.push(gcodeError("GCODE_ERR_NO_END", last, 1));
    else errors.push(gcodeError("GCODE_ERR_NO_M99", last, 1, blocks[entry]?.o ?? 0));
  }
  return { ops: ctx.ops, errors, modal: ctx.modal, toolsUsed: ctx.toolsUsed, endPos: ctx.pos };
}

interface Coded {
  code: number;
  col: number;
}

/** Per-block scratch: the G and M codes of the block by modal group (cleared for every block). */
const G_CODES = new Map<ModalGroup, Coded>();
const M_CODES_IN_BLOCK = new Map<ModalGroup, Coded>();
const HOME_LETTERS = [
  ["x", ["X", "U"]],
  ["y", ["Y"]],
  ["z", ["Z", "W"]],
] as const;

/** One block, in the RS-274/NGC order of execution. */
function execBlock(ctx: InterpCtx, b: BlockWords): Flow {
  const { machine, modal } = ctx;
  const ignorable = machine.ignorable;
  const codes = G_CODES;
  codes.clear();
  let ignoredSome = false;
  for (const w of b.g) {
    const g10 = Math.round(w.value * 10);
    const group = gGroup(machine, g10);
    const name = gName(g10);
    if (ignorable.includes(name)) {
      ignoredSome = true;
      continue;
    }
    if (group === undefined) fail(b, w.col, "GCODE_ERR_UNSUPPORTED", name, machine.id);
    const prev = codes.get(group);
    if (prev !== undefined)
      fail(b, w.col, "GCODE_ERR_MODAL_CONFLICT", gName(prev.code), name, GROUP_LABEL[group]);
    codes.set(group, { code: g10, col: w.col });
  }
  const mCodes = M_CODES_IN_BLOCK;
  mCodes.clear();
  for (const w of b.m) {
    const name = `M${w.value}`;
    if (ignorable.includes(name)) {
      ignoredSome = true;
      continue;
    }
    const group = Number.isInteger(w.value) ? mGroup(machine, w.value) : undefined;
    if (group === undefined) fail(b, w.col, "GCODE_ERR_UNSUPPORTED", name, machine.id);
    const prev = mCodes.get(group);
    if (prev !== undefined)
      fail(b, w.col, "GCODE_ERR_MODAL_CONFLICT", `M${prev.code}`, name, GROUP_LABEL[group]);
    mCodes.set(group, { code: w.value, col: w.col });
  }
  const letters = machine.kind === "lathe" ? LATHE_LETTERS : MILL_LETTERS;
  for (const w of b.block.words) {
    if (w.letter === "G" || w.letter === "M" || letters.has(w.letter)) continue;
    if (w.letter === "Y" || w.letter === "J")
      fail(b, w.col, "GCODE_ERR_AXIS_NOT_ON_MACHINE", w.letter, machine.id);
    if (!ignoredSome) fail(b, w.col, "GCODE_ERR_UNSUPPORTED", `${w.letter}${w.value}`, machine.id);
  }

  const feedMode = codes.get("feedMode");
  if (feedMode !== undefined) {
    const mode = feedMode.code === 940 || feedMode.code === 980 ? 94 : 95;
    if (mode !== modal.feedMode) ctx.fRaw = undefined;
    modal.feedMode = mode;
  }
  const f = word(b, "F");
  if (f !== undefined) {
    if (!(f.value > 0)) fail(b, f.col, "GCODE_ERR_BAD_FEED", f.value);
    ctx.fRaw = f.value;
  }
  const s = word(b, "S");
  if (s !== undefined) {
    if (s.value < 0) fail(b, s.col, "GCODE_ERR_BAD_VALUE", `S${s.value}`, "must not be negative");
    if (s.value > machine.spindle.maxRpm)
      fail(b, s.col, "GCODE_ERR_SPINDLE_SPEED", s.value, machine.spindle.maxRpm);
    ctx.sRpm = s.value;
  }
  toolWords(ctx, b, mCodes.get("toolChange"));
  spindleWords(ctx, b, mCodes.get("spindle"), s !== undefined);
  const coolant = mCodes.get("coolant");
  if (coolant !== undefined && coolant.code !== modal.coolant) {
    const wasOn = modal.coolant !== 9;
    modal.coolant = coolant.code as 7 | 8 | 9;
    if (wasOn !== (modal.coolant !== 9))
      ctx.ops.push({ k: "coolant", line: b.block.line, on: modal.coolant !== 9 });
  }
  const nonModal = codes.get("nonModal");
  if (nonModal?.code === 40) {
    const p = word(b, "P");
    if (p === undefined) fail(b, nonModal.col, "GCODE_ERR_NEEDS_WORD", "G4", "P", "dwell time");
    if (p.value < 0) fail(b, p.col, "GCODE_ERR_BAD_VALUE", `P${p.value}`, "must not be negative");
    ctx.ops.push({ k: "dwell", line: b.block.line, s: dwellSeconds(p.value, p.decimal) });
  }
  setModes(ctx, b, codes);
  let axesUsed = false;
  if (nonModal?.code === 280) {
    axesUsed = true;
    const mid = targetOf(ctx, b, false);
    if (mid !== null) emitLine(ctx, b, mid, true, 0, false, true);
    const home: Vec3 = { ...ctx.pos };
    for (const [axis, letters] of HOME_LETTERS) {
      let named = mid === null;
      for (const l of letters) named ||= word(b, l) !== undefined;
      if (named) home[axis] = machine.home[axis];
    }
    emitLine(ctx, b, home, true, 0, false, true);
  } else if (nonModal?.code === 530) {
    axesUsed = true;
    const t = targetOf(ctx, b, true);
    if (t !== null) emitLine(ctx, b, t, true, 0, false, true);
  }
  motion(ctx, b, codes.get("motion"), axesUsed);
  return flow(ctx, b, mCodes.get("flow"));
}

function toolWords(ctx: InterpCtx, b: BlockWords, m6: Coded | undefined): void {
  const { machine, setup } = ctx;
  const t = word(b, "T");
  if (t !== undefined) {
    const turret = machine.toolChanger.kind === "turret";
    const tool = turret && t.value >= 100 ? Math.floor(t.value / 100) : t.value;
    if (!Number.isInteger(tool) || tool < 0)
      fail(b, t.col, "GCODE_ERR_BAD_VALUE", `T${t.value}`, "is not a tool number");
    if (tool > machine.toolChanger.magazineSize)
      fail(b, t.col, "GCODE_ERR_TOOL_NUMBER", tool, machine.toolChanger.magazineSize);
    if (turret) {
      const offset = t.value >= 100 ? t.value % 100 : t.value;
      changeTool(ctx, b, tool, false);
      ctx.lengthOffsetM = offset === 0 ? 0 : (setup.tools[offset]?.lengthM ?? setup.defaultToolLengthM);
    } else {
      ctx.selectedTool = tool;
    }
  }
  if (m6 !== undefined) {
    if (ctx.selectedTool === undefined) fail(b, m6.col, "GCODE_ERR_NO_TOOL_SELECTED");
    if (ctx.selectedTool !== ctx.tool) {
      changeTool(ctx, b, ctx.selectedTool, true);
      ctx.modal.spindle = 5;
      ctx.rpmCmd = 0;
    }
  }
}

function changeTool(ctx: InterpCtx, b: BlockWords, tool: number, stopsSpindle: boolean): void {
  if (tool === ctx.tool) return;
  ctx.tool = tool;
  if (tool !== 0 && !ctx.toolsUsed.includes(tool)) ctx.toolsUsed.push(tool);
  ctx.ops.push({ k: "tool", line: b.block.line, tool, stopsSpindle });
}

function spindleWords(ctx: InterpCtx, b: BlockWords, m: Coded | undefined, sGiven: boolean): void {
  const modal = ctx.modal;
  if (m !== undefined) modal.spindle = m.code as 3 | 4 | 5;
  if (m === undefined && !sGiven) return;
  const rpm = modal.spindle === 5 ? 0 : modal.spindle === 3 ? ctx.sRpm : -ctx.sRpm;
  if (rpm !== ctx.rpmCmd) {
    ctx.ops.push({ k: "spindle", line: b.block.line, rpm });
    ctx.rpmCmd = rpm;
  }
}

function setModes(ctx: InterpCtx, b: BlockWords, codes: Map<ModalGroup, Coded>): void {
  const modal = ctx.modal;
  const plane = codes.get("plane");
  if (plane !== undefined) modal.plane = (plane.code / 10) as 17 | 18 | 19;
  const units = codes.get("units");
  if (units !== undefined) modal.units = (units.code / 10) as 20 | 21;
  const tl = codes.get("toolLength");
  if (tl?.code === 430) {
    const h = word(b, "H");
    if (h === undefined) fail(b, tl.col, "GCODE_ERR_NEEDS_WORD", "G43", "H", "tool length offset number");
    modal.toolLength = 43;
    ctx.lengthOffsetM = ctx.setup.tools[h.value]?.lengthM ?? ctx.setup.defaultToolLengthM;
  } else if (tl?.code === 490) {
    modal.toolLength = 49;
    ctx.lengthOffsetM = 0;
  }
  const cs = codes.get("coordSystem");
  if (cs !== undefined) modal.coordSystem = (cs.code / 10) as ModalState["coordSystem"];
  const pm = codes.get("pathMode");
  if (pm !== undefined) modal.pathMode = (pm.code / 10) as 61 | 64;
  const dist = codes.get("distance");
  if (dist !== undefined) modal.distance = (dist.code / 10) as 90 | 91;
  const ret = codes.get("retract");
  if (ret !== undefined) modal.retract = (ret.code / 10) as 98 | 99;
}

function motion(ctx: InterpCtx, b: BlockWords, code: Coded | undefined, axesUsed: boolean): void {
  const modal = ctx.modal;
  if (code !== undefined) {
    const g = code.code / 10;
    if (CANNED_CYCLES.has(g) && !CANNED_CYCLES.has(modal.motion)) ctx.canned.initial = initialLevel(ctx);
    if (!CANNED_CYCLES.has(g)) ctx.canned = { initial: 0 };
    modal.motion = g;
  }
  if (axesUsed) return;
  const m = modal.motion;
  if (CANNED_CYCLES.has(m)) {
    if (hasAxisWord(b) || code !== undefined) runCannedCycle(ctx, b, m, code?.col ?? axisCol(b));
    return;
  }
  const target = targetOf(ctx, b, false);
  if (m === 2 || m === 3) {
    if (target === null && !hasArcWords(b)) return;
    emitArc(ctx, b, target ?? { ...ctx.pos }, m === 3, code?.col ?? axisCol(b));
    return;
  }
  if (target === null) return;
  if (m === 80) fail(b, axisCol(b), "GCODE_ERR_AXIS_WITHOUT_MOTION");
  const exact = modal.pathMode === 61;
  if (m === 0) emitLine(ctx, b, target, true, 0, false, exact);
  else {
    const { feed, perRev } = cuttingFeed(ctx, b, "G1");
    emitLine(ctx, b, target, false, feed, perRev, exact);
  }
}

function flow(ctx: InterpCtx, b: BlockWords, m: Coded | undefined): Flow {
  if (m === undefined) return "next";
  const line = b.block.line;
  switch (m.code) {
    case 0:
    case 1:
      ctx.ops.push({ k: "stop", line, optional: m.code === 1 });
      return "next";
    case 2:
    case 30:
      if (ctx.rpmCmd !== 0) ctx.ops.push({ k: "spindle", line, rpm: 0 });
      ctx.rpmCmd = 0;
      if (ctx.modal.coolant !== 9) ctx.ops.push({ k: "coolant", line, on: false });
      ctx.modal.spindle = 5;
      ctx.modal.coolant = 9;
      return "end";
    case 98: {
      const p = word(b, "P");
      if (p === undefined) fail(b, m.col, "GCODE_ERR_NEEDS_WORD", "M98", "P", "subprogram number");
      const l = word(b, "L");
      // Fanuc 0i packs the count into P: P30002000 calls O2000 three times.
      const prog = p.value > 9999 ? p.value % 10000 : p.value;
      const repeats = l !== undefined ? l.value : p.value > 9999 ? Math.floor(p.value / 10000) : 1;
      return { call: prog, repeats, col: p.col };
    }
    default:
      return "return";
  }
}
