/**
 * Checks task data written in a scenario file and turns it into a `RobotTask` (SI numbers). Every
 * problem is collected, each with the path of the step, point or frame it concerns and why.
 */
import { type RobotIssue, robotIssue } from "../errors";
import type { RobotModel } from "../library/types";
import { parseTaskQuantity, type TaskQuantityKind } from "./quantity";
import {
  BASE_FRAME,
  type Frame,
  type Point,
  type Pose6,
  type RobotTask,
  type StationPose,
  type Step,
  WORLD_FRAME,
} from "./types";

export interface TaskContext {
  model: RobotModel;
  /** stations frames may sit on, by id */
  stations: Readonly<Record<string, StationPose>>;
}

export interface TaskValidation {
  /** null when there are issues */
  task: RobotTask | null;
  issues: RobotIssue[];
}

const STEP_KEYS = ["moveJ", "moveL", "grip", "release", "wait", "set"];
const POSE_KEYS = ["x", "y", "z", "rx", "ry", "rz", "yaw"];

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);

class Collector {
  readonly issues: RobotIssue[] = [];
  bad(path: string, what: string): void {
    this.issues.push(robotIssue("ROBOT_ERR_BAD_VALUE", path, what));
  }
  quantity(v: unknown, kind: TaskQuantityKind, path: string): number {
    const r = parseTaskQuantity(v, kind);
    if (typeof r === "number") return r;
    this.bad(path, r.error);
    return 0;
  }
  keys(o: Obj, allowed: readonly string[], path: string): void {
    for (const k of Object.keys(o)) {
      if (!allowed.includes(k)) this.bad(path, `unknown key "${k}" (expected ${allowed.join(", ")})`);
    }
  }
}

function pose(c: Collector, o: Obj, path: string): Pose6 {
  const len = (k: string) => (o[k] === undefined ? 0 : c.quantity(o[k], "length", `${path}.${k}`));
  const ang = (k: string) => (o[k] === undefined ? 0 : c.quantity(o[k], "angle", `${path}.${k}`));
  if (o.rz !== undefined && o.yaw !== undefined) c.bad(path, "give rz or yaw, not both");
  return {
    x: len("x"),
    y: len("y"),
    z: len("z"),
    rx: ang("rx"),
    ry: ang("ry"),
    rz: o.yaw !== undefined ? ang("yaw") : ang("rz"),
  };
}

function frames(c: Collector, spec: unknown, ctx: TaskContext): Record<string, Frame> {
  const out: Record<string, Frame> = {};
  if (spec === undefined) return out;
  if (!isObj(spec)) {
    c.bad("frames", "expected a map of frame names to frames");
    return out;
  }
  for (const [name, f] of Object.entries(spec)) {
    const path = `frames.${name}`;
    if (name === WORLD_FRAME || name === BASE_FRAME) c.bad(path, `"${name}" is reserved`);
    if (!isObj(f)) {
      c.bad(path, "expected a frame like { station: cnc-1, x: 0.2, rz: 90 deg }");
      continue;
    }
    c.keys(f, ["station", "frame", ...POSE_KEYS], path);
    let parent: Frame["parent"] = { kind: "world" };
    if (f.station !== undefined && f.frame !== undefined) c.bad(path, "give station or frame, not both");
    if (f.station !== undefined) {
      if (typeof f.station !== "string" || ctx.stations[f.station] === undefined) {
        c.issues.push(robotIssue("ROBOT_ERR_UNKNOWN_STATION", `${path}.station`, String(f.station)));
      } else parent = { kind: "station", station: f.station };
    } else if (f.frame !== undefined) {
      if (typeof f.frame !== "string" || spec[f.frame] === undefined) {
        c.issues.push(robotIssue("ROBOT_ERR_UNKNOWN_FRAME", `${path}.frame`, String(f.frame)));
      } else parent = { kind: "frame", frame: f.frame };
    }
    out[name] = { parent, pose: pose(c, f, path) };
  }
  // a frame chain must end at the world or a station
  for (const name of Object.keys(out)) {
    const seen: string[] = [name];
    let p = out[name]!.parent;
    while (p.kind === "frame") {
      if (seen.includes(p.frame)) {
        c.issues.push(robotIssue("ROBOT_ERR_FRAME_CYCLE", `frames.${name}`, [...seen, p.frame].join(" → ")));
        break;
      }
      seen.push(p.frame);
      const next: Frame | undefined = out[p.frame];
      if (next === undefined) break;
      p = next.parent;
    }
  }
  return out;
}

function points(
  c: Collector,
  spec: unknown,
  fr: Record<string, Frame>,
  ctx: TaskContext,
): Record<string, Point> {
  const out: Record<string, Point> = {};
  if (!isObj(spec)) {
    c.bad("points", "expected a map of point names to points");
    return out;
  }
  const model = ctx.model;
  for (const [name, p] of Object.entries(spec)) {
    const path = `points.${name}`;
    if (!isObj(p)) {
      c.bad(path, "expected a point like { frame: machine, z: 150 mm, rx: 180 deg } or { joints: [...] }");
      continue;
    }
    if (p.joints !== undefined) {
      c.keys(p, ["joints"], path);
      if (!Array.isArray(p.joints)) {
        c.bad(`${path}.joints`, "expected a list of joint values");
        continue;
      }
      if (p.joints.length !== model.joints.length) {
        c.issues.push(
          robotIssue(
            "ROBOT_ERR_JOINT_COUNT",
            `${path}.joints`,
            p.joints.length,
            model.joints.length,
            model.id,
          ),
        );
        continue;
      }
      const q = p.joints.map((v, j) =>
        c.quantity(v, model.joints[j]!.type === "prismatic" ? "length" : "angle", `${path}.joints[${j}]`),
      );
      q.forEach((v, j) => {
        const spec = model.joints[j]!;
        if (v < spec.min - 1e-9 || v > spec.max + 1e-9) {
          const f = (r: number) =>
            spec.type === "prismatic"
              ? `${(r * 1000).toFixed(1)} mm`
              : `${((r * 180) / Math.PI).toFixed(1)}°`;
          c.issues.push(
            robotIssue(
              "ROBOT_ERR_JOINT_LIMIT",
              `${path}.joints[${j}]`,
              spec.name,
              f(v),
              f(spec.min),
              f(spec.max),
            ),
          );
        }
      });
      out[name] = { kind: "joints", q };
      continue;
    }
    c.keys(p, ["frame", ...POSE_KEYS], path);
    const frame = p.frame === undefined ? BASE_FRAME : p.frame;
    if (
      typeof frame !== "string" ||
      (frame !== BASE_FRAME && frame !== WORLD_FRAME && fr[frame] === undefined)
    ) {
      c.issues.push(robotIssue("ROBOT_ERR_UNKNOWN_FRAME", `${path}.frame`, String(frame)));
    }
    out[name] = { kind: "pose", frame: String(frame), pose: pose(c, p, path) };
  }
  return out;
}

function target(c: Collector, v: unknown, pts: Record<string, Point>, path: string): string {
  if (typeof v !== "string") {
    c.bad(path, "expected the name of a point");
    return "";
  }
  if (pts[v] === undefined) c.issues.push(robotIssue("ROBOT_ERR_UNKNOWN_POINT", path, v));
  return v;
}

function signal(c: Collector, o: Obj, path: string): { signal: string; value: boolean } {
  if (typeof o.signal !== "string" || o.signal === "") c.bad(`${path}.signal`, "expected a signal name");
  if (o.value !== undefined && typeof o.value !== "boolean") c.bad(`${path}.value`, "expected true or false");
  return { signal: String(o.signal), value: o.value === undefined ? true : (o.value as boolean) };
}

function step(
  c: Collector,
  s: unknown,
  i: number,
  pts: Record<string, Point>,
  model: RobotModel,
): Step | null {
  const at = `program[${i}]`;
  if (s === "grip" || s === "release") return { op: s, time: null };
  if (!isObj(s) || Object.keys(s).length !== 1) {
    c.bad(
      at,
      'expected one step like { moveJ: home }, { moveL: { to: pick, speed: 250 mm/s } }, "grip" or { wait: { time: 2 s } }',
    );
    return null;
  }
  const key = Object.keys(s)[0]!;
  const v = s[key];
  const path = `${at}.${key}`;
  if (!STEP_KEYS.includes(key)) {
    c.issues.push(robotIssue("ROBOT_ERR_UNKNOWN_STEP", at, key));
    return null;
  }
  if (key === "moveJ" || key === "moveL") {
    if (typeof v === "string") {
      const to = target(c, v, pts, path);
      return key === "moveJ"
        ? { op: key, to, override: 1, blend: false }
        : { op: key, to, speed: null, blend: false };
    }
    if (!isObj(v)) {
      c.bad(path, "expected a point name or { to, speed, blend }");
      return null;
    }
    c.keys(v, ["to", "speed", "blend"], path);
    const to = target(c, v.to, pts, `${path}.to`);
    if (v.blend !== undefined && typeof v.blend !== "boolean")
      c.bad(`${path}.blend`, "expected true or false");
    const blend = v.blend === true;
    if (key === "moveJ") {
      const ov = v.speed === undefined ? 1 : v.speed;
      if (typeof ov !== "number" || !(ov > 0 && ov <= 1))
        c.bad(`${path}.speed`, `speed override must be in (0, 1], got ${String(ov)}`);
      return { op: "moveJ", to, override: typeof ov === "number" && ov > 0 && ov <= 1 ? ov : 1, blend };
    }
    let speed: number | null = null;
    if (v.speed !== undefined) {
      speed = c.quantity(v.speed, "speed", `${path}.speed`);
      if (!(speed > 0 && speed <= model.cartesian.maxSpeed)) {
        c.bad(
          `${path}.speed`,
          `speed must be in (0, ${model.cartesian.maxSpeed}] m/s for ${model.id}, got ${speed} m/s`,
        );
      }
    }
    return { op: "moveL", to, speed, blend };
  }
  if (key === "grip" || key === "release") {
    if (v === null || v === undefined) return { op: key, time: null };
    if (!isObj(v)) {
      c.bad(path, "expected {} or { time: 0.3 s }");
      return null;
    }
    c.keys(v, ["time"], path);
    const time = v.time === undefined ? null : c.quantity(v.time, "duration", `${path}.time`);
    if (time !== null && time < 0) c.bad(`${path}.time`, "must not be negative");
    return { op: key, time };
  }
  if (!isObj(v)) {
    c.bad(
      path,
      key === "wait"
        ? "expected { time: 2 s } or { signal: name, value: true }"
        : "expected { signal: name, value: true }",
    );
    return null;
  }
  if (key === "wait" && v.time !== undefined) {
    c.keys(v, ["time"], path);
    const time = c.quantity(v.time, "duration", `${path}.time`);
    if (time < 0) c.bad(`${path}.time`, "must not be negative");
    return { op: "waitTime", time };
  }
  c.keys(v, ["signal", "value"], path);
  const sig = signal(c, v, path);
  return key === "wait" ? { op: "waitSignal", ...sig } : { op: "set", ...sig };
}

/** Validates task data against a robot model and the stations of the scenario. */
export function validateRobotTask(spec: unknown, ctx: TaskContext): TaskValidation {
  const c = new Collector();
  if (!isObj(spec)) {
    c.bad("", "expected a task with points and a program");
    return { task: null, issues: c.issues };
  }
  c.keys(spec, ["frames", "points", "program"], "");
  const fr = frames(c, spec.frames, ctx);
  const pts = points(c, spec.points ?? {}, fr, ctx);
  const program: Step[] = [];
  if (!Array.isArray(spec.program) || spec.program.length === 0) c.bad("program", "expected a list of steps");
  else {
    spec.program.forEach((s, i) => {
      const st = step(c, s, i, pts, ctx.model);
      if (st !== null) program.push(st);
    });
  }
  return c.issues.length > 0
    ? { task: null, issues: c.issues }
    : { task: { frames: fr, points: pts, program }, issues: [] };
}
