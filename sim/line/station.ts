import { sample } from "../random/distributions";
import { cncDoor, emitCnc, startCncCycle } from "./cnc-station";
import type { LineContext } from "./context";
import { freed, offer, offerTo, scrapPart, setState } from "./flow";
import { releaseMember, requestMember } from "./resources";
import { scaledUs } from "./robot-jobs";
import type { StationPhase, StationState } from "./state";

/**
 * A station works one part at a time, blocking after service:
 *
 *   idle → acquiring → [loading] → [setup] → [loaded] → processing → [unloadWait → unloading] → done → idle
 *
 * (`loaded`: a CNC machine refused to start, e.g. a worn tool; it starts once the tool is replaced.)
 * Under PLC control a robot station takes a part only after a rising `start`, a machine starts on one.
 * Without `handling`, its operator or robot attends the whole operation (setup and processing).
 * With `handling`, the operator or robot only loads and unloads the part and the machine processes
 * alone (a robot tending two CNC machines). Failures count down on processing time only; a failure or
 * an injected fault pauses whatever timer runs, and it resumes where it stopped after the repair.
 */

export function stationAccepts(ctx: LineContext, id: string, _part: string): boolean {
  const st = ctx.state.stations.get(id)!;
  if (st.phase !== "idle" || st.part !== null || st.down !== null || st.stopped) return false;
  // a PLC-controlled robot takes a part only when told to
  return !(ctx.topo.gated.has(id) && isRobotStation(ctx, id) && !st.startPermit);
}

function isRobotStation(ctx: LineContext, id: string): boolean {
  return ctx.topo.stations.get(id)!.spec.kind === "robot";
}

export function stationReceive(ctx: LineContext, id: string, part: string): void {
  const st = ctx.state.stations.get(id)!;
  if (ctx.topo.gated.has(id) && isRobotStation(ctx, id)) st.startPermit = false;
  st.part = part;
  st.phase = "acquiring";
  beginOperation(ctx, st);
}

function calendarOn(ctx: LineContext, st: StationState): boolean {
  return ctx.state.calendarOn.get(ctx.topo.stations.get(st.id)!.calendar.name) ?? true;
}

/** Whether the pool member must be at the station during `phase`. */
export function memberNeeded(ctx: LineContext, st: StationState, phase: StationPhase): boolean {
  const def = ctx.topo.stations.get(st.id)!;
  if (def.pool === null) return false;
  if (def.spec.handling !== undefined) return phase === "loading" || phase === "unloading";
  return phase === "setup" || phase === "processing";
}

/** Moves a station holding a part towards processing as far as it can go now. */
export function beginOperation(ctx: LineContext, st: StationState): void {
  if (st.phase !== "acquiring" || st.down !== null) return updateStationState(ctx, st);
  const def = ctx.topo.stations.get(st.id)!;
  if (!st.memberPresent && (st.stopped || !calendarOn(ctx, st))) return updateStationState(ctx, st);
  // a PLC-controlled machine holds its part until the PLC starts it
  if (ctx.topo.gated.has(st.id) && !isRobotStation(ctx, st.id)) {
    if (!st.startPermit) return updateStationState(ctx, st);
    st.startPermit = false;
  }
  if (def.pool !== null && !st.memberPresent) {
    if (st.member === null) requestMember(ctx, def.pool, st.id, "work");
    return updateStationState(ctx, st);
  }
  const load = handlingTime(ctx, st, "load");
  if (def.pool !== null && load !== null) {
    st.phase = "loading";
    cncDoor(ctx, st, true);
    st.remainingUs = load;
    runTimer(ctx, st);
    return updateStationState(ctx, st);
  }
  afterLoad(ctx, st);
}

/** µs the member needs to load or unload the part now, or null when the station has no such step. */
function handlingTime(ctx: LineContext, st: StationState, what: "load" | "unload"): number | null {
  const def = ctx.topo.stations.get(st.id)!;
  const h = def.handlingPlan;
  if (h !== null) {
    const pct = robotOverride(ctx, st);
    return what === "unload" ? scaledUs(h.plan, pct, 0, h.unloadUs) : scaledUs(h.plan, pct, h.unloadUs);
  }
  const d = def.spec.handling?.[what];
  if (d === undefined) return null;
  return Math.round((sample(d, ctx.rng(`${st.id}/${what}`)) / efficiencyOf(ctx, st)) * 1e6);
}

/** The speed override (%) of the robot serving the station, 100 when none is set. */
function robotOverride(ctx: LineContext, st: StationState): number {
  const robot = ctx.topo.stations.get(st.id)!.spec.robot;
  return robot !== undefined ? (ctx.state.robotOverride.get(robot) ?? 100) : 100;
}

function efficiencyOf(ctx: LineContext, st: StationState): number {
  const pool = ctx.topo.stations.get(st.id)!.pool;
  return pool !== null ? ctx.topo.pools.get(pool)!.efficiency : 1;
}

/** The part is in the machine: a tending member leaves; change over if needed, then process. */
function afterLoad(ctx: LineContext, st: StationState): void {
  const def = ctx.topo.stations.get(st.id)!;
  if (def.spec.handling !== undefined) dismissMember(ctx, st);
  const product = ctx.state.parts.get(st.part!)!.product;
  const setup = def.spec.setupTime;
  if (setup !== undefined && st.lastProduct !== null && st.lastProduct !== product) {
    st.phase = "setup";
    st.remainingUs = Math.round(sample(setup, ctx.rng(`${st.id}/setup`)) * 1e6);
    ctx.emit({
      type: "SetupStarted",
      t: ctx.now(),
      station: st.id,
      fromProduct: st.lastProduct,
      toProduct: product,
    });
    runTimer(ctx, st);
  } else {
    startProcessing(ctx, st);
  }
  updateStationState(ctx, st);
}

export function startProcessing(ctx: LineContext, st: StationState): void {
  const def = ctx.topo.stations.get(st.id)!;
  const part = ctx.state.parts.get(st.part!)!;
  st.lastProduct = part.product;
  if (def.cnc !== null) {
    const untilNext = startCncCycle(ctx, st, part.product);
    if (untilNext === null) {
      st.phase = "loaded";
      return updateStationState(ctx, st);
    }
    st.phase = "processing";
    st.processUs = 0;
    st.remainingUs = untilNext;
    const m = ctx.cnc(st.id)!;
    ctx.emit({
      type: "OperationStarted",
      t: ctx.now(),
      station: st.id,
      part: part.serial,
      product: part.product,
      program: m.state.programName ?? undefined,
      tool: m.state.toolsUsed.map((n) => `T${n}`).join(" "),
      ...memberRole(ctx, st),
    });
    return runTimer(ctx, st);
  }
  st.phase = "processing";
  if (def.robotPlan !== null) st.processUs = scaledUs(def.robotPlan, robotOverride(ctx, st));
  else {
    const dist = def.processTimes.get(part.product) ?? def.spec.processTime!;
    // an operator's efficiency stretches the work they do; a machine that runs alone is not affected
    const efficiency = def.spec.handling === undefined ? efficiencyOf(ctx, st) : 1;
    st.processUs = Math.round((sample(dist, ctx.rng(`${st.id}/process`)) / efficiency) * 1e6);
  }
  st.remainingUs = st.processUs;
  ctx.emit({
    type: "OperationStarted",
    t: ctx.now(),
    station: st.id,
    part: part.serial,
    product: part.product,
    ...memberRole(ctx, st),
  });
  runTimer(ctx, st);
}

function memberRole(ctx: LineContext, st: StationState): { operator?: string; robot?: string } {
  const def = ctx.topo.stations.get(st.id)!;
  const who = st.member ?? st.lastMember;
  if (who === null || def.pool === null) return {};
  return ctx.topo.pools.get(def.pool)!.kind === "robot" ? { robot: who } : { operator: who };
}

/** (Re)starts the timer of the current phase for `remainingUs`; in processing a failure may come first. */
export function runTimer(ctx: LineContext, st: StationState): void {
  const t = ctx.now();
  const m = st.phase === "processing" ? ctx.cnc(st.id) : undefined;
  if (m !== undefined && st.timerPaused) {
    // a held CNC cycle continues where it stopped; the machine knows how long is left
    emitCnc(ctx, m.resume(t));
    st.remainingUs = m.nextEventTime() - t;
  }
  st.phaseStartT = t;
  st.timerPaused = false;
  st.gen++;
  if (st.phase === "processing" && st.ttfUs < st.remainingUs)
    ctx.schedule(t + st.ttfUs, "station.fail", st.id, st.gen);
  else ctx.schedule(t + st.remainingUs, "station.timer", st.id, st.gen);
  ctx.physics?.stationTimer(st.id);
}

export function onStationTimer(ctx: LineContext, id: string, gen: number): void {
  const st = ctx.state.stations.get(id)!;
  if (gen !== st.gen || st.down !== null) return;
  switch (st.phase) {
    case "loading":
      return afterLoad(ctx, st);
    case "setup":
      startProcessing(ctx, st);
      return updateStationState(ctx, st);
    case "processing": {
      st.ttfUs -= ctx.now() - st.phaseStartT;
      const m = ctx.cnc(st.id);
      if (m === undefined) {
        st.remainingUs = 0;
        return completeOperation(ctx, st);
      }
      if (st.abortRequested) {
        st.abortRequested = false;
        st.processUs = ctx.now() - (m.state.cycleStartUs ?? ctx.now());
        return completeOperation(ctx, st, "scrap");
      }
      const evs = m.advance(ctx.now());
      emitCnc(ctx, evs);
      const finished = evs.find((e) => e.type === "CncProgramFinished");
      if (finished !== undefined) {
        st.processUs = finished.cycleUs;
        st.remainingUs = 0;
        return completeOperation(ctx, st);
      }
      // a tool change or another step inside the cycle: wait for the machine's next event
      st.remainingUs = m.nextEventTime() - ctx.now();
      return runTimer(ctx, st);
    }
    case "unloading":
      cncDoor(ctx, st, false);
      dismissMember(ctx, st);
      return finishOperation(ctx, st);
    default:
      return;
  }
}

function completeOperation(ctx: LineContext, st: StationState, forced?: "scrap"): void {
  const def = ctx.topo.stations.get(st.id)!;
  const part = ctx.state.parts.get(st.part!)!;
  const q = def.spec.quality;
  let result: "good" | "scrap" | "rework" = forced ?? "good";
  if (forced === undefined && q !== undefined && q.scrap + q.rework > 0) {
    const u = ctx.rng(`${st.id}/quality`).nextFloat();
    result = u < q.scrap ? "scrap" : u < q.scrap + q.rework ? "rework" : "good";
  }
  st.result = result;
  ctx.emit({
    type: "OperationCompleted",
    t: ctx.now(),
    station: st.id,
    part: part.serial,
    product: part.product,
    result,
    processUs: st.processUs,
    ...cncDetails(ctx, st),
    ...memberRole(ctx, st),
  });
  if (def.spec.handling === undefined) dismissMember(ctx, st);
  if (def.pool !== null && (def.handlingPlan !== null || def.spec.handling?.unload !== undefined)) {
    st.phase = "unloadWait";
    return beginUnload(ctx, st);
  }
  finishOperation(ctx, st);
}

function cncDetails(ctx: LineContext, st: StationState): { program?: string; tool?: string } {
  const m = ctx.cnc(st.id);
  if (m === undefined) return {};
  return { program: m.state.programName ?? undefined, tool: m.state.toolsUsed.map((n) => `T${n}`).join(" ") };
}

/** Gets the member back to take the finished part out. */
export function beginUnload(ctx: LineContext, st: StationState): void {
  if (st.phase !== "unloadWait" || st.down !== null) return updateStationState(ctx, st);
  const def = ctx.topo.stations.get(st.id)!;
  if (!st.memberPresent) {
    if (st.member === null) requestMember(ctx, def.pool!, st.id, "work");
    return updateStationState(ctx, st);
  }
  st.phase = "unloading";
  cncDoor(ctx, st, true);
  st.remainingUs = handlingTime(ctx, st, "unload")!;
  runTimer(ctx, st);
  updateStationState(ctx, st);
}

/** The operation's outcome takes effect: scrap leaves the system, rework goes round again, good goes on. */
function finishOperation(ctx: LineContext, st: StationState): void {
  const def = ctx.topo.stations.get(st.id)!;
  const part = ctx.state.parts.get(st.part!)!;
  const result = st.result;
  st.result = null;
  if (result === "scrap") {
    st.scrap++;
    scrapPart(ctx, st.id, part.serial);
    st.part = null;
    st.phase = "idle";
    updateStationState(ctx, st);
    freed(ctx, st.id);
    return;
  }
  if (result === "rework") {
    st.rework++;
    part.reworks++;
    const to = def.spec.quality?.reworkTo ?? st.id;
    if (to === st.id) {
      st.phase = "acquiring";
      beginOperation(ctx, st);
      return;
    }
    st.reworkTarget = to;
  } else st.good++;
  st.phase = "done";
  forward(ctx, st);
}

/** The member is done here: back to the pool. */
export function dismissMember(ctx: LineContext, st: StationState): void {
  if (st.member === null) return;
  const m = st.member;
  st.lastMember = m;
  st.member = null;
  st.memberPresent = false;
  releaseMember(ctx, m);
}

export function forward(ctx: LineContext, st: StationState): void {
  if (st.down !== null) return updateStationState(ctx, st);
  const part = st.part!;
  const sent =
    st.reworkTarget !== null ? offerTo(ctx, st.id, st.reworkTarget, part) : offer(ctx, st.id, part);
  if (!sent) return updateStationState(ctx, st);
  st.part = null;
  st.reworkTarget = null;
  st.phase = "idle";
  if (ctx.topo.gated.has(st.id)) st.doneFlag = true;
  updateStationState(ctx, st);
  freed(ctx, st.id);
}

export function stationRetry(ctx: LineContext, id: string): void {
  const st = ctx.state.stations.get(id)!;
  if (st.phase === "done") forward(ctx, st);
}

/** A member assigned to this station has arrived. */
export function memberArrived(ctx: LineContext, st: StationState): void {
  st.memberPresent = true;
  switch (st.phase) {
    case "acquiring":
      return beginOperation(ctx, st);
    case "unloadWait":
      return beginUnload(ctx, st);
    default:
      return resume(ctx, st);
  }
}

/** Carries on after a repair, a cleared fault, a start command or a member's arrival. */
export function resume(ctx: LineContext, st: StationState): void {
  if (st.down !== null) return updateStationState(ctx, st);
  switch (st.phase) {
    case "loading":
    case "setup":
    case "processing":
    case "unloading": {
      if (!st.timerPaused) break;
      if (memberNeeded(ctx, st, st.phase) && !st.memberPresent) {
        if (st.member === null) requestMember(ctx, ctx.topo.stations.get(st.id)!.pool!, st.id, "work");
        break;
      }
      runTimer(ctx, st);
      break;
    }
    case "loaded":
      if (memberNeeded(ctx, st, "processing") && !st.memberPresent) {
        if (st.member === null) requestMember(ctx, ctx.topo.stations.get(st.id)!.pool!, st.id, "work");
        break;
      }
      return startProcessing(ctx, st);
    case "unloadWait":
      return beginUnload(ctx, st);
    case "done":
      return forward(ctx, st);
    case "acquiring":
      return beginOperation(ctx, st);
    case "idle":
      updateStationState(ctx, st);
      return freed(ctx, st.id);
  }
  updateStationState(ctx, st);
}

export function updateStationState(ctx: LineContext, st: StationState): void {
  if (st.down !== null) return setState(ctx, st, "down");
  switch (st.phase) {
    case "processing":
    case "loading":
    case "unloading":
      return setState(ctx, st, st.timerPaused ? "waiting" : "busy");
    case "setup":
      return setState(ctx, st, st.timerPaused ? "waiting" : "setup");
    case "loaded":
      return setState(ctx, st, "waiting");
    case "done":
      return setState(ctx, st, "blocked");
    case "acquiring":
    case "unloadWait": {
      if (st.stopped && st.phase === "acquiring") return setState(ctx, st, "stopped");
      const def = ctx.topo.stations.get(st.id)!;
      const poolOff = def.pool !== null && !ctx.state.pools.get(def.pool)!.onShift;
      return setState(
        ctx,
        st,
        (!calendarOn(ctx, st) && st.phase === "acquiring") || poolOff ? "offShift" : "waiting",
      );
    }
    case "idle":
      if (st.stopped) return setState(ctx, st, "stopped");
      return setState(ctx, st, calendarOn(ctx, st) ? "starved" : "offShift");
  }
}
