import { describe, expect, it } from "vitest";
import { compileSt } from "./compile";
import { formatStError } from "./errors";
import { createSoftPlc, StCompileError } from "./soft-plc";

/** Line 1 is PROGRAM P, line 2 declares x i r d t, line 3 is the statement under test. */
const P = (body: string) =>
  `PROGRAM P\nVAR x : BOOL; i : INT; r : REAL; d : DINT; t : TON; END_VAR\n${body}\nEND_PROGRAM`;

const bad: [string, string][] = [
  [P("x := 1.5;"), '3:6 ST_ERR_TYPE_MISMATCH cannot assign REAL to BOOL variable "x"'],
  [P("i := r;"), '3:6 ST_ERR_TYPE_MISMATCH cannot assign REAL to INT variable "i"'],
  [P("i := 40000;"), "3:6 ST_ERR_RANGE 40000 is out of range for INT (-32768..32767)"],
  [P("d := 3000000000;"), "3:6 ST_ERR_RANGE 3000000000 is out of range for DINT (-2147483648..2147483647)"],
  [P("x := i AND x;"), "3:8 ST_ERR_OPERAND operator AND cannot take INT and BOOL"],
  [P("x := x = i;"), "3:8 ST_ERR_OPERAND operator = cannot take BOOL and INT"],
  [P("IF i THEN x := TRUE; END_IF;"), "3:4 ST_ERR_CONDITION IF needs a BOOL, got INT"],
  [P("y := 1;"), '3:1 ST_ERR_UNDECLARED "y" is not declared'],
  [P("x := t;"), '3:6 ST_ERR_FB_AS_VALUE function block instance "t" is not a value'],
  [P("t := 5;"), '3:1 ST_ERR_NOT_ASSIGNABLE function block instance "t" cannot be assigned'],
  [P("t.Q := TRUE;"), "3:3 ST_ERR_NOT_ASSIGNABLE output t.Q cannot be assigned"],
  [P("t(IN := x, PT := 100);"), "3:18 ST_ERR_TYPE_MISMATCH cannot assign INT to TIME input PT"],
  [P("t(IN := x, Q := x);"), '3:12 ST_ERR_PARAM_DIRECTION "Q" of TON must be passed with "=>"'],
  [P("t(IN => x);"), '3:3 ST_ERR_PARAM_DIRECTION "IN" of TON must be passed with ":="'],
  [P("t(FOO := x);"), '3:3 ST_ERR_UNKNOWN_MEMBER "t" has no input or output "FOO"'],
  [P("i(IN := x);"), '3:1 ST_ERR_NOT_FB "i" is not a function block instance'],
  [P("EXIT;"), "3:1 ST_ERR_EXIT_OUTSIDE_LOOP EXIT outside FOR, WHILE or REPEAT"],
  [
    P("CASE i OF 1: x := TRUE; 0..2: x := FALSE; END_CASE;"),
    "3:25 ST_ERR_CASE_LABEL CASE label 1 appears twice",
  ],
  [
    P("CASE r OF 1: x := TRUE; END_CASE;"),
    "3:6 ST_ERR_CASE_SELECTOR CASE needs an INT or DINT selector, got REAL",
  ],
  [
    P("FOR r := 1 TO 3 DO END_FOR;"),
    '3:5 ST_ERR_FOR_VAR FOR control variable "r" must be an INT or DINT variable',
  ],
  [P("x := FOO(1);"), '3:6 ST_ERR_UNKNOWN_FUNCTION unknown function "FOO"'],
  [P("x := INT_TO_BOOL(r);"), "3:6 ST_ERR_ARG_TYPE argument 1 of INT_TO_BOOL must be INT, got REAL"],
  [P("i := MAX(i);"), "3:6 ST_ERR_ARG_COUNT MAX takes 2 or more argument(s), got 1"],
  [P("i := 5 $ 3;"), '3:8 ST_ERR_CHAR unexpected character "$"'],
  [P("i := (1 + 2;"), '3:12 ST_ERR_EXPECTED expected ")", found ";"'],
  [
    P("IF x THEN i := 1;"),
    '4:1 ST_ERR_EXPECTED expected a statement or ELSIF, ELSE, END_IF, found "END_PROGRAM"',
  ],
  [P("i := T#1x;"), '3:6 ST_ERR_TIME_LITERAL bad TIME literal "T#1x": expected e.g. T#1s500ms'],
  [P("i := 12abc;"), '3:6 ST_ERR_NUMBER bad number literal "12abc"'],
  [P("(* never closed"), "3:1 ST_ERR_UNTERMINATED_COMMENT comment is not closed"],
  [P("i := 'text';"), "3:6 ST_ERR_UNSUPPORTED STRING is not supported by this soft PLC"],
  [
    P("i := %IX0.0;"),
    "3:6 ST_ERR_UNSUPPORTED direct addressing (%I, %Q, %M) is not supported by this soft PLC",
  ],
  [
    "PROGRAM P\nVAR a : LREAL; END_VAR\nEND_PROGRAM",
    "2:9 ST_ERR_UNSUPPORTED type LREAL is not supported by this soft PLC",
  ],
  [
    "PROGRAM P\nVAR a : ARRAY[1..3] OF INT; END_VAR\nEND_PROGRAM",
    "2:14 ST_ERR_UNSUPPORTED ARRAY is not supported by this soft PLC",
  ],
  ["PROGRAM P\nVAR a : Motor; END_VAR\nEND_PROGRAM", '2:9 ST_ERR_UNKNOWN_TYPE unknown type "Motor"'],
  [
    "PROGRAM P\nVAR a : INT; a : BOOL; END_VAR\nEND_PROGRAM",
    '2:14 ST_ERR_DUPLICATE_VAR variable "a" is declared twice',
  ],
  [
    "PROGRAM P\nVAR a : INT := i; END_VAR\nEND_PROGRAM",
    '2:16 ST_ERR_CONSTANT_INIT initial value of "a" must be a literal',
  ],
  [
    "PROGRAM P\nVAR CONSTANT k : INT := 3; END_VAR\nk := 4;\nEND_PROGRAM",
    '3:1 ST_ERR_NOT_ASSIGNABLE constant "k" cannot be assigned',
  ],
  [
    "FUNCTION_BLOCK F\nVAR f : F; END_VAR\nEND_FUNCTION_BLOCK\nPROGRAM P\nEND_PROGRAM",
    '2:9 ST_ERR_RECURSIVE_FB function block "F" contains itself',
  ],
  [
    "FUNCTION_BLOCK F\nVAR_INPUT a : INT; END_VAR\na := TRUE;\nEND_FUNCTION_BLOCK\nPROGRAM P\nEND_PROGRAM",
    '3:6 ST_ERR_TYPE_MISMATCH cannot assign BOOL to INT variable "a"',
  ],
  ["FUNCTION_BLOCK F\nEND_FUNCTION_BLOCK", "1:1 ST_ERR_NO_PROGRAM no PROGRAM in the source"],
  [
    "PROGRAM A\nEND_PROGRAM\nPROGRAM B\nEND_PROGRAM",
    "3:1 ST_ERR_MANY_PROGRAMS several PROGRAMs (A, B): say which one to run",
  ],
  ["PROGRAM A\nEND_PROGRAM\nPROGRAM A\nEND_PROGRAM", '3:1 ST_ERR_DUPLICATE_POU "A" is declared twice'],
  [
    "FUNCTION F : INT\nEND_FUNCTION",
    "1:1 ST_ERR_UNSUPPORTED FUNCTION (use a FUNCTION_BLOCK) is not supported by this soft PLC",
  ],
];

describe("bad programs are rejected with code, line and column", () => {
  for (const [src, expected] of bad) {
    it(expected, () => {
      const r = compileSt(src);
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.errors.map((e) => formatStError(e))).toEqual([expected]);
    });
  }

  it("reports every type error of a program, in source order, each once", () => {
    const src = `FUNCTION_BLOCK F
VAR_IN_OUT v : INT; END_VAR
v := v + 1;
END_FUNCTION_BLOCK
PROGRAM P
VAR f : F; g : F; n : DINT; END_VAR
f();
f(v := n);
g(v := 3);
END_PROGRAM`;
    const r = compileSt(src);
    expect(r.ok ? [] : r.errors.map((e) => formatStError(e, "cell.st"))).toEqual([
      'cell.st:7:1 ST_ERR_IN_OUT_ARG VAR_IN_OUT "v" needs a variable in every call',
      'cell.st:8:8 ST_ERR_TYPE_MISMATCH cannot assign DINT to INT VAR_IN_OUT "v"',
      'cell.st:9:8 ST_ERR_IN_OUT_ARG VAR_IN_OUT "v" needs a variable in every call',
    ]);
  });

  it("createSoftPlc throws StCompileError carrying the errors", () => {
    expect(() => createSoftPlc(P("x := 2;"), { scanTimeUs: 1000 })).toThrow(StCompileError);
    expect(() => createSoftPlc(P("x := 2;"), { scanTimeUs: 1000 })).toThrow(
      '3:6 ST_ERR_TYPE_MISMATCH cannot assign INT to BOOL variable "x"',
    );
  });
});

describe("watchdog and run-time faults", () => {
  const runaway = (loop: string) => `PROGRAM P
VAR_INPUT go : BOOL; END_VAR
VAR_OUTPUT busy : BOOL; n : DINT; END_VAR
VAR i : INT; END_VAR
busy := TRUE;
IF go THEN
  ${loop}
END_IF;
END_PROGRAM`;

  const loops: [string, string][] = [
    ["WHILE TRUE DO n := n + 1; END_WHILE;", "7:3"],
    ["REPEAT n := n + 1; UNTIL FALSE END_REPEAT;", "7:3"],
    ["FOR i := 0 TO 32767 DO n := n + 1; END_FOR;", "7:3"],
    ["FOR i := 1 TO 10 BY 0 DO n := n + 1; END_FOR;", "7:3"],
  ];
  for (const [loop, where] of loops) {
    it(`trips on ${loop}`, () => {
      const plc = createSoftPlc(runaway(loop), { scanTimeUs: 10_000, loopBudget: 5000 });
      expect(plc.scan(0, { go: false })).toEqual({ ok: true, outputs: { busy: true, n: 0 } });
      const r = plc.scan(10_000, { go: true });
      expect(r).toEqual({
        ok: false,
        fault: {
          code: "ST_ERR_WATCHDOG",
          message: "watchdog: the scan ran more than 5000 loop iterations",
          line: Number(where.split(":")[0]),
          col: Number(where.split(":")[1]),
        },
        outputs: { busy: false, n: 0 },
      });
      // the PLC stays in STOP with safe outputs until a cold restart
      expect(plc.scan(20_000, { go: false }).ok).toBe(false);
      expect(plc.read("n")).toBe(5000);
      plc.coldRestart();
      expect(plc.fault).toBe(null);
      expect(plc.scan(0, { go: false })).toEqual({ ok: true, outputs: { busy: true, n: 0 } });
    });
  }

  it("a bounded loop right at the budget does not trip", () => {
    const plc = createSoftPlc(runaway("FOR i := 1 TO 5000 DO n := n + 1; END_FOR;"), {
      scanTimeUs: 10_000,
      loopBudget: 5000,
    });
    expect(plc.scan(0, { go: true })).toEqual({ ok: true, outputs: { busy: true, n: 5000 } });
  });

  it("FOR up to the INT maximum never ends because the control variable wraps (as on a real PLC)", () => {
    const plc = createSoftPlc(runaway("FOR i := 32760 TO 32767 DO n := n + 1; END_FOR;"), {
      scanTimeUs: 10_000,
      loopBudget: 100,
    });
    expect(plc.scan(0, { go: true }).ok).toBe(false);
    expect(plc.read("n")).toBe(100);
    // iterations 1..8 are 32760..32767, the 9th is -32768, the 101st (which trips) is -32768 + 92
    expect(plc.read("i")).toBe(-32768 + 92);
  });

  it("integer division by zero faults at the operator", () => {
    const plc = createSoftPlc(
      "PROGRAM P\nVAR_INPUT a : INT; b : INT; END_VAR\nVAR_OUTPUT q : INT; END_VAR\nq := a / b;\nEND_PROGRAM",
      {
        scanTimeUs: 1000,
      },
    );
    expect(plc.scan(0, { a: 7, b: 2 }).outputs).toEqual({ q: 3 });
    const r = plc.scan(1, { b: 0 });
    expect(r.ok ? null : formatStError(r.fault)).toBe("4:8 ST_ERR_DIV_ZERO integer division by zero");
  });
});
