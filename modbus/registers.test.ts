import { describe, expect, it } from "vitest";
import { decodeRegisters, encodeRegisters } from "./registers";

const table: [string, "INT" | "DINT" | "REAL", number, number[], number[]][] = [
  ["INT -1", "INT", -1, [0xffff], [0xffff]],
  ["INT 32767", "INT", 32767, [0x7fff], [0x7fff]],
  ["DINT 70000", "DINT", 70000, [0x0001, 0x1170], [0x1170, 0x0001]],
  ["DINT -2147483648", "DINT", -2147483648, [0x8000, 0x0000], [0x0000, 0x8000]],
  ["REAL 0.75", "REAL", 0.75, [0x3f40, 0x0000], [0x0000, 0x3f40]],
  ["REAL -1.5", "REAL", -1.5, [0xbfc0, 0x0000], [0x0000, 0xbfc0]],
  ["REAL 0.1 (single precision)", "REAL", Math.fround(0.1), [0x3dcc, 0xcccd], [0xcccd, 0x3dcc]],
];

describe("register encoding", () => {
  for (const [name, type, value, high, low] of table) {
    it(name, () => {
      expect(encodeRegisters(type, value, "highFirst")).toEqual(high);
      expect(encodeRegisters(type, value, "lowFirst")).toEqual(low);
      expect(decodeRegisters(type, high, "highFirst")).toBe(value);
      expect(decodeRegisters(type, low, "lowFirst")).toBe(value);
    });
  }
});
