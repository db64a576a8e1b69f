/// <reference types="vite/client" />
import { beforeAll, describe, expect, it } from "vitest";
import base from "../../scenarios/assembly-manual.yaml?raw";
import robotLine from "../../scenarios/assembly-robot.yaml?raw";
import { planStationTask } from "../line/robot-jobs";
import { createMotionSample, sampleTaskPlan } from "../robot/index";
import { parseScenario } from "../scenario/parse";
import type { Scenario } from "../scenario/schema";
import { cellObstacles, checkStationTasks, formatTaskCollision, taskCollisionError } from "./cell-check";
import { initPhysics } from "./rapier";
import { defaultLinkRadius } from "./robot-links";

beforeAll(async () => {
  await initPhysics();
});

/** The two-robot-cell line; only s20's task is kept when `onlyS20` (each check of a task takes seconds). */
function line(onlyS20 = false): Scenario {
  const s = parseScenario(robotLine, "scenarios/assembly-robot.yaml", () => ({
    text: base,
    fileName: "scenarios/assembly-manual.yaml",
  }));
  if (onlyS20) s.stations = s.stations.map((st) => (st.id === "s30" ? { ...st, task: undefined } : st));
  return s;
}

describe("cell obstacles from the scenario", () => {
  it("stations, the placed belt and the robots' pedestals as boxes", () => {
    const o = cellObstacles(line());
    expect(Object.keys(o)).toEqual([
      "station:s10",
      "station:s20",
      "station:s30",
      "station:s40",
      "station:s45",
      "station:s50",
      "conveyor:c10",
      "pedestal:r20",
      "pedestal:r30",
    ]);
    expect(o["station:s45"]).toEqual({ center: [18, 3, 0.375], size: [0.8, 0.8, 0.75] });
    // c10: 4 m from [4.6, 0] along +x, ending at s20's table edge (8.6), surface 0.8 m, 0.24 m housing-b + 0.1 m wide
    const c = o["conveyor:c10"]!;
    expect(c.center[0]).toBeCloseTo(6.6, 12);
    expect(c.center.slice(1)).toEqual([0, 0.4]);
    expect(c.size[0]).toBe(4);
    expect(c.size[1]).toBeCloseTo(0.34, 12);
    expect(c.size[2]).toBe(0.8);
    expect(c.yaw).toBe(0);
    expect(o["pedestal:r20"]).toEqual({ center: [9, 1, 0.4], size: [0.3, 0.3, 0.8] });
    // per-station sizes win over the default
    expect(cellObstacles(line(), { sizes: { s10: [1, 2, 1.2] } })["station:s10"]).toEqual({
      center: [4, 0, 0.6],
      size: [1, 2, 1.2],
    });
  });
});

describe("station tasks against the cell", () => {
  it("the reference robot cells are free", { timeout: 60_000 }, () => {
    expect(checkStationTasks(line())).toEqual([]);
  });

  it("a fixture too high: the tool meets it pressing the front bearing, when the TCP is one link radius above it", {
    timeout: 60_000,
  }, () => {
    const s = line(true);
    // the seats are 0.95 m up, at y 0.55 and x 8.95 / 9.10: a fixture 0.1 × 0.1 m under the front one, 0.862 m
    // high, clear of the rear seat, of the feeder (x 9.35) and of the elbow (it dips to 0.93 m at x 9.2)
    const top = 0.862;
    const fixture = {
      center: [8.95, 0.55, top / 2] as [number, number, number],
      size: [0.1, 0.1, top] as [number, number, number],
    };
    const hits = checkStationTasks(s, { extra: { fixture } });
    expect(hits.length).toBeGreaterThan(0);
    const first = hits[0]!;
    expect([first.station, first.which, first.robot, first.link, first.obstacle]).toEqual([
      "s20",
      "task",
      "r20",
      "tool",
      "fixture",
    ]);
    expect(first.doing).toBe("moveL to front-pressed");
    // reference: the tool points down, so over the fixture it touches when the TCP is r above its top
    const plan = planStationTask(s, s.stations.find((x) => x.id === "s20")!).plan!;
    const r = defaultLinkRadius(plan.placement.model);
    const m = createMotionSample();
    let want = -1;
    for (let t = 0; t <= plan.durationUs; t += 100) {
      sampleTaskPlan(plan, t, m);
      const over = Math.abs(m.tcp[3]! - 8.95) <= 0.05 && Math.abs(m.tcp[7]! - 0.55) <= 0.05;
      if (over && m.tcp[11]! <= top + r) {
        want = t;
        break;
      }
    }
    expect(want).toBeGreaterThan(0);
    // Rapier's shape test counts a gap under ~1 mm as contact (measured 0.92 mm); at 2 mm/s that is
    // up to 0.5 s early, never late
    expect(first.t).toBeLessThanOrEqual(want);
    expect(first.t).toBeGreaterThanOrEqual(want - 500_000);
    sampleTaskPlan(plan, first.t, m);
    const gap = m.tcp[11]! - r - top;
    expect(gap).toBeGreaterThan(0);
    expect(gap).toBeLessThan(0.001);
    expect(taskCollisionError([])).toBeNull();
    const err = taskCollisionError(hits.slice(0, 1))!;
    expect(err.code).toBe("PHYS_ERR_TASK_COLLISION");
    expect(err.message).toBe(
      `PHYS_ERR_TASK_COLLISION: 1 planned robot move(s) touch the cell; move the robot, the station or the task's points:\n  ${formatTaskCollision(first)}`,
    );
    expect(formatTaskCollision(first)).toBe(
      `s20 task, ${(first.t / 1e6).toFixed(3)} s (step ${first.step}, moveL to front-pressed): r20 tool hits fixture`,
    );
  });

  it("another robot parked at the feeder: hits are on the moving robot, naming the parked one's link", {
    timeout: 60_000,
  }, () => {
    const s = line(true);
    const r20 = s.robots.find((r) => r.id === "r20")!;
    s.robots.push({ ...r20, id: "r99", position: [9.35, 0.55], mount: { z: 0.3, yaw: 0 } });
    const hits = checkStationTasks(s);
    expect(hits.length).toBeGreaterThan(0);
    expect(hits.every((h) => h.robot === "r20" && h.station === "s20")).toBe(true);
    expect(hits.some((h) => h.obstacle.startsWith("r99:"))).toBe(true);
    // in time order
    for (let i = 1; i < hits.length; i++) expect(hits[i]!.t).toBeGreaterThanOrEqual(hits[i - 1]!.t);
  });
});
