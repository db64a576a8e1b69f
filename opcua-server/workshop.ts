import { type AddressSpace, type Namespace, NodeClass, type UAObject } from "node-opcua";
import type { SimEvent, Simulation } from "../sim/index";
import { applyNamespacePermissions } from "./access";
import { AlarmBridge, linkEventSource } from "./alarms";
import { CommandPort, SIM_COMMAND_TYPES } from "./commands";
import type { Identity, WorkshopContext } from "./context";
import { APP_NAMESPACE_URI, withSlashNodeIds } from "./ids";
import { JobManagement } from "./jobs";
import { buildLine, type LineStats } from "./line";
import { buildMachineTool } from "./machine-tool";
import { buildStation } from "./machinery";
import { type ModelProviders, resolveModels } from "./models";
import { DEFAULT_DEADBANDS, type Deadbands, ValuePublisher } from "./publisher";
import { buildRobot } from "./robot";
import { namespaceIndexes, object } from "./ua";

export interface WorkshopOptions {
  getSim(): Simulation;
  /** simulation µs → wall time, for sourceTimestamp and alarm times */
  simToWall(tUs: number): Date;
  models?: ModelProviders | undefined;
  /** absolute deadbands, by quantity (see DeadbandKind for units) */
  deadbands?: Partial<Deadbands> | undefined;
  /** shortest wall time between two publications, ms (default 100) */
  publishIntervalMs?: number | undefined;
  /** window of CurMachSpeed, s of simulated time (default 600) */
  speedWindowS?: number | undefined;
  /** command types the simulation accepts beyond today's (e.g. "setOverride") */
  extraCommands?: readonly string[] | undefined;
  /** identification per entity id; defaults name the twin as manufacturer */
  identify?: ((entity: string) => Partial<Identity>) | undefined;
  /** wall clock for the rate limit, ms (tests pass their own) */
  now?: (() => number) | undefined;
}

/** A workshop built into an address space: feed it the drained events, it publishes what changed. */
export interface Workshop {
  readonly namespaceIndex: number;
  readonly publisher: ValuePublisher;
  readonly commands: CommandPort;
  readonly alarms: AlarmBridge;
  /** Takes the events drained after an advance; publishes now if the interval allows. */
  update(events: readonly SimEvent[]): void;
  /** Publishes pending changes regardless of the interval; returns the number of values written. */
  flush(): number;
  dispose(): void;
}

/**
 * Method arguments come with MinimumSamplingInterval -1 ("indeterminate"), on which node-opcua 2.182's
 * CreateMonitoredItems asserts and the server process dies when a client asks for sampling interval 0.
 * Our values are pushed on change, so 0 (exception-based) is the truth for every variable here.
 */
function exceptionBased(ns: Namespace): void {
  const nodes = (
    ns as unknown as { nodeIterator(): Iterable<{ nodeClass: NodeClass; minimumSamplingInterval?: number }> }
  ).nodeIterator();
  for (const n of nodes) {
    if (n.nodeClass === NodeClass.Variable && (n.minimumSamplingInterval ?? 0) < 0)
      n.minimumSamplingInterval = 0;
  }
}

function folder(parent: UAObject, name: string, ns: number): UAObject {
  const f = parent.getFolderElementByName(name, ns);
  if (f === null) throw new Error(`Objects has no ${name} folder (namespace ${ns})`);
  return f as UAObject;
}

function entitiesOf(ev: SimEvent): string[] {
  switch (ev.type) {
    case "StateChanged":
      return [ev.entity, "line"];
    case "OperationStarted":
    case "OperationCompleted":
      return ev.robot === undefined ? [ev.station] : [ev.station, ev.robot];
    case "SetupStarted":
    case "PartScrapped":
      return [ev.station];
    case "AlarmRaised":
    case "AlarmCleared":
    case "AlarmAcknowledged":
      return [ev.entity];
    case "WorkOrderProgress":
      return ["jobs"];
    case "OperatorStateChanged":
      return [ev.pool];
    case "CommandApplied": {
      const c = JSON.parse(ev.detail) as { entity?: string; robot?: string };
      return [c.entity ?? c.robot ?? "jobs", "line"];
    }
    default:
      // the CNC model's events (CncStateChanged, CncOverrideChanged, CncToolChanged, …) name the station
      return "machine" in ev && typeof ev.machine === "string" ? [ev.machine] : [];
  }
}

/**
 * Builds the workshop of `getSim()`'s scenario into an address space that has the companion nodesets
 * loaded: machines, robots, the line, job management and alarms. Works on a bare AddressSpace (tests)
 * as well as on a running server's.
 */
export function buildWorkshop(addressSpace: AddressSpace, o: WorkshopOptions): Workshop {
  const sim0 = o.getSim();
  const app =
    (addressSpace.getNamespace(APP_NAMESPACE_URI) as Namespace | null) ??
    addressSpace.registerNamespace(APP_NAMESPACE_URI);
  applyNamespacePermissions(app);
  const extra = new Set(o.extraCommands ?? []);
  const commands = new CommandPort(o.getSim, (t) => SIM_COMMAND_TYPES.has(t) || extra.has(t));
  const publisher = new ValuePublisher({
    deadbands: { ...DEFAULT_DEADBANDS, ...o.deadbands },
    minIntervalMs: o.publishIntervalMs ?? 100,
    now: o.now ?? (() => performance.now()),
    toWall: o.simToWall,
  });
  const year = o.simToWall(0).getUTCFullYear();
  const w: WorkshopContext = {
    addressSpace,
    app,
    ns: namespaceIndexes(addressSpace),
    publisher,
    getSim: o.getSim,
    commands,
    models: resolveModels(sim0, o.models),
    toWall: o.simToWall,
    lastProgram: new Map(),
    processedUs: new Map(),
    identify: (entity) => ({
      manufacturer: "workshop-twin (simulated)",
      model:
        sim0.scenario.stations.find((s) => s.id === entity)?.name ??
        sim0.scenario.robots.find((r) => r.id === entity)?.name ??
        entity,
      serialNumber: `SIM-${entity}`,
      productInstanceUri: `${APP_NAMESPACE_URI}:${entity}`,
      yearOfConstruction: year,
      ...o.identify?.(entity),
    }),
  };
  const robotCells = new Set(sim0.scenario.stations.filter((s) => s.kind === "robot").map((s) => s.id));
  const robotOf = new Map<string, string>();
  for (const s of sim0.scenario.stations) if (s.robot !== undefined) robotOf.set(s.id, s.robot);
  const stats: LineStats = { completions: [], windowUs: Math.round((o.speedWindowS ?? 600) * 1e6) };
  const sources = new Map<string, UAObject>();
  const objects = addressSpace.rootFolder.objects;
  let alarms!: AlarmBridge;
  let line!: UAObject;
  withSlashNodeIds(() => {
    const machines = folder(objects, "Machines", w.ns.machinery);
    for (const s of sim0.scenario.stations) {
      const m = s.kind === "cnc" ? buildMachineTool(w, s, machines) : buildStation(w, s, machines);
      sources.set(s.id, s.kind === "cnc" ? object(m, "Notification", "Messages") : m);
    }
    const deviceSet = folder(objects, "DeviceSet", w.ns.di);
    for (const r of sim0.scenario.robots) sources.set(r.id, buildRobot(w, r, [deviceSet, machines]));
    line = buildLine(w, objects, stats);
    new JobManagement(w).build(line);
    for (const c of sim0.scenario.conveyors) sources.set(c.id, object(line, "Conveyors", c.id));
  });
  const server = addressSpace.rootFolder.objects.server;
  const machinesFolder = folder(objects, "Machines", w.ns.machinery);
  for (const [entity, source] of sources) {
    linkEventSource(server, sim0.topo.kinds.get(entity) === "conveyor" ? line : machinesFolder, source);
  }
  linkEventSource(server, line, line);
  exceptionBased(app);
  alarms = new AlarmBridge(w, (entity) => sources.get(entity) ?? line);
  alarms.install();
  publisher.touchAll(sim0.now);
  publisher.flush(sim0.now, true);

  return {
    namespaceIndex: app.index,
    publisher,
    commands,
    alarms,
    update(events) {
      for (const ev of events) {
        switch (ev.type) {
          case "AlarmRaised":
            alarms.raised(ev);
            break;
          case "AlarmCleared":
            alarms.cleared(ev);
            break;
          case "AlarmAcknowledged":
            alarms.acknowledged(ev);
            break;
          case "OperationStarted":
            if (ev.program !== undefined) w.lastProgram.set(ev.station, ev.program);
            // a robot cell's program is the robot's task; a tended machine's program is the machine's
            if (ev.robot !== undefined && ev.program !== undefined && robotCells.has(ev.station))
              w.lastProgram.set(`robot:${ev.robot}`, ev.program);
            break;
          case "OperationCompleted":
            w.processedUs.set(ev.station, (w.processedUs.get(ev.station) ?? 0) + ev.processUs);
            break;
          case "PartCompleted":
            stats.completions.push(ev.t);
            break;
        }
        for (const e of entitiesOf(ev)) {
          publisher.touch(e, ev.t);
          // a robot shows the state of the stations it serves (e-stop, task)
          const robot = robotOf.get(e);
          if (robot !== undefined) publisher.touch(robot, ev.t);
        }
      }
      publisher.flush(o.getSim().now);
    },
    flush: () => publisher.flush(o.getSim().now, true),
    dispose: () => alarms.dispose(),
  };
}
