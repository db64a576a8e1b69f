import { planAfter, type Rates, realElapsed } from "./clock";
import { formatGcodeError } from "./errors";
import type { CncEvent } from "./events";
import {
  type CncMachineConfig,
  type CncMachineState,
  type CncResult,
  initialState,
  samplePlanless,
  wearAlarm,
} from "./machine-state";
import {
  type CncSample,
  emptySample,
  RATE_FEED,
  RATE_FIXED,
  RATE_PER_REV,
  RATE_RAPID,
  samplePlan,
} from "./plan-data";
import { planToolpath } from "./planner";
import { compileProgram } from "./program";
import {
  type ChannelState,
  CNC_ERRORS,
  type CncErrorCode,
  channelOf,
  type OperationMode,
  type ProgramState,
} from "./states";
import { accrue, nextWear } from "./tool-life";

export type { CncAlarm, CncMachineConfig, CncMachineState, CncResult } from "./machine-state";

type Internal = { planUs: number; kind: "wear" | "tool" | "stop" | "end"; tool: number; line: number };

/**
 * A CNC machine tool driven by commands and advanced by the caller's clock: deterministic, no timers.
 * The caller asks `nextEventTime()`, schedules it, and calls `advance(t)` to collect what happened; the
 * commands (`cycleStart`, `feedHold`, overrides, …) may come at any time in between and take effect at
 * the time they are given. Only event and command times change state; `sample(t)` reads it.
 */
export class CncMachine {
  /** scratch for the per-class rates, refilled from the state on every use (not part of the state) */
  private readonly scratchRates = new Float64Array(4);

  private constructor(private s: CncMachineState) {}

  /** A machine from a library id or definition; throws an Error naming the unknown id. */
  static create(config: CncMachineConfig): CncMachine {
    return new CncMachine(initialState(config));
  }

  static fromState(state: CncMachineState): CncMachine {
    return new CncMachine(structuredClone(state));
  }

  snapshot(): CncMachineState {
    return structuredClone(this.s);
  }

  /** Read-only view of the state (do not mutate). */
  get state(): Readonly<CncMachineState> {
    return this.s;
  }

  get channel(): ChannelState {
    return channelOf(this.s.program);
  }

  /** Parses, checks and plans an NC program; refused while a program runs or is interrupted. */
  load(name: string, text: string, tUs: number): CncResult {
    const events = this.advance(tUs);
    const s = this.s;
    if (s.program === "Running" || s.program === "Interrupted" || s.program === "Stopped")
      return this.refuse("CNC_ERR_BUSY", events);
    const compiled = compileProgram(text, s.def, {
      setup: s.setup,
      blockDelete: s.blockDelete,
      start: s.pos,
    });
    if (compiled.plan === null) {
      const first = compiled.errors[0];
      const reason = `${name}: ${first === undefined ? CNC_ERRORS.CNC_ERR_PROGRAM : formatGcodeError(first)}`;
      return { ok: false, code: "CNC_ERR_PROGRAM", reason, events, errors: compiled.errors };
    }
    s.programName = name;
    s.ops = compiled.ops;
    s.toolsUsed = compiled.toolsUsed;
    s.plan = compiled.plan.data;
    s.anchorPlan = 0;
    s.anchorUs = tUs;
    this.setProgram("Ready", tUs, "load", 0, events);
    return { ok: true, events };
  }

  /** Starts the loaded program from its beginning, or continues after feed hold or M0. */
  cycleStart(tUs: number): CncResult {
    const events = this.advance(tUs);
    const s = this.s;
    if (s.plan === null || s.ops === null) return this.refuse("CNC_ERR_NO_PROGRAM", events);
    if (s.program === "Running") return this.refuse("CNC_ERR_RUNNING", events);
    if (s.mode !== "Automatic") return this.refuse("CNC_ERR_MODE", events);
    if (s.doorOpen) return this.refuse("CNC_ERR_DOOR_OPEN", events);
    const worn = s.toolsUsed.find((t) => s.tools[t]?.worn === true);
    if (worn !== undefined)
      return this.refuse("CNC_ERR_TOOL_WORN", events, `tool T${worn} is worn out; replace it first`);
    if (s.program === "Interrupted" || s.program === "Stopped") {
      s.anchorUs = tUs;
      this.setProgram(
        "Running",
        tUs,
        s.program === "Interrupted" ? "resume" : "cycleStart",
        this.lineAt(s.anchorPlan),
        events,
      );
      return { ok: true, events };
    }
    const start = s.plan.start;
    if (start.x !== s.pos.x || start.y !== s.pos.y || start.z !== s.pos.z) {
      s.plan = planToolpath(s.ops, s.def, { start: s.pos }).data; // a cycle starts where the last one left the axes
    }
    s.anchorPlan = 0;
    s.anchorUs = tUs;
    s.nextStop = 0;
    s.nextToolChange = 0;
    s.cycleStartUs = tUs;
    this.setProgram("Running", tUs, "cycleStart", this.lineAt(0), events);
    return { ok: true, events };
  }

  /** Feed hold: motion stops where it is (the spindle keeps turning) until `cycleStart` or `resume`. */
  feedHold(tUs: number): CncResult {
    const events = this.advance(tUs);
    if (this.s.program !== "Running") return this.refuse("CNC_ERR_NOT_RUNNING", events);
    this.moveAnchor(tUs);
    this.setProgram("Interrupted", tUs, "feedHold", this.lineAt(this.s.anchorPlan), events);
    return { ok: true, events };
  }

  resume(tUs: number): CncResult {
    if (this.s.program !== "Interrupted" && this.s.program !== "Stopped") {
      return this.refuse("CNC_ERR_NOT_INTERRUPTED", this.advance(tUs));
    }
    return this.cycleStart(tUs);
  }

  /** NC reset: the program is abandoned where it is; the axes stay, the spindle stops. */
  abort(tUs: number): CncResult {
    const events = this.advance(tUs);
    const s = this.s;
    if (s.program !== "Running" && s.program !== "Interrupted" && s.program !== "Stopped") {
      return this.refuse("CNC_ERR_NOT_RUNNING", events);
    }
    if (s.program === "Running") this.moveAnchor(tUs);
    this.parkAtAnchor();
    this.setProgram("Aborted", tUs, "abort", this.lineAt(s.anchorPlan), events);
    return { ok: true, events };
  }

  setFeedOverride(tUs: number, pct: number): CncResult {
    return this.setOverride(tUs, "feed", pct, 150);
  }

  setSpindleOverride(tUs: number, pct: number): CncResult {
    return this.setOverride(tUs, "spindle", pct, 150);
  }

  setRapidOverride(tUs: number, pct: number): CncResult {
    return this.setOverride(tUs, "rapid", pct, 100);
  }

  openDoor(tUs: number): CncResult {
    const events = this.advance(tUs);
    if (this.s.program === "Running") return this.refuse("CNC_ERR_DOOR_LOCKED", events);
    if (!this.s.doorOpen) {
      this.s.doorOpen = true;
      events.push({ type: "CncDoorChanged", t: tUs, machine: this.s.id, open: true });
    }
    return { ok: true, events };
  }

  closeDoor(tUs: number): CncResult {
    const events = this.advance(tUs);
    if (this.s.doorOpen) {
      this.s.doorOpen = false;
      events.push({ type: "CncDoorChanged", t: tUs, machine: this.s.id, open: false });
    }
    return { ok: true, events };
  }

  setMode(tUs: number, mode: OperationMode): CncResult {
    const events = this.advance(tUs);
    if (this.s.program === "Running") return this.refuse("CNC_ERR_RUNNING", events);
    if (mode !== this.s.mode) {
      this.s.mode = mode;
      this.setProgram(this.s.program, tUs, "mode", 0, events, true);
    }
    return { ok: true, events };
  }

  setOptionalStop(tUs: number, on: boolean): CncResult {
    const events = this.advance(tUs);
    if (this.s.program === "Running") this.moveAnchor(tUs); // stops already passed stay passed
    this.s.optionalStop = on;
    return { ok: true, events };
  }

  /** Operator work: a fresh tool in place of `tool`; clears its wear alarm. Refused while running. */
  replaceTool(tool: number, tUs: number): CncResult {
    const events = this.advance(tUs);
    const s = this.s;
    if (s.program === "Running") return this.refuse("CNC_ERR_RUNNING", events);
    const t = s.tools[tool];
    if (t === undefined)
      return this.refuse("CNC_ERR_UNKNOWN_TOOL", events, `no tool T${tool} in the tool table`);
    t.count = 0;
    t.cutS = 0;
    t.cutM = 0;
    t.worn = false;
    s.alarms = s.alarms.filter((a) => {
      if (a.tool !== tool) return true;
      events.push({ type: "CncAlarmCleared", t: tUs, machine: s.id, alarm: a.id });
      return false;
    });
    return { ok: true, events };
  }

  /** Next time (µs) `advance` has something to do, Infinity when nothing will happen without a command. */
  nextEventTime(): number {
    const next = this.nextInternal();
    return next === null ? Number.POSITIVE_INFINITY : this.realTimeOf(next.planUs);
  }

  /** Processes everything up to and including tUs; returns the events in time order. */
  advance(tUs: number): CncEvent[] {
    const s = this.s;
    if (tUs < s.nowUs) throw new RangeError(`${CNC_ERRORS.CNC_ERR_TIME}: ${tUs} µs < ${s.nowUs} µs`);
    const events: CncEvent[] = [];
    for (let next = this.nextInternal(); next !== null; next = this.nextInternal()) {
      const t = this.realTimeOf(next.planUs);
      if (t > tUs) break;
      this.moveAnchor(t, next.planUs);
      this.handle(next, t, events);
    }
    s.nowUs = tUs;
    return events;
  }

  /** Fills `out` with positions (m), spindle speed (rpm), active line and tool at time tUs. */
  sample(tUs: number, out: CncSample = emptySample()): CncSample {
    const s = this.s;
    if (s.plan === null) return samplePlanless(s, out);
    const running = s.program === "Running";
    const p = running ? planAfter(s.plan, s.anchorPlan, tUs - s.anchorUs, this.rates()) : s.anchorPlan;
    samplePlan(s.plan, p, out);
    const seg = out.segment;
    if (!running) {
      out.speed = 0;
      out.feedState = s.program === "Interrupted" ? "hold" : "idle";
      if (s.program === "Stopped") out.line = s.stopLine;
      else if (s.program !== "Interrupted") {
        out.line = 0;
        out.tool = s.tool;
      }
      if (s.program === "Aborted") {
        out.spindleRpm = 0;
        out.spindleDir = 0;
      }
    } else if (seg >= 0) {
      out.speed *= this.rates()[s.plan.rate[seg]!]!;
    }
    out.spindleRpm = Math.min(out.spindleRpm * (s.spindlePct / 100), s.def.spindle.maxRpm);
    return out;
  }

  // ---- internals ----

  private rates(): Rates {
    const s = this.s;
    const r = this.scratchRates;
    r[RATE_RAPID] = s.rapidPct / 100;
    r[RATE_FEED] = s.feedPct / 100;
    r[RATE_PER_REV] = (s.feedPct * s.spindlePct) / 10000;
    r[RATE_FIXED] = 1;
    return r;
  }

  private realTimeOf(planUs: number): number {
    const s = this.s;
    const dt = realElapsed(s.plan!, s.anchorPlan, planUs, this.rates());
    return dt === Number.POSITIVE_INFINITY ? dt : s.anchorUs + Math.round(dt);
  }

  /** Moves the anchor to time t (at plan position `planUs` when known), accruing tool usage. */
  private moveAnchor(t: number, planUs?: number): void {
    const s = this.s;
    const rates = this.rates();
    const p = planUs ?? planAfter(s.plan!, s.anchorPlan, t - s.anchorUs, rates);
    accrue(s.plan!, s.anchorPlan, p, rates, s.tools);
    s.anchorPlan = p;
    s.anchorUs = t;
  }

  private nextInternal(): Internal | null {
    const s = this.s;
    const plan = s.plan;
    if (plan === null || s.program !== "Running") return null;
    const p0 = s.anchorPlan;
    let best: Internal = { planUs: plan.stats.totalUs, kind: "end", tool: 0, line: 0 };
    const wear = nextWear(plan, p0, this.rates(), s.tools);
    if (wear !== null && wear.planUs <= best.planUs)
      best = { planUs: wear.planUs, kind: "wear", tool: wear.tool, line: 0 };
    const tc = plan.toolChanges[s.nextToolChange];
    if (tc !== undefined && (tc.planUs < best.planUs || (tc.planUs === best.planUs && best.kind === "end")))
      best = { planUs: tc.planUs, kind: "tool", tool: tc.tool, line: tc.line };
    for (let i = s.nextStop; i < plan.stops.length; i++) {
      const st = plan.stops[i]!;
      if (st.planUs < p0) continue; // an M1 passed while optional stop was off
      if (st.planUs >= best.planUs && !(st.planUs === best.planUs && best.kind === "end")) break;
      if (st.optional && !s.optionalStop) continue;
      best = { planUs: st.planUs, kind: "stop", tool: i, line: st.line };
      break;
    }
    return best;
  }

  private handle(ev: Internal, t: number, events: CncEvent[]): void {
    const s = this.s;
    const plan = s.plan!;
    while (s.nextStop < plan.stops.length && plan.stops[s.nextStop]!.planUs < ev.planUs) s.nextStop++;
    if (ev.kind === "wear") {
      this.raiseWear(ev.tool, t, events);
    } else if (ev.kind === "tool") {
      s.nextToolChange++;
      const previous = s.tool;
      s.tool = ev.tool;
      events.push({ type: "CncToolChanged", t, machine: s.id, tool: ev.tool, previous, line: ev.line });
      const ts = s.tools[ev.tool];
      if (ts !== undefined) {
        ts.count++;
        if (!ts.worn && ts.life?.kind === "count" && ts.count >= ts.life.limit)
          this.raiseWear(ev.tool, t, events);
      }
    } else if (ev.kind === "stop") {
      s.nextStop = ev.tool + 1;
      s.stopLine = ev.line;
      this.setProgram("Stopped", t, plan.stops[ev.tool]!.optional ? "M1" : "M0", ev.line, events);
    } else {
      this.parkAtAnchor();
      s.cyclesCompleted++;
      s.lastCycleUs = t - s.cycleStartUs;
      events.push({
        type: "CncProgramFinished",
        t,
        machine: s.id,
        program: s.programName ?? "",
        cycleUs: s.lastCycleUs,
      });
      this.setProgram("Ready", t, "M30", this.lineAt(plan.stats.totalUs), events);
    }
  }

  private raiseWear(tool: number, t: number, events: CncEvent[]): void {
    const s = this.s;
    const ts = s.tools[tool]!;
    ts.worn = true;
    const alarm = wearAlarm(s, ts, t);
    s.alarms.push(alarm);
    events.push({
      type: "CncAlarmRaised",
      t,
      machine: s.id,
      alarm: alarm.id,
      code: alarm.code,
      severity: alarm.severity,
      message: alarm.message,
      tool,
    });
  }

  private parkAtAnchor(): void {
    const s = this.s;
    const out = samplePlan(s.plan!, s.anchorPlan, emptySample());
    s.pos = { x: out.x, y: out.y, z: out.z };
  }

  private lineAt(planUs: number): number {
    const plan = this.s.plan;
    return plan === null ? 0 : samplePlan(plan, planUs, emptySample()).line;
  }

  private setProgram(
    state: ProgramState,
    t: number,
    reason: string,
    line: number,
    events: CncEvent[],
    force = false,
  ): void {
    const s = this.s;
    const previous = s.program;
    if (previous === state && !force) return;
    s.program = state;
    events.push({
      type: "CncStateChanged",
      t,
      machine: s.id,
      mode: s.mode,
      channel: channelOf(state),
      program: state,
      previous,
      reason,
      line,
    });
  }

  private setOverride(tUs: number, which: "feed" | "spindle" | "rapid", pct: number, max: number): CncResult {
    const events = this.advance(tUs);
    if (!(pct >= 0 && pct <= max))
      return this.refuse(
        "CNC_ERR_OVERRIDE_RANGE",
        events,
        `${which} override ${pct} % is outside 0–${max} %`,
      );
    if (this.s.program === "Running") this.moveAnchor(tUs);
    if (which === "feed") this.s.feedPct = pct;
    else if (which === "spindle") this.s.spindlePct = pct;
    else this.s.rapidPct = pct;
    events.push({ type: "CncOverrideChanged", t: tUs, machine: this.s.id, override: which, pct });
    return { ok: true, events };
  }

  private refuse(code: CncErrorCode, events: CncEvent[], reason: string = CNC_ERRORS[code]): CncResult {
    return { ok: false, code, reason, events };
  }
}
