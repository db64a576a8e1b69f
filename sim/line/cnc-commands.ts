import type { Command, CommandResult } from "../commands";
import { emitCnc, programName } from "./cnc-station";
import type { LineContext } from "./context";
import { updateStationState } from "./station";

type CncCommand = Extract<Command, { type: "setOverride" | "abortProgram" | "loadProgram" }>;

const RANGE = { feed: 150, spindle: 150, rapid: 100 } as const;

/** Overrides, program abort and program selection on a CNC station, as the OPC UA server and viewer send them. */
export function applyCncCommand(ctx: LineContext, cmd: CncCommand): CommandResult {
  const st = ctx.state.stations.get(cmd.entity);
  const m = ctx.cnc(cmd.entity);
  if (st === undefined || m === undefined) {
    return { ok: false, code: "SIM_ERR_UNKNOWN_ENTITY", reason: `no CNC station "${cmd.entity}"` };
  }
  const t = ctx.now();
  switch (cmd.type) {
    case "setOverride": {
      const max = RANGE[cmd.override];
      if (!(cmd.pct >= 0 && cmd.pct <= max)) {
        return {
          ok: false,
          code: "SIM_ERR_OUT_OF_RANGE",
          reason: `${cmd.override} override ${cmd.pct} % is outside 0..${max} %`,
        };
      }
      const running = st.phase === "processing" && !st.timerPaused && st.down === null;
      if (running) st.ttfUs -= t - st.phaseStartT;
      const set =
        cmd.override === "feed"
          ? m.setFeedOverride
          : cmd.override === "spindle"
            ? m.setSpindleOverride
            : m.setRapidOverride;
      const r = set.call(m, t, cmd.pct);
      emitCnc(ctx, r);
      if (!r.ok) return { ok: false, code: "SIM_ERR_STATE", reason: r.reason };
      if (running) {
        // the cycle now ends at another time: move the station's timer to the machine's next event
        st.gen++;
        st.phaseStartT = t;
        st.remainingUs = m.nextEventTime() - t;
        if (st.ttfUs < st.remainingUs) ctx.schedule(t + st.ttfUs, "station.fail", st.id, st.gen);
        else if (Number.isFinite(st.remainingUs))
          ctx.schedule(t + st.remainingUs, "station.timer", st.id, st.gen);
      }
      return { ok: true };
    }
    case "abortProgram": {
      if (st.phase !== "processing")
        return { ok: false, code: "SIM_ERR_STATE", reason: `${cmd.entity} is not running a program` };
      emitCnc(ctx, m.abort(t));
      // the half-made part is scrapped and the station carries on as after any scrapped part
      st.gen++;
      st.timerPaused = false;
      st.abortRequested = true;
      ctx.schedule(t, "station.timer", st.id, st.gen);
      return { ok: true };
    }
    case "loadProgram": {
      const files = [...ctx.topo.stations.get(cmd.entity)!.cnc!.programs.values()];
      const file = files.find((f) => f === cmd.program || programName(f) === cmd.program);
      if (file === undefined) {
        return {
          ok: false,
          code: "SIM_ERR_UNKNOWN_PROGRAM",
          reason: `${cmd.entity} has no program "${cmd.program}" (it has ${files.map(programName).join(", ")})`,
        };
      }
      st.programOverride = file;
      updateStationState(ctx, st);
      return { ok: true };
    }
  }
}
