import type { IkSolutions } from "../kinematics/solutions";
import type { RobotModel } from "../library/types";

function fmtJoint(model: RobotModel, j: number, v: number): string {
  const spec = model.joints[j]!;
  if (spec.type === "prismatic") {
    return `${spec.name} ${(v * 1000).toFixed(1)} mm (limits ${(spec.min * 1000).toFixed(0)} … ${(spec.max * 1000).toFixed(0)} mm)`;
  }
  const d = (r: number) => ((r * 180) / Math.PI).toFixed(1);
  return `${spec.name} ${d(v)}° (limits ${d(spec.min)}° … ${d(spec.max)}°)`;
}

/** Why a pose has no usable IK solution, in words, from the solution set of that pose. */
export function describeIkFailure(model: RobotModel, sols: IkSolutions): string {
  if (sols.count === 0) {
    switch (sols.failure) {
      case "outOfReach":
        return `out of reach by ${(sols.failureDistance * 1000).toFixed(1)} mm`;
      case "insideBaseCylinder":
        return `too close to the joint-1 axis (by ${(sols.failureDistance * 1000).toFixed(1)} mm)`;
      case "orientation":
        return `${model.id} cannot tilt or turn its tool (orientation off by ${((sols.failureDistance * 180) / Math.PI).toFixed(2)}°)`;
      default:
        return "no solution";
    }
  }
  // every solution breaks a limit: name the one of the first solution
  const j = sols.limitJoint[0]!;
  const v = sols.q[j]!;
  return `every solution breaks a joint limit, e.g. ${fmtJoint(model, j, v)}`;
}
