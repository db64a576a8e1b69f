import { DataType, StatusCodes, type UAObject } from "node-opcua";
import type { StationSpec } from "../sim/index";
import type { WorkshopContext } from "./context";
import { machineryItemState, machineryOperationMode } from "./derive";
import { ARG, addMethod } from "./methods";
import { addObject, addVariable, bind, bindState, instantiate, object, setStatic, variable } from "./ua";

/**
 * OPC 40001-1 (Machinery) building blocks every line station gets: identification, MachineryItemState,
 * MachineryOperationMode, operation counters, part counters (good, scrap, rework) and the methods that
 * start, stop and reset it. CNC stations get the same on their MachineToolType instance.
 */

export const MACHINERY_OPTIONALS = [
  "MachineryBuildingBlocks.MachineryItemState",
  "MachineryBuildingBlocks.MachineryOperationMode",
  "MachineryBuildingBlocks.OperationCounters",
  "MachineryBuildingBlocks.OperationCounters.PowerOnDuration",
  "MachineryBuildingBlocks.OperationCounters.OperationDuration",
  "MachineryBuildingBlocks.OperationCounters.OperationCycleCounter",
];

/** A plain station: a machine in the Machines folder with a MachineIdentificationType. */
export function buildStation(w: WorkshopContext, spec: StationSpec, machines: UAObject): UAObject {
  const m = w.app.addObject({
    browseName: { name: spec.id, namespaceIndex: w.app.index },
    nodeId: `s=Machines/${spec.id}`,
    organizedBy: machines,
  });
  const id = instantiate(w, "machinery", "MachineIdentificationType", {
    name: "Identification",
    nameNs: "di",
    componentOf: m,
    optionals: ["Model", "ProductInstanceUri", "YearOfConstruction"],
  });
  fillIdentification(w, id, spec.id);
  const blocks = w.app.addObject({
    browseName: { name: "MachineryBuildingBlocks", namespaceIndex: w.ns.machinery },
    componentOf: m,
    typeDefinition: "FolderType",
  });
  instantiate(w, "machinery", "MachineryItemState_StateMachineType", {
    name: "MachineryItemState",
    nameNs: "machinery",
    componentOf: blocks,
  });
  instantiate(w, "machinery", "MachineryOperationModeStateMachineType", {
    name: "MachineryOperationMode",
    nameNs: "machinery",
    componentOf: blocks,
  });
  instantiate(w, "machinery", "MachineryOperationCounterType", {
    name: "OperationCounters",
    nameNs: "di",
    componentOf: blocks,
    optionals: ["PowerOnDuration", "OperationDuration", "OperationCycleCounter"],
  });
  addMachineryLive(w, m, spec);
  return m;
}

export function fillIdentification(w: WorkshopContext, id: UAObject, entity: string): void {
  const who = w.identify(entity);
  setStatic(variable(id, "Manufacturer"), DataType.LocalizedText, { text: who.manufacturer });
  setStatic(variable(id, "SerialNumber"), DataType.String, who.serialNumber);
  const opt = (name: string, dataType: DataType, value: unknown) => {
    const v = id.getChildByName(name);
    if (v !== null) setStatic(variable(id, name), dataType, value);
  };
  opt("Model", DataType.LocalizedText, { text: who.model });
  opt("ProductInstanceUri", DataType.String, who.productInstanceUri);
  opt("YearOfConstruction", DataType.UInt16, who.yearOfConstruction);
}

/** State machines, counters and methods of a station, bound to the simulation. */
export function addMachineryLive(w: WorkshopContext, m: UAObject, spec: StationSpec): void {
  const sid = spec.id;
  const st = () => w.getSim().state.stations.get(sid)!;
  const blocks = object(m, "MachineryBuildingBlocks");
  bindState(w, object(blocks, "MachineryItemState"), sid, () => machineryItemState(st().state));
  bindState(w, object(blocks, "MachineryOperationMode"), sid, () => machineryOperationMode(st()));
  const counters = object(blocks, "OperationCounters");
  // Duration is ms. Power-on time is simulated time since t = 0 (the twin powers everything on then),
  // published in whole minutes so it does not change on every flush
  bind(
    w,
    variable(counters, "PowerOnDuration"),
    DataType.Double,
    null,
    () => Math.floor(w.getSim().now / 60e6) * 60e3,
  );
  bind(w, variable(counters, "OperationCycleCounter"), DataType.UInt64, sid, () => {
    const s = st();
    return s.good + s.scrap + s.rework;
  });
  bind(
    w,
    variable(counters, "OperationDuration"),
    DataType.Double,
    sid,
    () => (w.processedUs.get(sid) ?? 0) / 1e3,
  );

  const parts = addObject(w, m, "Counters");
  const count = (name: string, get: () => number) => {
    bind(w, addVariable(w, parts, name, DataType.UInt32, 0), DataType.UInt32, sid, get);
  };
  count("GoodParts", () => st().good);
  count("ScrapParts", () => st().scrap);
  count("ReworkParts", () => st().rework);
  bind(w, addVariable(w, m, "State", DataType.String, ""), DataType.String, sid, () => st().state);

  addMethod(w, m, {
    name: "Start",
    description: "Start the station again after a Stop (startEntity).",
    level: "operator",
    run: () => ({ status: w.commands.submit({ type: "startEntity", entity: sid }).status }),
  });
  addMethod(w, m, {
    name: "Stop",
    description: "Stop the station after its current operation (stopEntity).",
    level: "operator",
    run: () => ({ status: w.commands.submit({ type: "stopEntity", entity: sid }).status }),
  });
  addMethod(w, m, {
    name: "Reset",
    description: "Clear an injected fault (clearFault); BadInvalidState when there is none.",
    level: "operator",
    run: () => ({ status: w.commands.submit({ type: "clearFault", entity: sid }).status }),
  });
  addMethod(w, m, {
    name: "InjectFault",
    description: "Fail the station now (admin): Fault is the alarm text, DurationS 0 means until Reset.",
    level: "admin",
    inputs: [ARG.string("Fault"), ARG.double("DurationS", "s; 0 = until Reset")],
    run: ([fault, duration]) => {
      const d = Number(duration);
      if (!(d >= 0)) return { status: StatusCodes.BadOutOfRange };
      const cmd = {
        type: "injectFault" as const,
        entity: sid,
        fault: String(fault || "fault"),
        ...(d > 0 ? { durationS: d } : {}),
      };
      return { status: w.commands.submit(cmd).status };
    },
  });
}
