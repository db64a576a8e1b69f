import { describe, expect, it } from "vitest";
import type { SimEvent } from "../../sim/index";
import { RealTimeRunner, type Steppable } from "./runner";

class FakeClock {
  t = 1000;
  now = () => this.t;
}

/** A simulation stand-in: one event per advance, and optionally wall time burnt per advance. */
class FakeSim implements Steppable {
  now = 0;
  advances = 0;
  private pending: SimEvent[] = [];
  constructor(
    private readonly clock?: FakeClock,
    private readonly costMs = 0,
  ) {}
  advanceTo(t: number): void {
    if (t < this.now) throw new Error("back in time");
    this.now = t;
    this.advances++;
    if (this.clock) this.clock.t += this.costMs;
    this.pending.push({ type: "SignalChanged", t, signal: "tick", value: this.advances });
  }
  drainEvents(): SimEvent[] {
    const out = this.pending;
    this.pending = [];
    return out;
  }
  inject(e: SimEvent): void {
    this.pending.push(e);
  }
}

describe("RealTimeRunner", () => {
  it("advances simulated time at the speed factor: 1.5 s of wall at ×10 is 15 s", () => {
    const clock = new FakeClock();
    const sim = new FakeSim();
    const r = new RealTimeRunner(sim, { speed: 10, clock });
    clock.t += 1500;
    r.tick();
    expect(sim.now).toBe(15_000_000);
  });

  it("changes speed live without a jump: 0.5 s at ×1, then 0.5 s at ×100", () => {
    const clock = new FakeClock();
    const sim = new FakeSim();
    const r = new RealTimeRunner(sim, { speed: 1, clock });
    clock.t += 500;
    r.setSpeed(100);
    expect(sim.now).toBe(500_000);
    clock.t += 500;
    r.tick();
    expect(sim.now).toBe(500_000 + 50_000_000);
    expect(r.speed).toBe(100);
  });

  it("pause stops the simulated clock; resume carries on from where it stood", () => {
    const clock = new FakeClock();
    const sim = new FakeSim();
    const r = new RealTimeRunner(sim, { speed: 2, clock });
    clock.t += 1000;
    r.pause();
    expect(sim.now).toBe(2_000_000);
    clock.t += 60_000;
    r.tick();
    expect(sim.now).toBe(2_000_000);
    expect(r.targetUs()).toBe(2_000_000);
    r.resume();
    clock.t += 250;
    r.tick();
    expect(sim.now).toBe(2_500_000);
  });

  it("still reports events of commands applied while paused", () => {
    const clock = new FakeClock();
    const sim = new FakeSim();
    const r = new RealTimeRunner(sim, { clock });
    const seen: string[] = [];
    r.subscribe((events) => {
      for (const e of events) seen.push(e.type);
    });
    r.pause();
    seen.length = 0;
    sim.inject({ type: "AlarmAcknowledged", t: 0, alarm: "cnc1#1", entity: "cnc1" });
    r.tick();
    expect(seen).toEqual(["AlarmAcknowledged"]);
  });

  it.each([
    [0.05, "speed 0.05 is outside 0.1 … 100"],
    [100.5, "speed 100.5 is outside 0.1 … 100"],
    [Number.NaN, "speed NaN is outside 0.1 … 100"],
  ])("refuses speed %s", (speed, message) => {
    const r = new RealTimeRunner(new FakeSim(), { clock: new FakeClock() });
    expect(() => r.setSpeed(speed)).toThrow(message);
    expect(r.speed).toBe(1);
  });

  it("gives up catching up when a tick runs out of budget, and does not pile up debt", () => {
    const clock = new FakeClock();
    const sim = new FakeSim(clock, 30); // every advance costs 30 ms of wall time
    const r = new RealTimeRunner(sim, { speed: 100, clock, budgetMs: 40 });
    clock.t += 1000; // asks for 100 s
    r.tick();
    expect(r.lagging).toBe(true);
    // two slices of 100 s / 8 before the 40 ms budget is spent
    expect(sim.advances).toBe(2);
    expect(sim.now).toBe(25_000_000);
    // re-anchored: the next tick asks only for the wall time since then, not the 75 s missed
    const before = sim.now;
    r.tick();
    expect(sim.now - before).toBeLessThanOrEqual(100 * 60 * 1000);
  });

  it("keeps going when a consumer throws, and tells the error callback", () => {
    const clock = new FakeClock();
    const sim = new FakeSim();
    const errors: unknown[] = [];
    const r = new RealTimeRunner(sim, { clock, onSinkError: (e) => errors.push(e) });
    let got = 0;
    r.subscribe(() => {
      throw new Error("disk full");
    });
    r.subscribe((ev) => {
      got += ev.length;
    });
    clock.t += 10;
    r.tick();
    clock.t += 10;
    r.tick();
    expect(got).toBeGreaterThan(0);
    expect(errors.map((e) => (e as Error).message)).toEqual(["disk full", "disk full"]);
    expect(sim.now).toBe(20_000);
  });

  it("fast-forwards the pre-roll without the wall clock, then runs in real time from there", () => {
    const clock = new FakeClock();
    const sim = new FakeSim();
    const r = new RealTimeRunner(sim, { clock });
    r.fastForward(1_800_000_000);
    expect(sim.now).toBe(1_800_000_000);
    clock.t += 100;
    r.tick();
    expect(sim.now).toBe(1_800_100_000);
  });

  it("pauses instead of crashing when the simulation throws on its timer", async () => {
    const sim = new FakeSim();
    sim.advanceTo = () => {
      throw new Error("model bug");
    };
    const errors: string[] = [];
    const r = new RealTimeRunner(sim, { tickMs: 5, onSimError: (e) => errors.push((e as Error).message) });
    r.start();
    await new Promise((res) => setTimeout(res, 40));
    r.stop();
    expect(r.paused).toBe(true);
    expect(errors).toEqual(["model bug"]);
  });
});
