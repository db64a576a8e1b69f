import type { ResourceState } from "../events";
import { calendarAt } from "./calendar";
import type { LineContext } from "./context";
import { scheduleFirstArrival } from "./source";
import type { LineState, MemberState, StationState } from "./state";
import { drawTimeToFailure } from "./station-faults";
import type { Topology } from "./topology";

/** A station as it stands at time 0: idle, empty, no member, no failure drawn yet. */
export function initialStationState(id: string, state: ResourceState): StationState {
  return {
    id,
    phase: "idle",
    part: null,
    lastProduct: null,
    remainingUs: 0,
    phaseStartT: 0,
    timerPaused: false,
    ttfUs: Number.POSITIVE_INFINITY,
    gen: 0,
    member: null,
    memberPresent: false,
    processUs: 0,
    down: null,
    alarm: null,
    repairPending: false,
    repairMember: null,
    reworkTarget: null,
    result: null,
    lastMember: null,
    programOverride: null,
    abortRequested: false,
    startPermit: false,
    doneFlag: false,
    stopped: false,
    state,
    good: 0,
    scrap: 0,
    rework: 0,
  };
}

/** The state of a line at time 0: everything empty, idle and on the calendar's current shift. */
export function initialLineState(topo: Topology): LineState {
  const sc = topo.scenario;
  const state: LineState = {
    parts: new Map(),
    orders: new Map(),
    orderSeq: 0,
    sources: new Map(),
    buffers: new Map(),
    conveyors: new Map(),
    stations: new Map(),
    sinks: new Map(),
    pools: new Map(),
    waiting: new Map(),
    alarms: new Map(),
    alarmSeq: 0,
    calendarOn: new Map(),
    signals: new Map(),
    plcAlarms: new Map(),
    plcOutputs: new Map(),
    robotOverride: new Map(),
  };
  for (const cal of topo.calendars.values())
    state.calendarOn.set(cal.name, calendarAt(cal, topo.startAtS, 0).on);
  for (const s of sc.sources) {
    state.sources.set(s.id, {
      id: s.id,
      produced: 0,
      held: null,
      stopped: false,
      orders: [],
      state: "starved",
    });
  }
  for (const b of sc.buffers) state.buffers.set(b.id, { id: b.id, queue: [] });
  for (const c of sc.conveyors) {
    state.conveyors.set(c.id, {
      id: c.id,
      speed: c.speed,
      items: [],
      blocked: false,
      delivered: 0,
      alarm: null,
      gen: 0,
      stopped: false,
      down: false,
      state: "starved",
    });
  }
  for (const s of sc.stations) {
    const on = state.calendarOn.get(topo.stations.get(s.id)!.calendar.name) ?? true;
    state.stations.set(s.id, initialStationState(s.id, on ? "starved" : "offShift"));
  }
  for (const s of sc.sinks) state.sinks.set(s.id, { id: s.id, count: 0 });
  for (const def of topo.pools.values()) {
    const on = state.calendarOn.get(def.calendar.name) ?? true;
    const members: MemberState[] = [];
    for (let i = 0; i < def.size; i++) {
      members.push({
        id: def.kind === "robot" ? def.id : `${def.id}-${i + 1}`,
        pool: def.id,
        station: null,
        job: null,
        location: [def.home[0], def.home[1]],
        onShift: on,
      });
    }
    state.pools.set(def.id, { id: def.id, members, requests: [], onShift: on });
  }
  return state;
}

/** First events of a run: arrivals, failure clocks, calendar changes. */
export function startLine(ctx: LineContext): void {
  const { topo, state } = ctx;
  for (const st of state.stations.values()) st.ttfUs = drawTimeToFailure(ctx, st.id);
  for (const s of topo.scenario.sources) scheduleFirstArrival(ctx, s.id);
  topo.scenario.orders.forEach((o, i) => {
    ctx.schedule(Math.round(o.release * 1e6), "order.release", o.id, i);
  });
  for (const cal of topo.calendars.values()) {
    const next = calendarAt(cal, topo.startAtS, 0).nextChangeUs;
    if (Number.isFinite(next)) ctx.schedule(next, "calendar.change", cal.name);
  }
}
