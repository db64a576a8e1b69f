import {
  CNC_CHANNELS,
  type EntityLayout,
  type FaultTemplate,
  type Layout,
  PROTOCOL_VERSION,
  type ProductLayout,
  type RobotLayout,
  type ScenarioChoice,
  type Vec2,
} from "../../protocol/index";
import type { Scenario, Simulation } from "../../sim/index";
import { SPEED_MAX, SPEED_MIN } from "./config";
import type { Floorplan } from "./floorplan";
import { robotChain } from "./robot-chain";
import type { RobotPoses } from "./robot-poses";

/** Machine travels of the estimated CNC motion (a small vertical machining centre), m. */
export const CNC_TRAVEL: [Vec2, Vec2, Vec2] = [
  [-0.3, 0.3],
  [-0.2, 0.2],
  [0, 0.45],
];

/** Faults a trainer can inject from the viewer; the text becomes the alarm message. */
export const FAULTS: FaultTemplate[] = [
  { id: "spindle-overload", label: "Spindle overload", appliesTo: ["cnc"], durationS: 600 },
  { id: "tool-breakage", label: "Tool breakage", appliesTo: ["cnc"], durationS: 900 },
  { id: "door-interlock", label: "Door interlock open", appliesTo: ["cnc"], durationS: 120 },
  { id: "gripper-fault", label: "Gripper vacuum lost", appliesTo: ["robot"], durationS: 300 },
  { id: "collision-stop", label: "Collision stop", appliesTo: ["robot", "automatic"], durationS: 600 },
  {
    id: "torque-error",
    label: "Screwdriver torque out of tolerance",
    appliesTo: ["robot", "manual"],
    durationS: 240,
  },
  {
    id: "emergency-stop",
    label: "Emergency stop pressed",
    appliesTo: ["cnc", "robot", "manual", "automatic"],
    durationS: null,
  },
  { id: "motor-overload", label: "Drive motor overload", appliesTo: ["conveyor"], durationS: 300 },
  { id: "belt-jam", label: "Belt jam", appliesTo: ["conveyor"], durationS: null },
];

const PRODUCT_COLOURS = ["#4f8fd6", "#d9a441", "#5bb48a", "#b66fc4", "#d46a5a", "#6cc3c9", "#9aa54a"];

/** Where an entity sits in the OPC UA address space (as the OPC UA adapter names it). */
export type BrowsePathFn = (
  kind: "station" | "conveyor" | "robot" | "source" | "buffer" | "sink",
  id: string,
) => string | null;

/**
 * Browse paths as opcua-server/ builds its address space: stations under Objects/Machines (OPC 40001),
 * robots under Objects/DeviceSet (OPC 40010, also organised in Machines), conveyors in the PackML line.
 */
export const defaultBrowsePath: BrowsePathFn = (kind, id) => {
  switch (kind) {
    case "station":
      return `Objects/Machines/${id}`;
    case "robot":
      return `Objects/DeviceSet/${id}`;
    case "conveyor":
      return `Objects/Line/Conveyors/${id}`;
    default:
      return null;
  }
};

export interface LayoutOptions {
  runId: string;
  file: string;
  scenarios: ScenarioChoice[];
  opcuaEndpoint: string | null;
  browsePath?: BrowsePathFn;
  /** ids of robots / CNC machines whose motion comes from simulation samples rather than the estimate */
  sampledRobots?: ReadonlySet<string>;
  sampledCnc?: ReadonlySet<string>;
  /** axis travels of a station's machine model (m), when it has one */
  cncTravel?: (station: string) => [Vec2, Vec2, Vec2] | null;
}

/** Builds the `layout` message of a run: static, so it is built once per run and sent as is. */
export function buildLayout(
  sim: Simulation,
  plan: Floorplan,
  robots: RobotPoses[],
  opts: LayoutOptions,
): Layout {
  const sc = sim.scenario;
  const path = opts.browsePath ?? defaultBrowsePath;
  const entities: EntityLayout[] = [];
  let cncOffset = 0;
  const add = (id: string, name: string | undefined, extra: Partial<EntityLayout>) => {
    const it = plan.items.get(id)!;
    entities.push({
      id,
      name: name ?? id,
      kind: it.kind,
      position: it.position,
      yaw: it.yaw,
      size: it.size,
      stateIndex: entities.length,
      browsePath: path(it.kind, id),
      faultable: false,
      ...extra,
    });
  };
  for (const s of sc.sources) add(s.id, s.name, {});
  for (const b of sc.buffers) add(b.id, b.name, { capacity: b.capacity ?? null });
  for (const c of sc.conveyors) {
    const cv = plan.conveyors.get(c.id)!;
    add(c.id, c.name, {
      conveyor: {
        from: cv.from,
        to: cv.to,
        length: cv.length,
        width: plan.items.get(c.id)!.size[1],
        pitch: cv.pitch,
      },
      faultable: true,
    });
  }
  for (const s of sc.stations) {
    const cnc =
      s.kind === "cnc"
        ? {
            offset: cncOffset,
            travel: opts.cncTravel?.(s.id) ?? CNC_TRAVEL,
            estimated: !(opts.sampledCnc?.has(s.id) ?? false),
          }
        : undefined;
    if (cnc !== undefined) cncOffset += CNC_CHANNELS;
    add(s.id, s.name, {
      stationKind: s.kind,
      cnc,
      robot: s.robot,
      operators: s.operators,
      idealCycleS: sim.topo.stations.get(s.id)!.idealCycleS,
      faultable: true,
    });
  }
  for (const s of sc.sinks) add(s.id, s.name, {});

  const memberIndex = new Map<string, number>();
  const operators: Layout["operators"] = [];
  for (const pool of sim.state.pools.values()) {
    const def = sim.topo.pools.get(pool.id)!;
    for (const m of pool.members) {
      memberIndex.set(m.id, memberIndex.size);
      if (def.kind === "operators") {
        const spec = sc.operators.find((o) => o.id === pool.id);
        operators.push({
          id: m.id,
          pool: pool.id,
          poolName: spec?.name ?? pool.id,
          memberIndex: memberIndex.get(m.id)!,
        });
      }
    }
  }
  let jointOffset = 0;
  const robotLayouts: RobotLayout[] = robots.map((r) => {
    const spec = sc.robots.find((x) => x.id === r.id)!;
    const chain = robotChain(r.model);
    const layout: RobotLayout = {
      id: r.id,
      name: spec.name ?? r.id,
      model: r.model.id,
      modelName: `${r.model.maker} ${r.model.name}`,
      kind: r.model.kind,
      position: r.base,
      baseZ: r.baseZ,
      yaw: 0,
      jointOffset,
      joints: chain.joints,
      flange: chain.flange,
      payload: r.model.payload,
      reach: r.model.reach,
      memberIndex: memberIndex.get(r.id)!,
      browsePath: path("robot", r.id),
      estimated: !(opts.sampledRobots?.has(r.id) ?? false),
    };
    jointOffset += chain.joints.length;
    return layout;
  });
  const products: ProductLayout[] = sc.products.map((p, i) => ({
    id: p.id,
    name: p.name ?? p.id,
    size: productSize(p.size),
    colour: PRODUCT_COLOURS[i % PRODUCT_COLOURS.length]!,
    shape: productShape(p.shape),
  }));
  return {
    version: PROTOCOL_VERSION,
    runId: opts.runId,
    scenario: { file: opts.file, name: sc.name, description: (sc.description ?? "").trim(), seed: sim.seed },
    startAtS: sim.topo.startAtS,
    horizonUs: Math.round(sc.horizon * 1e6),
    floor: { min: plan.min, max: plan.max },
    entities,
    robots: robotLayouts,
    operators,
    products,
    jointCount: jointOffset,
    cncChannelCount: cncOffset,
    memberCount: memberIndex.size,
    stateCount: entities.length + memberIndex.size,
    faults: FAULTS,
    scenarios: opts.scenarios,
    speedRange: [SPEED_MIN, SPEED_MAX],
    opcuaEndpoint: opts.opcuaEndpoint,
  };
}

function productSize(size: number[] | undefined): [number, number, number] {
  if (size === undefined || size.length < 3) return [0.2, 0.2, 0.08];
  return [size[0]!, size[1]!, size[2]!];
}

/** The scenario's product shape as the viewer draws it (the same solids the physics world builds). */
export function productShape(shape: Scenario["products"][number]["shape"]): ProductLayout["shape"] {
  if (shape === undefined) return "box";
  if (typeof shape === "string") return shape;
  return {
    solids: shape.map((sol) =>
      "box" in sol
        ? { box: [sol.box[0], sol.box[1], sol.box[2]], at: [sol.at[0], sol.at[1], sol.at[2]] }
        : {
            cylinder: { diameter: sol.cylinder.diameter, height: sol.cylinder.height },
            at: [sol.at[0], sol.at[1], sol.at[2]],
          },
    ),
  };
}
