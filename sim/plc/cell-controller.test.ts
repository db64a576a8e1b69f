import { describe, expect, it } from "vitest";
import { createCellController } from "./cell-controller";
import { compileSt } from "./compile";
import { type PlcProfile, parsePlcProfile } from "./profile";
import type { PlcValue } from "./soft-plc";

const profileText = (control: string) => `id: mini
controller: { family: beckhoff-twincat, scanTime: 10ms }
control: ${control}
signals:
  - { name: Eye, type: BOOL, direction: input }
  - { name: Loops, type: INT, direction: input }
  - { name: Run, type: BOOL, direction: output }
  - { name: Speed, type: REAL, direction: output }
`;

function profile(control: string): PlcProfile {
  const r = parsePlcProfile(profileText(control), "mini.yaml");
  if (!r.ok) throw new Error(r.issues.map((i) => i.message).join());
  return r.profile;
}

const program = compileSt(`PROGRAM Mini
VAR_INPUT Eye : BOOL; Loops : INT; END_VAR
VAR_OUTPUT Run : BOOL; Speed : REAL; END_VAR
VAR i : INT; END_VAR
Run := NOT Eye;
Speed := SEL(Run, 0.0, 0.5);
FOR i := 1 TO Loops DO Speed := Speed + 0.0; END_FOR;
END_PROGRAM`);
if (!program.ok) throw new Error("program should compile");

describe("cell controller, internal", () => {
  const sensors: Record<string, PlcValue> = { Eye: false, Loops: 0 };
  const read = (s: { variable: string }) => sensors[s.variable]!;

  it("outputs of a scan reach the actuators at the next scan; only changes are listed", () => {
    const c = createCellController(profile("{ source: internal, program: mini.st }"), program.program);
    const a = c.scan(0, read);
    expect([a.outputs, a.changed.map((s) => s.variable)]).toEqual([{ Run: false, Speed: 0 }, []]);
    const b = c.scan(10_000, read);
    expect([b.outputs, b.changed.map((s) => s.variable)]).toEqual([
      { Run: true, Speed: 0.5 },
      ["Run", "Speed"],
    ]);
    expect(c.scan(20_000, read).changed).toEqual([]);
    expect([c.value("Eye"), c.value("Run")]).toEqual([false, true]);
  });

  it("a forced input (stuck photo-eye) and a forced output win over the sensor and the program", () => {
    const c = createCellController(profile("{ source: internal, program: mini.st }"), program.program);
    c.force("Eye", true);
    c.scan(0, read);
    expect(c.scan(10_000, read).outputs).toEqual({ Run: false, Speed: 0 });
    c.force("Eye", null);
    c.force("Speed", 2);
    c.scan(20_000, read);
    expect(c.scan(30_000, read).outputs).toEqual({ Run: true, Speed: 2 });
    expect(() => c.force("Eye", 1)).toThrow("Eye is BOOL, got 1");
    expect(() => c.force("Nope", true)).toThrow('mini has no signal "Nope"');
    expect(() => c.writeOutput("Run", true, 0)).toThrow(
      "mini is driven by its soft PLC; outputs cannot be written",
    );
  });

  it("a PLC watchdog fault raises one alarm and puts the outputs in their safe state", () => {
    const c = createCellController(profile("{ source: internal, program: mini.st }"), program.program);
    c.scan(0, read);
    const r = c.scan(10_000, (s) => (s.variable === "Loops" ? 30000 : false));
    expect(r.alarm).toBe(null);
    const bad = c.scan(20_000, (s) => (s.variable === "Loops" ? 32767 : false));
    expect(bad.alarm).toEqual({
      code: "ST_ERR_WATCHDOG",
      message: "watchdog: the scan ran more than 100000 loop iterations",
      line: 7,
      col: 1,
    });
    expect(c.scan(30_000, read)).toMatchObject({ outputs: { Run: false, Speed: 0 }, alarm: null });
  });

  it("snapshot and restore continue identically", () => {
    const c = createCellController(profile("{ source: internal, program: mini.st }"), program.program);
    const seq = (k: number) => (s: { variable: string }) => (s.variable === "Eye" ? k % 3 === 0 : 0);
    for (let k = 0; k < 5; k++) c.scan(k * 10_000, seq(k));
    const snap = JSON.parse(JSON.stringify(c.snapshot()));
    const after = [5, 6, 7].map((k) => c.scan(k * 10_000, seq(k)).outputs);
    c.restore(snap);
    expect([5, 6, 7].map((k) => c.scan(k * 10_000, seq(k)).outputs)).toEqual(after);
  });
});

describe("cell controller, external", () => {
  const readAll = (s: { type: string }) => (s.type === "BOOL" ? false : 0) as PlcValue;

  it("applies writes at the next scan, trips to the safe state when the client falls silent, recovers on a write", () => {
    const c = createCellController(profile("{ source: external, watchdog: 50ms }"), null);
    c.scan(0, readAll);
    c.writeOutput("Run", true, 5_000);
    c.writeOutput("Speed", 0.1, 5_000);
    expect(c.scan(10_000, readAll).outputs).toEqual({ Run: true, Speed: Math.fround(0.1) });
    // written values hold; 55 ms after the last write the watchdog trips
    expect(c.scan(50_000, readAll)).toMatchObject({ outputs: { Run: true }, alarm: null });
    const trip = c.scan(60_000, readAll);
    expect(trip).toMatchObject({
      outputs: { Run: false, Speed: 0 },
      alarm: {
        code: "PLC_ERR_EXTERNAL_WATCHDOG",
        message: "no write from the external controller for more than 50 ms",
      },
    });
    expect(c.scan(70_000, readAll)).toMatchObject({ outputs: { Run: false }, alarm: null, recovered: false });
    c.writeOutput("Run", true, 75_000);
    expect(c.scan(80_000, readAll)).toMatchObject({ outputs: { Run: true, Speed: 0 }, recovered: true });
  });

  it("checks what clients write", () => {
    const c = createCellController(profile("{ source: external, watchdog: 50ms }"), null);
    expect(() => c.writeOutput("Eye", true, 0)).toThrow("Eye is an input of mini");
    expect(() => c.writeOutput("Run", 1, 0)).toThrow("Run is BOOL, got 1");
    expect(() => c.writeOutput("Speed", Number.NaN, 0)).toThrow("Speed is REAL, got NaN");
    expect(() => c.scan(0, () => 5 as PlcValue)).toThrow("Eye is BOOL, got 5");
    expect(c.scan(0, readAll).alarm).toBe(null);
  });
});
