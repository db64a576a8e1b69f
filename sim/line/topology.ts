import { machineById } from "../cnc/machine-library";
import type { MachineDefinition } from "../cnc/machine-types";
import { compileProgram } from "../cnc/program";
import type { CompiledProgram } from "../plc/compile";
import { bindProgram, type PlcProfile, parsePlcProfile } from "../plc/profile";
import { type Distribution, mean } from "../random/distributions";
import type { TaskPlan } from "../robot/index";
import type { ConveyorSpec, Scenario, SourceSpec, StationSpec, TargetSpec } from "../scenario/schema";
import { ALWAYS, type CompiledCalendar, compileCalendar, parseStartAt } from "./calendar";
import { type HandlingPlan, planHandling, planStationTask } from "./robot-jobs";

export type NodeKind = "source" | "buffer" | "conveyor" | "station" | "sink";

/** Where parts go from a node: alternatives in order, by product. Resolved once from the scenario. */
export interface Route {
  byProduct: Map<string, string[]>;
  fallback: string[];
}

export interface ResourcePoolDef {
  id: string;
  kind: "operators" | "robot";
  size: number;
  efficiency: number;
  /** m/s; for robots 0, they use `transferUs` */
  walkingSpeed: number;
  /** µs to move between stations (robots) */
  transferUs: number;
  calendar: CompiledCalendar;
  home: [number, number];
}

/** A CNC station's machine and programs; the cycle time comes from running the program. */
export interface CncDef {
  machine: MachineDefinition;
  /** product → NC file name (a key of scenario.files); "*" for every other product */
  programs: Map<string, string>;
  /** planned cycle time per program file, s */
  cycleS: Map<string, number>;
}

export interface StationDef {
  spec: StationSpec;
  cnc: CncDef | null;
  /** the planned robot task whose duration is the process time, on robot stations with a `task` */
  robotPlan: TaskPlan | null;
  /** the planned tending task whose parts are the unload and load times, with `handling.task` */
  handlingPlan: HandlingPlan | null;
  calendar: CompiledCalendar;
  /** pool (operators or robot) that must attend each operation */
  pool: string | null;
  /** seconds, ideal per part, for OEE */
  idealCycleS: number;
  processTimes: Map<string, Distribution>;
}

/** The static structure of a scenario, compiled for fast lookups. Never mutated while running. */
export class Topology {
  readonly kinds = new Map<string, NodeKind>();
  readonly routes = new Map<string, Route>();
  readonly positions = new Map<string, [number, number]>();
  readonly stations = new Map<string, StationDef>();
  readonly pools = new Map<string, ResourcePoolDef>();
  readonly calendars = new Map<string, CompiledCalendar>();
  /** parts a buffer holds at most (Infinity when unlimited) */
  readonly bufferCapacity = new Map<string, number>();
  readonly conveyors = new Map<string, ConveyorSpec>();
  readonly sources = new Map<string, SourceSpec>();
  /** week position (s) of simulation time 0 */
  readonly startAtS: number;
  readonly lineCalendar: CompiledCalendar;
  /** the cell's PLC (profile and compiled program), when the scenario has `control:` */
  readonly plc: { profile: PlcProfile; program: CompiledProgram | null } | null;
  /** how many stations work in parallel with each station (alternatives of one route), itself included */
  readonly parallel = new Map<string, number>();
  /** stations that wait for a PLC `start` (their own, or their robot's) */
  readonly gated = new Set<string>();

  constructor(readonly scenario: Scenario) {
    for (const [name, spec] of Object.entries(scenario.calendars))
      this.calendars.set(name, compileCalendar(name, spec));
    this.calendars.set("always", ALWAYS);
    this.lineCalendar = scenario.calendar ? this.calendar(scenario.calendar) : ALWAYS;
    this.startAtS = parseStartAt(scenario.startAt);
    this.plc = compilePlc(scenario);
    for (const sig of this.plc?.profile.signals ?? []) {
      if (sig.binding?.signal !== "start") continue;
      const e = sig.binding.entity;
      for (const st of scenario.stations) if (st.id === e || st.robot === e) this.gated.add(st.id);
    }

    const add = (
      kind: NodeKind,
      e: { id: string; to?: TargetSpec; position?: number[] | undefined },
      i: number,
    ) => {
      this.kinds.set(e.id, kind);
      if (e.to !== undefined) this.routes.set(e.id, compileRoute(e.to));
      // unplaced entities are laid out on a grid so the viewer and walking distances still work
      const p = e.position;
      this.positions.set(e.id, p ? [p[0]!, p[1]!] : [i * 3, kindRow(kind) * 4]);
    };
    for (const b of scenario.buffers) this.bufferCapacity.set(b.id, b.capacity ?? Number.POSITIVE_INFINITY);
    for (const c of scenario.conveyors) this.conveyors.set(c.id, c);
    for (const s of scenario.sources) this.sources.set(s.id, s);
    scenario.sources.forEach((e, i) => {
      add("source", e, i);
    });
    scenario.buffers.forEach((e, i) => {
      add("buffer", e, i);
    });
    scenario.conveyors.forEach((e, i) => {
      add("conveyor", { ...e, position: e.from }, i);
    });
    scenario.stations.forEach((e, i) => {
      add("station", e, i);
    });
    scenario.sinks.forEach((e, i) => {
      add("sink", e, i);
    });

    for (const route of this.routes.values()) {
      for (const list of [route.fallback, ...route.byProduct.values()]) {
        for (const id of list) this.parallel.set(id, Math.max(this.parallel.get(id) ?? 1, list.length));
      }
    }
    for (const p of scenario.operators) {
      this.pools.set(p.id, {
        id: p.id,
        kind: "operators",
        size: p.headcount,
        efficiency: p.efficiency,
        walkingSpeed: p.walkingSpeed,
        transferUs: 0,
        calendar: p.calendar ? this.calendar(p.calendar) : this.lineCalendar,
        home: p.home ? [p.home[0], p.home[1]] : [0, -3],
      });
    }
    for (const r of scenario.robots) {
      this.pools.set(r.id, {
        id: r.id,
        kind: "robot",
        size: 1,
        efficiency: 1,
        walkingSpeed: 0,
        transferUs: Math.round(r.transferTime * 1e6),
        calendar: r.calendar ? this.calendar(r.calendar) : this.lineCalendar,
        home: r.position ? [r.position[0], r.position[1]] : [0, 0],
      });
    }
    for (const s of scenario.stations) {
      const processTimes = new Map<string, Distribution>();
      for (const [prod, d] of Object.entries(s.processTimes ?? {})) processTimes.set(prod, d);
      const cnc = cncDef(s, scenario);
      const robotPlan = s.task !== undefined ? planStationTask(scenario, s).plan : null;
      const handlingPlan = planHandling(scenario, s);
      this.stations.set(s.id, {
        spec: s,
        cnc,
        robotPlan,
        handlingPlan,
        calendar: s.calendar ? this.calendar(s.calendar) : this.lineCalendar,
        pool: s.operators ?? s.robot ?? null,
        idealCycleS:
          s.idealCycleTime ??
          (robotPlan !== null ? robotPlan.durationUs / 1e6 : idealCycle(s, scenario, cnc)),
        processTimes,
      });
    }
  }

  calendar(name: string): CompiledCalendar {
    const c = this.calendars.get(name);
    if (c === undefined) throw new Error(`unknown calendar ${name}`);
    return c;
  }

  /** metres between two entities on the floor plan */
  distance(a: [number, number], b: [number, number]): number {
    return Math.hypot(a[0] - b[0], a[1] - b[1]);
  }
}

function compileRoute(to: TargetSpec): Route {
  if (typeof to === "string") return { byProduct: new Map(), fallback: [to] };
  if (Array.isArray(to)) return { byProduct: new Map(), fallback: to };
  const byProduct = new Map<string, string[]>();
  let fallback: string[] = [];
  for (const [k, v] of Object.entries(to)) {
    const list = typeof v === "string" ? [v] : v;
    if (k === "default") fallback = list;
    else byProduct.set(k, list);
  }
  return { byProduct, fallback };
}

function kindRow(kind: NodeKind): number {
  return ["source", "buffer", "conveyor", "station", "sink"].indexOf(kind);
}

/**
 * The default ideal cycle: mean process time over the products the scenario makes (weighted equally),
 * plus mean load and unload times where the station is tended.
 */
function idealCycle(s: StationSpec, scenario: Scenario, cnc: CncDef | null): number {
  const specific = Object.values(s.processTimes ?? {});
  const process =
    cnc !== null
      ? [...cnc.cycleS.values()].reduce((a, b) => a + b, 0) / Math.max(1, cnc.cycleS.size)
      : specific.length === 0 || specific.length < scenario.products.length
        ? mean(s.processTime!)
        : specific.reduce((a, d) => a + mean(d), 0) / specific.length;
  const h = s.handling;
  return process + (h?.load ? mean(h.load) : 0) + (h?.unload ? mean(h.unload) : 0);
}

function cncDef(s: StationSpec, scenario: Scenario): CncDef | null {
  if (s.machine === undefined || (s.program === undefined && s.programs === undefined)) return null;
  const machine = machineById(s.machine)!;
  const programs = new Map<string, string>();
  if (s.program !== undefined) programs.set("*", s.program);
  for (const [prod, file] of Object.entries(s.programs ?? {})) programs.set(prod, file);
  const cycleS = new Map<string, number>();
  for (const file of new Set(programs.values())) {
    const compiled = compileProgram(scenario.files[file] ?? "", machine);
    cycleS.set(file, (compiled.plan?.totalUs ?? 0) / 1e6);
  }
  return { machine, programs, cycleS };
}

function compilePlc(scenario: Scenario): { profile: PlcProfile; program: CompiledProgram | null } | null {
  const c = scenario.control;
  if (c === undefined) return null;
  const parsed = parsePlcProfile(scenario.files[c.profile] ?? "", c.profile);
  if (!parsed.ok) throw new Error(`PLC profile ${c.profile} is invalid`);
  if (c.program === undefined) return { profile: parsed.profile, program: null };
  const bound = bindProgram(parsed, c.profile, scenario.files[c.program] ?? "", c.program);
  if (!bound.ok) throw new Error(`PLC program ${c.program} is invalid`);
  return { profile: parsed.profile, program: bound.program };
}
