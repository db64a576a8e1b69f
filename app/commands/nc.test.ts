import { mkdtempSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { captureIo as capture } from "../capture-io";
import { InputError } from "../cli-types";
import { ncCommand } from "./nc";

function tempFile(name: string, text: string): string {
  const dir = mkdtempSync(join(tmpdir(), "twin-nc-"));
  const file = join(dir, name);
  writeFileSync(file, text);
  return file;
}

/** tools each shipped program uses, counted by hand from its T words */
const TOOLS: Record<string, number> = {
  "bracket-vmc.nc": 5,
  "shaft-lathe.nc": 4,
  "flange-dn80.nc": 3,
  "flange-dn100.nc": 3,
};

describe("twin nc", () => {
  const machineOf = (file: string) => (file.includes("lathe") ? "lathe-2axis" : "vmc-3axis");

  it.each(readdirSync("scenarios/nc").filter((f) => f.endsWith(".nc")))(
    "scenarios/nc/%s plans cleanly on its machine",
    async (name) => {
      const io = capture();
      const code = await ncCommand.run([`scenarios/nc/${name}`, "--machine", machineOf(name), "--json"], io);
      expect(io.stderr).toBe("");
      expect(code).toBe(0);
      const r = JSON.parse(io.stdout);
      expect(r.ok).toBe(true);
      expect(r.totalUs).toBeGreaterThan(30e6);
      expect(r.cuttingM).toBeGreaterThan(0);
      expect(r.perTool.length).toBe(TOOLS[name]);
    },
  );

  it("prints cycle time, the split and a row per tool", async () => {
    const file = tempFile(
      "ok.nc",
      "T2 M6\nS1000 M3\nG0 X0 Y0\nG43 H2 Z5\nG1 Z-1 F100\nX10\nG0 Z5\nG28 G91 Z0\nM30\n",
    );
    const io = capture();
    expect(await ncCommand.run([file], io)).toBe(0);
    expect(io.stdout).toMatch(/cycle time 00:00:\d\d/);
    expect(io.stdout).toMatch(/^T2 .*Ø10 carbide end mill$/m);
    expect(io.stdout).toMatch(/^cutting +[\d.]+ +16\.0$/m); // 6 mm plunge + 10 mm cut
  });

  it("lists every error with file, line and column, and exits 2", async () => {
    const file = tempFile("bad.nc", "S1000 M3\nG2 X10 Y0 F100\nG0 Z-600\nM30\n");
    const io = capture();
    expect(await ncCommand.run([file, "--machine", "vmc-3axis"], io)).toBe(2);
    expect(io.stdout).toBe("");
    expect(io.stderr.split("\n").slice(0, 2)).toEqual([
      `${file}:2:1: G2 needs I/J or R in plane G17 [GCODE_ERR_ARC_NO_CENTER]`,
      `${file}:3:4: axis Z would reach -1030.000 mm (machine), beyond its lower travel limit of -508.000 mm [GCODE_ERR_TRAVEL_LIMIT]`,
    ]);
  });

  it("plans slower with a feed override", async () => {
    const file = tempFile("f.nc", "S1000 M3\nG1 X100 F1000\nM30\n");
    const times: number[] = [];
    for (const pct of ["100", "50"]) {
      const io = capture();
      await ncCommand.run([file, "--json", "--feed-override", pct], io);
      times.push(JSON.parse(io.stdout).cuttingUs);
    }
    expect(times[1]! / times[0]!).toBeCloseTo(2, 2);
  });

  it.each([
    [["a.nc", "b.nc"], "expected one NC program (twin nc <program.nc>)"],
    [["a.nc", "--machine", "foo"], 'unknown machine "foo" (the library has vmc-3axis, lathe-2axis)'],
    [["a.nc", "--feed-override", "200"], '--feed-override must be a percentage from 0 to 150, got "200"'],
    [["/no/such/file.nc"], "cannot read /no/such/file.nc"],
  ])("bad input %j → InputError", async (args, message) => {
    await expect(ncCommand.run(args, capture())).rejects.toThrow(InputError);
    await expect(ncCommand.run(args, capture())).rejects.toThrow(message);
  });
});
