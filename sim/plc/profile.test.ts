import { describe, expect, it } from "vitest";
import { bindProgram, formatProfileIssue, parsePlcProfile } from "./profile";
import { parseDuration } from "./profile-schema";
import { opcuaTags, tagName } from "./tag-naming";

const good = `id: cell
controller: { family: siemens-s7-1500, scanTime: 10ms }
control: { source: internal, program: cell.st }
signals:
  - { name: Run, type: BOOL, direction: output }
`;

const bad: [string, string, string[]][] = [
  [
    "wrong enums, patterns and ranges",
    `id: Cell
controller: { family: siemens-s7-1400, scanTime: 10 sec }
control: { source: internal, program: cell.txt }
signals:
  - { name: Run, type: BOOLEAN, direction: out }
`,
    [
      "cell.yaml:1:1 id: expected a lower-case id like conveyor-robot-cell",
      'cell.yaml:2:15 controller.family: Invalid option: expected one of "siemens-s7-1500"|"beckhoff-twincat"|"codesys"|"rockwell-logix"',
      'cell.yaml:2:40 controller.scanTime: expected a scan time like "10ms" (units us, ms, s, min)',
      "cell.yaml:3:30 control.program: expected a Structured Text file name ending in .st",
      'cell.yaml:5:18 signals[0].type: Invalid option: expected one of "BOOL"|"INT"|"DINT"|"REAL"',
      'cell.yaml:5:33 signals[0].direction: Invalid option: expected one of "input"|"output"',
    ],
  ],
  [
    "scan time out of range, unknown control source, no signals",
    `id: cell
controller:
  family: codesys
  scanTime: 50us
control:
  source: remote
signals: []
`,
    [
      "cell.yaml:4:3 controller.scanTime: a scan time must be between 0.1 ms and 10 s",
      "cell.yaml:6:3 control.source: Invalid discriminator value. Expected 'internal' | 'external'",
      "cell.yaml:7:1 signals: a profile needs at least one signal",
    ],
  ],
  [
    "a missing key points at its parent, an unknown key at itself",
    `id: cell
controller: { family: codesys, scanTime: 10ms }
control: { source: external }
signals:
  - name: Run
    type: BOOL
    direction: output
    colour: red
`,
    ["cell.yaml:3:1 control.watchdog: required", 'cell.yaml:8:5 signals[0].colour: unknown key "colour"'],
  ],
  [
    "duplicate names (case-insensitive), overlapping registers, tables that do not fit",
    `id: cell
controller: { family: codesys, scanTime: 10ms }
control: { source: external, watchdog: 500ms }
signals:
  - { group: Conveyor1, name: Run, type: BOOL, direction: output, modbus: { table: coil, address: 0 } }
  - { group: Conveyor1, name: run, type: BOOL, direction: output, modbus: { table: coil, address: 1 } }
  - { name: Speed, type: REAL, direction: output, modbus: { table: holdingRegister, address: 10 } }
  - { name: Count, type: INT, direction: output, modbus: { table: holdingRegister, address: 11 } }
  - { name: Eye, type: BOOL, direction: input, modbus: { table: coil, address: 5 } }
  - { name: Level, type: REAL, direction: input, modbus: { table: inputRegister, address: 65535 } }
  - { name: Flag, type: BOOL, direction: output, modbus: { table: holdingRegister, address: 20 } }
`,
    [
      "cell.yaml:6:25 signals[1].name: same signal as signals[0]",
      "cell.yaml:8:84 signals[3].modbus.address: holdingRegister 11 is already used by signals[2] (10..11)",
      "cell.yaml:9:58 signals[4].modbus.table: a BOOL input is served as discreteInput, not coil",
      "cell.yaml:10:82 signals[5].modbus.address: REAL needs 2 registers, 65535 is the last one",
      "cell.yaml:11:60 signals[6].modbus.table: a BOOL output is served as coil, not holdingRegister",
    ],
  ],
  [
    "bindings must be scenario ids and signal paths",
    `id: cell
controller: { family: codesys, scanTime: 10ms }
control: { source: internal, program: cell.st }
signals:
  - { name: Run, type: BOOL, direction: output, binding: { entity: "conveyor 1", signal: "photo-eye" } }
`,
    [
      "cell.yaml:5:60 signals[0].binding.entity: expected a scenario id (e.g. conveyor-1)",
      'cell.yaml:5:82 signals[0].binding.signal: expected a signal name like "run" or "photoEye/blocked"',
    ],
  ],
  [
    "YAML syntax errors have a position too",
    "id: cell\ncontroller: { family: codesys, scanTime: 10ms\n",
    ["cell.yaml:3:1 Flow map in block collection must be sufficiently indented and end with a }"],
  ],
];

describe("profile validation", () => {
  it("accepts a minimal profile and fills defaults", () => {
    const r = parsePlcProfile(good, "cell.yaml");
    expect(r.ok && r.profile).toEqual({
      id: "cell",
      name: "cell",
      family: "siemens-s7-1500",
      scope: "DB_Cell",
      device: "CODESYS Control Win V3 x64",
      scanTimeUs: 10_000,
      control: { source: "internal", program: "cell.st", programName: null },
      opcuaNamespace: "urn:workshop-twin:plc:cell",
      modbus: { unitId: 1, wordOrder: "highFirst" },
      signals: [
        {
          variable: "Run",
          group: null,
          name: "Run",
          type: "BOOL",
          direction: "output",
          description: null,
          binding: null,
          modbus: null,
          tag: null,
        },
      ],
    });
  });

  for (const [name, text, expected] of bad) {
    it(name, () => {
      const r = parsePlcProfile(text, "cell.yaml");
      expect(r.ok ? [] : r.issues.map(formatProfileIssue)).toEqual(expected);
    });
  }

  it("durations", () => {
    expect([
      parseDuration("10ms"),
      parseDuration("0.5 s"),
      parseDuration("250us"),
      parseDuration("1 min"),
    ]).toEqual([10_000, 500_000, 250, 60_000_000]);
    expect(parseDuration("10")).toBe(null);
  });

  it("checks the ST program against the signals", () => {
    const text = `id: cell
controller: { family: codesys, scanTime: 10ms }
control: { source: internal, program: cell.st }
signals:
  - { group: Conveyor1, name: Run, type: BOOL, direction: output }
  - { group: Conveyor1, name: PhotoEye, type: BOOL, direction: input }
  - { name: Count, type: DINT, direction: output }
`;
    const parsed = parsePlcProfile(text, "cell.yaml");
    if (!parsed.ok) throw new Error("profile should parse");
    const program = `PROGRAM Cell
VAR_INPUT Conveyor1_PhotoEye : BOOL; Spare : BOOL; END_VAR
VAR_OUTPUT conveyor1_run : BOOL; Count : INT; END_VAR
conveyor1_run := NOT Conveyor1_PhotoEye;
END_PROGRAM`;
    const r = bindProgram(parsed, "cell.yaml", program, "cell.st");
    expect(r.ok ? [] : r.issues.map(formatProfileIssue)).toEqual([
      "cell.yaml:7:20 signals[2].type: Cell.Count is INT, the signal is DINT",
      "cell.yaml:3:30 control.program: Spare of Cell has no signal in the profile",
    ]);
    const broken = bindProgram(parsed, "cell.yaml", "PROGRAM Cell\nx := 1;\nEND_PROGRAM", "cell.st");
    expect(broken.ok ? [] : broken.issues.map(formatProfileIssue)).toEqual([
      'cell.st:2:1 ST_ERR_UNDECLARED "x" is not declared',
    ]);
  });
});

describe("tag naming per controller family", () => {
  const signal = { group: "Conveyor1", name: "Run", type: "BOOL" as const, tag: null };
  const table: [string, string, string, string][] = [
    ["siemens-s7-1500", "DB_Cell", '"DB_Cell"."Conveyor1"."Run"', '"DB_Cell"."Conveyor1"."Run"'],
    ["beckhoff-twincat", "MAIN", "MAIN.bConveyor1Run", "MAIN.bConveyor1Run"],
    [
      "codesys",
      "Application.PLC_PRG",
      "Application.PLC_PRG.xConveyor1Run",
      "|var|CODESYS Control Win V3 x64.Application.PLC_PRG.xConveyor1Run",
    ],
    [
      "rockwell-logix",
      "MainProgram",
      "Program:MainProgram.Conveyor1_Run",
      "Program:MainProgram.Conveyor1_Run",
    ],
  ];
  for (const [family, scope, tag, identifier] of table) {
    it(family, () => {
      const text = `id: cell
controller: { family: ${family}, scanTime: 10ms }
control: { source: external, watchdog: 1s }
signals:
  - { group: Conveyor1, name: Run, type: BOOL, direction: output }
  - { group: Conveyor1, name: PhotoEye, type: BOOL, direction: input }
`;
      const r = parsePlcProfile(text, "cell.yaml");
      if (!r.ok) throw new Error("profile should parse");
      expect(r.profile.scope).toBe(scope);
      expect(tagName(r.profile, signal)).toBe(tag);
      const [run, eye] = opcuaTags(r.profile);
      expect(run).toEqual({
        variable: "Conveyor1_Run",
        tag,
        namespaceUri: "urn:workshop-twin:plc:cell",
        identifier,
        nodeId: `nsu=urn:workshop-twin:plc:cell;s=${identifier}`,
        browseName: "Run",
        folder: "Conveyor1",
        dataType: "Boolean",
        writable: true,
        direction: "output",
      });
      expect(eye?.writable).toBe(false);
    });
  }

  it("prefixes follow the type; a signal without group; an explicit tag wins", () => {
    const p = { scope: "MAIN" };
    const s = (type: "BOOL" | "INT" | "DINT" | "REAL") => ({
      group: "Robot1",
      name: "Speed",
      type,
      tag: null,
    });
    expect(
      ["BOOL", "INT", "DINT", "REAL"].map((t) =>
        tagName({ ...p, family: "beckhoff-twincat" }, s(t as "INT")),
      ),
    ).toEqual(["MAIN.bRobot1Speed", "MAIN.nRobot1Speed", "MAIN.nRobot1Speed", "MAIN.fRobot1Speed"]);
    expect(
      ["BOOL", "INT", "DINT", "REAL"].map((t) =>
        tagName({ scope: "Application.PLC_PRG", family: "codesys" }, s(t as "INT")),
      ),
    ).toEqual([
      "Application.PLC_PRG.xRobot1Speed",
      "Application.PLC_PRG.iRobot1Speed",
      "Application.PLC_PRG.diRobot1Speed",
      "Application.PLC_PRG.rRobot1Speed",
    ]);
    const solo = { group: null, name: "Estop", type: "BOOL" as const, tag: null };
    expect(tagName({ scope: "DB_Cell", family: "siemens-s7-1500" }, solo)).toBe('"DB_Cell"."Estop"');
    expect(tagName({ scope: "MainProgram", family: "rockwell-logix" }, solo)).toBe(
      "Program:MainProgram.Estop",
    );
    expect(tagName({ scope: "MAIN", family: "beckhoff-twincat" }, { ...solo, tag: "GVL.bEStop" })).toBe(
      "GVL.bEStop",
    );
  });
});
