import { planeAxes } from "./arc";
import { mm } from "./errors";
import {
  absoluteToMachine,
  type BlockWords,
  cuttingFeed,
  emitLine,
  fail,
  type InterpCtx,
  unitM,
  word,
} from "./interp-context";
import type { Vec3 } from "./machine-types";

/** Canned drilling cycles this interpreter expands into moves. */
export const CANNED_CYCLES: ReadonlySet<number> = new Set([73, 81, 82, 83]);

/** Drill axis and hole-position axes: the plane normal on a mill, Z (face drilling) on a lathe. */
function cycleAxes(ctx: InterpCtx): { n: keyof Vec3; pos: (keyof Vec3)[] } {
  if (ctx.machine.kind === "lathe") return { n: "z", pos: ["x"] };
  const [a, b, n] = planeAxes(ctx.modal.plane);
  return { n, pos: [a, b] };
}

/** The drill axis coordinate where a cycle starts (initial level), m; called on entering a cycle. */
export function initialLevel(ctx: InterpCtx): number {
  return ctx.pos[cycleAxes(ctx).n];
}

/** G4 and G82 dwell: P with a decimal point is seconds, P without one milliseconds (Fanuc, Haas). */
export function dwellSeconds(value: number, decimal: boolean): number {
  return decimal ? value : value / 1000;
}

/**
 * Runs G73/G81/G82/G83 at the hole position(s) of this block. Z, R, Q and P are kept from earlier cycle
 * blocks; G91 makes R relative to the initial level and Z relative to R, and repeats L holes by the same
 * increment. Every move ends in exact stop, as controllers do inside canned cycles.
 */
export function runCannedCycle(ctx: InterpCtx, b: BlockWords, cycle: number, gCol: number): void {
  const g = `G${cycle}`;
  const { n, pos } = cycleAxes(ctx);
  const nLetter = n.toUpperCase();
  const zw = word(b, nLetter);
  if (zw !== undefined) ctx.canned.z = zw.value;
  const rw = word(b, "R");
  if (rw !== undefined) ctx.canned.r = rw.value;
  const qw = word(b, "Q");
  if (qw !== undefined) ctx.canned.q = qw.value;
  const pw = word(b, "P");
  if (pw !== undefined) ctx.canned.p = dwellSeconds(pw.value, pw.decimal);
  const { z, r, q } = ctx.canned;
  if (z === undefined) fail(b, gCol, "GCODE_ERR_NEEDS_WORD", g, nLetter, "hole bottom");
  if (r === undefined) fail(b, gCol, "GCODE_ERR_NEEDS_WORD", g, "R", "retract plane");
  if ((cycle === 73 || cycle === 83) && (q === undefined || q <= 0)) {
    fail(b, qw?.col ?? gCol, "GCODE_ERR_NEEDS_WORD", g, "Q > 0", "peck depth");
  }
  const lw = word(b, "L");
  const repeats = lw === undefined ? 1 : lw.value;
  if (!Number.isInteger(repeats) || repeats < 0)
    fail(b, lw!.col, "GCODE_ERR_BAD_VALUE", `L${repeats}`, "must be a whole number ≥ 0");
  const { feed, perRev } = cuttingFeed(ctx, b, g);
  const unit = unitM(ctx);
  const incremental = ctx.modal.distance === 91;
  const rM = incremental ? ctx.canned.initial + r * unit : absoluteToMachine(ctx, n, r);
  const zM = incremental ? rM + z * unit : absoluteToMachine(ctx, n, z);
  if (!(rM > zM)) {
    const off = incremental ? 0 : absoluteToMachine(ctx, n, 0);
    fail(b, gCol, "GCODE_ERR_CANNED_R_BELOW_Z", g, mm(rM - off), mm(zM - off));
  }
  const clearance = ctx.machine.peckClearanceM;
  const toR =
    ctx.machine.kind === "lathe" || ctx.modal.retract === 98 ? Math.max(ctx.canned.initial, rM) : rM;
  const at = (level: number): Vec3 => ({ ...ctx.pos, [n]: level });
  const rapid = (level: number) => emitLine(ctx, b, at(level), true, 0, false, true);
  const cut = (level: number) => emitLine(ctx, b, at(level), false, feed, perRev, true);

  for (let k = 0; k < repeats; k++) {
    const hole: Vec3 = { ...ctx.pos };
    for (const axis of pos) {
      const letter = axis.toUpperCase();
      const w = word(b, letter) ?? (ctx.machine.kind === "lathe" && axis === "x" ? word(b, "U") : undefined);
      if (w === undefined) continue;
      const half = axis === "x" && ctx.machine.diameterX ? 0.5 : 1;
      if (incremental || w.letter === "U") hole[axis] = ctx.pos[axis] + w.value * unit * half;
      else hole[axis] = absoluteToMachine(ctx, axis, w.value);
    }
    if (ctx.pos[n] < rM) rapid(rM);
    hole[n] = ctx.pos[n];
    emitLine(ctx, b, hole, true, 0, false, true);
    rapid(rM);
    if (cycle === 81 || cycle === 82) {
      cut(zM);
      if (cycle === 82 && (ctx.canned.p ?? 0) > 0)
        ctx.ops.push({ k: "dwell", line: b.block.line, s: ctx.canned.p! });
    } else {
      const peck = q! * unit;
      let depth = rM;
      while (depth > zM) {
        const next = Math.max(depth - peck, zM);
        if (cycle === 83 && depth < rM) rapid(depth + clearance);
        cut(next);
        depth = next;
        if (depth > zM) {
          if (cycle === 83) rapid(rM);
          else rapid(depth + clearance);
        }
      }
    }
    rapid(toR);
  }
}
