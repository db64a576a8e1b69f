import type { EntityKind, StationKind, Vec2, Vec3 } from "../../protocol/index";
import type { Simulation } from "../../sim/index";

/**
 * The 3D footprint of every entity, derived from the scenario's floor positions: what the viewer draws
 * and where the gateway puts parts and people. Sizes are typical of the equipment (a vertical machining
 * centre is about 2 × 1.8 m), not scenario data: the scenario places, the floor plan dresses.
 */
export interface FloorItem {
  id: string;
  kind: EntityKind;
  stationKind?: StationKind;
  position: Vec2;
  /** rad; the entity's local +y is its front */
  yaw: number;
  /** [x, y, z] extent, m */
  size: Vec3;
  /** unit vector of the front on the floor */
  front: Vec2;
  /** height of the surface parts rest on, m */
  workZ: number;
  /** where an operator stands to work here, m */
  stand: Vec2;
}

/** Pedestal height of articulated robots, m. */
export const ROBOT_PEDESTAL = 0.75;
/** Belt surface height of conveyors, m. */
export const CONVEYOR_Z = 0.8;
export const CONVEYOR_WIDTH = 0.5;

const STATION_SIZE: Record<StationKind, Vec3> = {
  cnc: [2.0, 1.8, 2.4],
  robot: [1.4, 1.0, 0.85],
  manual: [1.6, 0.8, 0.9],
  automatic: [1.6, 1.2, 1.4],
};

const STATION_WORK_Z: Record<StationKind, number> = { cnc: 0.95, robot: 0.85, manual: 0.9, automatic: 1.0 };

export interface Floorplan {
  items: Map<string, FloorItem>;
  conveyors: Map<string, { from: Vec2; to: Vec2; length: number; pitch: number }>;
  min: Vec2;
  max: Vec2;
}

export function buildFloorplan(sim: Simulation): Floorplan {
  const sc = sim.scenario;
  const topo = sim.topo;
  const items = new Map<string, FloorItem>();
  const pos = (id: string): Vec2 => {
    const p = topo.positions.get(id)!;
    return [p[0], p[1]];
  };
  const plain = (id: string, kind: EntityKind, size: Vec3, workZ: number): FloorItem => {
    const p = pos(id);
    return {
      id,
      kind,
      position: p,
      yaw: 0,
      size,
      front: [0, -1],
      workZ,
      stand: [p[0], p[1] - size[1] / 2 - 0.5],
    };
  };
  for (const s of sc.sources) items.set(s.id, plain(s.id, "source", [1.2, 1.0, 0.15], 0.15));
  for (const s of sc.sinks) items.set(s.id, plain(s.id, "sink", [1.2, 1.0, 0.15], 0.15));
  for (const b of sc.buffers) items.set(b.id, plain(b.id, "buffer", [1.2, 0.8, 0.9], 0.9));
  for (const s of sc.stations) {
    const p = pos(s.id);
    const size = STATION_SIZE[s.kind];
    let toward: Vec2 | null = null;
    if (s.robot !== undefined) toward = topo.pools.get(s.robot)?.home ?? null;
    else if (s.operators !== undefined) toward = topo.pools.get(s.operators)?.home ?? null;
    let front: Vec2 = [0, -1];
    if (toward !== null) {
      const dx = toward[0] - p[0];
      const dy = toward[1] - p[1];
      const d = Math.hypot(dx, dy);
      // snap to the nearest side: machines stand square to the aisles
      if (d > 1e-6) front = Math.abs(dx) > Math.abs(dy) ? [Math.sign(dx), 0] : [0, Math.sign(dy)];
    }
    const yaw = Math.atan2(front[1], front[0]) - Math.PI / 2;
    const reachOut = (Math.abs(front[0]) > 0 ? size[0] : size[1]) / 2 + 0.45;
    items.set(s.id, {
      id: s.id,
      kind: "station",
      stationKind: s.kind,
      position: p,
      yaw,
      size,
      front,
      workZ: STATION_WORK_Z[s.kind],
      stand: [p[0] + front[0] * reachOut, p[1] + front[1] * reachOut],
    });
  }
  const conveyors = new Map<string, { from: Vec2; to: Vec2; length: number; pitch: number }>();
  for (const c of sc.conveyors) {
    const from = pos(c.id);
    const to: Vec2 = c.toPosition ? [c.toPosition[0]!, c.toPosition[1]!] : [from[0] + c.length, from[1]];
    conveyors.set(c.id, { from, to, length: c.length, pitch: c.pitch });
    const mid: Vec2 = [(from[0] + to[0]) / 2, (from[1] + to[1]) / 2];
    const drawn = Math.hypot(to[0] - from[0], to[1] - from[1]);
    items.set(c.id, {
      id: c.id,
      kind: "conveyor",
      position: mid,
      yaw: Math.atan2(to[1] - from[1], to[0] - from[0]),
      size: [drawn, CONVEYOR_WIDTH, CONVEYOR_Z],
      front: [0, -1],
      workZ: CONVEYOR_Z,
      stand: [mid[0], mid[1] - 0.8],
    });
  }
  const xs: number[] = [];
  const ys: number[] = [];
  for (const it of items.values()) {
    const r = Math.hypot(it.size[0], it.size[1]) / 2;
    xs.push(it.position[0] - r, it.position[0] + r);
    ys.push(it.position[1] - r, it.position[1] + r);
  }
  for (const p of topo.pools.values()) {
    xs.push(p.home[0]);
    ys.push(p.home[1]);
  }
  const margin = 3;
  return {
    items,
    conveyors,
    min: [Math.min(...xs) - margin, Math.min(...ys) - margin],
    max: [Math.max(...xs) + margin, Math.max(...ys) + margin],
  };
}

/** Point at `s` m along a conveyor, on the floor plan. */
export function alongConveyor(c: { from: Vec2; to: Vec2; length: number }, s: number, out: Vec2): Vec2 {
  const f = c.length > 0 ? Math.min(1, Math.max(0, s / c.length)) : 0;
  out[0] = c.from[0] + (c.to[0] - c.from[0]) * f;
  out[1] = c.from[1] + (c.to[1] - c.from[1]) * f;
  return out;
}
