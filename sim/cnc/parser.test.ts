import { describe, expect, it } from "vitest";
import { formatGcodeError } from "./errors";
import { parseGcode } from "./parser";

describe("parseGcode", () => {
  it("reads O and N numbers, comments, block delete and decimals, case-insensitively", () => {
    const { program, errors } = parseGcode(
      [
        "%",
        "o1000 (BRACKET, REV B)",
        "N10 g0 x-12.5 Y+.5 z3. ; rapid",
        "/N20 M8",
        "n30 G4 P1000",
        "%",
        "ignored after %",
      ].join("\n"),
    );
    expect(errors).toEqual([]);
    expect(program.lineCount).toBe(7);
    expect(program.blocks.map((b) => b.line)).toEqual([2, 3, 4, 5]);
    const [o, rapid, coolant, dwell] = program.blocks;
    expect(o).toMatchObject({ o: 1000, words: [], comment: "BRACKET, REV B", blockDelete: false });
    expect(rapid?.n).toBe(10);
    expect(rapid?.comment).toBe("rapid");
    expect(rapid?.words.map((w) => [w.letter, w.value, w.decimal, w.col])).toEqual([
      ["G", 0, false, 5],
      ["X", -12.5, true, 8],
      ["Y", 0.5, true, 15],
      ["Z", 3, true, 20],
    ]);
    expect(coolant).toMatchObject({ blockDelete: true, n: 20, words: [{ letter: "M", value: 8 }] });
    expect(dwell?.words[1]).toMatchObject({ letter: "P", value: 1000, decimal: false });
  });

  it("allows several G and M words in one block and a space between letter and number", () => {
    const { program, errors } = parseGcode("G90 G54 G0 X 10 M3 M8\r\n");
    expect(errors).toEqual([]);
    expect(program.blocks[0]?.words.map((w) => `${w.letter}${w.value}`)).toEqual([
      "G90",
      "G54",
      "G0",
      "X10",
      "M3",
      "M8",
    ]);
  });

  it.each([
    ["G1 X", "line 1 col 4: word X has no number"],
    ["G1 X1 X2", "line 1 col 7: word X appears twice in one block"],
    ["G0 X1 (open", 'line 1 col 7: comment "(" is not closed on this line'],
    ["G0 (a (b) c)", 'line 1 col 7: "(" inside a comment'],
    ["G1 X1 $", 'line 1 col 7: unexpected character "$"'],
    ["G0 X1\nG1 X-.", "line 2 col 4: word X has no number"],
  ])("rejects %j: %s", (text, message) => {
    const { errors } = parseGcode(text);
    expect(errors.map(formatGcodeError)).toEqual([message]);
  });
});
