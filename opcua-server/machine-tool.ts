import { DataType, StatusCodes, type UAObject } from "node-opcua";
import type { StationSpec } from "../sim/index";
import { makeWritable } from "./access";
import { addCncInterface } from "./cnc-interface";
import { checkRange } from "./commands";
import type { WorkshopContext } from "./context";
import { cncChannel, machineToolOperationMode } from "./derive";
import { addMachineryLive, fillIdentification, MACHINERY_OPTIONALS } from "./machinery";
import { ARG, addMethod } from "./methods";
import type { CncModelView } from "./models";
import { addTools } from "./tools";
import { bind, bindState, instantiate, object, setRange, setStatic, setUnits, UNITS, variable } from "./ua";

/** Feed and spindle override limits, % (the CNC model's). */
export const OVERRIDE_MAX_PCT = { feed: 150, spindle: 150 } as const;

/**
 * A CNC station as an OPC 40501 MachineToolType under Objects/Machines, with an OPC 40502
 * CncInterfaceType inside it for axes and spindle. Live values come from the station's CNC model when
 * the simulation has one, else from the line model (state, program of the current operation).
 */
export function buildMachineTool(w: WorkshopContext, spec: StationSpec, machines: UAObject): UAObject {
  const sid = spec.id;
  const cnc = w.models.cnc?.(sid);
  const m = instantiate(w, "machineTool", "MachineToolType", {
    name: sid,
    nodeId: `Machines/${sid}`,
    organizedBy: machines,
    optionals: [
      ...MACHINERY_OPTIONALS,
      "Identification.Model",
      "Identification.YearOfConstruction",
      "Monitoring.MachineTool.PowerOnDuration",
      "Equipment.Tools",
      "Notification.Messages",
    ],
  });
  fillIdentification(w, object(m, "Identification"), sid);
  addMachineryLive(w, m, spec);

  const st = () => w.getSim().state.stations.get(sid)!;
  const channel = () => cncChannel(st(), cnc, w.lastProgram.get(sid) ?? "");
  const monitoring = object(m, "Monitoring");
  const mt = object(monitoring, "MachineTool");
  bind(w, variable(mt, "OperationMode"), DataType.Int32, sid, () => machineToolOperationMode(st(), cnc));
  // hours since the twin powered the machine on at t = 0
  bind(w, variable(mt, "PowerOnDuration"), DataType.UInt32, null, () => Math.floor(w.getSim().now / 3.6e9));

  const ch = instantiate(w, "machineTool", "ChannelMonitoringType", {
    name: "Channel1",
    componentOf: monitoring,
  });
  setStatic(variable(ch, "Name"), DataType.String, "Channel 1");
  bind(w, variable(ch, "ChannelState"), DataType.Int32, sid, () => channel().channelState);
  bind(w, variable(ch, "ChannelMode"), DataType.Int32, sid, () => channel().channelMode);
  const feed = variable(ch, "FeedOverride");
  overrideVariable(w, feed, sid, "feed", cnc);

  const sp = instantiate(w, "machineTool", "SpindleMonitoringType", {
    name: "Spindle1",
    componentOf: monitoring,
    optionals: ["Override"],
  });
  setStatic(variable(sp, "Name"), DataType.String, "Spindle 1");
  const rotating = () =>
    cnc !== undefined
      ? cnc.sample(w.getSim().now).spindleRpm > 0
      : st().phase === "processing" && st().down === null;
  bind(w, variable(sp, "IsRotating"), DataType.Boolean, cnc === undefined ? sid : null, rotating);
  overrideVariable(w, variable(sp, "Override"), sid, "spindle", cnc);

  const active = object(m, "Production", "ActiveProgram");
  bind(w, variable(active, "Name"), DataType.String, sid, () => channel().programName);
  setStatic(variable(active, "NumberInList"), DataType.UInt16, 0);
  bindState(w, object(active, "State"), sid, () => channel().program);

  addTools(w, object(m, "Equipment", "Tools"), sid, cnc);
  addCncInterface(w, m, sid, cnc, channel);
  addProgramMethods(w, m, sid);
  return m;
}

function overrideVariable(
  w: WorkshopContext,
  v: ReturnType<typeof variable>,
  sid: string,
  which: "feed" | "spindle",
  cnc: CncModelView | undefined,
): void {
  const max = OVERRIDE_MAX_PCT[which];
  setUnits(v, UNITS.percent);
  setRange(v, 0, max);
  const read = () => (cnc === undefined ? 100 : which === "feed" ? cnc.state.feedPct : cnc.state.spindlePct);
  bind(w, v, DataType.Double, sid, read, "percent");
  makeWritable(v, {
    check: (value) => checkRange(value, 0, max),
    apply: (value) =>
      w.commands.submit({ type: "setOverride", entity: sid, override: which, pct: value as number }).status,
  });
}

function addProgramMethods(w: WorkshopContext, m: UAObject, sid: string): void {
  addMethod(w, m, {
    name: "AbortProgram",
    description: "Abort the running NC program (needs the simulation's abortProgram command).",
    level: "operator",
    run: () => ({ status: w.commands.submit({ type: "abortProgram", entity: sid }).status }),
  });
  addMethod(w, m, {
    name: "LoadProgram",
    description: "Load an NC program by name (needs the simulation's loadProgram command).",
    level: "operator",
    inputs: [ARG.string("Name", "program name")],
    run: ([name]) => {
      if (typeof name !== "string" || name === "") return { status: StatusCodes.BadInvalidArgument };
      return { status: w.commands.submit({ type: "loadProgram", entity: sid, program: name }).status };
    },
  });
}
