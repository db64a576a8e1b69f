import {
  assemblyInsertionTask,
  machineTendingTask,
  palletizingTask,
  planRobotJob,
  type RobotIssue,
  type TaskPlan,
} from "../robot/index";
import type { Scenario, StationSpec } from "../scenario/schema";

/**
 * Robot stations whose operation is a robot task: the task (written out, or one of the templates) is
 * planned with the robot's kinematics in the cell, and the plan's duration is the process time.
 * Pure and deterministic: the same scenario always gives the same plan.
 */

const TEMPLATES: Record<string, (o: never) => unknown> = {
  machineTending: machineTendingTask as (o: never) => unknown,
  palletizing: palletizingTask as (o: never) => unknown,
  assemblyInsertion: assemblyInsertionTask as (o: never) => unknown,
};

export function planStationTask(
  scenario: Scenario,
  station: StationSpec,
  which: "task" | "handling" = "task",
): { plan: TaskPlan; issues: [] } | { plan: null; issues: RobotIssue[] } {
  const robot = scenario.robots.find((r) => r.id === station.robot);
  if (robot === undefined || robot.model === undefined) {
    return {
      plan: null,
      issues: [
        {
          code: "ROBOT_ERR_BAD_VALUE",
          path: "",
          message: "a task needs a `robot` with a `model` from the library",
        },
      ],
    };
  }
  let task: unknown = which === "task" ? station.task : station.handling?.task;
  if (typeof task === "object" && task !== null && "template" in task) {
    const { template, ...options } = task as { template: unknown };
    const make = typeof template === "string" ? TEMPLATES[template] : undefined;
    if (make === undefined) {
      return {
        plan: null,
        issues: [
          {
            code: "ROBOT_ERR_BAD_VALUE",
            path: "template",
            message: `unknown template "${String(template)}" (use ${Object.keys(TEMPLATES).join(", ")})`,
          },
        ],
      };
    }
    try {
      task = make(options as never);
    } catch (e) {
      return {
        plan: null,
        issues: [
          {
            code: "ROBOT_ERR_BAD_VALUE",
            path: "template",
            message: e instanceof Error ? e.message : String(e),
          },
        ],
      };
    }
  }
  const pos = robot.position ?? [0, 0];
  const stations: Record<string, { x: number; y: number; z: number; yaw: number }> = {};
  for (const s of scenario.stations) {
    const p = s.position ?? [0, 0];
    stations[s.id] = { x: p[0], y: p[1], z: 0, yaw: 0 };
  }
  return planRobotJob({
    robot: robot.model,
    base: { x: pos[0], y: pos[1], z: robot.mount.z, yaw: robot.mount.yaw },
    tool: { z: robot.tool.z },
    task,
    stations,
  }) as { plan: TaskPlan; issues: [] } | { plan: null; issues: RobotIssue[] };
}

/** A tending task split where the robot first lets go (the finished part is out): unload, then load. */
export interface HandlingPlan {
  plan: TaskPlan;
  /** µs from the start of the task to the end of its first release */
  unloadUs: number;
  /** µs for the rest of the task */
  loadUs: number;
}

export function planHandling(scenario: Scenario, station: StationSpec): HandlingPlan | null {
  if (station.handling?.task === undefined) return null;
  const r = planStationTask(scenario, station, "handling");
  if (r.plan === null) return null;
  const release = r.plan.segments.find((s) => s.kind === "release");
  const unloadUs = release !== undefined ? release.startUs + release.durationUs : 0;
  return { plan: r.plan, unloadUs, loadUs: r.plan.durationUs - unloadUs };
}

/**
 * µs a planned stretch [fromUs, toUs) of a task takes at a robot speed override (%): motion is slowed
 * by the override, grips and timed waits are not. A uniform time scale of each move is a simplification
 * of re-planning (accelerations would scale with the square of the override).
 */
export function scaledUs(plan: TaskPlan, pct: number, fromUs = 0, toUs = plan.durationUs): number {
  if (pct >= 100) return toUs - fromUs;
  // time in which the robot is moving (blended moves overlap: count their union once)
  let moving = 0;
  let coveredTo = fromUs;
  const moves = plan.segments.filter((seg) => seg.kind === "move").sort((a, b) => a.startUs - b.startUs);
  for (const seg of moves) {
    const a = Math.max(coveredTo, seg.startUs, fromUs);
    const b = Math.min(toUs, seg.startUs + seg.durationUs);
    if (b > a) {
      moving += b - a;
      coveredTo = b;
    }
  }
  return Math.round(toUs - fromUs - moving + (moving * 100) / pct);
}
