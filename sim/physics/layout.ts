/**
 * The physical layout of a line, from its scenario: part shapes from the products, one belt per conveyor
 * along its `from` → `toPosition`, a bin under the open end of every belt that only feeds sinks, and the
 * photo-eyes. Plain data; LinePhysics builds the world from it.
 */
import type { Scenario } from "../scenario/schema";
import { physicsError } from "./errors";
import { beltLinks, type LinkKind } from "./transfer";
import type { BeltGeometry, ObstacleSpec, PartShape, PhysicsWorld } from "./world";

/** A photo-eye: a light beam across a belt, `at` metres from its entry, raising a signal while blocked. */
export interface PhotoEyeSpec {
  signal: string;
  conveyor: string;
  /** m from the belt's entry */
  at: number;
}

export interface PhysicsOptions {
  /** fixed physics step, µs (default 20 000: 50 Hz) */
  dtUs?: number;
  /** photo-eyes; default one `<conveyor>.exit` eye 2 cm before each belt's end */
  photoEyes?: PhotoEyeSpec[];
  /** product id → collision shape (default box from the product's size) */
  shapes?: Record<string, "box" | "cylinder">;
  /** belt surface height, m, for conveyors whose `from` has no z (default 0.8) */
  beltHeight?: number;
  /** belts that only feed sinks drop parts off their open end into a bin (default true) */
  bins?: boolean;
}

export interface BeltMeta {
  geo: BeltGeometry;
  /** m */
  pitch: number;
  capacity: number;
  /** open end over a bin */
  drop: boolean;
}

export interface LineLayout {
  shapes: Map<string, PartShape>;
  belts: Map<string, BeltMeta>;
  eyes: PhotoEyeSpec[];
  /** physical belt-to-belt hand-overs: from belt → to belt → kind (see transfer.ts) */
  links: Map<string, Map<string, LinkKind>>;
}

const DEFAULT_SIZE: [number, number, number] = [0.2, 0.2, 0.1];
const DEFAULT_MASS = 1;
/**
 * A chute from the belt's end down into a bin, so dropped parts slide away from the belt instead of
 * piling up under its end: 0.6 m at 35°, low friction (0.1; with a part's 0.8 Rapier's average 0.45 <
 * tan 35° = 0.70, so parts slide). Bin: floor 0.6 m below the belt surface, 1 m long, walls 0.4 m.
 * Parts that have come to rest in it are taken out (LinePhysics): a bin that kept them would fill up to
 * the chute within a few parts (measured: four 0.30 m housings) and jam the belt.
 */
const CHUTE_LENGTH = 0.6;
const CHUTE_ANGLE = (35 * Math.PI) / 180;
const CHUTE_FRICTION = 0.1;
const BIN_DROP = 0.6;
const BIN_LENGTH = 1.0;
const BIN_WALL = 0.4;
const WALL = 0.02;
/** the belt's surface ends this far past its length (see world.ts) */
const BELT_OVERHANG = 0.06;

/** The body of a product: the option's kind wins over the product's own `shape`. */
function partShape(
  shape: Scenario["products"][number]["shape"],
  option: "box" | "cylinder" | undefined,
  size: [number, number, number],
  mass: number,
): PartShape {
  if (option !== undefined) return { kind: option, size, mass };
  if (shape === undefined || typeof shape === "string") return { kind: shape ?? "box", size, mass };
  const solids = shape.map((sol) =>
    "box" in sol
      ? { kind: "box" as const, size: sol.box, at: sol.at }
      : {
          kind: "cylinder" as const,
          size: [sol.cylinder.diameter, sol.cylinder.diameter, sol.cylinder.height] as [
            number,
            number,
            number,
          ],
          at: sol.at,
        },
  );
  return { kind: "compound", size, mass, solids };
}

/** Lays the line out; throws PHYS_ERR_* for photo-eyes that are not on a belt. */
export function lineLayout(scenario: Scenario, options: PhysicsOptions = {}): LineLayout {
  const shapes = new Map<string, PartShape>();
  let maxLen = 0;
  let maxWidth = 0;
  for (const p of scenario.products) {
    const size = (p.size ?? DEFAULT_SIZE).slice(0, 3) as [number, number, number];
    shapes.set(p.id, partShape(p.shape, options.shapes?.[p.id], size, p.mass ?? DEFAULT_MASS));
    maxLen = Math.max(maxLen, size[0]);
    maxWidth = Math.max(maxWidth, size[1]);
  }
  const sinks = new Set(scenario.sinks.map((s) => s.id));
  const belts = new Map<string, BeltMeta>();
  scenario.conveyors.forEach((c, i) => {
    // an unplaced belt gets a lane of its own, away from the others
    const from = c.from ?? [0, -10 - 2 * i];
    const to = c.toPosition ?? [from[0]! + c.length, from[1]!];
    const dx = to[0]! - from[0]!;
    const dy = to[1]! - from[1]!;
    const d = Math.hypot(dx, dy);
    const targets =
      typeof c.to === "string" ? [c.to] : Array.isArray(c.to) ? c.to : Object.values(c.to).flat();
    const drop = (options.bins ?? true) && targets.every((t) => sinks.has(t));
    belts.set(c.id, {
      geo: {
        start: [from[0]!, from[1]!, from[2] ?? options.beltHeight ?? 0.8],
        dir: d < 1e-9 ? [1, 0] : [dx / d, dy / d],
        length: c.length,
        width: Math.max(0.3, maxWidth + 0.1),
        tail: maxLen + 0.05,
        endStop: !drop,
      },
      pitch: c.pitch,
      capacity: c.capacity ?? Math.max(1, Math.floor(c.length / c.pitch)),
      drop,
    });
  });
  const links = beltLinks(scenario, new Map([...belts].map(([id, m]) => [id, m.geo])), maxLen);
  // a belt handing parts on in line has no end stop: they ride over the joint onto the next belt
  for (const [id, to] of links) if ([...to.values()].includes("inline")) belts.get(id)!.geo.endStop = false;
  const eyes =
    options.photoEyes ??
    scenario.conveyors.map((c) => ({
      signal: `${c.id}.exit`,
      conveyor: c.id,
      at: Math.max(0, c.length - 0.02),
    }));
  eyes.forEach((e, i) => {
    const m = belts.get(e.conveyor);
    if (m === undefined)
      throw physicsError("PHYS_ERR_UNKNOWN_CONVEYOR", `photoEyes[${i}].conveyor`, e.conveyor);
    if (!(e.at >= 0 && e.at <= m.geo.length)) {
      throw physicsError(
        "PHYS_ERR_BAD_VALUE",
        `photoEyes[${i}].at`,
        `${e.at} m is not on the belt (0 … ${m.geo.length} m)`,
      );
    }
  });
  return { shapes, belts, eyes, links };
}

/** Adds the belts and bins to the world. */
export function buildLayout(world: PhysicsWorld, layout: LineLayout): void {
  for (const [id, m] of layout.belts) {
    world.addBelt(id, m.geo);
    if (m.drop) for (const [part, box] of binBoxes(m.geo)) world.addObstacle(`${id}.bin.${part}`, box);
  }
}

/** Where a belt's bin is: m along the belt from its entry, and heights of its floor and rim (m). */
export function binInterior(g: BeltGeometry): { from: number; to: number; floor: number; rim: number } {
  const floor = g.start[2] - BIN_DROP;
  const from = g.length + BELT_OVERHANG + 0.5 * CHUTE_LENGTH * Math.cos(CHUTE_ANGLE);
  return { from, to: from + BIN_LENGTH, floor, rim: floor + BIN_WALL };
}

/** Floor and four walls of the bin under a belt's open end. */
function binBoxes(g: BeltGeometry): [string, ObstacleSpec][] {
  const { from, to, floor } = binInterior(g);
  const yaw = Math.atan2(g.dir[1], g.dir[0]);
  const half = g.width / 2 + 0.2;
  // a point `s` along the belt, `n` across it, at height z
  const at = (s: number, n: number, z: number): [number, number, number] => [
    g.start[0] + g.dir[0] * s - g.dir[1] * n,
    g.start[1] + g.dir[1] * s + g.dir[0] * n,
    z,
  ];
  const len = to - from + 2 * WALL;
  const mid = (from + to) / 2;
  const zWall = floor + BIN_WALL / 2;
  // the chute's top face starts just under the belt's end and runs down the slope
  const c = Math.cos(CHUTE_ANGLE);
  const sn = Math.sin(CHUTE_ANGLE);
  const s0 = g.length + BELT_OVERHANG;
  const z0 = g.start[2] - 0.005;
  const sMid = s0 + (CHUTE_LENGTH / 2) * c - (WALL / 2) * sn;
  const zMid = z0 - (CHUTE_LENGTH / 2) * sn - (WALL / 2) * c;
  return [
    [
      "chute",
      {
        center: at(sMid, 0, zMid),
        size: [CHUTE_LENGTH, g.width + 0.1, WALL],
        yaw,
        pitch: CHUTE_ANGLE,
        friction: CHUTE_FRICTION,
      },
    ],
    ["floor", { center: at(mid, 0, floor - WALL / 2), size: [len, 2 * half + 2 * WALL, WALL], yaw }],
    ["near", { center: at(from - WALL / 2, 0, zWall), size: [WALL, 2 * half, BIN_WALL], yaw }],
    ["far", { center: at(to + WALL / 2, 0, zWall), size: [WALL, 2 * half, BIN_WALL], yaw }],
    ["left", { center: at(mid, half + WALL / 2, zWall), size: [len, WALL, BIN_WALL], yaw }],
    ["right", { center: at(mid, -half - WALL / 2, zWall), size: [len, WALL, BIN_WALL], yaw }],
  ];
}
