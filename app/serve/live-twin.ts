import type { KpiPoint, Layout, ScenarioChoice, StatusMessage } from "../../protocol/index";
import { PROTOCOL_VERSION } from "../../protocol/index";
import { type Scenario, type SimEvent, Simulation } from "../../sim/index";
import { buildFloorplan, type Floorplan } from "./floorplan";
import { FrameSampler, type MachineSamples } from "./frames";
import { type BrowsePathFn, buildLayout } from "./layout";
import { kpiPoint, LiveKpi } from "./live-kpi";
import { MemberMotion } from "./motion";
import { solveRobotPoses } from "./robot-poses";
import { RealTimeRunner, type RunnerOptions } from "./runner";
import { cncTravel, simMachineSamples } from "./sim-samples";
import { entityDetails } from "./views";

export interface LiveTwinOptions extends RunnerOptions {
  scenario: Scenario;
  /** file name shown to viewers, e.g. workshop.yaml */
  file: string;
  seed?: number | undefined;
  runId: string;
  /** part serials of this run start with it (e.g. "R12-"), so runs recorded in one database never mix */
  serialPrefix?: string;
  scenarios?: ScenarioChoice[];
  opcuaEndpoint?: string | null;
  browsePath?: BrowsePathFn;
  samples?: MachineSamples;
  /** chart points kept for viewers that connect later */
  historyLength?: number;
}

/**
 * One run of one scenario in real time: the simulation, its runner, and what viewers read from it
 * (layout, frames, status with KPIs). No sockets, files or databases here: `TwinHost` wires those.
 */
export class LiveTwin {
  readonly sim: Simulation;
  readonly runner: RealTimeRunner;
  readonly layout: Layout;
  readonly plan: Floorplan;
  readonly frames: FrameSampler;
  readonly kpi: LiveKpi;
  readonly motion: MemberMotion;
  readonly history: KpiPoint[] = [];
  private readonly historyLength: number;

  constructor(opts: LiveTwinOptions) {
    this.sim = new Simulation(opts.scenario, {
      ...(opts.seed === undefined ? {} : { seed: opts.seed }),
      ...(opts.serialPrefix === undefined ? {} : { serialPrefix: opts.serialPrefix }),
    });
    this.plan = buildFloorplan(this.sim);
    const robots = solveRobotPoses(this.sim, this.plan);
    const sim = this.sim;
    const samples = opts.samples ?? simMachineSamples(sim);
    const sampledCnc = new Set(
      sim.scenario.stations.filter((s) => sim.cncMachine(s.id) !== undefined).map((s) => s.id),
    );
    const sampledRobots = new Set(
      sim.scenario.stations
        .filter((s) => s.robot !== undefined && (sim.topo.stations.get(s.id)?.robotPlan ?? null) !== null)
        .map((s) => s.robot!),
    );
    this.layout = buildLayout(this.sim, this.plan, robots, {
      runId: opts.runId,
      file: opts.file,
      scenarios: opts.scenarios ?? [],
      opcuaEndpoint: opts.opcuaEndpoint ?? null,
      browsePath: opts.browsePath,
      sampledCnc: opts.samples === undefined ? sampledCnc : undefined,
      sampledRobots: opts.samples === undefined ? sampledRobots : undefined,
      cncTravel: (id) => cncTravel(sim, id),
    });
    this.kpi = new LiveKpi(this.sim);
    this.motion = new MemberMotion(this.sim, this.plan, robots);
    this.frames = new FrameSampler(this.sim, this.layout, this.plan, this.motion, samples);
    this.runner = new RealTimeRunner(this.sim, opts);
    this.historyLength = opts.historyLength ?? 720;
    // the twin's own readers first, so adapters subscribed later see KPIs that include the events
    this.runner.subscribe((events) => {
      this.kpi.add(events);
      this.motion.add(events);
    });
  }

  get runId(): string {
    return this.layout.runId;
  }

  /** Subscribes an adapter to drained events (recorder, OPC UA, gateway). */
  onEvents(sink: (events: readonly SimEvent[], tUs: number) => void): () => void {
    return this.runner.subscribe(sink);
  }

  /** Samples the current instant into the frame sampler and returns the binary block. */
  frame(): { bytes: Uint8Array; states: number[] } {
    const r = this.runner;
    this.frames.sample(this.sim.now, r.speed, r.paused);
    return { bytes: this.frames.encode(), states: this.frames.states };
  }

  /** Status with KPIs and entity details at the current instant; appends a chart point. */
  status(erp: StatusMessage["erp"]): StatusMessage {
    const t = this.sim.now;
    const kpi = this.kpi.snapshot(t);
    const point = kpiPoint(kpi);
    const last = this.history[this.history.length - 1];
    if (last === undefined || last.tUs < t) {
      this.history.push(point);
      if (this.history.length > this.historyLength)
        this.history.splice(0, this.history.length - this.historyLength);
    }
    return {
      v: PROTOCOL_VERSION,
      r: this.runId,
      tUs: t,
      speed: this.runner.speed,
      paused: this.runner.paused,
      kpi,
      details: entityDetails(this.sim, this.motion, t),
      erp,
      point,
    };
  }
}
