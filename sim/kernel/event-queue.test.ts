import { describe, expect, it } from "vitest";
import { EventQueue } from "./event-queue";

describe("EventQueue", () => {
  it("pops in time order and breaks ties by insertion order", () => {
    const q = new EventQueue();
    const times = [50, 10, 30, 10, 20, 50, 0, 30];
    times.forEach((t, i) => {
      q.push(t, "k", `e${i}`);
    });
    const out: string[] = [];
    for (let ev = q.pop(); ev; ev = q.pop()) out.push(`${ev.t}:${ev.target}`);
    expect(out).toEqual(["0:e6", "10:e1", "10:e3", "20:e4", "30:e2", "30:e7", "50:e0", "50:e5"]);
  });

  it("agrees with a sorted reference on a large interleaved workload", () => {
    const q = new EventQueue();
    const ref: { t: number; seq: number }[] = [];
    let x = 12345;
    let seq = 0;
    const popped: number[] = [];
    const expected: number[] = [];
    for (let i = 0; i < 5000; i++) {
      x = (x * 1103515245 + 12345) % 2147483648;
      const t = x % 1000;
      q.push(t, "k", "e");
      ref.push({ t, seq: seq++ });
      if (i % 3 === 0) {
        ref.sort((a, b) => a.t - b.t || a.seq - b.seq);
        expected.push(ref.shift()!.seq);
        popped.push(q.pop()!.seq);
      }
    }
    expect(popped).toEqual(expected);
  });

  it("restores a snapshot so later pops are unchanged", () => {
    const q = new EventQueue();
    for (const t of [5, 3, 9, 1]) q.push(t, "k", "e");
    const snap = q.snapshot();
    const first = [q.pop()!.t, q.pop()!.t];
    q.push(0, "k", "late");
    q.restore(snap);
    expect([q.pop()!.t, q.pop()!.t]).toEqual(first);
    expect(q.peekTime()).toBe(5);
  });
});
