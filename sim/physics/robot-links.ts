/**
 * Robot links as capsules: the joint origins of a library robot at joint values q, in the world, joined
 * into named segments with a radius. The chain follows the same geometry as sim/robot's forward
 * kinematics (OPW parameters, UR's DH table, the gantry's strokes), so its last point is the flange FK
 * gives; a test checks that for every library robot.
 */
import {
  createTransform,
  dhTransform,
  forwardKinematics,
  type RobotModel,
  type RobotPlacement,
  type Transform,
} from "../robot/index";

/** One link: a capsule from `a` to `b` (world, m) of radius `radius` (m). */
export interface LinkCapsule {
  name: string;
  a: [number, number, number];
  b: [number, number, number];
  /** m */
  radius: number;
}

/** Default link radius for a model, m: 8 % of its reach, within 3…10 cm (a UR5e gets 6.8 cm). */
export function defaultLinkRadius(model: RobotModel): number {
  return Math.min(0.1, Math.max(0.03, 0.08 * model.reach));
}

type P3 = [number, number, number];

const sFlange = createTransform();

/**
 * The robot's links at joint values q (rad, or m for a gantry), world coordinates. The base link starts
 * one radius above the base plane, so a robot standing on a table does not touch it.
 */
export function robotLinks(
  p: RobotPlacement,
  q: ArrayLike<number>,
  radius = defaultLinkRadius(p.model),
): LinkCapsule[] {
  const g = p.model.geometry;
  forwardKinematics(p.model, q, sFlange);
  const flange: P3 = [sFlange[3]!, sFlange[7]!, sFlange[11]!];
  const pts: [string, P3][] = [];
  if (g.kind === "opw") {
    const th = (i: number) => g.sign[i]! * q[i]! + g.offset[i]! + (i === 2 ? g.j23Coupling * q[1]! : 0);
    const t1 = th(0);
    const t2 = th(1);
    const t23 = th(1) + th(2);
    const c1 = Math.cos(t1);
    const s1 = Math.sin(t1);
    // a point (x, z) of the arm plane, which stands `b` off the joint-1 axis and turns with joint 1
    const arm = (x: number, z: number): P3 => [c1 * x - s1 * g.b, s1 * x + c1 * g.b, z];
    const j2x = g.a1;
    const j3x = j2x + g.c2 * Math.sin(t2);
    const j3z = g.c1 + g.c2 * Math.cos(t2);
    const ex = j3x + g.a2 * Math.cos(t23);
    const ez = j3z - g.a2 * Math.sin(t23);
    pts.push(
      ["", [0, 0, radius]],
      ["base", [0, 0, g.c1]],
      ["shoulder", arm(j2x, g.c1)],
      ["upper arm", arm(j3x, j3z)],
      ["elbow", arm(ex, ez)],
      ["forearm", arm(ex + g.c3 * Math.sin(t23), ez + g.c3 * Math.cos(t23))],
      ["wrist", flange],
    );
  } else if (g.kind === "ur") {
    const o = createTransform();
    const link = createTransform();
    const alphaCos = [0, 1, 1, 0, 0, 1];
    const alphaSin = [1, 0, 0, 1, -1, 0];
    const d = [g.d1, 0, 0, g.d4, g.d5, g.d6];
    const a = [0, g.a2, g.a3, 0, 0, 0];
    const names = ["base", "upper arm", "forearm", "wrist 1", "wrist 2", "wrist 3"];
    pts.push(["", [0, 0, radius]]);
    for (let i = 0; i < 6; i++) {
      dhTransform(link, q[i]!, d[i]!, a[i]!, alphaCos[i]!, alphaSin[i]!);
      mul(o, o, link);
      pts.push([names[i]!, [o[3]!, o[7]!, o[11]!]]);
    }
  } else {
    const stroke = p.model.joints[2]!.max - p.model.joints[2]!.min;
    pts.push(["", [flange[0], flange[1], flange[2] + stroke + 0.1]], ["ram", flange]);
  }
  const tcp: P3 = [
    sFlange[0]! * p.tool[3]! + sFlange[1]! * p.tool[7]! + sFlange[2]! * p.tool[11]! + flange[0],
    sFlange[4]! * p.tool[3]! + sFlange[5]! * p.tool[7]! + sFlange[6]! * p.tool[11]! + flange[1],
    sFlange[8]! * p.tool[3]! + sFlange[9]! * p.tool[7]! + sFlange[10]! * p.tool[11]! + flange[2],
  ];
  pts.push(["tool", tcp]);
  const out: LinkCapsule[] = [];
  for (let i = 1; i < pts.length; i++) {
    const a = toWorld(p.base, pts[i - 1]![1]);
    const b = toWorld(p.base, pts[i]![1]);
    // offsets the model does not have (a2 = 0, b = 0) give no link
    if (Math.hypot(b[0] - a[0], b[1] - a[1], b[2] - a[2]) < 1e-9) continue;
    out.push({ name: pts[i]![0], a, b, radius });
  }
  return out;
}

/** Where the link chain ends without a tool (world, m): the flange, as forward kinematics puts it. */
export function chainFlange(p: RobotPlacement, q: ArrayLike<number>): P3 {
  const links = robotLinks({ ...p, tool: createTransform() }, q);
  return links[links.length - 1]!.b;
}

function toWorld(t: Transform, v: P3): P3 {
  return [
    t[0]! * v[0] + t[1]! * v[1] + t[2]! * v[2] + t[3]!,
    t[4]! * v[0] + t[5]! * v[1] + t[6]! * v[2] + t[7]!,
    t[8]! * v[0] + t[9]! * v[1] + t[10]! * v[2] + t[11]!,
  ];
}

const sMul = createTransform();

function mul(out: Transform, a: Transform, b: Transform): void {
  for (let r = 0; r < 3; r++) {
    for (let c = 0; c < 4; c++) {
      let v = a[r * 4]! * b[c]! + a[r * 4 + 1]! * b[4 + c]! + a[r * 4 + 2]! * b[8 + c]!;
      if (c === 3) v += a[r * 4 + 3]!;
      sMul[r * 4 + c] = v;
    }
  }
  out.set(sMul);
}
