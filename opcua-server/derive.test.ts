import { describe, expect, it } from "vitest";
import { initialStationState, type LineState, type ResourceState, type StationState } from "../sim/index";
import {
  CHANNEL_STATE,
  CNC_PROGRAM_STATUS,
  cncChannel,
  eStopFault,
  lineStarved,
  machineryItemState,
  machineryOperationMode,
  machineToolOperationMode,
  stationEStopped,
} from "./derive";
import type { CncModelView } from "./models";

function station(over: Partial<StationState> = {}): StationState {
  return { ...initialStationState("s1", "starved"), ...over };
}

function cnc(
  program: CncModelView["state"]["program"],
  mode: CncModelView["state"]["mode"] = "Automatic",
  cycles = 0,
): CncModelView {
  return {
    state: {
      mode,
      program,
      programName: "flange-dn80.nc",
      feedPct: 100,
      spindlePct: 100,
      rapidPct: 100,
      cyclesCompleted: cycles,
      tool: 1,
      tools: {},
      def: { name: "vmc", axes: {}, spindle: { maxRpm: 8000 } },
    },
    sample: () => ({ x: 0, y: 0, z: 0, spindleRpm: 0, spindleDir: 0, line: 0, speed: 0 }),
  };
}

describe("Machinery states from the line model", () => {
  it.each<[ResourceState, string]>([
    ["busy", "Executing"],
    ["setup", "Executing"],
    ["starved", "NotExecuting"],
    ["blocked", "NotExecuting"],
    ["waiting", "NotExecuting"],
    ["stopped", "NotExecuting"],
    ["down", "OutOfService"],
    ["offShift", "NotAvailable"],
  ])("MachineryItemState of %s is %s", (state, want) => {
    expect(machineryItemState(state)).toBe(want);
  });

  it.each<[Partial<StationState>, string, number]>([
    [{ phase: "setup", state: "setup" }, "Setup", 2],
    [{ down: "failure", repairMember: "maintenance/0", state: "down" }, "Maintenance", 4],
    [{ down: "failure", repairMember: null, state: "down" }, "Processing", 1],
    [{ state: "offShift" }, "None", 1],
    [{ phase: "processing", state: "busy" }, "Processing", 1],
  ])("%j → MachineryOperationMode %s, MachineTool OperationMode %i", (over, mode, mtMode) => {
    expect(machineryOperationMode(station(over))).toBe(mode);
    expect(machineToolOperationMode(station(over), undefined)).toBe(mtMode);
  });
});

describe("CNC channel and program", () => {
  it.each<[CncModelView["state"]["program"], number, number, string]>([
    ["Running", CHANNEL_STATE.Active, CNC_PROGRAM_STATUS.Running, "Running"],
    ["Interrupted", CHANNEL_STATE.Interrupted, CNC_PROGRAM_STATUS.Interrupted, "Interrupted"],
    ["Stopped", CHANNEL_STATE.Interrupted, CNC_PROGRAM_STATUS.Waiting, "Interrupted"],
    ["Aborted", CHANNEL_STATE.Reset, CNC_PROGRAM_STATUS.Canceled, "Aborted"],
    ["Ready", CHANNEL_STATE.Reset, CNC_PROGRAM_STATUS.Stopped, "Initializing"],
  ])("program %s: channel %i, CncChannelProgramStatus %i, ProductionProgram %s", (p, ch, ps, prog) => {
    const v = cncChannel(station(), cnc(p), "");
    expect([v.channelState, v.programStatus, v.program, v.programName]).toEqual([
      ch,
      ps,
      prog,
      "flange-dn80.nc",
    ]);
  });

  it("a finished program is Ended; manual mode shows as JogManual and MachineTool Manual", () => {
    expect(cncChannel(station(), cnc("Ready", "Automatic", 3), "").program).toBe("Ended");
    const manual = cncChannel(station(), cnc("Ready", "Manual"), "");
    expect([manual.channelMode, manual.cncMode]).toEqual([2, 0]);
    expect(machineToolOperationMode(station(), cnc("Ready", "Manual"))).toBe(0);
  });

  it("without a CNC model, a station processing a part runs its program and a breakdown interrupts it", () => {
    const run = cncChannel(station({ phase: "processing", state: "busy" }), undefined, "op10");
    expect([run.channelState, run.program, run.programName]).toEqual([
      CHANNEL_STATE.Active,
      "Running",
      "op10",
    ]);
    const broken = cncChannel(
      station({ phase: "processing", down: "failure", state: "down" }),
      undefined,
      "op10",
    );
    expect([broken.channelState, broken.program]).toEqual([CHANNEL_STATE.Interrupted, "Interrupted"]);
    expect(cncChannel(station({ good: 1 }), undefined, "").program).toBe("Ended");
  });
});

describe("robot e-stop and line status", () => {
  it("a station is e-stopped by a robot only while it carries that robot's e-stop fault", () => {
    const alarm = {
      id: "a20#1",
      entity: "a20",
      code: "FAULT_INJECTED",
      severity: 800,
      active: true,
      acked: false,
      raisedT: 0,
    };
    const line = (message: string, down: StationState["down"] = "fault") =>
      ({
        stations: new Map([["a20", station({ id: "a20", down, alarm: "a20#1", state: "down" })]]),
        alarms: new Map([["a20#1", { ...alarm, message }]]),
      }) as unknown as LineState;
    expect(stationEStopped(line(`a20: ${eStopFault("screwer")}`), "a20", "screwer")).toBe(true);
    expect(stationEStopped(line(`a20: ${eStopFault("tender")}`), "a20", "screwer")).toBe(false);
    expect(stationEStopped(line("a20: jam"), "a20", "screwer")).toBe(false);
    expect(stationEStopped(line(`a20: ${eStopFault("screwer")}`, "failure"), "a20", "screwer")).toBe(false);
  });

  it("the line is starved only when every station is", () => {
    const line = (...states: ResourceState[]) =>
      ({ stations: new Map(states.map((s, i) => [`s${i}`, station({ state: s })])) }) as unknown as LineState;
    expect(lineStarved(line("starved", "starved"))).toBe(true);
    expect(lineStarved(line("starved", "busy"))).toBe(false);
    expect(lineStarved(line())).toBe(false);
  });
});
