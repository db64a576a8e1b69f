import { DataType, type UAObject } from "node-opcua";
import type { WorkshopContext } from "./context";
import type { CncChannelView } from "./derive";
import type { CncModelView } from "./models";
import { bind, instantiate, object, setRange, setStatic, setUnits, UNITS, variable } from "./ua";

/** OPC 40502 CncAxisStatus: InPosition 0, Moving 1. CncSpindleStatus: Stopped 0, InTargetArea 1. */
const AXIS_IN_POSITION = 0;
const AXIS_MOVING = 1;
const SPINDLE_STOPPED = 0;
const SPINDLE_IN_TARGET = 1;
/** CncSpindleTurnDirection: None 0, CW 1, CCW 2. */
const turnDirection = (dir: number) => (dir > 0 ? 1 : dir < 0 ? 2 : 0);

const AXES = ["X", "Y", "Z"] as const;

/**
 * The OPC 40502 CncInterfaceType of one machine: axes (positions in mm, sampled from the CNC model),
 * one spindle (speed in rpm) and one channel (program, mode, override). Without a CNC model the axes
 * stay at 0 and the spindle at rest; state and program still follow the line model.
 */
export function addCncInterface(
  w: WorkshopContext,
  m: UAObject,
  sid: string,
  cnc: CncModelView | undefined,
  channel: () => CncChannelView,
): void {
  const ci = instantiate(w, "cnc", "CncInterfaceType", {
    name: "CncInterface",
    nameNs: "cnc",
    componentOf: m,
  });
  setStatic(variable(ci, "VendorName"), DataType.String, "workshop-twin");
  setStatic(variable(ci, "VendorRevision"), DataType.String, "1");
  setStatic(variable(ci, "Version"), DataType.String, "1.0.0");
  const now = () => w.getSim().now;
  // one sample per flush serves every bound value of the machine
  let cacheT = Number.NaN;
  let cached: ReturnType<CncModelView["sample"]> | undefined;
  const sample = () => {
    const t = now();
    if (t !== cacheT || cached === undefined) {
      cacheT = t;
      cached = cnc!.sample(t);
    }
    return cached;
  };

  const axisList = object(ci, "CncAxisList");
  const defAxes = cnc?.state.def.axes;
  const axes = defAxes === undefined ? AXES : AXES.filter((a) => defAxes[a] !== undefined);
  for (const name of axes) {
    const axis = instantiate(w, "cnc", "CncAxisType", { name, componentOf: axisList });
    setStatic(variable(axis, "IsReferenced"), DataType.Boolean, true);
    setStatic(variable(axis, "IsRotational"), DataType.Boolean, false);
    setStatic(variable(axis, "IsVirtual"), DataType.Boolean, false);
    setStatic(variable(axis, "IsInactive"), DataType.Boolean, false);
    const range = defAxes?.[name];
    const key = name.toLowerCase() as "x" | "y" | "z";
    const posMm = () => sample()[key] * 1000;
    for (const pos of ["PosDirect", "PosIndirect"]) {
      const p = variable(axis, pos);
      setUnits(p, UNITS.mm);
      if (range !== undefined) setRange(p, range.min * 1000, range.max * 1000);
      for (const leaf of ["ActPos", "CmdPos"]) {
        const v = variable(p, leaf);
        if (cnc === undefined) setStatic(v, DataType.Double, 0);
        else bind(w, v, DataType.Double, null, posMm, "positionMm");
      }
      setStatic(variable(p, "RemDist"), DataType.Double, 0);
    }
    const status = variable(axis, "ActStatus");
    if (cnc === undefined) setStatic(status, DataType.Int32, AXIS_IN_POSITION);
    else bind(w, status, DataType.Int32, null, () => (sample().speed > 0 ? AXIS_MOVING : AXIS_IN_POSITION));
  }

  const spindle = instantiate(w, "cnc", "CncSpindleType", {
    name: "S1",
    componentOf: object(ci, "CncSpindleList"),
  });
  const maxRpm = cnc?.state.def.spindle.maxRpm ?? 0;
  for (const name of ["ActSpeed", "CmdSpeed"]) {
    const v = variable(spindle, name);
    setUnits(v, UNITS.rpm);
    setRange(v, 0, maxRpm);
    if (cnc === undefined) setStatic(v, DataType.Double, 0);
    else bind(w, v, DataType.Double, null, () => sample().spindleRpm, "rpm");
  }
  for (const name of ["ActOverride", "CmdOverride"]) {
    const v = variable(spindle, name);
    setRange(v, 0, 150);
    bind(w, v, DataType.Double, sid, () => cnc?.state.spindlePct ?? 100, "percent");
  }
  if (cnc === undefined) {
    setStatic(variable(spindle, "ActTurnDirection"), DataType.Int32, 0);
    setStatic(variable(spindle, "ActStatus"), DataType.Int32, SPINDLE_STOPPED);
  } else {
    bind(w, variable(spindle, "ActTurnDirection"), DataType.Int32, null, () =>
      turnDirection(sample().spindleDir),
    );
    bind(w, variable(spindle, "ActStatus"), DataType.Int32, null, () =>
      sample().spindleRpm > 0 ? SPINDLE_IN_TARGET : SPINDLE_STOPPED,
    );
  }

  const ch = instantiate(w, "cnc", "CncChannelType", {
    name: "Channel1",
    componentOf: object(ci, "CncChannelList"),
  });
  setStatic(variable(ch, "Id"), DataType.UInt32, 1);
  bind(w, variable(ch, "ActStatus"), DataType.Int32, sid, () => channel().channelState);
  bind(w, variable(ch, "ActOperationMode"), DataType.Int32, sid, () => channel().cncMode);
  bind(w, variable(ch, "CmdOperationMode"), DataType.Int32, sid, () => channel().cncMode);
  bind(w, variable(ch, "ActProgramStatus"), DataType.Int32, sid, () => channel().programStatus);
  bind(w, variable(ch, "ActProgramName"), DataType.String, sid, () => channel().programName);
  bind(w, variable(ch, "ActMainProgramName"), DataType.String, sid, () => channel().programName);
  bind(w, variable(ch, "ActOverride"), DataType.Double, sid, () => cnc?.state.feedPct ?? 100, "percent");
  bind(w, variable(ch, "FeedHold"), DataType.Boolean, sid, () => cnc?.state.program === "Interrupted");
  const feedrate = variable(ch, "ActFeedrate");
  setUnits(feedrate, UNITS.mmPerMin);
  // path speed m/s → mm/min
  if (cnc !== undefined) bind(w, feedrate, DataType.Double, null, () => sample().speed * 60_000, "rate");
  else setStatic(feedrate, DataType.Double, 0);
  if (cnc !== undefined) bind(w, variable(ch, "ToolId"), DataType.UInt32, sid, () => cnc.state.tool);
}
