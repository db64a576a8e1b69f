import {
  createIkSolutions,
  createTransform,
  DEG,
  describeConfig,
  describeIkFailure,
  describeSingularity,
  findRobot,
  forwardKinematics,
  fromXyzRpy,
  IK_OUTSIDE_LIMITS,
  IK_SINGULAR,
  inverseKinematics,
  invert,
  jointOutsideLimits,
  MAX_DOF,
  multiply,
  nearestSolution,
  type Pose,
  ROBOT_LIBRARY,
  type RobotModel,
  robotIds,
  singularities,
  type Transform,
  toPose,
  toQuaternion,
} from "../../sim/robot/index";
import { parseCliArgs } from "../cli-args";
import { type CliCommand, EXIT_OK, InputError } from "../cli-types";
import { table } from "../report/format";

const OPTIONS = { json: { type: "boolean" }, tool: { type: "string" } } as const;

const HELP = `twin robot list [--json]
twin robot <model> fk <j1> … <j6> [--tool x,y,z[,rx,ry,rz]] [--json]
twin robot <model> ik <x> <y> <z> <rx> <ry> <rz> [--tool …] [--json]

Kinematics of the library robots (${robotIds().join(", ")}).

  list   the library: maker, type, axes, reach, payload
  fk     forward kinematics: the TCP pose for joint values in degrees (millimetres for the
         linear axes of a gantry), and whether they are inside the joint limits or singular
  ik     inverse kinematics: every joint solution for a TCP pose (up to 8 for a six-axis arm),
         each with its configuration, whether it is inside the joint limits and whether it is
         singular; the solution nearest the home position is marked *

Poses are in the robot's base frame: x, y, z in millimetres, and rotations as fixed-axis X-Y-Z
angles (roll rx about X, then pitch ry about Y, then yaw rz about Z, all about the base axes) in
degrees, the convention of FANUC's W, P, R. Negative numbers are fine as they are: fk -90 0 45 …

Options:
  --tool x,y,z[,rx,ry,rz]   TCP offset from the flange (mm, deg), e.g. --tool 0,0,150
  --json                    print the result as JSON

Examples:
  twin robot irb120 fk 0 0 0 0 90 0
  twin robot ur5e ik 300 -200 400 180 0 0 --json`;

/** Splits arguments so that negative numbers are positionals, not options. */
function splitArgs(args: readonly string[]): { positionals: string[]; options: string[] } {
  const positionals: string[] = [];
  const options: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (/^-(\d|\.\d)/.test(a)) positionals.push(a);
    else if (a === "--tool" && i + 1 < args.length) options.push(`--tool=${args[++i]!}`);
    else if (a.startsWith("-")) options.push(a);
    else positionals.push(a);
  }
  return { positionals, options };
}

function number(s: string, what: string): number {
  const v = Number(s);
  if (s.trim() === "" || !Number.isFinite(v)) throw new InputError(`${what}: expected a number, got "${s}"`);
  return v;
}

function parseTool(s: string | undefined): Transform {
  const t = createTransform();
  if (s === undefined) return t;
  const parts = s.split(",").map((p, i) => number(p, `--tool value ${i + 1}`));
  if (parts.length !== 3 && parts.length !== 6)
    throw new InputError(`--tool: expected x,y,z or x,y,z,rx,ry,rz, got "${s}"`);
  const [x, y, z, rx = 0, ry = 0, rz = 0] = parts as [number, number, number, number?, number?, number?];
  return fromXyzRpy(t, x / 1000, y / 1000, z / 1000, rx * DEG, ry * DEG, rz * DEG);
}

const r3 = (v: number) => {
  const r = Math.round(v * 1000) / 1000;
  return r === 0 ? 0 : r;
};

/** Joint value for people: degrees, or millimetres for linear axes. */
const jointOut = (m: RobotModel, j: number, v: number) =>
  r3(m.joints[j]!.type === "prismatic" ? v * 1000 : v / DEG);
const jointIn = (m: RobotModel, j: number, v: number) =>
  m.joints[j]!.type === "prismatic" ? v / 1000 : v * DEG;

function poseOut(t: Transform) {
  const p = toPose(t, { x: 0, y: 0, z: 0, rx: 0, ry: 0, rz: 0 } as Pose);
  const q = toQuaternion(t, [0, 0, 0, 0]);
  return {
    x: r3(p.x * 1000),
    y: r3(p.y * 1000),
    z: r3(p.z * 1000),
    rx: r3(p.rx / DEG),
    ry: r3(p.ry / DEG),
    rz: r3(p.rz / DEG),
    quaternion: Array.from(q, (v) => Math.round(v * 1e6) / 1e6 || 0),
  };
}

function limitText(m: RobotModel, j: number, v: number): string {
  const s = m.joints[j]!;
  const unit = s.type === "prismatic" ? " mm" : "°";
  return `${s.name} ${jointOut(m, j, v)}${unit} outside ${jointOut(m, j, s.min)} … ${jointOut(m, j, s.max)}${unit}`;
}

function list(json: boolean): string {
  if (json) {
    const rows = ROBOT_LIBRARY.map((m) => ({
      id: m.id,
      maker: m.maker,
      name: m.name,
      kind: m.kind,
      axes: m.joints.length,
      reachMm: r3(m.reach * 1000),
      payloadKg: m.payload,
      source: m.source,
    }));
    return `${JSON.stringify(rows, null, 2)}\n`;
  }
  return table(
    ["id", "maker", "model", "kind", "axes", "reach mm", "payload kg"],
    ROBOT_LIBRARY.map((m) => [
      m.id,
      m.maker,
      m.name,
      m.kind,
      String(m.joints.length),
      (m.reach * 1000).toFixed(0),
      String(m.payload),
    ]),
  );
}

function fk(m: RobotModel, values: string[], tool: Transform, json: boolean): string {
  const dof = m.joints.length;
  if (values.length !== dof)
    throw new InputError(`fk: ${m.id} has ${dof} axes, got ${values.length} joint values`);
  const q = values.map((s, j) => jointIn(m, j, number(s, `joint ${j + 1}`)));
  const t = multiply(createTransform(), forwardKinematics(m, q, createTransform()), tool);
  const outside = jointOutsideLimits(m, q);
  const sing = describeSingularity(singularities(m, q));
  const pose = poseOut(t);
  if (json) {
    return `${JSON.stringify(
      {
        model: m.id,
        joints: q.map((v, j) => jointOut(m, j, v)),
        tcp: pose,
        withinLimits: outside < 0,
        outsideJoint: outside < 0 ? null : outside + 1,
        singularities: sing === "" ? [] : sing.split(", "),
      },
      null,
      2,
    )}\n`;
  }
  return [
    `${m.maker} ${m.name} (${m.id}): forward kinematics`,
    `joints      ${q.map((v, j) => jointOut(m, j, v)).join("  ")}`,
    `TCP         x ${pose.x} mm  y ${pose.y} mm  z ${pose.z} mm`,
    `            rx ${pose.rx}°  ry ${pose.ry}°  rz ${pose.rz}°  (fixed-axis X-Y-Z)`,
    `quaternion  ${pose.quaternion.join("  ")}  (w x y z)`,
    `limits      ${outside < 0 ? "inside" : limitText(m, outside, q[outside]!)}`,
    `singular    ${sing === "" ? "no" : sing}`,
    "",
  ].join("\n");
}

function ik(m: RobotModel, values: string[], tool: Transform, json: boolean): string {
  if (values.length !== 6)
    throw new InputError(`ik: expected x y z (mm) and rx ry rz (deg), got ${values.length} values`);
  const [x, y, z, rx, ry, rz] = values.map((s, i) => number(s, ["x", "y", "z", "rx", "ry", "rz"][i]!)) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const tcp = fromXyzRpy(createTransform(), x / 1000, y / 1000, z / 1000, rx * DEG, ry * DEG, rz * DEG);
  const flange = multiply(createTransform(), tcp, invert(createTransform(), tool));
  // angles as near zero as the limits allow (a UR elbow at 264° is the same pose as at −96°, not a nearer one)
  const sols = inverseKinematics(m, flange, null, createIkSolutions());
  const best = nearestSolution(m, sols, m.home);
  const dof = m.joints.length;
  const rows = Array.from({ length: sols.count }, (_, i) => {
    const q = Array.from(sols.q.subarray(i * MAX_DOF, i * MAX_DOF + dof));
    const inside = (sols.flags[i]! & IK_OUTSIDE_LIMITS) === 0;
    const sing = describeSingularity(sols.flags[i]! & IK_SINGULAR);
    return {
      joints: q.map((v, j) => jointOut(m, j, v)),
      withinLimits: inside,
      outside: inside ? null : limitText(m, sols.limitJoint[i]!, q[sols.limitJoint[i]!]!),
      configuration: describeConfig(m, sols.config[i]!),
      singularities: sing === "" ? [] : sing.split(", "),
      nearestToHome: i === best,
    };
  });
  const failure = sols.count === 0 ? describeIkFailure(m, sols) : null;
  if (json) {
    return `${JSON.stringify({ model: m.id, target: { x, y, z, rx, ry, rz }, solutions: rows, failure }, null, 2)}\n`;
  }
  const head = `${m.maker} ${m.name} (${m.id}): inverse kinematics for x ${x} y ${y} z ${z} mm, rx ${rx} ry ${ry} rz ${rz}°`;
  if (failure !== null) return `${head}\nno solution: ${failure}\n`;
  const inside = rows.filter((r) => r.withinLimits).length;
  const unit = (j: number) => (m.joints[j]!.type === "prismatic" ? "mm" : "°");
  return `${head}\n${rows.length} solution${rows.length === 1 ? "" : "s"}, ${inside} inside the joint limits (* nearest the home position)\n\n${table(
    ["#", ...m.joints.map((s, j) => `${s.name} ${unit(j)}`), "limits", "configuration", "singular"],
    rows.map((r, i) => [
      `${r.nearestToHome ? "*" : " "}${i + 1}`,
      ...r.joints.map((v) => v.toFixed(3)),
      r.withinLimits ? "inside" : (r.outside ?? ""),
      r.configuration,
      r.singularities.join(", ") || "-",
    ]),
  )}`;
}

export const robotCommand: CliCommand = {
  name: "robot",
  summary: "robot library and kinematics: list models, forward and inverse kinematics",
  help: HELP,
  async run(args, io) {
    const { positionals, options } = splitArgs(args);
    const { values, positionals: extra } = parseCliArgs(options, OPTIONS);
    if (extra.length > 0) throw new InputError(`unexpected argument "${extra[0]}"`);
    const json = values.json === true;
    const [first, op, ...rest] = positionals;
    if (first === undefined)
      throw new InputError("expected `list`, or a model followed by fk or ik (see twin robot --help)");
    if (first === "list") {
      if (positionals.length > 1) throw new InputError(`list takes no arguments, got "${positionals[1]}"`);
      io.out(list(json));
      return EXIT_OK;
    }
    const model = findRobot(first);
    if (model === undefined)
      throw new InputError(`unknown robot model "${first}" (known: ${robotIds().join(", ")})`);
    const tool = parseTool(values.tool);
    if (op === "fk") io.out(fk(model, rest, tool, json));
    else if (op === "ik") io.out(ik(model, rest, tool, json));
    else
      throw new InputError(
        `expected fk or ik after the model, got ${op === undefined ? "nothing" : `"${op}"`}`,
      );
    return EXIT_OK;
  },
};
