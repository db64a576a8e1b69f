import type { PlcSignal } from "../plc/profile";
import type { PlcValue } from "../plc/soft-plc";
import { clearAlarm, raiseAlarm } from "./alarms";
import type { LineContext } from "./context";
import { setConveyorHalted, setConveyorSpeed } from "./conveyor";
import { freed, setState } from "./flow";
import type { StationState } from "./state";
import { beginOperation } from "./station";

/**
 * The line's sensors and actuators as a PLC sees them. A profile binds each signal to
 * `{ entity, signal }`: a conveyor (`photoEye`, `running`, `count`, `delivered`; `run`, `speed`), a station or the
 * robot serving it (`ready`, `busy`, `done`, `partPresent`, `fault`; `start`), or a name the scenario
 * has no model for (a guard door: `doorClosed`, `alarm`), kept as a plain signal value.
 */

/** Entity ids a robot id stands for: the stations it serves. */
function stationsOf(ctx: LineContext, entity: string): StationState[] {
  const direct = ctx.state.stations.get(entity);
  if (direct !== undefined) return [direct];
  const out: StationState[] = [];
  for (const def of ctx.topo.stations.values()) {
    if (def.spec.robot === entity) out.push(ctx.state.stations.get(def.spec.id)!);
  }
  return out;
}

export function readSignal(ctx: LineContext, s: PlcSignal): PlcValue {
  const b = s.binding;
  const zero = s.type === "BOOL" ? false : 0;
  if (b === null) return zero;
  const c = ctx.state.conveyors.get(b.entity);
  if (c !== undefined) {
    switch (b.signal) {
      case "photoEye":
      case "photoEye/blocked":
      case "blocked":
        return c.blocked;
      case "running":
        return !c.stopped && !c.down && c.speed > 0;
      case "count":
        return c.items.length;
      case "delivered":
        return c.delivered;
      case "speed":
        return c.speed;
    }
  }
  const stations = stationsOf(ctx, b.entity);
  if (stations.length > 0) {
    const any = (f: (st: StationState) => boolean) => stations.some(f);
    switch (b.signal) {
      case "ready":
        return any((st) => st.phase === "idle" && st.part === null && st.down === null && !st.stopped);
      case "busy":
        return any((st) => st.phase === "processing" || st.phase === "loading" || st.phase === "unloading");
      case "done":
        return any((st) => st.doneFlag);
      case "partPresent":
        return any((st) => st.part !== null);
      case "fault":
        return any((st) => st.down !== null);
    }
  }
  const v = ctx.state.signals.get(`${b.entity}/${b.signal}`);
  if (v !== undefined) return v;
  // a guard door nobody opened is closed
  return b.signal === "doorClosed" ? true : zero;
}

/** An output of the PLC reaches its actuator. */
export function applyOutput(ctx: LineContext, s: PlcSignal, value: PlcValue, previous: PlcValue): void {
  const b = s.binding;
  if (b === null) return;
  ctx.emit({ type: "SignalChanged", t: ctx.now(), signal: `${b.entity}/${b.signal}`, value });
  const c = ctx.state.conveyors.get(b.entity);
  if (c !== undefined) {
    if (b.signal === "run") setConveyorHalted(ctx, b.entity, { stopped: value !== true });
    else if (
      b.signal === "speed" &&
      typeof value === "number" &&
      value > 0 &&
      value <= 10 &&
      value !== c.speed
    ) {
      setConveyorSpeed(ctx, b.entity, value);
    }
    return;
  }
  const stations = stationsOf(ctx, b.entity);
  if (stations.length > 0 && b.signal === "start") {
    for (const st of stations) {
      if (value === true && previous !== true) {
        st.startPermit = true;
        if (st.phase === "acquiring") beginOperation(ctx, st);
        else freed(ctx, st.id);
      } else if (value !== true && previous === true) {
        st.startPermit = false;
        st.doneFlag = false;
      }
      setState(ctx, st, st.state);
    }
    return;
  }
  const key = `${b.entity}/${b.signal}`;
  ctx.state.signals.set(key, value);
  if (b.signal === "alarm") {
    if (value === true && previous !== true) {
      const id = raiseAlarm(
        ctx,
        b.entity,
        "PLC_ALARM",
        600,
        `${b.entity}: alarm from the PLC (${s.variable})`,
      );
      ctx.state.plcAlarms.set(key, id);
    } else if (value !== true && previous === true) {
      const id = ctx.state.plcAlarms.get(key);
      if (id !== undefined) clearAlarm(ctx, id);
      ctx.state.plcAlarms.delete(key);
    }
  }
}
