import type { CncResult } from "../cnc/machine";
import { raiseAlarm } from "./alarms";
import type { LineContext } from "./context";
import { requestMember } from "./resources";
import type { StationState } from "./state";

/**
 * A CNC station runs its NC program on a CncMachine: the program's planned motion gives the cycle time,
 * overrides stretch it while it runs, a worn tool stops the next cycle until someone replaces it.
 * These helpers keep the machine and the station's timer in step; station.ts calls them.
 */

/** The file name of the program the station runs for its current part. */
export function programFor(ctx: LineContext, st: StationState, product: string): string {
  const cnc = ctx.topo.stations.get(st.id)!.cnc!;
  return st.programOverride ?? cnc.programs.get(product) ?? cnc.programs.get("*")!;
}

/** The name a program is known by on the machine and over OPC UA: its file name without folders. */
export function programName(file: string): string {
  return file.slice(Math.max(file.lastIndexOf("/"), file.lastIndexOf("\\")) + 1);
}

export function emitCnc(ctx: LineContext, r: CncResult | CncResult["events"]): void {
  for (const ev of Array.isArray(r) ? r : r.events) ctx.emit(ev);
}

/**
 * Loads the part's program if another one is loaded, closes the door and starts the cycle. Returns
 * the µs to the machine's next event, or null when the machine refused (the station went down).
 */
export function startCncCycle(ctx: LineContext, st: StationState, product: string): number | null {
  const m = ctx.cnc(st.id)!;
  const t = ctx.now();
  const file = programFor(ctx, st, product);
  const name = programName(file);
  if (m.state.programName !== name) emitCnc(ctx, m.load(name, ctx.topo.scenario.files[file] ?? "", t));
  if (m.state.doorOpen) emitCnc(ctx, m.closeDoor(t));
  const r = m.cycleStart(t);
  emitCnc(ctx, r);
  if (!r.ok) {
    if (r.code === "CNC_ERR_TOOL_WORN") toolDown(ctx, st, r.reason);
    else {
      st.down = "fault";
      st.alarm = raiseAlarm(ctx, st.id, r.code, 800, `${st.id}: ${r.reason}`);
    }
    return null;
  }
  return m.nextEventTime() - t;
}

/** A worn tool: the station is down until a person from the tool-change pool replaces it. */
function toolDown(ctx: LineContext, st: StationState, reason: string): void {
  st.down = "tool";
  st.alarm = raiseAlarm(ctx, st.id, "TOOL_WORN", 600, `${st.id}: ${reason}`);
  const pool = toolChangePool(ctx, st.id);
  st.repairPending = true;
  if (pool !== null) requestMember(ctx, pool, st.id, "repair");
  else ctx.schedule(ctx.now(), "station.repair", st.id, st.gen);
}

function toolChangePool(ctx: LineContext, id: string): string | null {
  const spec = ctx.topo.stations.get(id)!.spec;
  const firstOperators = ctx.topo.scenario.operators[0]?.id;
  return spec.toolChangeBy ?? spec.failures?.repairBy ?? spec.operators ?? firstOperators ?? null;
}

/** Every worn tool of the station's machine is replaced (the tool-change repair is done). */
export function replaceWornTools(ctx: LineContext, id: string): void {
  const m = ctx.cnc(id)!;
  const t = ctx.now();
  for (const tool of Object.values(m.state.tools)) if (tool.worn) emitCnc(ctx, m.replaceTool(tool.tool, t));
}

/** Opens or closes the machine door for loading, if the machine has one to move. */
export function cncDoor(ctx: LineContext, st: StationState, open: boolean): void {
  const m = ctx.cnc(st.id);
  if (m === undefined || m.state.doorOpen === open || m.state.program === "Running") return;
  emitCnc(ctx, open ? m.openDoor(ctx.now()) : m.closeDoor(ctx.now()));
}
