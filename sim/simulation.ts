import { CncMachine, type CncMachineState } from "./cnc/machine";
import type { Command, CommandResult } from "./commands";
import type { SimEvent } from "./events";
import { EventQueue, type EventQueueState } from "./kernel/event-queue";
import { acknowledgeAlarm, clearAlarm, raiseAlarm } from "./line/alarms";
import { initialLineState, startLine } from "./line/build";
import { calendarAt } from "./line/calendar";
import { applyCncCommand } from "./line/cnc-commands";
import type { LineContext, LineEventKind } from "./line/context";
import {
  itemPosition,
  onEntryFree,
  onHeadArrival,
  setConveyorHalted,
  setConveyorSpeed,
} from "./line/conveyor";
import { emitOrderProgress } from "./line/flow";
import { onMemberArrive, poolShiftChange } from "./line/resources";
import { taskStretchAt } from "./line/robot-jobs";
import { applyOutput, readSignal } from "./line/signals";
import { onArrival, sourceRetry } from "./line/source";
import type { LineState } from "./line/state";
import { beginOperation, beginUnload, onStationTimer, updateStationState } from "./line/station";
import {
  clearStationFault,
  injectStationFault,
  onStationFail,
  onStationRepaired,
  setStationStopped,
} from "./line/station-faults";
import { Topology } from "./line/topology";
import { LinePhysics, type LinePhysicsSnapshot, type PhysicsOptions } from "./physics/line-physics";
import { type CellController, type CellControllerState, createCellController } from "./plc/cell-controller";
import type { Pcg32State } from "./random/pcg32";
import { RandomStreams } from "./random/streams";
import { findRobot, type MotionSample, sampleTaskPlan } from "./robot/index";
import type { Scenario } from "./scenario/schema";

export interface SimulationOptions {
  /** run seed; defaults to the scenario's */
  seed?: number;
  /** put in front of every part serial (e.g. "R12-"): serials stay unique across runs that share a database */
  serialPrefix?: string;
  /** physics settings for `fidelity: physics` (step, photo-eyes, shapes); call `initPhysics()` first */
  physics?: PhysicsOptions;
}

/** Everything needed to continue a run exactly: plain data, safe to structuredClone or serialise. */
export interface SimSnapshot {
  now: number;
  plc: CellControllerState | null;
  cnc: Record<string, CncMachineState>;
  queue: EventQueueState<LineEventKind>;
  streams: Record<string, Pcg32State>;
  line: LineState;
  pending: SimEvent[];
  /** the Rapier world and its bookkeeping (fidelity: physics) */
  physics?: LinePhysicsSnapshot | undefined;
}

/**
 * One run of one scenario: a discrete-event kernel over the line model. Deterministic: the same
 * scenario, seed and timed commands give the same events, bit for bit. Nothing here reads a clock.
 */
export class Simulation {
  readonly topo: Topology;
  readonly seed: number;
  private queue = new EventQueue<LineEventKind>();
  private streams: RandomStreams;
  private line: LineState;
  private pending: SimEvent[] = [];
  private machines = new Map<string, CncMachine>();
  private readonly plc: CellController | null;
  private t = 0;
  private processed = 0;
  private readonly ctx: LineContext;
  /** the Rapier world carrying parts on belts (fidelity: physics), else null */
  readonly physics: LinePhysics | null;

  constructor(
    readonly scenario: Scenario,
    options: SimulationOptions = {},
  ) {
    this.seed = options.seed ?? scenario.seed;
    this.topo = new Topology(scenario);
    this.streams = new RandomStreams(this.seed);
    this.line = initialLineState(this.topo);
    // throws PHYS_ERR_NOT_INITIALISED when `await initPhysics()` was forgotten
    this.physics = scenario.fidelity === "physics" ? new LinePhysics(scenario, options.physics) : null;
    const self = this;
    this.ctx = {
      topo: this.topo,
      get state() {
        return self.line;
      },
      now: () => this.t,
      schedule: (t, kind, target, data = 0) => {
        this.queue.push(t, kind, target, data);
      },
      emit: (ev) => {
        this.pending.push(ev);
      },
      rng: (name) => this.streams.get(name),
      serialPrefix: options.serialPrefix ?? "",
      cnc: (station) => this.machines.get(station),
      physics: this.physics ?? undefined,
    };
    this.physics?.bind(this.ctx);
    for (const def of this.topo.stations.values()) {
      if (def.cnc !== null)
        this.machines.set(def.spec.id, CncMachine.create({ id: def.spec.id, machine: def.cnc.machine }));
    }
    const plc = this.topo.plc;
    this.plc = plc === null ? null : createCellController(plc.profile, plc.program);
    if (plc !== null) {
      // belts the PLC runs stand still until it says run
      for (const sig of plc.profile.signals) {
        const c = sig.binding?.signal === "run" ? this.line.conveyors.get(sig.binding.entity) : undefined;
        if (c !== undefined) c.stopped = true;
      }
      this.queue.push(0, "plc.scan", plc.profile.id, 0);
    }
    startLine(this.ctx);
  }

  /** Current simulation time, µs. */
  get now(): number {
    return this.t;
  }

  /** Kernel events processed so far. */
  get eventsProcessed(): number {
    return this.processed;
  }

  /** Time of the next scheduled kernel event, µs (Infinity if none). */
  nextEventTime(): number {
    return this.queue.peekTime();
  }

  /** Processes every event up to and including `tUs`, then sets the clock to `tUs`. */
  advanceTo(tUs: number): void {
    if (tUs < this.t) throw new Error(`cannot go back in time: ${tUs} < ${this.t}`);
    const q = this.queue;
    const physics = this.physics;
    for (;;) {
      // physics steps up to the next kernel event; crossings it sees are pushed as events before it
      if (physics !== null) physics.advance(Math.min(q.peekTime(), tUs));
      if (q.peekTime() > tUs) break;
      const ev = q.pop()!;
      this.t = ev.t;
      this.processed++;
      this.dispatch(ev.kind, ev.target, ev.data);
    }
    this.t = tUs;
  }

  /** Returns and forgets the events produced since the last call. */
  drainEvents(): SimEvent[] {
    const out = this.pending;
    this.pending = [];
    return out;
  }

  /** Applies a command now, or says why not. */
  submit(cmd: Command): CommandResult {
    const r = this.apply(cmd);
    if (r.ok) {
      this.pending.push({
        type: "CommandApplied",
        t: this.t,
        command: cmd.type,
        detail: JSON.stringify(cmd),
      });
    }
    return r;
  }

  /** Read-only view of the line's state for adapters (viewer, OPC UA). Do not mutate. */
  get state(): Readonly<LineState> {
    return this.line;
  }

  /**
   * Joint values of a robot at `tUs` (default now) into `out.q` (rad, or m for a gantry). Returns "task"
   * when sampled from the planned task it is running (then `out.tcp` holds the TCP pose too), "home" when
   * it stands at its home position (idle, or a step without a planned task), null for an unknown robot
   * or one without a library model. Returns false for an unknown robot or one without a library model.
   */
  robotPose(robot: string, out: MotionSample, tUs = this.t): "task" | "home" | null {
    const spec = this.scenario.robots.find((r) => r.id === robot);
    const model = spec?.model !== undefined ? findRobot(spec.model) : undefined;
    if (spec === undefined || model === undefined) return null;
    const member = this.line.pools.get(robot)?.members[0];
    const station = member?.station ?? null;
    const st = station !== null ? this.line.stations.get(station) : undefined;
    const def = station !== null ? this.topo.stations.get(station) : undefined;
    if (st !== undefined && def !== undefined) {
      const stretch = taskStretchAt(def, st, tUs, this.line.robotOverride.get(robot) ?? 100);
      if (stretch !== null) {
        sampleTaskPlan(stretch.plan, stretch.atUs, out);
        return "task";
      }
    }
    out.q.fill(0);
    model.home.forEach((v, i) => {
      out.q[i] = v;
    });
    return "home";
  }

  /** The CNC machine of a station (read-only use: sample it, read its state), or undefined. */
  cncMachine(station: string): CncMachine | undefined {
    return this.machines.get(station);
  }

  /** Positions (m from the belt's start) of the parts on a conveyor at `tUs` (default now), head first. */
  conveyorPositions(id: string, tUs = this.t): number[] {
    const c = this.line.conveyors.get(id);
    if (c === undefined) return [];
    return c.items.map((_, i) => itemPosition(this.ctx, c, i, tUs));
  }

  snapshot(): SimSnapshot {
    return structuredClone({
      now: this.t,
      cnc: Object.fromEntries([...this.machines].map(([id, m]) => [id, m.snapshot()])),
      plc: this.plc?.snapshot() ?? null,
      queue: this.queue.snapshot(),
      streams: this.streams.snapshot(),
      line: this.line,
      pending: this.pending,
      physics: this.physics?.snapshot(),
    });
  }

  /** Restores a snapshot taken from a simulation of the same scenario and seed. */
  restore(s: SimSnapshot): void {
    const c = structuredClone(s);
    this.t = c.now;
    if (this.plc !== null && c.plc !== null) this.plc.restore(c.plc);
    this.machines = new Map(Object.entries(c.cnc).map(([id, st]) => [id, CncMachine.fromState(st)]));
    this.queue.restore(c.queue);
    this.streams.restore(c.streams);
    this.line = c.line;
    this.pending = c.pending;
    if (this.physics !== null && c.physics !== undefined) this.physics.restore(c.physics);
  }

  private dispatch(kind: LineEventKind, target: string, data: number): void {
    const ctx = this.ctx;
    switch (kind) {
      case "source.arrival":
        return onArrival(ctx, target);
      case "conveyor.head":
        return onHeadArrival(ctx, target, data);
      case "conveyor.entry":
        return onEntryFree(ctx, target, data);
      case "station.timer":
        return onStationTimer(ctx, target, data);
      case "station.fail":
        return onStationFail(ctx, target, data);
      case "station.repair":
        return onStationRepaired(ctx, target, data);
      case "member.arrive":
        return onMemberArrive(ctx, target, data);
      case "calendar.change":
        return this.onCalendarChange(target);
      case "physics.signal":
        return this.physics?.onSignal(target, data);
      case "physics.grip":
        return this.physics?.onGrip(target, data);
      case "physics.settled":
        return this.physics?.onSettled(target);
      case "physics.collision":
        return this.physics?.onCollision(target, data);
      case "fault.clear":
        this.apply({ type: "clearFault", entity: target });
        return;
      case "plc.scan":
        return this.plcScan();
      case "order.release": {
        const o = this.scenario.orders[data]!;
        this.releaseWorkOrder({
          type: "releaseWorkOrder",
          order: {
            id: o.id,
            product: o.product,
            quantity: o.quantity,
            dueUs: o.due === undefined ? undefined : Math.round(o.due * 1e6),
            priority: o.priority,
          },
          source: o.source,
        });
        return;
      }
    }
  }

  /** One PLC cycle: last cycle's outputs reach the actuators, inputs are read, the program runs. */
  private plcScan(): void {
    const plc = this.plc!;
    const r = plc.scan(this.t, (s) => readSignal(this.ctx, s));
    for (const s of r.changed) {
      const value = r.outputs[s.variable]!;
      applyOutput(
        this.ctx,
        s,
        value,
        this.line.plcOutputs.get(s.variable) ?? (s.type === "BOOL" ? false : 0),
      );
      this.line.plcOutputs.set(s.variable, value);
    }
    const cell = plc.profile.id;
    if (r.alarm !== null) {
      this.pending.push({
        type: "PlcFaulted",
        t: this.t,
        cell,
        code: r.alarm.code,
        message: r.alarm.message,
        line: r.alarm.line,
        col: r.alarm.col,
      });
    }
    if (r.recovered) this.pending.push({ type: "PlcRecovered", t: this.t, cell });
    this.queue.push(this.t + plc.scanTimeUs, "plc.scan", cell, 0);
  }

  /** The cell's PLC, for adapters that publish its process image (OPC UA tags, Modbus), or null. */
  get plcController(): CellController | null {
    return this.plc;
  }

  private onCalendarChange(name: string): void {
    const cal = this.topo.calendar(name);
    const { on, nextChangeUs } = calendarAt(cal, this.topo.startAtS, this.t);
    this.line.calendarOn.set(name, on);
    for (const def of this.topo.pools.values()) {
      if (def.calendar.name === name) poolShiftChange(this.ctx, this.line.pools.get(def.id)!, on);
    }
    for (const def of this.topo.stations.values()) {
      if (def.calendar.name !== name) continue;
      const st = this.line.stations.get(def.spec.id)!;
      if (on && st.phase === "acquiring") beginOperation(this.ctx, st);
      else if (on && st.phase === "unloadWait") beginUnload(this.ctx, st);
      else updateStationState(this.ctx, st);
    }
    if (Number.isFinite(nextChangeUs)) this.queue.push(nextChangeUs, "calendar.change", name, 0);
  }

  private apply(cmd: Command): CommandResult {
    const ctx = this.ctx;
    const kind = "entity" in cmd ? this.topo.kinds.get(cmd.entity) : undefined;
    const noEntity = (e: string): CommandResult => ({
      ok: false,
      code: "SIM_ERR_UNKNOWN_ENTITY",
      reason: `no entity "${e}"`,
    });
    switch (cmd.type) {
      case "injectFault": {
        if (cmd.durationS !== undefined && !(cmd.durationS > 0)) {
          return { ok: false, code: "SIM_ERR_BAD_VALUE", reason: "durationS must be positive" };
        }
        let why: string | null;
        if (kind === "station") why = injectStationFault(ctx, cmd.entity, cmd.fault ?? "fault");
        else if (kind === "conveyor") {
          const c = this.line.conveyors.get(cmd.entity)!;
          why = c.down ? "already down" : null;
          if (why === null) {
            setConveyorHalted(ctx, cmd.entity, { down: true });
            c.alarm = raiseAlarm(
              ctx,
              cmd.entity,
              "FAULT_INJECTED",
              800,
              `${cmd.entity}: ${cmd.fault ?? "fault"}`,
            );
          }
        } else return noEntity(cmd.entity);
        if (why !== null) return { ok: false, code: "SIM_ERR_STATE", reason: `${cmd.entity} is ${why}` };
        if (cmd.durationS !== undefined) {
          this.queue.push(this.t + Math.round(cmd.durationS * 1e6), "fault.clear", cmd.entity, 0);
        }
        return { ok: true };
      }
      case "clearFault": {
        if (kind === "station") {
          return clearStationFault(ctx, cmd.entity)
            ? { ok: true }
            : { ok: false, code: "SIM_ERR_STATE", reason: `${cmd.entity} has no injected fault` };
        }
        if (kind === "conveyor") {
          if (!this.line.conveyors.get(cmd.entity)!.down)
            return { ok: false, code: "SIM_ERR_STATE", reason: `${cmd.entity} is not down` };
          const c = this.line.conveyors.get(cmd.entity)!;
          setConveyorHalted(ctx, cmd.entity, { down: false });
          if (c.alarm !== null) clearAlarm(ctx, c.alarm);
          c.alarm = null;
          return { ok: true };
        }
        return noEntity(cmd.entity);
      }
      case "acknowledgeAlarm":
        return acknowledgeAlarm(ctx, cmd.alarm, cmd.comment)
          ? { ok: true }
          : { ok: false, code: "SIM_ERR_UNKNOWN_ALARM", reason: `no unacknowledged alarm "${cmd.alarm}"` };
      case "stopEntity":
      case "startEntity": {
        const stop = cmd.type === "stopEntity";
        if (kind === "station") setStationStopped(ctx, cmd.entity, stop);
        else if (kind === "conveyor") setConveyorHalted(ctx, cmd.entity, { stopped: stop });
        else if (kind === "source") {
          const src = this.line.sources.get(cmd.entity)!;
          src.stopped = stop;
          if (!stop) sourceRetry(ctx, cmd.entity);
        } else return noEntity(cmd.entity);
        return { ok: true };
      }
      case "setConveyorSpeed": {
        if (kind !== "conveyor") return noEntity(cmd.entity);
        if (!(cmd.speed >= 0 && cmd.speed <= 10)) {
          return {
            ok: false,
            code: "SIM_ERR_OUT_OF_RANGE",
            reason: `speed ${cmd.speed} m/s is outside 0..10 m/s`,
          };
        }
        setConveyorSpeed(ctx, cmd.entity, cmd.speed);
        return { ok: true };
      }
      case "setOverride":
      case "abortProgram":
      case "loadProgram":
        return applyCncCommand(ctx, cmd);
      case "writePlcOutput":
      case "forcePlcSignal":
        return this.plcCommand(cmd);
      case "setSignal": {
        this.line.signals.set(`${cmd.entity}/${cmd.signal}`, cmd.value);
        return { ok: true };
      }
      case "setRobotSpeedOverride": {
        if (!this.scenario.robots.some((r) => r.id === cmd.robot)) {
          return { ok: false, code: "SIM_ERR_UNKNOWN_ENTITY", reason: `no robot "${cmd.robot}"` };
        }
        if (!(cmd.pct >= 1 && cmd.pct <= 100)) {
          return {
            ok: false,
            code: "SIM_ERR_OUT_OF_RANGE",
            reason: `robot speed override ${cmd.pct} % is outside 1..100 %`,
          };
        }
        this.line.robotOverride.set(cmd.robot, cmd.pct);
        return { ok: true };
      }
      case "releaseWorkOrder":
        return this.releaseWorkOrder(cmd);
      case "cancelWorkOrder": {
        const o = this.line.orders.get(cmd.id);
        if (o === undefined)
          return { ok: false, code: "SIM_ERR_UNKNOWN_ORDER", reason: `no work order "${cmd.id}"` };
        if (o.status === "completed" || o.status === "cancelled") {
          return { ok: false, code: "SIM_ERR_STATE", reason: `work order ${cmd.id} is ${o.status}` };
        }
        o.status = "cancelled";
        emitOrderProgress(ctx, o.id);
        return { ok: true };
      }
    }
  }

  private plcCommand(cmd: Extract<Command, { type: "writePlcOutput" | "forcePlcSignal" }>): CommandResult {
    const plc = this.plc;
    if (plc === null || plc.profile.id !== cmd.cell) {
      return {
        ok: false,
        code: "SIM_ERR_NO_PLC",
        reason: `no PLC-controlled cell "${cmd.cell}" in this scenario`,
      };
    }
    const sig = plc.profile.signals.find((s) => s.variable === cmd.signal || s.name === cmd.signal);
    if (sig === undefined)
      return {
        ok: false,
        code: "SIM_ERR_UNKNOWN_SIGNAL",
        reason: `cell ${cmd.cell} has no signal "${cmd.signal}"`,
      };
    try {
      if (cmd.type === "writePlcOutput") {
        if (plc.profile.control.source !== "external") {
          return {
            ok: false,
            code: "SIM_ERR_STATE",
            reason: `cell ${cmd.cell} is controlled by its internal program`,
          };
        }
        if (sig.direction !== "output")
          return { ok: false, code: "SIM_ERR_STATE", reason: `${sig.variable} is an input` };
        plc.writeOutput(sig.variable, cmd.value, this.t);
      } else {
        plc.force(sig.variable, cmd.value);
        this.pending.push({
          type: "PlcSignalForced",
          t: this.t,
          cell: cmd.cell,
          signal: sig.variable,
          value: cmd.value,
        });
      }
    } catch (e) {
      return { ok: false, code: "SIM_ERR_OUT_OF_RANGE", reason: e instanceof Error ? e.message : String(e) };
    }
    return { ok: true };
  }

  private releaseWorkOrder(cmd: Extract<Command, { type: "releaseWorkOrder" }>): CommandResult {
    const { order } = cmd;
    if (this.line.orders.has(order.id))
      return { ok: false, code: "SIM_ERR_DUPLICATE", reason: `work order ${order.id} exists` };
    if (!this.scenario.products.some((p) => p.id === order.product)) {
      return {
        ok: false,
        code: "SIM_ERR_UNKNOWN_PRODUCT",
        reason: `no product "${order.product}" in this scenario`,
      };
    }
    if (!(Number.isInteger(order.quantity) && order.quantity > 0)) {
      return { ok: false, code: "SIM_ERR_BAD_VALUE", reason: "quantity must be a positive integer" };
    }
    const sourceId = cmd.source ?? this.scenario.sources.find((s) => s.workOrders)?.id;
    if (sourceId === undefined || !this.topo.sources.get(sourceId)?.workOrders) {
      return {
        ok: false,
        code: "SIM_ERR_NO_SOURCE",
        reason: "no work-order-driven source (workOrders: true) to release into",
      };
    }
    this.line.orders.set(order.id, {
      id: order.id,
      product: order.product,
      quantity: order.quantity,
      dueUs: order.dueUs ?? null,
      priority: order.priority ?? 0,
      released: 0,
      completed: 0,
      scrapped: 0,
      status: "released",
      seq: this.line.orderSeq++,
    });
    this.line.sources.get(sourceId)!.orders.push(order.id);
    emitOrderProgress(this.ctx, order.id);
    sourceRetry(this.ctx, sourceId);
    return { ok: true };
  }
}
