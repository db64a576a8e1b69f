import { arcExtremes, centreFromRadius, type Plane, planeAxes, sweepAngle } from "./arc";
import { mm } from "./errors";
import {
  axisCol,
  type BlockWords,
  checkTravel,
  cuttingFeed,
  fail,
  type InterpCtx,
  unitM,
  word,
} from "./interp-context";
import type { Vec3 } from "./machine-types";

/** Centre words of each plane, RS-274: I→X, J→Y, K→Z. */
const CENTRE_WORDS: Record<Plane, readonly [string, string]> = {
  17: ["I", "J"],
  18: ["K", "I"],
  19: ["J", "K"],
};
const WRONG_WORD: Record<Plane, string> = { 17: "K", 18: "J", 19: "I" };

/** End-point radius mismatch tolerated between start and end radius of an I/J/K arc, m. */
const RADIUS_TOL = 0.01e-3;
const SAME_POINT = 1e-9;

/** True when the block carries arc-centre or radius words (an arc can then have no axis words). */
export function hasArcWords(b: BlockWords): boolean {
  return (
    word(b, "I") !== undefined ||
    word(b, "J") !== undefined ||
    word(b, "K") !== undefined ||
    word(b, "R") !== undefined
  );
}

/**
 * G2/G3 (and helical moves, when the normal axis also moves): validates the centre or radius, checks
 * travel limits on the arc's extremes, and appends the arc. Centre words are incremental from the start
 * point and radius values (never diameters); R > 0 takes the short way, R < 0 the long way.
 */
export function emitArc(ctx: InterpCtx, b: BlockWords, target: Vec3, ccw: boolean, gCol: number): void {
  const g = ccw ? "G3" : "G2";
  const plane = ctx.modal.plane;
  const [a, bAx, n] = planeAxes(plane);
  for (const axis of [a, bAx]) {
    const letter = axis.toUpperCase() as "X" | "Y" | "Z";
    if (ctx.machine.axes[letter] === undefined)
      fail(b, gCol, "GCODE_ERR_AXIS_NOT_ON_MACHINE", letter, ctx.machine.id);
  }
  const wrong = word(b, WRONG_WORD[plane]);
  if (wrong !== undefined) fail(b, wrong.col, "GCODE_ERR_ARC_BAD_OFFSET", WRONG_WORD[plane], `G${plane}`);
  const { feed, perRev } = cuttingFeed(ctx, b, g);
  const unit = unitM(ctx);
  const s = ctx.pos;
  const sa = s[a];
  const sb = s[bAx];
  const ea = target[a];
  const eb = target[bAx];
  const samePoint = Math.hypot(ea - sa, eb - sb) < SAME_POINT;
  const rWord = word(b, "R");
  let ca: number;
  let cb: number;
  if (rWord !== undefined) {
    if (samePoint) fail(b, rWord.col, "GCODE_ERR_ARC_R_FULL_CIRCLE", g);
    const r = rWord.value * unit;
    const c = centreFromRadius(sa, sb, ea, eb, r, ccw, 1e-9);
    if (c === null)
      fail(b, rWord.col, "GCODE_ERR_ARC_R_TOO_SMALL", mm(Math.abs(r)), mm(Math.hypot(ea - sa, eb - sb)));
    ca = c.ca;
    cb = c.cb;
  } else {
    const [wa, wb] = CENTRE_WORDS[plane];
    const oa = word(b, wa);
    const ob = word(b, wb);
    if (oa === undefined && ob === undefined)
      fail(b, gCol, "GCODE_ERR_ARC_NO_CENTER", g, `${wa}/${wb}`, `G${plane}`);
    ca = sa + (oa?.value ?? 0) * unit;
    cb = sb + (ob?.value ?? 0) * unit;
  }
  const rs = Math.hypot(sa - ca, sb - cb);
  const re = Math.hypot(ea - ca, eb - cb);
  if (rs < SAME_POINT) fail(b, gCol, "GCODE_ERR_ARC_ZERO_RADIUS", g);
  if (Math.abs(rs - re) > Math.max(RADIUS_TOL, rs * 1e-4))
    fail(b, axisCol(b), "GCODE_ERR_ARC_RADIUS_MISMATCH", g, mm(rs), mm(re));
  const thetaS = Math.atan2(sb - cb, sa - ca);
  const thetaE = Math.atan2(eb - cb, ea - ca);
  const sweep = sweepAngle(thetaS, thetaE, ccw, samePoint);
  checkTravel(ctx, b, target, axisCol(b));
  arcExtremes(ca, cb, rs, thetaS, sweep, (pa, pb) => {
    const p: Vec3 = { x: 0, y: 0, z: 0 };
    p[a] = pa;
    p[bAx] = pb;
    p[n] = s[n];
    checkTravel(ctx, b, p, axisCol(b));
  });
  const c: Vec3 = { x: 0, y: 0, z: 0 };
  c[a] = ca;
  c[bAx] = cb;
  c[n] = s[n];
  ctx.ops.push({
    k: "arc",
    line: b.block.line,
    x: target.x,
    y: target.y,
    z: target.z,
    cx: c.x,
    cy: c.y,
    cz: c.z,
    plane,
    sweep,
    radius: rs,
    feed,
    perRev,
    exact: ctx.modal.pathMode === 61,
  });
  ctx.pos = { x: target.x, y: target.y, z: target.z };
}
