import { randomUUID } from "node:crypto";
import { basename, join } from "node:path";
import { type Db, Dispatcher, ExecutionRecorder } from "../../erp-bridge/index";
import {
  type CommandReply,
  commandError,
  type ScenarioChoice,
  type StatusMessage,
  type TwinEvent,
  type ViewerCommand,
} from "../../protocol/index";
import { formatIssue, type Scenario, ScenarioError, type SimEvent, type Simulation } from "../../sim/index";
import { initPhysics } from "../../sim/physics/index";
import { SPEED_MAX, SPEED_MIN } from "./config";
import { OrderFeeder } from "./feeder";
import type { MachineSamples } from "./frames";
import { type BrowsePathFn, FAULTS } from "./layout";
import { LiveTwin } from "./live-twin";
import type { WallClock } from "./runner";
import { listScenarios, loadScenarioFile } from "./scenario-files";
import { twinEvents } from "./views";

/** What the OPC UA server (opcua-server/) offers the twin: events in, sessions closed on shutdown. */
export interface OpcUaAdapter {
  /** opc.tcp:// URL clients connect to */
  readonly endpoint: string;
  update(events: readonly SimEvent[]): void;
  close(): Promise<void>;
}

/** Starts an OPC UA server over a simulation; called for every run (a scenario switch restarts it). */
export type OpcUaFactory = (sim: Simulation) => Promise<OpcUaAdapter>;

export interface TwinHostOptions {
  /** scenario file to start with */
  scenarioPath: string;
  /** folder of the scenarios the picker offers (the start file's folder by default) */
  scenarioDir: string;
  speed: number;
  seed: number | null;
  /** simulated s run headless before going live; null = the scenario's warm-up */
  prerollS: number | null;
  /** ERP database; null runs the twin without recording or ERP orders */
  db: Db | null;
  feeder: boolean;
  opcua?: OpcUaFactory | null;
  samples?: MachineSamples;
  browsePath?: BrowsePathFn;
  clock?: WallClock;
  tickMs?: number;
  log?: (line: string) => void;
}

/**
 * The live twin's composition: the running LiveTwin, the ERP bridge (recorder, dispatcher, demo feeder),
 * the OPC UA adapter, and the one command inlet the socket gateway and /api/twin share. A scenario switch
 * replaces the LiveTwin; listeners hear of it and resend their layout.
 */
export class TwinHost {
  private runsWithoutDb = 0;
  private twin: LiveTwin | null = null;
  private recorder: ExecutionRecorder | null = null;
  private opcua: OpcUaAdapter | null = null;
  private unsubscribe: (() => void)[] = [];
  private restarting = false;
  private erpTimer: ReturnType<typeof setInterval> | null = null;
  private readonly restartListeners: ((twin: LiveTwin) => void)[] = [];
  private readonly eventListeners: ((events: TwinEvent[]) => void)[] = [];
  readonly dispatcher: Dispatcher | null;
  readonly feeder: OrderFeeder | null;
  private file: string;
  private scenarios: ScenarioChoice[] = [];
  private readonly log: (line: string) => void;

  constructor(private readonly opts: TwinHostOptions) {
    this.file = opts.scenarioPath;
    this.log = opts.log ?? (() => {});
    const db = opts.db;
    this.dispatcher =
      db === null
        ? null
        : new Dispatcher(db, {
            submit: (cmd) => this.current.sim.submit(cmd),
            now: () => this.current.sim.now,
            rule: "edd",
            maxActive: 2,
          });
    this.feeder = db === null ? null : new OrderFeeder(db, { enabled: opts.feeder });
  }

  /** The running twin (throws before `start`). */
  get current(): LiveTwin {
    if (this.twin === null) throw new Error("the twin has not started");
    return this.twin;
  }

  /** The running twin, or null while it restarts or after close. */
  get running(): LiveTwin | null {
    return this.twin;
  }

  get scenarioFile(): string {
    return this.file;
  }

  onRestart(fn: (twin: LiveTwin) => void): void {
    this.restartListeners.push(fn);
  }

  onEvents(fn: (events: TwinEvent[]) => void): void {
    this.eventListeners.push(fn);
  }

  /** Loads the start scenario (throws ScenarioError) and starts the real-time run. */
  async start(): Promise<void> {
    const scenario = loadScenarioFile(this.opts.scenarioPath);
    await this.launch(scenario, this.opts.scenarioPath, this.opts.speed);
    if (this.dispatcher !== null) this.erpTimer = setInterval(() => this.serviceErp(), 1000);
  }

  /** Restarts on another file of the scenario folder; the speed carries over. */
  async switchScenario(file: string): Promise<CommandReply> {
    if (this.restarting) return commandError("TWIN_ERR_BUSY", "a restart is in progress");
    this.scenarios = listScenarios(this.opts.scenarioDir).choices;
    if (!this.scenarios.some((s) => s.file === file)) {
      return commandError(
        "TWIN_ERR_UNKNOWN_SCENARIO",
        `no valid scenario "${file}" in ${this.opts.scenarioDir}`,
      );
    }
    const path = join(this.opts.scenarioDir, file);
    let scenario: Scenario;
    try {
      scenario = loadScenarioFile(path);
    } catch (e) {
      const why = e instanceof ScenarioError ? e.issues.map(formatIssue).join("; ") : String(e);
      return commandError("TWIN_ERR_SCENARIO_INVALID", why);
    }
    this.restarting = true;
    try {
      this.emit([{ type: "restarting", file }]);
      const speed = this.current.runner.speed;
      await this.stopRun();
      await this.launch(scenario, path, speed);
      return { ok: true, detail: `running ${scenario.name}` };
    } finally {
      this.restarting = false;
    }
  }

  /** Applies a viewer command (socket or REST), already parsed. */
  async command(cmd: ViewerCommand): Promise<CommandReply> {
    if (this.restarting) return commandError("TWIN_ERR_BUSY", "a restart is in progress");
    const twin = this.current;
    switch (cmd.type) {
      case "setSpeed":
        if (!(cmd.speed >= SPEED_MIN && cmd.speed <= SPEED_MAX)) {
          return commandError(
            "TWIN_ERR_OUT_OF_RANGE",
            `speed ${cmd.speed} is outside ${SPEED_MIN} … ${SPEED_MAX}`,
          );
        }
        twin.runner.setSpeed(cmd.speed);
        return { ok: true };
      case "pause":
        twin.runner.pause();
        return { ok: true };
      case "resume":
        twin.runner.resume();
        return { ok: true };
      case "injectFault": {
        const e = twin.layout.entities.find((x) => x.id === cmd.entity);
        if (e === undefined || !e.faultable) {
          return commandError(
            "TWIN_ERR_UNKNOWN_ENTITY",
            `no station or conveyor "${cmd.entity}" in this scenario`,
          );
        }
        const template = FAULTS.find((f) => f.id === cmd.fault);
        const fault = template?.label ?? cmd.fault;
        const durationS = cmd.durationS === undefined ? (template?.durationS ?? null) : cmd.durationS;
        return simReply(
          twin.sim.submit({
            type: "injectFault",
            entity: cmd.entity,
            fault,
            durationS: durationS ?? undefined,
          }),
        );
      }
      case "clearFault":
        return simReply(twin.sim.submit({ type: "clearFault", entity: cmd.entity }));
      case "acknowledgeAlarm":
        return simReply(
          twin.sim.submit({ type: "acknowledgeAlarm", alarm: cmd.alarm, comment: cmd.comment }),
        );
      case "switchScenario":
        return this.switchScenario(cmd.file);
      case "setFeeder":
        if (this.feeder === null)
          return commandError("TWIN_ERR_REJECTED", "the twin runs without an ERP database");
        this.feeder.enabled = cmd.on;
        return { ok: true };
    }
  }

  /** ERP figures for the status message. */
  erpStatus(): StatusMessage["erp"] {
    if (this.dispatcher === null) return { queued: 0, active: 0, feeder: false };
    return {
      queued: this.dispatcher.queue().length,
      active: this.dispatcher.activeCount(),
      feeder: this.feeder?.enabled ?? false,
    };
  }

  /** Commits recorded events, feeds and dispatches ERP work; called about once a second of wall time. */
  serviceErp(): void {
    if (this.dispatcher === null || this.twin === null || this.restarting) return;
    this.recorder?.flush();
    const queued = this.dispatcher.queue();
    const created = this.feeder?.top(this.twin.sim, queued);
    if (created) this.log(`demo feeder released ${created}`);
    this.dispatcher.dispatch();
  }

  /** Stops the run, flushes the database, closes the OPC UA server. Idempotent. */
  async close(): Promise<void> {
    if (this.erpTimer !== null) clearInterval(this.erpTimer);
    this.erpTimer = null;
    await this.stopRun();
  }

  /**
   * Runs are numbered, and the number is kept in the database, because every run starts at simulated
   * time 0 with part serials counted from 1: the prefix keeps the serials of runs recorded in one
   * database apart, so a part's trace never mixes two runs.
   */
  private nextRunNumber(): number {
    const db = this.opts.db;
    if (db === null) return ++this.runsWithoutDb;
    return db.transaction(() => {
      const row = db.prepare("SELECT value FROM meta WHERE key = 'run_seq'").get() as
        | { value: string }
        | undefined;
      const n = (row === undefined ? 0 : Number(row.value)) + 1;
      db.prepare(
        "INSERT INTO meta (key, value) VALUES ('run_seq', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
      ).run(String(n));
      return n;
    })();
  }

  private async launch(scenario: Scenario, path: string, speed: number): Promise<void> {
    this.scenarios = listScenarios(this.opts.scenarioDir).choices;
    if (scenario.fidelity === "physics") await initPhysics();
    const file = basename(path);
    const twin = new LiveTwin({
      scenario,
      file,
      seed: this.opts.seed ?? undefined,
      runId: randomUUID(),
      serialPrefix: `R${this.nextRunNumber()}-`,
      scenarios: this.scenarios,
      speed,
      clock: this.opts.clock,
      tickMs: this.opts.tickMs,
      samples: this.opts.samples,
      browsePath: this.opts.browsePath,
      opcuaEndpoint: null,
      onSinkError: (e) => this.log(`event consumer failed: ${e instanceof Error ? e.message : String(e)}`),
      onSimError: (e) =>
        this.log(
          `the simulation failed and is paused: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`,
        ),
    });
    this.twin = twin;
    this.file = path;
    if (this.opts.db !== null) {
      const stale = this.feeder?.startRun(twin.sim) ?? [];
      if (stale.length > 0)
        this.log(`cancelled ${stale.length} work orders left in flight by a previous run`);
      const recorder = new ExecutionRecorder(this.opts.db, { batchSize: 500 });
      this.recorder = recorder;
      this.unsubscribe.push(twin.onEvents((events) => recorder.record(events)));
    }
    if (this.opts.opcua) {
      try {
        const ua = await this.opts.opcua(twin.sim);
        this.opcua = ua;
        twin.layout.opcuaEndpoint = ua.endpoint;
        this.unsubscribe.push(twin.onEvents((events) => ua.update(events)));
      } catch (e) {
        this.log(`OPC UA server did not start: ${e instanceof Error ? e.message : String(e)}`);
      }
    }
    this.unsubscribe.push(
      twin.onEvents((events) => {
        const out = twinEvents(twin.sim, events);
        if (out.length > 0) this.emit(out);
        if (this.dispatcher !== null && events.some(freesOrderSlot)) this.dispatcher.dispatch();
      }),
    );
    const prerollUs = Math.round((this.opts.prerollS ?? scenario.warmup) * 1e6);
    // orders the scenario releases at time 0 count before the feeder decides whether to add one
    twin.runner.fastForward(Math.max(1, prerollUs));
    this.serviceErp();
    twin.runner.start();
    for (const fn of this.restartListeners) fn(twin);
  }

  private async stopRun(): Promise<void> {
    const twin = this.twin;
    if (twin === null) return;
    twin.runner.stop();
    // hand the last events to the recorder and the OPC UA server before they go
    const rest = twin.sim.drainEvents();
    if (rest.length > 0) {
      this.recorder?.record(rest);
      this.opcua?.update(rest);
    }
    for (const u of this.unsubscribe) u();
    this.unsubscribe = [];
    if (this.recorder !== null) {
      this.recorder.close();
      this.recorder = null;
    }
    if (this.opcua !== null) {
      const ua = this.opcua;
      this.opcua = null;
      await ua.close();
    }
    this.twin = null;
  }

  private emit(events: TwinEvent[]): void {
    for (const fn of this.eventListeners) fn(events);
  }
}

function simReply(r: { ok: true } | { ok: false; code: string; reason: string }): CommandReply {
  return r.ok ? { ok: true } : { ok: false, code: "TWIN_ERR_REJECTED", reason: `${r.code}: ${r.reason}` };
}

function freesOrderSlot(e: SimEvent): boolean {
  return e.type === "WorkOrderProgress" && (e.status === "completed" || e.status === "cancelled");
}
