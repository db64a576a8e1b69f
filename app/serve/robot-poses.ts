import type { Simulation } from "../../sim/index";
import { createTransform, findRobot, fromXyzRpy, type RobotModel, solveNearest } from "../../sim/robot/index";
import { type Floorplan, ROBOT_PEDESTAL } from "./floorplan";

/** Gripper length from flange to the part, m (an assumption: a parallel gripper with fingers). */
export const GRIPPER_LENGTH = 0.12;

/** Lift between the reach pose and the approach pose above it, m. */
const APPROACH_LIFT = 0.25;

/** Key poses of one robot: home, and per served station an approach pose and a reach pose (rad or m). */
export interface RobotPoses {
  id: string;
  model: RobotModel;
  /** base on the floor, m; pedestal height, m */
  base: [number, number];
  baseZ: number;
  home: Float64Array;
  stations: Map<string, { approach: Float64Array; reach: Float64Array }>;
}

/** The library model of a scenario robot (UR5e when the scenario names none or one we do not know). */
export function robotModelFor(model: string | undefined): RobotModel {
  return (model !== undefined ? findRobot(model) : undefined) ?? findRobot("ur5e")!;
}

/**
 * Solves once, at start, the poses the estimated robot motion blends between: the tool over the
 * station's edge nearest the robot (approach) and down at its work surface (reach). A target beyond
 * the robot's reach is pulled in until the inverse kinematics finds a solution inside the limits.
 */
export function solveRobotPoses(sim: Simulation, plan: Floorplan): RobotPoses[] {
  const out: RobotPoses[] = [];
  for (const r of sim.scenario.robots) {
    const model = robotModelFor(r.model);
    const home = new Float64Array(model.home);
    const base = sim.topo.pools.get(r.id)!.home;
    const baseZ = model.kind === "gantry" ? 0 : ROBOT_PEDESTAL;
    const poses: RobotPoses = { id: r.id, model, base: [base[0], base[1]], baseZ, home, stations: new Map() };
    for (const s of sim.scenario.stations) {
      if (s.robot !== r.id) continue;
      const it = plan.items.get(s.id)!;
      const half = (Math.abs(it.front[0]) > 0 ? it.size[0] : it.size[1]) / 2;
      const edge: [number, number] = [
        it.position[0] + it.front[0] * Math.max(0, half - 0.25),
        it.position[1] + it.front[1] * Math.max(0, half - 0.25),
      ];
      const reach = solveToward(poses, edge, it.workZ + 0.05, home);
      const approach = solveToward(poses, edge, it.workZ + 0.05 + APPROACH_LIFT, reach);
      poses.stations.set(s.id, { approach, reach });
    }
    out.push(poses);
  }
  return out;
}

const sFlange = createTransform();

function solveToward(p: RobotPoses, target: [number, number], z: number, ref: Float64Array): Float64Array {
  const m = p.model;
  const q = new Float64Array(m.joints.length);
  const dx = target[0] - p.base[0];
  const dy = target[1] - p.base[1];
  const dz = z + GRIPPER_LENGTH - p.baseZ;
  if (m.geometry.kind === "gantry") {
    const g = m.geometry;
    const v = [dx, dy, g.zTop - dz];
    for (let i = 0; i < 3; i++) q[i] = Math.min(m.joints[i]!.max, Math.max(m.joints[i]!.min, v[i]!));
    return q;
  }
  const bearing = Math.atan2(dy, dx);
  const horiz = Math.hypot(dx, dy);
  for (let k = 0; k < 12; k++) {
    const f = horiz * 0.85 ** k;
    fromXyzRpy(sFlange, Math.cos(bearing) * f, Math.sin(bearing) * f, dz, Math.PI, 0, bearing);
    if (solveNearest(m, sFlange, ref, q) >= 0) return q;
  }
  q.set(ref);
  q[0] = m.joints[0]!.type === "revolute" ? bearing : q[0]!;
  return q;
}
