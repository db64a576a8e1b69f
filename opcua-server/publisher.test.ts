import { describe, expect, it } from "vitest";
import { DEFAULT_DEADBANDS, type Scalar, ValuePublisher } from "./publisher";

function setup(minIntervalMs = 100) {
  let wall = 0;
  const writes: { v: Scalar; at: number }[] = [];
  const p = new ValuePublisher({
    deadbands: { ...DEFAULT_DEADBANDS, positionMm: 0.5 },
    minIntervalMs,
    now: () => wall,
    toWall: (t) => new Date(t / 1000),
  });
  return {
    p,
    writes,
    setWall: (ms: number) => {
      wall = ms;
    },
    sink: (v: Scalar, when: Date) => writes.push({ v, at: when.getTime() }),
  };
}

describe("ValuePublisher", () => {
  it("pushes an analog value only when it moved more than its absolute deadband", () => {
    const { p, writes, sink } = setup(0);
    let x = 10;
    p.add({ entity: null, read: () => x, write: sink, deadband: "positionMm" });
    const seq = [10, 10.4, 10.5, 10.51, 11.0, 10.6, 10.0];
    // last pushed → pushed?: 10 → yes (first), 10.4 no, 10.5 no (|Δ| = 0.5 is not > 0.5), 10.51 yes,
    // 11.0 no (0.49), 10.6 no (0.09), 10.0 yes (0.51)
    for (const v of seq) {
      x = v;
      p.flush(0);
    }
    expect(writes.map((w) => w.v)).toEqual([10, 10.51, 10.0]);
  });

  it("pushes discrete values on every change and never repeats one", () => {
    const { p, writes, sink } = setup(0);
    let s = "busy";
    p.add({ entity: "a10", read: () => s, write: sink });
    p.touch("a10", 1);
    p.flush(0);
    p.touch("a10", 2);
    p.flush(0);
    s = "down";
    p.touch("a10", 3);
    p.flush(0);
    expect(writes.map((w) => w.v)).toEqual(["busy", "down"]);
  });

  it("reads an entity's values only when an event touched it, stamped with that event's time", () => {
    const { p, writes, sink } = setup(0);
    let n = 0;
    let reads = 0;
    p.add({
      entity: "a10",
      read: () => {
        reads++;
        return n;
      },
      write: sink,
    });
    p.flush(5_000_000);
    expect(reads).toBe(0);
    n = 3;
    p.touch("a10", 2_000_000);
    p.touch("nobody", 2_500_000);
    expect(p.flush(5_000_000)).toBe(1);
    expect(writes).toEqual([{ v: 3, at: 2000 }]);
    expect(p.pending).toBe(false);
  });

  it("flushes at most once per interval; what is skipped waits, unless forced", () => {
    const { p, writes, sink, setWall } = setup(100);
    let n = 1;
    p.add({ entity: "s", read: () => n, write: sink });
    p.touch("s", 0);
    expect(p.flush(0)).toBe(1);
    n = 2;
    p.touch("s", 1);
    setWall(50);
    expect(p.flush(0)).toBe(-1);
    expect(p.pending).toBe(true);
    expect(p.waitMs()).toBe(50);
    setWall(100);
    expect(p.flush(0)).toBe(1);
    n = 3;
    p.touch("s", 2);
    setWall(120);
    expect(p.flush(0, true)).toBe(1);
    expect(writes.map((w) => w.v)).toEqual([1, 2, 3]);
    expect(p.pushed).toBe(3);
  });
});
