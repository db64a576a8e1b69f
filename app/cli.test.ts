import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { robotCell } from "../test/fixtures/robot-cell";
import { captureIo as capture } from "./capture-io";
import { main } from "./cli";

const SMALL = `name: small line
horizon: 8h
warmup: 1h
replications: 3
products: [{ id: p }]
sources: [{ id: src, product: p, interarrival: { dist: exponential, mean: 60s }, to: q }]
buffers: [{ id: q, capacity: 10, to: m }]
stations:
  - { id: m, processTime: { dist: normal, mean: 45s, sd: 5s }, to: out }
sinks: [{ id: out }]
economics: { labourCostPerHour: 40 }
`;

describe("twin CLI", () => {
  const dir = mkdtempSync(join(tmpdir(), "twin-cli-"));
  writeFileSync(join(dir, "small.yaml"), SMALL);
  writeFileSync(
    join(dir, "faster.yaml"),
    `extends: small.yaml\nname: faster\nstations: [{ id: m, processTime: 30s }]\n`,
  );

  it("lists commands with --help and details one with <command> --help", async () => {
    const io = capture();
    expect(await main(["--help"], io)).toBe(0);
    expect(io.stdout).toMatch(/run\s+run a scenario headless/);
    expect(io.stdout).toMatch(/compare\s+compare scenario A with B/);
    const io2 = capture();
    expect(await main(["run", "--help"], io2)).toBe(0);
    expect(io2.stdout).toContain("--replications");
  });

  it("run --json prints replications with seeds seed+i and a summary", async () => {
    const io = capture(dir);
    expect(await main(["run", "small.yaml", "--json", "--seed", "5"], io)).toBe(0);
    const r = JSON.parse(io.stdout);
    expect(r.settings).toEqual({ horizonUs: 8 * 3600e6, warmupUs: 3600e6, replications: 3, seed: 5 });
    expect(r.replications.map((x: { seed: number }) => x.seed)).toEqual([5, 6, 7]);
    // one part a minute for 7 h of window, give or take the randomness
    expect(r.summary.throughputPerHour.mean).toBeGreaterThan(50);
    expect(r.summary.throughputPerHour.mean).toBeLessThan(70);
    expect(r.summary.throughputPerHour.halfWidth).toBeGreaterThan(0);
  });

  it("run prints a KPI table", async () => {
    const io = capture(dir);
    expect(await main(["run", "small.yaml", "-n", "2", "--horizon", "4h"], io)).toBe(0);
    expect(io.stdout).toContain("throughput, good parts/h");
    expect(io.stdout).toMatch(/^m\s+\d/m);
    expect(io.stderr).toBe("");
  });

  it("run at physics fidelity lists the robot collisions of each replication", async () => {
    // a robot cell whose assembly task reaches into a second station's table, standing over its feeder
    writeFileSync(
      join(dir, "collide.yaml"),
      robotCell("  - { id: b, processTime: 10s, to: out, position: [0.3, -0.55] }\n", "fidelity: physics\n"),
    );
    const io = capture(dir);
    expect(await main(["run", "collide.yaml", "-n", "2", "--horizon", "10min", "--warmup", "0s"], io)).toBe(
      0,
    );
    expect(io.stdout).toContain("Robot collisions (physics): in 2 of 2 replication(s)");
    expect(io.stdout).toMatch(/seed 1: \d+\n {4}\d+\.\d{3} s {2}r [\w ]+ touches station:b/);
  });

  it("compare pairs replications and reports deltas and payback", async () => {
    const io = capture(dir);
    expect(await main(["compare", "small.yaml", "faster.yaml", "--json", "-n", "3"], io)).toBe(0);
    const r = JSON.parse(io.stdout);
    expect(r.b.scenario).toBe("faster");
    // the arrival stream is the bottleneck in both, so paired output differs little; lead time drops
    expect(r.comparison.deltas.leadTimeMeanS.mean).toBeLessThan(0);
    expect(r.comparison.economics.extraCapital).toBe(0);
  });

  it("exits 2 with file, line and column on a bad scenario, and on bad options", async () => {
    writeFileSync(join(dir, "bad.yaml"), SMALL.replace("mean: 45s, sd: 5s", "mean: 45 furlongs, sd: 5s"));
    const io = capture(dir);
    expect(await main(["run", "bad.yaml"], io)).toBe(2);
    expect(io.stderr).toContain(
      'bad.yaml:9:43 stations[0].processTime.mean: unknown duration unit "furlongs"',
    );
    const io2 = capture(dir);
    expect(await main(["run", "small.yaml", "--horizon", "soon"], io2)).toBe(2);
    expect(io2.stderr).toContain('--horizon: expected a duration like "45s", got "soon"');
    const io3 = capture(dir);
    expect(await main(["run", "small.yaml", "--frobnicate"], io3)).toBe(2);
    const io4 = capture(dir);
    expect(await main(["run", "missing.yaml"], io4)).toBe(2);
    expect(io4.stderr).toContain("cannot read scenario missing.yaml: ENOENT");
    const io5 = capture(dir);
    expect(await main(["fly"], io5)).toBe(2);
  });

  it("the scenario JSON Schema on disk is up to date", async () => {
    const io = capture();
    expect(await main(["schema", "--check"], io)).toBe(0);
  });
});
