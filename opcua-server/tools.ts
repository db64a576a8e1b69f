import { DataType, makeEUInformation, type UAObject } from "node-opcua";
import type { WorkshopContext } from "./context";
import type { CncModelView, CncToolView } from "./models";
import { bind, instantiate, setStatic, setUnits, UNITS, variable } from "./ua";

/** OPC 40501 ToolLifeIndication: Time 0, NumberOfUsages 2, Cutting_Distance 4. */
const INDICATION = { time: 0, count: 2, distance: 4 } as const;
/** OPC 40501 ToolLocked: ToolLife 3. ToolManagement: NumberBased 0. */
const LOCKED_TOOL_LIFE = 3;
const NUMBER_BASED = 0;

const LIFE_UNITS = {
  time: UNITS.s,
  count: makeEUInformation("C62", "1", "one"),
  distance: makeEUInformation("MTR", "m", "metre"),
} as const;

function used(t: CncToolView): number {
  const life = t.life;
  if (life === null) return 0;
  if (life.kind === "count") return t.count;
  if (life.kind === "time") return t.cutS;
  return t.cutM;
}

function limit(t: CncToolView): number {
  const life = t.life;
  if (life === null) return 0;
  return life.kind === "count" ? life.limit : life.kind === "time" ? life.limitS : life.limitM;
}

/**
 * Equipment/Tools of a machine tool: one ToolType per tool of the CNC model's tool table, with its life
 * (used and limit, counting up) and the lock a worn tool gets. Without a CNC model the list is empty.
 */
export function addTools(
  w: WorkshopContext,
  tools: UAObject,
  sid: string,
  cnc: CncModelView | undefined,
): void {
  if (cnc === undefined) return;
  const lifeType = w.addressSpace.findVariableType("ToolLifeType", w.ns.machineTool);
  if (lifeType === null) throw new Error("ToolLifeType not found");
  for (const key of Object.keys(cnc.state.tools)) {
    const no = Number(key);
    const tool = () => cnc.state.tools[no]!;
    const t0 = tool();
    const node = instantiate(w, "machineTool", "ToolType", {
      name: `T${no}`,
      componentOf: tools,
      optionals: ["Name", "ToolLife"],
    });
    setStatic(variable(node, "Name"), DataType.String, `T${no}`);
    setStatic(variable(node, "ControlIdentifier1"), DataType.UInt32, no);
    setStatic(variable(node, "ControlIdentifierInterpretation"), DataType.Int32, NUMBER_BASED);
    const locked = variable(node, "Locked");
    bind(w, locked, DataType.Boolean, sid, () => tool().worn);
    setStatic(variable(locked, "ReasonForLocking"), DataType.Int32, LOCKED_TOOL_LIFE);
    if (t0.life === null) continue;
    const lifeObj = node.getChildByName("ToolLife") as UAObject;
    const entry = lifeType.instantiate({
      browseName: { name: "ToolLife", namespaceIndex: w.app.index },
      namespace: w.app,
      componentOf: lifeObj,
      optionals: ["LimitValue"],
    });
    setStatic(variable(entry, "Indication"), DataType.Int32, INDICATION[t0.life.kind]);
    setStatic(variable(entry, "IsCountingUp"), DataType.Boolean, true);
    setStatic(variable(entry, "LimitValue"), DataType.Double, limit(t0));
    setUnits(entry, LIFE_UNITS[t0.life.kind]);
    // tool wear moves with cutting, which only events of the machine change
    bind(w, entry, DataType.Double, null, () => used(tool()), "rate");
  }
}
