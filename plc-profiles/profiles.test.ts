import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { createSoftPlc } from "../sim/plc/soft-plc";
import { opcuaTags } from "../sim/plc/tag-naming";
import { SCHEMA_PATH, schemaText } from "./export-schema";
import { loadPlcProfile } from "./load";

const dir = import.meta.dirname;
const files = readdirSync(dir).filter((f) => f.endsWith(".yaml"));

describe("shipped PLC profiles", () => {
  it("schema.json is what the zod schema exports (run npx tsx plc-profiles/export-schema.ts)", () => {
    expect(readFileSync(SCHEMA_PATH, "utf8")).toBe(schemaText());
  });

  it("all load, and their programs match their signals", () => {
    expect(files.length).toBe(6);
    for (const f of files) expect(() => loadPlcProfile(join(dir, f), dir)).not.toThrow();
  });

  it("one conveyor-robot cell per controller family, same signals, different tags and NodeIds", () => {
    const cells = files.filter((f) => f.startsWith("conveyor-robot-cell"));
    expect(cells.length).toBe(5);
    const loaded = cells.map((f) => loadPlcProfile(join(dir, f), dir).profile);
    const families = loaded.filter((p) => p.control.source === "internal").map((p) => p.family);
    expect(families.sort()).toEqual(["beckhoff-twincat", "codesys", "rockwell-logix", "siemens-s7-1500"]);
    const shape = (p: (typeof loaded)[number]) =>
      p.signals.map((s) => [s.variable, s.type, s.direction, s.binding, s.modbus]);
    for (const p of loaded) expect(shape(p)).toEqual(shape(loaded[0]!));
    const run = loaded.map((p) => opcuaTags(p).find((t) => t.variable === "Conveyor1_Run")!.identifier);
    expect(new Set(run).size).toBe(4); // the external profile reuses the S7 naming
  });
});

describe("the conveyor + robot cell program", () => {
  const { program } = loadPlcProfile(join(dir, "conveyor-robot-cell-s7.yaml"), dir);
  const ms = (n: number) => n * 1000;

  /** Scans every 10 ms; `changes` set inputs at given times; returns outputs at the checkpoints. */
  function run(changes: [number, Record<string, boolean>][], checkpoints: number[]) {
    const plc = createSoftPlc(program!, { scanTimeUs: ms(10) });
    const seen = new Map<number, Record<string, unknown>>();
    const end = Math.max(...checkpoints);
    for (let t = 0; t <= end; t += ms(10)) {
      const inputs = Object.assign({}, ...changes.filter(([at]) => at === t).map(([, v]) => v));
      const r = plc.scan(t, inputs);
      if (checkpoints.includes(t)) seen.set(t, r.outputs);
    }
    return checkpoints.map((t) => seen.get(t));
  }

  const idle = { Conveyor1_PhotoEye: false, Robot1_Done: false, Machine1_Ready: true, Cell_DoorClosed: true };

  it("loads a part: conveyor stops at the photo-eye, robot then machine handshakes, cycle time measured", () => {
    const out = run(
      [
        [0, idle],
        [ms(100), { Conveyor1_PhotoEye: true }],
        [ms(2100), { Robot1_Done: true, Conveyor1_PhotoEye: false }],
        [ms(2110), { Machine1_Ready: false }],
        [ms(2120), { Robot1_Done: false }],
      ],
      [0, ms(100), ms(2090), ms(2100), ms(2110), ms(2120)],
    );
    const o = (run: boolean, robot: boolean, machine: boolean, count: number, cycle: number) => ({
      Conveyor1_Run: run,
      Robot1_Start: robot,
      Machine1_Start: machine,
      Cell_Alarm: false,
      Conveyor1_Speed: run ? 0.5 : 0,
      Cell_PartCount: count,
      Cell_LastCycleMs: cycle,
    });
    expect(out).toEqual([
      o(true, false, false, 0, 0),
      o(false, true, false, 0, 0),
      o(false, true, false, 0, 0),
      o(true, false, true, 1, 0),
      // the cycle timer started on the first scan in step 10 (110 ms) and is read at 2110 ms
      o(true, false, false, 1, 2000),
      o(true, false, false, 1, 2000),
    ]);
  });

  it("raises the alarm when the robot does not answer within 60 s, and when the door opens", () => {
    const out = run(
      [
        [0, { ...idle, Conveyor1_PhotoEye: true }],
        [ms(70_000), { Cell_DoorClosed: false }],
      ],
      [ms(60_000), ms(60_010), ms(69_990), ms(70_000)],
    );
    expect(out.map((o) => [o?.Robot1_Start, o?.Cell_Alarm, o?.Conveyor1_Run])).toEqual([
      [true, false, false],
      // step 10 from the scan at 0 ms, timeout timer running from the scan at 10 ms
      [true, true, false],
      [true, true, false],
      [false, true, false],
    ]);
  });
});
