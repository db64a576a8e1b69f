/**
 * Where parts stand at stations in the physics world, and what they stand on. A scenario gives a
 * station's position but no shapes, so (as the cell check, cell-check.ts) a station is a table of
 * 0.8 × 0.8 m, 0.75 m high, on its position; a part waiting there stands on the station's `fixture`
 * (default the table's middle; a fixture off the table or above it gets a plate to stand on).
 *
 * A tended machine (a `handling.task`) is fed by its robot: the part is presented where the load
 * stretch of the task first grips (the infeed), its top face at the TCP, as a feeder or lift table
 * would present it. Nothing in a scenario says what is under the points where a task lets go of a part
 * (the machine's fixture, an outfeed), so a plate is put under each release point that has no table
 * or belt beneath it, its top the tallest product's height below the TCP: the tallest part is set down,
 * shorter ones drop the difference and settle. A floor (z = 0) catches whatever falls elsewhere.
 * Pure: the same topology gives the same layout.
 */
import type { Topology } from "../line/topology";
import { createMotionSample, sampleTaskPlan, type TaskPlan } from "../robot/index";
import { physicsError } from "./errors";
import type { BeltMeta } from "./layout";
import type { ObstacleSpec, PartShape } from "./world";

/**
 * Where a station holds a part: on its `fixture` (default the middle of its table), or presented at its
 * robot's first grip.
 */
export interface StationSpot {
  /** m */
  x: number;
  y: number;
  /** `table`: the height the part's bottom rests at; `presented`: the height of its top face, m */
  z: number;
  kind: "table" | "presented";
}

export interface StationLayout {
  spots: Map<string, StationSpot>;
  /** station tables and plates under release points, by obstacle id */
  supports: Map<string, ObstacleSpec>;
}

const TABLE: [number, number, number] = [0.8, 0.8, 0.75];
const PLATE_THICKNESS = 0.02;
/** a release point with a table or belt top at most this far below where the tallest part's bottom goes (m) */
const SUPPORT_REACH = 0.1;

export function stationLayout(
  topo: Topology,
  belts: ReadonlyMap<string, BeltMeta>,
  shapes: ReadonlyMap<string, PartShape>,
): StationLayout {
  const spots = new Map<string, StationSpot>();
  const supports = new Map<string, ObstacleSpec>();
  for (const [id, def] of topo.stations) {
    const pos = def.spec.position;
    if (pos === undefined) continue;
    supports.set(`table:${id}`, {
      center: [pos[0], pos[1], TABLE[2] / 2],
      size: [TABLE[0], TABLE[1], TABLE[2]],
    });
  }
  let tallest = 0;
  let length = 0;
  let width = 0;
  for (const sh of shapes.values()) {
    tallest = Math.max(tallest, sh.size[2]);
    length = Math.max(length, sh.size[0]);
    width = Math.max(width, sh.size[1]);
  }
  const sample = createMotionSample();
  const tcpAt = (plan: TaskPlan, tUs: number): [number, number, number] => {
    sampleTaskPlan(plan, tUs, sample);
    return [sample.tcp[3]!, sample.tcp[7]!, sample.tcp[11]!];
  };
  /** height of the highest table or belt surface under (x, y), or −∞ */
  const topUnder = (x: number, y: number): number => {
    let top = Number.NEGATIVE_INFINITY;
    for (const o of supports.values()) {
      const [cx, cy, cz] = o.center;
      if (Math.abs(x - cx) <= o.size[0] / 2 && Math.abs(y - cy) <= o.size[1] / 2)
        top = Math.max(top, cz + o.size[2] / 2);
    }
    for (const m of belts.values()) {
      const g = m.geo;
      const along = (x - g.start[0]) * g.dir[0] + (y - g.start[1]) * g.dir[1];
      const across = -(x - g.start[0]) * g.dir[1] + (y - g.start[1]) * g.dir[0];
      if (along >= -g.tail && along <= g.length && Math.abs(across) <= g.width / 2)
        top = Math.max(top, g.start[2]);
    }
    return top;
  };
  for (const [id, def] of topo.stations) {
    const pos = def.spec.position;
    const h = def.handlingPlan;
    const plans = [def.robotPlan, h?.plan].filter((p): p is TaskPlan => p !== null && p !== undefined);
    const loadGrip = h?.plan.segments.find((seg) => seg.kind === "grip" && seg.startUs >= h.unloadUs);
    if (h !== null && h !== undefined && loadGrip !== undefined) {
      const [x, y, z] = tcpAt(h.plan, loadGrip.startUs);
      spots.set(id, { x, y, z, kind: "presented" });
    } else if (pos !== undefined) {
      const f = def.spec.fixture ?? { x: 0, y: 0, z: TABLE[2] };
      const spot: StationSpot = { x: pos[0] + f.x, y: pos[1] + f.y, z: f.z, kind: "table" };
      spots.set(id, spot);
      checkClearOfBelts(id, spot.x, spot.y, length, width, belts);
      // a fixture off the table, or above it, stands on a plate of its own
      const top = topUnder(spot.x, spot.y);
      if (!(Math.abs(top - spot.z) <= 1e-6)) {
        supports.set(`fixture:${id}`, {
          center: [spot.x, spot.y, spot.z - PLATE_THICKNESS / 2],
          size: [length + 0.1, width + 0.1, PLATE_THICKNESS],
        });
      }
    }
    for (const plan of plans) {
      plan.segments.forEach((seg, i) => {
        if (seg.kind !== "release") return;
        const [x, y, z] = tcpAt(plan, seg.startUs);
        const bottom = z - tallest;
        const top = topUnder(x, y);
        if (top <= bottom + 1e-6 && top >= bottom - SUPPORT_REACH) return;
        supports.set(`plate:${id}:${i}`, {
          center: [x, y, bottom - PLATE_THICKNESS / 2],
          size: [length + 0.1, width + 0.1, PLATE_THICKNESS],
        });
      });
    }
  }
  // the floor, for whatever falls off: 0.1 m thick, its top at z = 0, 200 m square around the origin
  supports.set("floor", { center: [0, 0, -0.05], size: [200, 200, 0.1] });
  return { spots, supports };
}

/**
 * A part on a station's table (the longest product, either way round) must not reach into a belt's
 * path, or it and the parts riding up to it would be pushed through each other. Throws
 * PHYS_ERR_STATION_ON_BELT naming both.
 */
function checkClearOfBelts(
  station: string,
  x: number,
  y: number,
  length: number,
  width: number,
  belts: ReadonlyMap<string, BeltMeta>,
): void {
  const r = Math.max(length, width) / 2;
  for (const [id, m] of belts) {
    const g = m.geo;
    const along = (x - g.start[0]) * g.dir[0] + (y - g.start[1]) * g.dir[1];
    const across = -(x - g.start[0]) * g.dir[1] + (y - g.start[1]) * g.dir[0];
    // the belt's path: its surface from behind the entry to just past its end stop
    const clearAlong = along + r < -g.tail || along - r > g.length + 0.01;
    const clearAcross = Math.abs(across) - r > g.width / 2;
    if (clearAlong || clearAcross) continue;
    throw physicsError(
      "PHYS_ERR_STATION_ON_BELT",
      station,
      id,
      `a part on its table at (${x}, ${y}) reaches ${fmt(along - r)} … ${fmt(along + r)} m along the belt, which runs ${fmt(-g.tail)} … ${fmt(g.length)} m`,
    );
  }
}

function fmt(v: number): string {
  return String(Math.round(v * 1000) / 1000);
}
