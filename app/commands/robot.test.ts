import { describe, expect, it } from "vitest";
import { captureIo as capture } from "../capture-io";
import { main } from "../cli";
import { InputError } from "../cli-types";
import { robotCommand } from "./robot";

async function run(...args: string[]) {
  const io = capture();
  const code = await robotCommand.run(args, io);
  return { code, out: io.stdout };
}

describe("twin robot", () => {
  it("list shows every library robot", async () => {
    const { code, out } = await run("list", "--json");
    expect(code).toBe(0);
    expect(JSON.parse(out).map((r: { id: string }) => r.id)).toEqual([
      "ur5e",
      "kr6-r900",
      "irb120",
      "lrmate200id",
      "gantry-3axis",
    ]);
  });

  it("fk takes negative angles as positionals and prints the pose in mm and degrees", async () => {
    const { out } = await run("kr6-r900", "fk", "0", "-90", "90", "0", "0", "0", "--json");
    const r = JSON.parse(out);
    expect(r.tcp).toMatchObject({ x: 525, y: 0, z: 890, rx: 0, ry: 90, rz: 0 });
    expect(r.withinLimits).toBe(true);
    expect(r.singularities).toEqual(["wrist"]);
  });

  it("fk adds the tool and reports a joint outside its limits", async () => {
    const { out } = await run("irb120", "fk", "0", "0", "80", "0", "90", "0", "--tool", "0,0,100", "--json");
    const r = JSON.parse(out);
    expect(r.withinLimits).toBe(false);
    expect(r.outsideJoint).toBe(3);
  });

  it("ik lists every solution with its limits and marks the one nearest home", async () => {
    const { out } = await run("irb120", "ik", "374", "0", "630", "0", "90", "0", "--json");
    const r = JSON.parse(out);
    expect(r.solutions.length).toBeGreaterThanOrEqual(4);
    expect(r.solutions.filter((s: { nearestToHome: boolean }) => s.nearestToHome)).toHaveLength(1);
    expect(r.solutions.some((s: { joints: number[] }) => s.joints.every((v) => Math.abs(v) < 1e-6))).toBe(
      true,
    );
    expect(r.solutions.some((s: { withinLimits: boolean }) => !s.withinLimits)).toBe(true);
  });

  it("ik with --tool inverts fk with the same tool", async () => {
    const q = ["10", "-80", "70", "20", "45", "-30"];
    const f = JSON.parse((await run("ur5e", "fk", ...q, "--tool", "0,0,150,0,0,45", "--json")).out).tcp;
    const { out } = await run(
      "ur5e",
      "ik",
      ...[f.x, f.y, f.z, f.rx, f.ry, f.rz].map(String),
      "--tool",
      "0,0,150,0,0,45",
      "--json",
    );
    const sols: { joints: number[] }[] = JSON.parse(out).solutions;
    expect(sols.some((s) => s.joints.every((v, j) => Math.abs(v - Number(q[j])) < 1e-2))).toBe(true);
  });

  it("ik out of reach says by how much", async () => {
    const { code, out } = await run("ur5e", "ik", "2000", "0", "0", "0", "0", "0");
    expect(code).toBe(0);
    expect(out).toMatch(/no solution: out of reach by \d+\.\d mm/);
  });

  it.each([
    [["ur5e", "fk", "1", "2"], "fk: ur5e has 6 axes, got 2 joint values"],
    [["ur5e", "fk", "1", "2", "x", "4", "5", "6"], 'joint 3: expected a number, got "x"'],
    [["abb"], 'unknown robot model "abb" (known: ur5e, kr6-r900, irb120, lrmate200id, gantry-3axis)'],
    [["ur5e", "jog"], 'expected fk or ik after the model, got "jog"'],
    [["ur5e", "ik", "1", "2", "3"], "ik: expected x y z (mm) and rx ry rz (deg), got 3 values"],
    [
      ["ur5e", "fk", "0", "0", "0", "0", "0", "0", "--tool", "1,2"],
      '--tool: expected x,y,z or x,y,z,rx,ry,rz, got "1,2"',
    ],
  ])("bad input %j → %s", async (args, message) => {
    await expect(robotCommand.run(args, capture())).rejects.toThrow(new InputError(message));
  });

  it("help states the rotation convention", async () => {
    const io = capture();
    expect(await main(["robot", "--help"], io)).toBe(0);
    expect(io.stdout).toContain("fixed-axis X-Y-Z");
  });
});
