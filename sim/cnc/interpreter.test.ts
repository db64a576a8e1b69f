import { describe, expect, it } from "vitest";
import { formatGcodeError } from "./errors";
import { interpret } from "./interpreter";
import { LATHE_2AXIS, VMC_3AXIS } from "./machine-library";
import type { MachineDefinition } from "./machine-types";
import type { ModalState } from "./modal";
import { parseGcode } from "./parser";
import { TEST_MILL } from "./test-fixtures";
import type { ToolpathOp } from "./toolpath";

function run(text: string, machine: MachineDefinition = TEST_MILL) {
  const parsed = parseGcode(text);
  expect(parsed.errors).toEqual([]);
  return interpret(parsed.program, machine);
}

function modalAfter(body: string, machine: MachineDefinition = TEST_MILL): ModalState {
  const r = run(`S1000 M3\n${body}\nM30`, machine);
  expect(r.errors.map(formatGcodeError)).toEqual([]);
  return r.modal;
}

const mm = (v: number) => Math.round(v * 1e6) / 1e3; // m → mm, rounded to µm

describe("modal groups (one table per group)", () => {
  const tables: [keyof ModalState, [string, number][], MachineDefinition?][] = [
    [
      "motion",
      [
        ["G0 X1", 0],
        ["G1 X1 F100", 1],
        ["G1 X1 F100\nG2 X2 I0.5", 2],
        ["G1 X1 F100\nG3 X2 I0.5", 3],
        ["G81 X1 Z-1 R1 F100", 81],
        ["G82 X1 Z-1 R1 P500 F100", 82],
        ["G83 X1 Z-1 R1 Q0.5 F100", 83],
        ["G73 X1 Z-1 R1 Q0.5 F100", 73],
        ["G81 X1 Z-1 R1 F100\nG80", 80],
        ["", 80],
      ],
    ],
    [
      "plane",
      [
        ["G17", 17],
        ["G18", 18],
        ["G19", 19],
        ["", 17],
      ],
    ],
    [
      "distance",
      [
        ["G90", 90],
        ["G91", 91],
        ["G91\nG90", 90],
      ],
    ],
    [
      "feedMode",
      [
        ["G94", 94],
        ["G95", 95],
        ["G95\nG94", 94],
      ],
    ],
    [
      "feedMode",
      [
        ["G98", 94],
        ["G99", 95],
        ["", 95],
      ],
      LATHE_2AXIS,
    ],
    [
      "units",
      [
        ["G20", 20],
        ["G21", 21],
        ["G20\nG21", 21],
      ],
    ],
    [
      "toolLength",
      [
        ["G43 H2", 43],
        ["G43 H2\nG49", 49],
        ["", 49],
      ],
    ],
    [
      "retract",
      [
        ["G98", 98],
        ["G99", 99],
        ["", 98],
      ],
    ],
    [
      "coordSystem",
      [
        ["G54", 54],
        ["G55", 55],
        ["G56", 56],
        ["G57", 57],
        ["G58", 58],
        ["G59", 59],
      ],
    ],
    [
      "pathMode",
      [
        ["G61", 61],
        ["G64", 64],
        ["", 61],
      ],
    ],
    ["cutterComp", [["G40", 40]]],
  ];
  for (const [group, rows, machine] of tables) {
    it.each(rows)(`${group}${machine ? ` on ${machine.id}` : ""}: %j → %d`, (body, expected) => {
      expect(modalAfter(body, machine)[group]).toBe(expected);
    });
  }

  const spindleOps = (ops: ToolpathOp[]) => ops.filter((o) => o.k === "spindle").map((o) => o.rpm);
  it.each([
    ["S1200 M3", [1200, 0]],
    ["S1200 M4", [-1200, 0]],
    ["S1200 M3\nM5", [1200, 0]],
    ["S1200 M3\nS800", [1200, 800, 0]],
    ["S1200 M3\nM4", [1200, -1200, 0]],
  ])("spindle (M group 7): %j → commands %j", (body, expected) => {
    expect(spindleOps(run(`${body}\nM30`).ops)).toEqual(expected);
  });

  const coolantOps = (ops: ToolpathOp[]) => ops.filter((o) => o.k === "coolant").map((o) => o.on);
  it.each([
    ["M8", [true, false]],
    ["M7", [true, false]],
    ["M8\nM9", [true, false]],
    ["M8\nM7", [true, false]],
    ["M9", []],
  ])("coolant (M group 8): %j → switches %j", (body, expected) => {
    expect(coolantOps(run(`${body}\nM30`).ops)).toEqual(expected);
  });
});

describe("interpretation", () => {
  it("applies work offsets, tool length, units and incremental mode in machine coordinates", () => {
    const r = run("G55 G43 H2 G0 X10 Y5 Z1\nG20 G91 G0 X1\nG49 G90 G21 G0 Z0\nM30");
    const lines = r.ops.filter((o) => o.k === "line");
    expect(lines.map((o) => [mm(o.x), mm(o.y), mm(o.z)])).toEqual([
      [110, 5, 51], // G55 x + 100 mm, tool 2 is 50 mm long
      [135.4, 5, 51], // one inch incremental
      [135.4, 5, 0], // G49: no length offset
    ]);
  });

  it("expands a peck drilling cycle with the peck clearance and returns to R under G99", () => {
    const r = run("S1000 M3\nG0 Z20\nG99 G83 X10 Z-10 R2 Q4 F100\nG80\nM30");
    const zs = r.ops.filter((o) => o.k === "line").map((o) => [o.rapid ? "G0" : "G1", mm(o.x), mm(o.z)]);
    expect(zs).toEqual([
      ["G0", 0, 20],
      ["G0", 10, 20],
      ["G0", 10, 2],
      ["G1", 10, -2],
      ["G0", 10, 2],
      ["G0", 10, -1.9],
      ["G1", 10, -6],
      ["G0", 10, 2],
      ["G0", 10, -5.9],
      ["G1", 10, -10],
      ["G0", 10, 2],
    ]);
  });

  it("runs subprograms with M98 P L and returns with M99", () => {
    const r = run("O1000\nS1000 M3\nG91\nM98 P2000 L3\nM30\nO2000\nG1 X10 F500\nM99");
    const xs = r.ops.filter((o) => o.k === "line").map((o) => mm(o.x));
    expect(xs).toEqual([10, 20, 30]);
  });

  it("reads lathe diameters, U/W increments and T0101 turret indexing", () => {
    const r = run("G28 U0 W0\nT0101\nG99 G97 S1000 M3\nG0 X40 Z2\nG1 W-12 F0.2\nU10\nM30", LATHE_2AXIS);
    expect(r.errors).toEqual([]);
    const moves = r.ops.filter((o) => o.k === "line"); // G28 U0 W0 at home moves nothing
    expect(moves.map((o) => [mm(o.x), mm(o.z)])).toEqual([
      [20, -258], // radius 20, face at -280 mm, T01 is 20 mm long, Z+2
      [20, -270],
      [25, -270],
    ]);
    expect(r.ops.find((o) => o.k === "tool")).toMatchObject({ tool: 1, stopsSpindle: false });
    const cut = moves[1];
    expect(cut?.k === "line" && cut.perRev && cut.feed).toBeCloseTo(0.0002, 12);
  });

  it("skips ignorable words of the machine profile", () => {
    expect(run("G187 P1 E0.01\nM30", VMC_3AXIS).errors).toEqual([]);
  });
});

describe("bad programs", () => {
  const cases: [string, string, MachineDefinition?][] = [
    ["G1 X10\nM30", "line 1 col 4: G1 needs a feed rate F (none programmed since the last feed-mode change)"],
    ["G1 X10 F100\nM30", "line 1 col 4: G1 cuts with the spindle stopped (program M3 or M4 with S first)"],
    ["S1000 M3\nG2 X10 Y0 F100\nM30", "line 2 col 1: G2 needs I/J or R in plane G17"],
    ["S1000 M3\nG18 G3 X10 J5 F100\nM30", "line 2 col 12: J is not an arc centre word in plane G18"],
    [
      "S1000 M3\nG2 X10 Y0 I3 F100\nM30",
      "line 2 col 4: G2 end point is not on the arc: radius 3.000 mm at the start, 7.000 mm at the end",
    ],
    ["S1000 M3\nG2 X10 Y0 R4 F100\nM30", "line 2 col 11: R 4.000 mm is too small for a chord of 10.000 mm"],
    ["S1000 M3\nG2 R4 F100\nM30", "line 2 col 4: G2 with R cannot describe a full circle; use centre words"],
    [
      "G0 X1200\nM30",
      "line 1 col 4: axis X would reach 1200.000 mm (machine), beyond its upper travel limit of 1000.000 mm",
    ],
    [
      "G0 X0\nG0 Z-300\nM30",
      "line 2 col 4: axis Z would reach -730.000 mm (machine), beyond its lower travel limit of -508.000 mm",
      VMC_3AXIS,
    ],
    [
      "S1000 M3\nG2 X0 Y0 I-995 F100\nM30",
      "line 2 col 4: axis X would reach -1990.000 mm (machine), beyond its lower travel limit of -1000.000 mm",
    ],
    ["S9000 M3\nM30", "line 1 col 1: S9000 exceeds the spindle maximum of 8100 rpm", VMC_3AXIS],
    ["T25 M6\nM30", "line 1 col 1: T25 is beyond the tool magazine (20 pockets)", VMC_3AXIS],
    ["M6\nM30", "line 1 col 1: M6 needs a tool selected with T"],
    ["G41 D1\nM30", "line 1 col 1: G41 is not supported (and not listed as ignorable for machine test-mill)"],
    [
      "G0 X1 A5\nM30",
      "line 1 col 7: A5 is not supported (and not listed as ignorable for machine test-mill)",
    ],
    [
      "G187\nM30",
      "line 1 col 1: G187 is not supported (and not listed as ignorable for machine lathe-2axis)",
      LATHE_2AXIS,
    ],
    ["G0 G1 X1\nM30", "line 1 col 4: G0 and G1 are both in modal group 1 (motion)"],
    ["M8 M9\nM30", "line 1 col 4: M8 and M9 are both in modal group M8 (coolant)"],
    ["G0 Y10\nM30", "line 1 col 4: axis Y does not exist on machine lathe-2axis", LATHE_2AXIS],
    ["G80 X10\nM30", "line 1 col 5: axis words with no motion mode (G80 is active)"],
    ["S1000 M3\nG81 X1 Z-5 F100\nM30", "line 2 col 1: G81 needs R (retract plane)"],
    ["S1000 M3\nG83 X1 Z-5 R1 F100\nM30", "line 2 col 1: G83 needs Q > 0 (peck depth)"],
    [
      "S1000 M3\nG81 X1 Z5 R1 F100\nM30",
      "line 2 col 1: G81 retract plane R (1.000 mm) must lie above the hole bottom (5.000 mm)",
    ],
    ["G43\nM30", "line 1 col 1: G43 needs H (tool length offset number)"],
    ["G4\nM30", "line 1 col 1: G4 needs P (dwell time)"],
    ["F0\nM30", "line 1 col 1: F0 must be greater than 0"],
    ["M98 P2000\nM30", "line 1 col 5: M98 P2000: no program O2000 in this file"],
    ["G0 X1\nM99", "line 2 col 1: M99 outside a subprogram"],
    ["O1000\nM98 P2000\nM30\nO2000\nG0 X1\nO3000\nM99", "line 6 col 1: subprogram O2000 ends without M99"],
    ["O1\nM98 P1\nM30", "line 2 col 5: subprogram calls nested deeper than 8 levels"],
    ["G0 X1\nG0 X2", "line 2 col 1: program ends without M30 or M2"],
  ];
  it.each(cases)("%j → %s", (text, message, machine) => {
    const r = run(text, machine ?? TEST_MILL);
    expect(r.errors.map(formatGcodeError)[0]).toBe(message);
  });

  it("reports every bad line of a program, not only the first", () => {
    const r = run("G0 X1200\nG1 X1\nG0 X0\nM30");
    expect(r.errors.map((e) => [e.line, e.code])).toEqual([
      [1, "GCODE_ERR_TRAVEL_LIMIT"],
      [2, "GCODE_ERR_NO_FEED"],
    ]);
  });
});
