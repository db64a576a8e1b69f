import { DataType, type UAObject } from "node-opcua";
import type { RobotModel } from "../sim/robot/index";
import type { WorkshopContext } from "./context";
import { bind, instantiate, object, setRange, setStatic, setUnits, UNITS, variable } from "./ua";

/** OPC 40010 AxisMotionProfileEnumeration: ROTARY 1, LINEAR 3. */
const ROTARY = 1;
const LINEAR = 3;
const RAD_TO_DEG = 180 / Math.PI;
/** finite-difference step for joint speeds, µs */
const SPEED_DT_US = 10_000;

/** A robot without a library model: six revolute joints with ±180°. */
const GENERIC_JOINTS = Array.from({ length: 6 }, () => ({
  type: "revolute" as const,
  min: -Math.PI,
  max: Math.PI,
  maxSpeed: Math.PI,
}));

/**
 * Axes/J1…Jn with ParameterSet ActualPosition (° or mm) and ActualSpeed (°/s or mm/s), and one power
 * train (PT1…PTn, with its motor) per axis. Positions are sampled from `robotJoints(robot, t)`; speed is
 * the difference over 10 ms of simulated time. A robot the provider does not model holds its home pose.
 */
export function addAxes(w: WorkshopContext, md: UAObject, rid: string, model: RobotModel | undefined): void {
  const joints = model?.joints ?? GENERIC_JOINTS;
  const home = model?.home ?? joints.map(() => 0);
  const provider = w.models.robotJoints;
  let cacheT = Number.NaN;
  const q = Float64Array.from(home);
  const qPrev = Float64Array.from(home);
  const sample = () => {
    const t = w.getSim().now;
    if (t === cacheT) return;
    cacheT = t;
    // a robot the provider does not model holds its home pose
    if (!provider(rid, Math.max(0, t - SPEED_DT_US), qPrev)) qPrev.set(home);
    if (!provider(rid, t, q)) q.set(home);
  };
  const axes = object(md, "Axes");
  const trains = object(md, "PowerTrains");
  joints.forEach((j, i) => {
    const revolute = j.type === "revolute";
    const scale = revolute ? RAD_TO_DEG : 1000;
    const axis = instantiate(w, "robotics", "AxisType", {
      name: `J${i + 1}`,
      componentOf: axes,
      optionals: ["ParameterSet.ActualSpeed"],
    });
    setStatic(variable(axis, "MotionProfile"), DataType.Int32, revolute ? ROTARY : LINEAR);
    const pos = variable(axis, "ParameterSet", "ActualPosition");
    setUnits(pos, revolute ? UNITS.deg : UNITS.mm);
    setRange(pos, j.min * scale, j.max * scale);
    const spd = variable(axis, "ParameterSet", "ActualSpeed");
    setUnits(spd, revolute ? UNITS.degPerS : UNITS.mmPerS);
    setRange(spd, -j.maxSpeed * scale, j.maxSpeed * scale);
    bind(
      w,
      pos,
      DataType.Double,
      null,
      () => {
        sample();
        return (q[i] ?? 0) * scale;
      },
      revolute ? "angleDeg" : "positionMm",
    );
    bind(
      w,
      spd,
      DataType.Double,
      null,
      () => {
        sample();
        return (((q[i] ?? 0) - (qPrev[i] ?? 0)) * scale * 1e6) / SPEED_DT_US;
      },
      revolute ? "angularSpeed" : "rate",
    );
    const pt = instantiate(w, "robotics", "PowerTrainType", { name: `PT${i + 1}`, componentOf: trains });
    const motor = instantiate(w, "robotics", "MotorType", { name: `M${i + 1}`, componentOf: pt });
    setStatic(variable(motor, "Manufacturer"), DataType.LocalizedText, { text: model?.maker ?? "unknown" });
    setStatic(variable(motor, "Model"), DataType.LocalizedText, { text: `J${i + 1} motor` });
    setStatic(variable(motor, "ProductCode"), DataType.String, `${model?.id ?? "generic"}-m${i + 1}`);
    setStatic(variable(motor, "SerialNumber"), DataType.String, `${rid}-M${i + 1}`);
  });
}
