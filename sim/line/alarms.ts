import type { LineContext } from "./context";

/** Alarm codes the line raises, with their OPC UA severity (1..1000). */
export const ALARM_CODES = {
  FAILURE: { severity: 700, text: "breakdown" },
  FAULT_INJECTED: { severity: 800, text: "fault injected" },
} as const;

export function raiseAlarm(
  ctx: LineContext,
  entity: string,
  code: string,
  severity: number,
  message: string,
): string {
  const s = ctx.state;
  s.alarmSeq++;
  const id = `${entity}#${s.alarmSeq}`;
  const t = ctx.now();
  s.alarms.set(id, { id, entity, code, severity, message, active: true, acked: false, raisedT: t });
  ctx.emit({ type: "AlarmRaised", t, alarm: id, entity, code, severity, message });
  return id;
}

export function clearAlarm(ctx: LineContext, id: string): void {
  const a = ctx.state.alarms.get(id);
  if (a === undefined || !a.active) return;
  a.active = false;
  ctx.emit({ type: "AlarmCleared", t: ctx.now(), alarm: id, entity: a.entity });
  if (a.acked) ctx.state.alarms.delete(id);
}

/** Acknowledges an alarm; returns false if there is no such alarm or it is acknowledged already. */
export function acknowledgeAlarm(ctx: LineContext, id: string, comment?: string): boolean {
  const a = ctx.state.alarms.get(id);
  if (a === undefined || a.acked) return false;
  a.acked = true;
  ctx.emit({ type: "AlarmAcknowledged", t: ctx.now(), alarm: id, entity: a.entity, comment });
  if (!a.active) ctx.state.alarms.delete(id);
  return true;
}
