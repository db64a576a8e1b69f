import { describe, expect, it } from "vitest";
import { createSoftPlc, type PlcValue } from "./soft-plc";

/** A PROGRAM with the given declarations and body, run once; returns its outputs. */
function once(decls: string, body: string, inputs: Record<string, PlcValue> = {}) {
  const plc = createSoftPlc(`PROGRAM Main\n${decls}\n${body}\nEND_PROGRAM\n`, { scanTimeUs: 1000 });
  const r = plc.scan(0, inputs);
  if (!r.ok) throw new Error(r.fault.message);
  return r.outputs;
}

const cases: {
  name: string;
  decls: string;
  body: string;
  inputs?: Record<string, PlcValue>;
  out: Record<string, PlcValue>;
}[] = [
  {
    name: "IEC precedence: * before +, comparison before AND, AND before XOR before OR",
    decls: "VAR_OUTPUT a : INT; b : BOOL; c : BOOL; d : BOOL; e : INT; f : INT; g : INT; END_VAR",
    body: `a := 2 + 3 * 4;
b := NOT FALSE AND FALSE;
c := 1 + 2 = 3;
d := TRUE OR TRUE XOR TRUE;
e := 10 - 4 - 3;
f := (2 + 3) * 4;
g := 7 / 2 * 2;`,
    out: { a: 14, b: false, c: true, d: true, e: 3, f: 20, g: 6 },
  },
  {
    name: "** is left-associative and binds looser than unary minus (formal grammar)",
    decls: "VAR_OUTPUT p : REAL; q : REAL; r : REAL; END_VAR",
    body: "p := 2 ** 3 ** 2; q := -2 ** 2; r := 2.0 ** -1;",
    out: { p: 64, q: 4, r: 0.5 },
  },
  {
    name: "INT wraps at 16 bits, DINT at 32 bits, division truncates, MOD by 0 is 0",
    decls: `VAR_OUTPUT a : INT; b : INT; c : DINT; d : INT; e : INT; f : INT; g : DINT; h : INT; END_VAR
VAR i : INT := 32767; j : INT := 300; k : DINT := 2147483647; z : INT := 0; END_VAR`,
    body: `a := i + 1;
b := j * j;
c := k + 1;
d := -7 / 2;
e := -7 MOD 2;
f := 7 MOD z;
g := k * 2;
h := -i - 2;`,
    out: { a: -32768, b: 24464, c: -2147483648, d: -3, e: -1, f: 0, g: -2, h: 32767 },
  },
  {
    name: "conversions: REAL rounds half away from zero, wraps to INT; TIME converts via ms",
    decls: `VAR_OUTPUT a : INT; b : INT; c : INT; d : DINT; e : TIME; f : REAL; g : DINT; h : BOOL; k : REAL; END_VAR`,
    body: `a := REAL_TO_INT(2.5);
b := REAL_TO_INT(-2.5);
c := REAL_TO_INT(40000.0);
d := TIME_TO_DINT(T#1s500ms);
e := DINT_TO_TIME(250) + T#1s * 3;
f := INT_TO_REAL(7) / 2.0;
g := TRUNC(-3.9);
h := INT_TO_BOOL(-2);
k := 1.0 / 3.0;`,
    out: { a: 3, b: -3, c: -25536, d: 1500, e: 3_250_000, f: 3.5, g: -3, h: true, k: Math.fround(1 / 3) },
  },
  {
    name: "INT widens to DINT and REAL; integer literals adapt; MIN MAX LIMIT SEL ABS SQRT",
    decls: `VAR_OUTPUT a : DINT; b : REAL; c : INT; d : INT; e : TIME; f : INT; g : REAL; END_VAR
VAR i : INT := -5; END_VAR`,
    body: `a := i + 100000;
b := i * 2.5;
c := LIMIT(0, i, 10);
d := MAX(i, 3, -9);
e := MIN(T#2s, T#500ms);
f := ABS(i) + SEL(TRUE, 10, 20);
g := SQRT(16.0);`,
    out: { a: 99995, b: -12.5, c: 0, d: 3, e: 500_000, f: 25, g: 4 },
  },
  {
    name: "IF / ELSIF / ELSE picks the first true branch",
    decls: "VAR_INPUT x : INT; END_VAR VAR_OUTPUT y : INT; END_VAR",
    body: "IF x > 10 THEN y := 1; ELSIF x > 5 THEN y := 2; ELSIF x > 5 THEN y := 99; ELSE y := 3; END_IF;",
    inputs: { x: 7 },
    out: { y: 2 },
  },
  {
    name: "CASE with a list, a range, a negative label and ELSE",
    decls: "VAR_OUTPUT a : INT; b : INT; c : INT; d : INT; END_VAR VAR s : INT; r : INT; END_VAR",
    body: `FOR s := 0 TO 3 DO
  CASE s * 7 - 8 OF
    -8: r := 1;
    -1, 6: r := 2;
    10..20: r := 3;
  ELSE
    r := 4;
  END_CASE;
  CASE s OF 0: a := r; 1: b := r; 2: c := r; 3: d := r; END_CASE;
END_FOR;`,
    out: { a: 1, b: 2, c: 2, d: 3 },
  },
  {
    name: "FOR with BY (up and down) leaves the variable one step past the end",
    decls: "VAR_OUTPUT up : INT; down : INT; iAfter : INT; END_VAR VAR i : INT; END_VAR",
    body: `up := 0; down := 0;
FOR i := 1 TO 10 BY 2 DO up := up + i; END_FOR;
iAfter := i;
FOR i := 10 TO 1 BY -3 DO down := down + i; END_FOR;`,
    out: { up: 25, down: 22, iAfter: 11 },
  },
  {
    name: "WHILE, REPEAT, and EXIT leaves only the innermost loop",
    decls: "VAR_OUTPUT n : INT; k : INT; outer : INT; inner : INT; END_VAR VAR i : INT; j : INT; END_VAR",
    body: `n := 0;
WHILE n * n < 50 DO n := n + 1; END_WHILE;
k := 0;
REPEAT k := k + 1; IF k = 5 THEN EXIT; END_IF; UNTIL k >= 100 END_REPEAT;
outer := 0; inner := 0;
FOR i := 1 TO 3 DO
  outer := outer + 1;
  FOR j := 1 TO 100 DO
    IF j > 2 THEN EXIT; END_IF;
    inner := inner + 1;
  END_FOR;
END_FOR;`,
    out: { n: 8, k: 5, outer: 3, inner: 6 },
  },
  {
    name: "RETURN ends the scan early; comments of all three kinds are skipped",
    decls: "VAR_OUTPUT a : INT; b : INT; END_VAR",
    body: `a := 1; (* block
comment *) // line comment
IF a = 1 THEN RETURN; END_IF; /* other */
b := 2;`,
    out: { a: 1, b: 0 },
  },
  {
    name: "identifiers and keywords are case-insensitive; hex, binary and underscored literals",
    decls: "var_output Total : dint; end_var",
    body: "TOTAL := 16#FF + 2#1010 + 1_000 + 8#17;",
    out: { Total: 255 + 10 + 1000 + 15 },
  },
];

describe("Structured Text semantics", () => {
  for (const c of cases) {
    it(c.name, () => {
      expect(once(c.decls, c.body, c.inputs)).toEqual(c.out);
    });
  }

  it("a user FUNCTION_BLOCK with VAR_IN_OUT and a nested timer", () => {
    const src = `
FUNCTION_BLOCK Debounce
VAR_INPUT x : BOOL; END_VAR
VAR_OUTPUT q : BOOL; END_VAR
VAR_IN_OUT count : INT; END_VAR
VAR t : TON; END_VAR
t(IN := x, PT := T#20ms);
IF t.Q AND NOT q THEN count := count + 1; END_IF;
q := t.Q;
END_FUNCTION_BLOCK

PROGRAM Main
VAR_INPUT a : BOOL; b : BOOL; END_VAR
VAR_OUTPUT qa : BOOL; qb : BOOL; rises : INT; END_VAR
VAR da : Debounce; db : Debounce; END_VAR
da(x := a, count := rises, q => qa);
db(x := b, count := rises, q => qb);
END_PROGRAM`;
    const plc = createSoftPlc(src, { scanTimeUs: 10_000 });
    const seen = [
      plc.scan(0, { a: true, b: false }),
      plc.scan(10_000, { b: true }),
      plc.scan(20_000, {}),
      plc.scan(30_000, {}),
      plc.scan(40_000, { a: false }),
      plc.scan(50_000, { a: true }),
      plc.scan(70_000, {}),
    ].map((r) => r.outputs);
    expect(seen).toEqual([
      { qa: false, qb: false, rises: 0 },
      { qa: false, qb: false, rises: 0 },
      { qa: true, qb: false, rises: 1 },
      { qa: true, qb: true, rises: 2 },
      { qa: false, qb: true, rises: 2 },
      { qa: false, qb: true, rises: 2 },
      { qa: true, qb: true, rises: 3 },
    ]);
  });

  it("inputs keep their last value, accept any case, and are checked", () => {
    const plc = createSoftPlc(
      "PROGRAM P VAR_INPUT Run : BOOL; Speed : INT; END_VAR VAR_OUTPUT y : INT; END_VAR IF Run THEN y := Speed; END_IF; END_PROGRAM",
      { scanTimeUs: 1000 },
    );
    expect(plc.scan(0, { Run: true, SPEED: 70000 }).outputs).toEqual({ y: 70000 - 65536 });
    expect(plc.scan(1, {}).outputs).toEqual({ y: 4464 });
    expect(() => plc.scan(2, { Nope: true })).toThrow('"Nope" is not a VAR_INPUT of P (inputs: Run, Speed)');
    expect(() => plc.scan(3, { Speed: true })).toThrow('input "Speed" is INT, got a boolean');
    expect(() => plc.scan(0, {})).toThrow(
      "scan time 0 µs is not an integer at or after the last scan (1 µs)",
    );
  });

  it("snapshot is plain data: run N, snapshot, restore into a fresh PLC, run M equals a straight N+M run", () => {
    const src = `PROGRAM P VAR_INPUT x : BOOL; END_VAR VAR_OUTPUT n : INT; q : BOOL; END_VAR
VAR c : CTU; t : TP; END_VAR
t(IN := x, PT := T#35ms); c(CU := t.Q, PV := 5, Q => q, CV => n);
END_PROGRAM`;
    const drive = (k: number) => ({ x: k % 7 < 3 });
    const straight = createSoftPlc(src, { scanTimeUs: 10_000 });
    const a: unknown[] = [];
    for (let k = 0; k < 60; k++) a.push(straight.scan(k * 10_000, drive(k)).outputs);
    const first = createSoftPlc(src, { scanTimeUs: 10_000 });
    const b: unknown[] = [];
    for (let k = 0; k < 25; k++) b.push(first.scan(k * 10_000, drive(k)).outputs);
    const snap = JSON.parse(JSON.stringify(first.snapshot()));
    const second = createSoftPlc(src, { scanTimeUs: 10_000 });
    second.restore(snap);
    for (let k = 25; k < 60; k++) b.push(second.scan(k * 10_000, drive(k)).outputs);
    expect(b).toEqual(a);
    expect(second.read("n")).toBe(9);
  });
});
