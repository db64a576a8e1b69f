import { DataType, StatusCodes, type UAObject } from "node-opcua";
import { makeWritable } from "./access";
import { checkRange } from "./commands";
import type { WorkshopContext } from "./context";
import { lineBlocked, lineStarved } from "./derive";
import { addMethod, bindChecked } from "./methods";
import {
  addObject,
  addVariable,
  bind,
  bindState,
  instantiate,
  object,
  setRange,
  setState,
  setStatic,
  setUnits,
  UNITS,
  variable,
} from "./ua";

/** Conveyor speeds the simulation accepts, m/s. */
export const CONVEYOR_SPEED_MAX = 10;
/** PackML UnitMode Production. */
const UNIT_MODE_PRODUCTION = 1;

/** What the line builder keeps for live values the events feed. */
export interface LineStats {
  /** simulation µs of recent PartCompleted events, oldest first */
  completions: number[];
  /** the window CurMachSpeed counts over, µs */
  windowUs: number;
}

/** Parts per minute over the last window of simulated time. */
export function partsPerMinute(stats: LineStats, nowUs: number): number {
  const from = nowUs - stats.windowUs;
  const c = stats.completions;
  let i = 0;
  while (i < c.length && c[i]! <= from) i++;
  if (i > 0) c.splice(0, i);
  const spanUs = Math.min(stats.windowUs, nowUs);
  return spanUs > 0 ? (c.length * 60e6) / spanUs : 0;
}

/**
 * The line as an OPC 30050 PackMLBaseObjectType (Objects/Line): Status (CurMachSpeed in parts/min over
 * the last window, MachSpeed the design rate, EquipmentBlocked, EquipmentStarved), the state machines,
 * and the conveyors with a writable speed.
 */
export function buildLine(w: WorkshopContext, objects: UAObject, stats: LineStats): UAObject {
  const line = instantiate(w, "packML", "PackMLBaseObjectType", {
    name: "Line",
    nodeId: "Line",
    organizedBy: objects,
  });
  const sim = () => w.getSim();
  const status = object(line, "Status");
  const scenario = sim().scenario;
  const lastStations = scenario.stations
    .filter((s) => {
      const to = typeof s.to === "string" ? [s.to] : Array.isArray(s.to) ? s.to : Object.values(s.to).flat();
      return to.some((t) => scenario.sinks.some((k) => k.id === t));
    })
    .map((s) => s.id);
  // design rate: the slowest station's ideal cycle bounds the line
  let slowest = 0;
  for (const d of sim().topo.stations.values()) slowest = Math.max(slowest, d.idealCycleS);
  const design = slowest > 0 ? 60 / slowest : 0;
  const machSpeed = variable(status, "MachSpeed");
  setRange(machSpeed, 0, design * 2);
  setStatic(machSpeed, DataType.Float, design);
  const cur = variable(status, "CurMachSpeed");
  setRange(cur, 0, design * 2);
  bind(w, cur, DataType.Float, null, () => partsPerMinute(stats, sim().now), "rate");
  bind(w, variable(status, "EquipmentStarved"), DataType.Boolean, "line", () => lineStarved(sim().state));
  bind(w, variable(status, "EquipmentBlocked"), DataType.Boolean, "line", () =>
    lineBlocked(sim().state, lastStations),
  );
  setStatic(variable(status, "UnitModeCurrent"), DataType.Int32, UNIT_MODE_PRODUCTION);

  const base = object(line, "BaseStateMachine");
  setState(base, "Cleared");
  const machine = object(base, "MachineState");
  bindState(w, machine, "line", () => {
    for (const s of sim().state.stations.values()) if (!s.stopped) return "Running";
    return "Stopped";
  });
  bindState(w, object(machine, "ExecuteState"), "line", () => executeState(w));
  for (const name of ["SetMachSpeed", "SetParameter", "SetProduct", "SetUnitMode"]) {
    const m = line.getMethodByName(name);
    if (m !== null) bindChecked(m, "operator", [], () => ({ status: StatusCodes.BadNotImplemented }));
  }

  const conveyors = addObject(w, line, "Conveyors");
  for (const c of scenario.conveyors) buildConveyor(w, conveyors, c.id);
  return line;
}

function executeState(w: WorkshopContext): string {
  let busy = false;
  let waiting = false;
  for (const s of w.getSim().state.stations.values()) {
    if (s.state === "down") return "Held";
    if (s.state === "busy" || s.state === "setup") busy = true;
    if (s.state === "starved" || s.state === "blocked" || s.state === "waiting") waiting = true;
  }
  return busy ? "Execute" : waiting ? "Suspended" : "Idle";
}

function buildConveyor(w: WorkshopContext, parent: UAObject, cid: string): void {
  const c = addObject(w, parent, cid);
  const st = () => w.getSim().state.conveyors.get(cid)!;
  const speed = w.app.addAnalogDataItem({
    componentOf: c,
    browseName: { name: "Speed", namespaceIndex: w.app.index },
    dataType: "Double",
    engineeringUnitsRange: { low: 0, high: CONVEYOR_SPEED_MAX },
    engineeringUnits: UNITS.mPerS,
    value: { dataType: DataType.Double, value: st().speed },
  });
  setUnits(speed, UNITS.mPerS);
  bind(w, speed, DataType.Double, cid, () => st().speed, "speed");
  makeWritable(speed, {
    check: (v) => checkRange(v, 0, CONVEYOR_SPEED_MAX),
    apply: (v) => w.commands.submit({ type: "setConveyorSpeed", entity: cid, speed: v as number }).status,
  });
  bind(w, addVariable(w, c, "Items", DataType.UInt32, 0), DataType.UInt32, cid, () => st().items.length);
  bind(w, addVariable(w, c, "State", DataType.String, ""), DataType.String, cid, () => st().state);
  addMethod(w, c, {
    name: "Start",
    description: "Start the belt (startEntity).",
    level: "operator",
    run: () => ({ status: w.commands.submit({ type: "startEntity", entity: cid }).status }),
  });
  addMethod(w, c, {
    name: "Stop",
    description: "Stop the belt (stopEntity).",
    level: "operator",
    run: () => ({ status: w.commands.submit({ type: "stopEntity", entity: cid }).status }),
  });
}
