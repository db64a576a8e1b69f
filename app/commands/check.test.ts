import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { robotCell } from "../../test/fixtures/robot-cell";
import { captureIo } from "../capture-io";
import { checkCommand } from "./check";

describe("twin check", () => {
  const dir = mkdtempSync(join(tmpdir(), "twin-check-"));

  it("passes a cell whose robot reaches everything without touching anything", async () => {
    writeFileSync(join(dir, "ok.yaml"), robotCell(""));
    const io = captureIo(dir);
    expect(await checkCommand.run(["ok.yaml"], io)).toBe(0);
    expect(io.stdout).toMatch(/a\s+robot task\s+\d+\.\d{3}/);
    expect(io.stdout).toContain("robot tasks: no collision with the cell");
  });

  it("exits 2 and names the step, link and obstacle when a station stands in the robot's way", async () => {
    // a second station placed over the feeder: the robot reaches into its box
    writeFileSync(
      join(dir, "hit.yaml"),
      robotCell("  - { id: b, processTime: 10s, to: out, position: [0.3, -0.35] }\n"),
    );
    const io = captureIo(dir);
    expect(await checkCommand.run(["hit.yaml"], io)).toBe(2);
    expect(io.stderr).toMatch(
      /robot collision\(s\):\n {2}a task, \d+\.\d{3} s \(step \d+, [^)]+\): r \w+ hits station:b/,
    );
  });
});
