import { DataType, type StatusCode, StatusCodes, type UAObject } from "node-opcua";
import { findRobot, type RobotSpec } from "../sim/index";
import { makeWritable } from "./access";
import { checkRange } from "./commands";
import type { WorkshopContext } from "./context";
import {
  eStopFault,
  motionDeviceCategory,
  ROBOT_OPERATIONAL_MODE,
  stationEStopped,
  stationsServedBy,
} from "./derive";
import { addMethod } from "./methods";
import { addAxes } from "./robot-axes";
import { bind, instantiate, object, setRange, setStatic, setUnits, UNITS, variable } from "./ua";

/**
 * A robot of the scenario as an OPC 40010 MotionDeviceSystemType: one motion device with its axes and
 * power trains, one controller with one task control, one safety state. The joint count, maker and
 * type come from the robot library; joint angles from the robot kinematics once the simulation offers
 * them (`robotJoints`), else the model's home pose. The robot's work comes from the line model: which
 * station it serves and whether those stations are e-stopped.
 */
export function buildRobot(w: WorkshopContext, spec: RobotSpec, parents: UAObject[]): UAObject {
  const rid = spec.id;
  const model = spec.model === undefined ? undefined : findRobot(spec.model);
  const who = w.identify(rid);
  const sys = instantiate(w, "robotics", "MotionDeviceSystemType", { name: rid, nodeId: `Robots/${rid}` });
  for (const p of parents)
    p.addReference({ referenceType: "Organizes", nodeId: sys.nodeId, isForward: true });

  const md = instantiate(w, "robotics", "MotionDeviceType", {
    name: rid,
    componentOf: object(sys, "MotionDevices"),
  });
  setStatic(variable(md, "Manufacturer"), DataType.LocalizedText, { text: model?.maker ?? who.manufacturer });
  setStatic(variable(md, "Model"), DataType.LocalizedText, { text: model?.name ?? who.model });
  setStatic(variable(md, "ProductCode"), DataType.String, model?.id ?? "generic");
  setStatic(variable(md, "SerialNumber"), DataType.String, who.serialNumber);
  setStatic(variable(md, "MotionDeviceCategory"), DataType.Int32, motionDeviceCategory(model?.kind));
  const speed = variable(md, "ParameterSet", "SpeedOverride");
  setUnits(speed, UNITS.percent);
  setRange(speed, 1, 100);
  setStatic(speed, DataType.Double, 100);
  makeWritable(speed, {
    check: (v) => checkRange(v, 1, 100),
    apply: (v) => w.commands.submit({ type: "setRobotSpeedOverride", robot: rid, pct: v as number }).status,
  });
  addAxes(w, md, rid, model);

  const served = stationsServedBy(w.getSim().scenario.stations, rid);
  const member = () => w.getSim().state.pools.get(rid)?.members[0];
  const ctrl = instantiate(w, "robotics", "ControllerType", {
    name: "Controller",
    componentOf: object(sys, "Controllers"),
  });
  setStatic(variable(ctrl, "Manufacturer"), DataType.LocalizedText, {
    text: model?.maker ?? who.manufacturer,
  });
  setStatic(variable(ctrl, "Model"), DataType.LocalizedText, {
    text: `${model?.name ?? who.model} controller`,
  });
  setStatic(variable(ctrl, "ProductCode"), DataType.String, `${model?.id ?? "generic"}-controller`);
  setStatic(variable(ctrl, "SerialNumber"), DataType.String, `${who.serialNumber}-C`);
  setStatic(variable(ctrl, "CurrentUser", "Level"), DataType.String, "operator");
  const sw = instantiate(w, "di", "SoftwareType", {
    name: "Firmware",
    componentOf: object(ctrl, "Software"),
  });
  setStatic(variable(sw, "Manufacturer"), DataType.LocalizedText, { text: "workshop-twin" });
  setStatic(variable(sw, "Model"), DataType.LocalizedText, { text: "simulated controller" });
  setStatic(variable(sw, "SoftwareRevision"), DataType.String, "1.0");
  const task = instantiate(w, "robotics", "TaskControlType", {
    name: "MainTask",
    componentOf: object(ctrl, "TaskControls"),
  });
  setStatic(variable(task, "ComponentName"), DataType.LocalizedText, { text: "Main task" });
  // the task program is the job of the station the robot is working at (the line model has no robot programs)
  const program = () => {
    const m = member();
    return m?.station === null || m === undefined
      ? ""
      : (w.lastProgram.get(`robot:${rid}`) ?? `serve-${m.station}`);
  };
  bind(w, variable(task, "ParameterSet", "TaskProgramName"), DataType.String, rid, program);
  bind(w, variable(task, "ParameterSet", "TaskProgramLoaded"), DataType.Boolean, rid, () => program() !== "");

  const safety = instantiate(w, "robotics", "SafetyStateType", {
    name: "SafetyState",
    componentOf: object(sys, "SafetyStates"),
  });
  const line = () => w.getSim().state;
  const eStopped = () => served.some((s) => stationEStopped(line(), s, rid));
  bind(w, variable(safety, "ParameterSet", "EmergencyStop"), DataType.Boolean, rid, eStopped);
  setStatic(variable(safety, "ParameterSet", "ProtectiveStop"), DataType.Boolean, false);
  setStatic(
    variable(safety, "ParameterSet", "OperationalMode"),
    DataType.Int32,
    ROBOT_OPERATIONAL_MODE.AUTOMATIC_EXTERNAL,
  );

  addMethod(w, sys, {
    name: "EmergencyStop",
    description: `E-stop: faults every station the robot serves (${served.join(", ") || "none"}) until ResetEmergencyStop.`,
    level: "operator",
    run: () => {
      let ok = 0;
      let last: StatusCode = StatusCodes.BadInvalidState;
      for (const s of served) {
        const r = w.commands.submit({ type: "injectFault", entity: s, fault: eStopFault(rid) });
        if (r.status.isGood()) ok++;
        else last = r.status;
      }
      return { status: ok > 0 ? StatusCodes.Good : last };
    },
  });
  addMethod(w, sys, {
    name: "ResetEmergencyStop",
    description:
      "Clears the e-stop faults of the stations the robot serves; BadInvalidState when not e-stopped.",
    level: "operator",
    run: () => {
      const stopped = served.filter((s) => stationEStopped(line(), s, rid));
      if (stopped.length === 0) return { status: StatusCodes.BadInvalidState };
      let status: StatusCode = StatusCodes.Good;
      for (const s of stopped) {
        const r = w.commands.submit({ type: "clearFault", entity: s });
        if (r.status.isNotGood()) status = r.status;
      }
      return { status };
    },
  });
  return sys;
}
