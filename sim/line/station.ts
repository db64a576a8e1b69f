import { sample } from "../random/distributions";
import { clearAlarm, raiseAlarm } from "./alarms";
import type { LineContext } from "./context";
import { freed, offer, offerTo, scrapPart, setState } from "./flow";
import { releaseMember, requestMember } from "./resources";
import type { StationState } from "./state";

/**
 * A station works one part at a time: wait for its operator or robot, change over if the product
 * differs, process, then pass the part on (blocking after service). Failures count down on operating
 * time only; a failure or an injected fault pauses the timer, which resumes after the repair.
 */

export function stationAccepts(ctx: LineContext, id: string, _part: string): boolean {
  const st = ctx.state.stations.get(id)!;
  return st.phase === "idle" && st.part === null && st.down === null && !st.stopped;
}

export function stationReceive(ctx: LineContext, id: string, part: string): void {
  const st = ctx.state.stations.get(id)!;
  st.part = part;
  st.phase = "acquiring";
  beginOperation(ctx, st);
}

function calendarOn(ctx: LineContext, st: StationState): boolean {
  return ctx.state.calendarOn.get(ctx.topo.stations.get(st.id)!.calendar.name) ?? true;
}

/** Moves a station holding a part towards processing as far as it can go now. */
export function beginOperation(ctx: LineContext, st: StationState): void {
  if (st.phase !== "acquiring" || st.down !== null) return updateStationState(ctx, st);
  const def = ctx.topo.stations.get(st.id)!;
  if (!st.memberPresent && (st.stopped || !calendarOn(ctx, st))) return updateStationState(ctx, st);
  if (def.pool !== null && !st.memberPresent) {
    if (st.member === null) requestMember(ctx, def.pool, st.id, "work");
    return updateStationState(ctx, st);
  }
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

function startProcessing(ctx: LineContext, st: StationState): void {
  const def = ctx.topo.stations.get(st.id)!;
  const part = ctx.state.parts.get(st.part!)!;
  st.lastProduct = part.product;
  st.phase = "processing";
  const dist = def.processTimes.get(part.product) ?? def.spec.processTime;
  const efficiency = def.pool !== null ? ctx.topo.pools.get(def.pool)!.efficiency : 1;
  st.processUs = Math.round((sample(dist, ctx.rng(`${st.id}/process`)) / efficiency) * 1e6);
  st.remainingUs = st.processUs;
  const who = memberRole(ctx, st);
  ctx.emit({
    type: "OperationStarted",
    t: ctx.now(),
    station: st.id,
    part: part.serial,
    product: part.product,
    ...who,
  });
  runTimer(ctx, st);
}

function memberRole(ctx: LineContext, st: StationState): { operator?: string; robot?: string } {
  const def = ctx.topo.stations.get(st.id)!;
  if (st.member === null || def.pool === null) return {};
  return ctx.topo.pools.get(def.pool)!.kind === "robot" ? { robot: st.member } : { operator: st.member };
}

/** (Re)starts the setup or processing timer for `remainingUs`; a failure may come first. */
function runTimer(ctx: LineContext, st: StationState): void {
  const t = ctx.now();
  st.phaseStartT = t;
  st.timerPaused = false;
  st.gen++;
  if (st.phase === "processing" && st.ttfUs < st.remainingUs)
    ctx.schedule(t + st.ttfUs, "station.fail", st.id, st.gen);
  else ctx.schedule(t + st.remainingUs, "station.timer", st.id, st.gen);
}

export function onStationTimer(ctx: LineContext, id: string, gen: number): void {
  const st = ctx.state.stations.get(id)!;
  if (gen !== st.gen || st.down !== null) return;
  if (st.phase === "setup") {
    startProcessing(ctx, st);
    updateStationState(ctx, st);
    return;
  }
  if (st.phase !== "processing") return;
  st.ttfUs -= st.remainingUs;
  st.remainingUs = 0;
  completeOperation(ctx, st);
}

function completeOperation(ctx: LineContext, st: StationState): void {
  const def = ctx.topo.stations.get(st.id)!;
  const part = ctx.state.parts.get(st.part!)!;
  const q = def.spec.quality;
  let result: "good" | "scrap" | "rework" = "good";
  if (q !== undefined && q.scrap + q.rework > 0) {
    const u = ctx.rng(`${st.id}/quality`).nextFloat();
    result = u < q.scrap ? "scrap" : u < q.scrap + q.rework ? "rework" : "good";
  }
  const who = memberRole(ctx, st);
  ctx.emit({
    type: "OperationCompleted",
    t: ctx.now(),
    station: st.id,
    part: part.serial,
    product: part.product,
    result,
    processUs: st.processUs,
    ...who,
  });
  if (st.member !== null) {
    const m = st.member;
    st.member = null;
    st.memberPresent = false;
    releaseMember(ctx, m);
  }
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
    const to = q?.reworkTo ?? st.id;
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

function forward(ctx: LineContext, st: StationState): void {
  if (st.down !== null) return updateStationState(ctx, st);
  const part = st.part!;
  const sent =
    st.reworkTarget !== null ? offerTo(ctx, st.id, st.reworkTarget, part) : offer(ctx, st.id, part);
  if (!sent) return updateStationState(ctx, st);
  st.part = null;
  st.reworkTarget = null;
  st.phase = "idle";
  updateStationState(ctx, st);
  freed(ctx, st.id);
}

export function stationRetry(ctx: LineContext, id: string): void {
  const st = ctx.state.stations.get(id)!;
  if (st.phase === "done") forward(ctx, st);
}

/** Pauses a running timer, keeping what is left of it. */
function pause(ctx: LineContext, st: StationState): void {
  if (st.phase !== "setup" && st.phase !== "processing") return;
  const elapsed = ctx.now() - st.phaseStartT;
  st.remainingUs = Math.max(0, st.remainingUs - elapsed);
  if (st.phase === "processing") st.ttfUs = Math.max(0, st.ttfUs - elapsed);
  st.timerPaused = true;
  st.gen++;
}

export function onStationFail(ctx: LineContext, id: string, gen: number): void {
  const st = ctx.state.stations.get(id)!;
  if (gen !== st.gen || st.down !== null) return;
  pause(ctx, st);
  sendMemberAway(ctx, st);
  st.ttfUs = 0;
  st.down = "failure";
  st.alarm = raiseAlarm(ctx, id, "FAILURE", 700, `${id}: breakdown`);
  updateStationState(ctx, st);
  const repairBy = ctx.topo.stations.get(id)!.spec.failures?.repairBy;
  if (repairBy !== undefined) {
    st.repairPending = true;
    requestMember(ctx, repairBy, id, "repair");
  } else startRepair(ctx, st);
}

/** The repair begins (the maintenance operator, if one is needed, has arrived). */
export function startRepair(ctx: LineContext, st: StationState): void {
  st.repairPending = false;
  const f = ctx.topo.stations.get(st.id)!.spec.failures!;
  const ttr = Math.round(sample(f.mttr, ctx.rng(`${st.id}/repair`)) * 1e6);
  ctx.schedule(ctx.now() + ttr, "station.repair", st.id, st.gen);
}

export function onStationRepaired(ctx: LineContext, id: string, gen: number): void {
  const st = ctx.state.stations.get(id)!;
  if (gen !== st.gen || st.down !== "failure") return;
  if (st.repairMember !== null) {
    const m = st.repairMember;
    st.repairMember = null;
    releaseMember(ctx, m);
  }
  st.ttfUs = drawTimeToFailure(ctx, id);
  st.down = null;
  if (st.alarm !== null) clearAlarm(ctx, st.alarm);
  st.alarm = null;
  resume(ctx, st);
}

/**
 * A down station does not keep its operator or robot: they go back to the pool (and home when the
 * shift ends) and the station asks again once repaired. Otherwise a breakdown late in a shift would
 * hold a person at the machine until maintenance comes the next morning.
 */
export function sendMemberAway(ctx: LineContext, st: StationState): void {
  if (st.member === null || !st.memberPresent) return;
  const m = st.member;
  st.member = null;
  st.memberPresent = false;
  releaseMember(ctx, m);
}

/** Operating time to the next failure, µs; Infinity for a station without failures. */
export function drawTimeToFailure(ctx: LineContext, id: string): number {
  const f = ctx.topo.stations.get(id)!.spec.failures;
  if (f === undefined) return Number.POSITIVE_INFINITY;
  return Math.max(1, Math.round(sample(f.mtbf, ctx.rng(`${id}/failures`)) * 1e6));
}

/** A fault injected by command: down now, whatever the station is doing. */
export function injectStationFault(ctx: LineContext, id: string, fault: string): string | null {
  const st = ctx.state.stations.get(id)!;
  if (st.down !== null) return "already down";
  pause(ctx, st);
  sendMemberAway(ctx, st);
  st.down = "fault";
  st.alarm = raiseAlarm(ctx, id, "FAULT_INJECTED", 800, `${id}: ${fault}`);
  updateStationState(ctx, st);
  return null;
}

export function clearStationFault(ctx: LineContext, id: string): boolean {
  const st = ctx.state.stations.get(id)!;
  if (st.down !== "fault") return false;
  st.down = null;
  if (st.alarm !== null) clearAlarm(ctx, st.alarm);
  st.alarm = null;
  resume(ctx, st);
  return true;
}

export function setStationStopped(ctx: LineContext, id: string, stopped: boolean): void {
  const st = ctx.state.stations.get(id)!;
  st.stopped = stopped;
  if (!stopped) resume(ctx, st);
  else updateStationState(ctx, st);
}

/** Carries on after a repair, a cleared fault, a start command or a shift start. */
export function resume(ctx: LineContext, st: StationState): void {
  if (st.down !== null) return updateStationState(ctx, st);
  switch (st.phase) {
    case "setup":
    case "processing": {
      if (!st.timerPaused) break;
      const pool = ctx.topo.stations.get(st.id)!.pool;
      if (pool !== null && !st.memberPresent) {
        if (st.member === null) requestMember(ctx, pool, st.id, "work");
        break;
      }
      runTimer(ctx, st);
      break;
    }
    case "done":
      forward(ctx, st);
      return;
    case "acquiring":
      beginOperation(ctx, st);
      return;
    case "idle":
      updateStationState(ctx, st);
      freed(ctx, st.id);
      return;
  }
  updateStationState(ctx, st);
}

export function updateStationState(ctx: LineContext, st: StationState): void {
  if (st.down !== null) return setState(ctx, st, "down");
  switch (st.phase) {
    case "processing":
      return setState(ctx, st, "busy");
    case "setup":
      return setState(ctx, st, "setup");
    case "done":
      return setState(ctx, st, "blocked");
    case "acquiring": {
      if (st.stopped) return setState(ctx, st, "stopped");
      const def = ctx.topo.stations.get(st.id)!;
      const poolOff = def.pool !== null && !ctx.state.pools.get(def.pool)!.onShift;
      return setState(ctx, st, !calendarOn(ctx, st) || poolOff ? "offShift" : "waiting");
    }
    case "idle":
      if (st.stopped) return setState(ctx, st, "stopped");
      return setState(ctx, st, calendarOn(ctx, st) ? "starved" : "offShift");
  }
}
