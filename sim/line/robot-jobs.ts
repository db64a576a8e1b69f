import {
  assemblyInsertionTask,
  machineTendingTask,
  palletizingTask,
  planRobotJob,
  type RobotIssue,
  type TaskPlan,
} from "../robot/index";
import type { Scenario, StationSpec } from "../scenario/schema";
import type { StationState } from "./state";
import type { StationDef } from "./topology";

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

/** The stretch of a planned task a robot runs in one timed phase of its station, mapped onto sim time. */
export interface TaskStretch {
  plan: TaskPlan;
  /** plan time the phase starts at and ends at, µs */
  fromUs: number;
  toUs: number;
  /** plan time at the asked sim time, µs */
  atUs: number;
  /** plan µs per sim µs (1 at 100 % override, less when slowed; a uniform scale, as `scaledUs` explains) */
  rate: number;
}

/**
 * Where in its planned task the robot attending station `st` is at `tUs`: processing of a robot station
 * with a task, or loading / unloading of a tended machine. Null in any other phase, or while the robot
 * is not at the station. `pct`: the robot's speed override, %.
 */
export function taskStretchAt(
  def: StationDef,
  st: StationState,
  tUs: number,
  pct: number,
): TaskStretch | null {
  if (!st.memberPresent) return null;
  let plan: TaskPlan;
  let fromUs: number;
  let toUs: number;
  let spanUs: number;
  const h = def.handlingPlan;
  if (def.robotPlan !== null && st.phase === "processing") {
    plan = def.robotPlan;
    fromUs = 0;
    toUs = plan.durationUs;
    spanUs = st.processUs;
  } else if (h !== null && (st.phase === "unloading" || st.phase === "loading")) {
    plan = h.plan;
    [fromUs, toUs] = st.phase === "unloading" ? [0, h.unloadUs] : [h.unloadUs, plan.durationUs];
    spanUs = scaledUs(plan, pct, fromUs, toUs);
  } else return null;
  // how far into the phase's timer the station is, µs
  const left = st.timerPaused ? st.remainingUs : st.remainingUs - (tUs - st.phaseStartT);
  const rate = spanUs > 0 ? (toUs - fromUs) / spanUs : 1;
  const atUs = Math.min(toUs, Math.max(fromUs, fromUs + (spanUs - left) * rate));
  return { plan, fromUs, toUs, atUs, rate };
}
