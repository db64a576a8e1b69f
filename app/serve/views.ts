import type { AlarmView, EntityDetail, TwinEvent, WorkOrderView } from "../../protocol/index";
import type { SimEvent, Simulation } from "../../sim/index";
import type { MemberMotion } from "./motion";

/** Alarms the viewer lists: active ones and cleared ones not yet acknowledged (as the line model keeps them). */
export function alarmViews(sim: Simulation): AlarmView[] {
  return [...sim.state.alarms.values()].map((a) => ({
    id: a.id,
    entity: a.entity,
    code: a.code,
    severity: a.severity,
    message: a.message,
    active: a.active,
    acked: a.acked,
    raisedUs: a.raisedT,
  }));
}

export function orderViews(sim: Simulation): WorkOrderView[] {
  return [...sim.state.orders.values()].map((o) => ({
    id: o.id,
    product: o.product,
    quantity: o.quantity,
    released: o.released,
    completed: o.completed,
    scrapped: o.scrapped,
    status: o.status,
    dueUs: o.dueUs,
  }));
}

/** The simulation events a viewer shows as they happen (everything else reaches it through frames). */
export function twinEvents(sim: Simulation, events: readonly SimEvent[]): TwinEvent[] {
  const out: TwinEvent[] = [];
  for (const e of events) {
    switch (e.type) {
      case "AlarmRaised":
        out.push({
          type: "alarmRaised",
          alarm: {
            id: e.alarm,
            entity: e.entity,
            code: e.code,
            severity: e.severity,
            message: e.message,
            active: true,
            acked: false,
            raisedUs: e.t,
          },
        });
        break;
      case "AlarmCleared":
        out.push({ type: "alarmCleared", id: e.alarm, tUs: e.t });
        break;
      case "AlarmAcknowledged":
        out.push({ type: "alarmAcknowledged", id: e.alarm, tUs: e.t, comment: e.comment });
        break;
      case "WorkOrderProgress": {
        const o = sim.state.orders.get(e.workOrder);
        out.push({
          type: "workOrder",
          order: {
            id: e.workOrder,
            product: e.product,
            quantity: e.quantity,
            released: e.released,
            completed: e.completed,
            scrapped: e.scrapped,
            status: e.status,
            dueUs: o?.dueUs ?? null,
          },
        });
        break;
      }
      case "CommandApplied":
        out.push({ type: "commandApplied", tUs: e.t, command: e.command, detail: e.detail });
        break;
      default:
        break;
    }
  }
  return out;
}

/** What the inspector shows per station, conveyor, buffer, robot and operator at `tUs`. */
export function entityDetails(sim: Simulation, motion: MemberMotion, tUs: number): EntityDetail[] {
  const st = sim.state;
  const out: EntityDetail[] = [];
  const blank = (id: string, task: string): EntityDetail => ({
    id,
    task,
    part: null,
    product: null,
    program: null,
    progress: null,
    with: null,
    alarm: null,
    count: null,
  });
  for (const s of st.stations.values()) {
    const d = blank(s.id, stationTask(s.phase, s.down, s.stopped, s.memberPresent, s.member));
    d.part = s.part;
    d.product = s.part === null ? null : (st.parts.get(s.part)?.product ?? null);
    d.with = s.repairMember ?? s.member;
    d.program = sim.cncMachine(s.id)?.state.programName ?? null;
    d.alarm = s.alarm;
    if ((s.phase === "processing" || s.phase === "setup") && s.remainingUs > 0) {
      const total = s.phase === "processing" ? s.processUs : s.remainingUs + (tUs - s.phaseStartT);
      const left = s.timerPaused ? s.remainingUs : Math.max(0, s.remainingUs - (tUs - s.phaseStartT));
      d.progress = total > 0 ? Math.min(1, Math.max(0, 1 - left / total)) : null;
    }
    d.count = s.good;
    if (d.product !== null && s.phase === "processing") d.task = `processing ${d.product}`;
    out.push(d);
  }
  for (const c of st.conveyors.values()) {
    const d = blank(
      c.id,
      c.down ? "down" : c.stopped ? "stopped" : c.blocked ? "head blocked" : `${c.speed} m/s`,
    );
    d.count = c.items.length;
    out.push(d);
  }
  for (const b of st.buffers.values()) {
    const d = blank(b.id, `${b.queue.length} parts`);
    d.count = b.queue.length;
    out.push(d);
  }
  for (const s of st.sinks.values()) {
    const d = blank(s.id, `${s.count} finished`);
    d.count = s.count;
    out.push(d);
  }
  for (const s of st.sources.values()) {
    const d = blank(s.id, s.stopped ? "stopped" : `${s.orders.length} orders queued`);
    d.count = s.produced;
    out.push(d);
  }
  for (const tr of motion.tracks) {
    const verb =
      tr.state === "walking"
        ? tr.robot
          ? "moving to"
          : "walking to"
        : tr.state === "repairing"
          ? "repairing"
          : "at";
    const task =
      tr.station !== null && tr.state !== "idle" && tr.state !== "offShift"
        ? `${verb} ${tr.station}`
        : tr.state;
    const d = blank(tr.id, task);
    d.with = tr.station;
    out.push(d);
  }
  return out;
}

function stationTask(
  phase: string,
  down: string | null,
  stopped: boolean,
  present: boolean,
  member: string | null,
): string {
  if (down === "failure") return "broken down, awaiting repair";
  if (down === "fault") return "faulted";
  if (down === "tool") return "tool worn, awaiting tool change";
  if (stopped && phase === "idle") return "stopped";
  switch (phase) {
    case "idle":
      return "waiting for a part";
    case "acquiring":
      return member !== null && !present ? `waiting for ${member}` : "waiting for an operator or robot";
    case "setup":
      return "changing over";
    case "done":
      return "part finished, waiting to pass it on";
    case "loading":
      return "loading the machine";
    case "unloading":
      return "unloading the machine";
    default:
      return phase;
  }
}
