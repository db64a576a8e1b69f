import { sample } from "../random/distributions";
import { clearAlarm, raiseAlarm } from "./alarms";
import { emitCnc, replaceWornTools } from "./cnc-station";
import type { LineContext } from "./context";
import { releaseMember, requestMember } from "./resources";
import type { StationState } from "./state";
import { resume, updateStationState } from "./station";

/** Breakdowns (MTBF/MTTR on processing time), injected faults and stop/start of a station. */

/** Pauses a running timer, keeping what is left of it. */
function pause(ctx: LineContext, st: StationState): void {
  if (st.phase !== "loading" && st.phase !== "setup" && st.phase !== "processing" && st.phase !== "unloading")
    return;
  if (st.timerPaused) return;
  const elapsed = ctx.now() - st.phaseStartT;
  st.remainingUs = Math.max(0, st.remainingUs - elapsed);
  if (st.phase === "processing") {
    st.ttfUs = Math.max(0, st.ttfUs - elapsed);
    const m = ctx.cnc(st.id);
    if (m !== undefined) emitCnc(ctx, m.feedHold(ctx.now()));
  }
  st.timerPaused = true;
  st.gen++;
  ctx.physics?.stationTimer(st.id);
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
  const spec = ctx.topo.stations.get(st.id)!.spec;
  const ttr =
    st.down === "tool"
      ? Math.round(spec.toolReplaceTime * 1e6)
      : Math.round(sample(spec.failures!.mttr, ctx.rng(`${st.id}/repair`)) * 1e6);
  ctx.schedule(ctx.now() + ttr, "station.repair", st.id, st.gen);
}

export function onStationRepaired(ctx: LineContext, id: string, gen: number): void {
  const st = ctx.state.stations.get(id)!;
  if (gen !== st.gen || (st.down !== "failure" && st.down !== "tool")) return;
  if (st.repairPending) return startRepair(ctx, st); // a tool change with nobody to call: start it now
  if (st.repairMember !== null) {
    const m = st.repairMember;
    st.repairMember = null;
    releaseMember(ctx, m);
  }
  if (st.down === "tool") replaceWornTools(ctx, id);
  else st.ttfUs = drawTimeToFailure(ctx, id);
  st.down = null;
  if (st.alarm !== null) clearAlarm(ctx, st.alarm);
  st.alarm = null;
  resume(ctx, st);
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

/** Stop takes effect after the current operation: no new part is accepted or started. */
export function setStationStopped(ctx: LineContext, id: string, stopped: boolean): void {
  const st = ctx.state.stations.get(id)!;
  st.stopped = stopped;
  if (!stopped) resume(ctx, st);
  else updateStationState(ctx, st);
}
