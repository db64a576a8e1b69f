import { describe, expect, it } from "vitest";
import type { CncEvent } from "./events";
import { CncMachine } from "./machine";
import { restToRest, TEST_MILL } from "./test-fixtures";

const S = 1_000_000; // µs per s

function machineWith(text: string): CncMachine {
  const m = CncMachine.create({ id: "cnc-1", machine: TEST_MILL });
  const r = m.load("P1", text, 0);
  expect(r.ok).toBe(true);
  return m;
}

/** Advances from event to event until nothing is scheduled or `until` (µs) is reached. */
function runUntil(m: CncMachine, until = Number.POSITIVE_INFINITY): CncEvent[] {
  const out: CncEvent[] = [];
  for (let t = m.nextEventTime(); t <= until && t < Number.POSITIVE_INFINITY; t = m.nextEventTime()) {
    out.push(...m.advance(t));
  }
  return out;
}

const types = (events: CncEvent[]) => events.map((e) => `${e.type}@${e.t}`);

describe("CncMachine", () => {
  const longCut = "S1000 M3\nG1 X100 F600\nM5\nM30"; // 0.1 s ramp, 10.005 s cut, 0.1 s ramp

  it("runs a program to its end and reports the cycle time", () => {
    const m = machineWith(longCut);
    expect(m.cycleStart(1 * S).ok).toBe(true);
    const end = 1 * S + Math.round((0.2 + restToRest(0.1, 0.01, 2)) * S);
    expect(m.nextEventTime()).toBe(end);
    const events = runUntil(m);
    expect(types(events)).toEqual([`CncProgramFinished@${end}`, `CncStateChanged@${end}`]);
    expect(m.state.program).toBe("Ready");
    expect(m.state.lastCycleUs).toBe(end - 1 * S);
    expect(m.nextEventTime()).toBe(Number.POSITIVE_INFINITY);
  });

  it("a feed override set while running changes the remaining time; 0 % halts the feed", () => {
    const m = machineWith(longCut);
    m.cycleStart(1 * S);
    const tSet = 6.1 * S; // 5.0 s into the 10.005 s cut
    expect(m.setFeedOverride(tSet, 50).ok).toBe(true);
    // 5.005 s of cut left at half speed, then the 0.1 s ramp down
    expect(m.nextEventTime()).toBeCloseTo(tSet + 10.01 * S + 0.1 * S, -1);
    expect(m.sample(7 * S).speed).toBeCloseTo(0.005, 12);
    m.setFeedOverride(7 * S, 0);
    expect(m.nextEventTime()).toBe(Number.POSITIVE_INFINITY);
    const x = m.sample(7 * S).x;
    expect(m.sample(60 * S).x).toBe(x);
    m.setFeedOverride(60 * S, 100);
    const left = 5.005 - 0.9 / 2; // cut left when the override went to 0
    expect(m.nextEventTime()).toBeCloseTo(60 * S + (left + 0.1) * S, -1);
    expect(m.setFeedOverride(61 * S, 151)).toMatchObject({ ok: false, code: "CNC_ERR_OVERRIDE_RANGE" });
  });

  it("spindle override scales the spindle speed and per-revolution feeds", () => {
    const m = machineWith("G95 S1000 M3\nG1 X10 F0.1\nM5\nM30"); // 100 mm/min
    m.cycleStart(0);
    m.setSpindleOverride(0.05 * S, 50); // during the ramp: fixed pace
    expect(m.sample(1 * S).spindleRpm).toBe(500);
    const cut = restToRest(0.01, 0.1 / 60, 2);
    expect(m.nextEventTime()).toBeCloseTo((0.1 + 2 * cut + 0.1) * S, -1);
  });

  it("feed hold freezes the axes, cycle start resumes, and the end moves by the hold time", () => {
    const m = machineWith(longCut);
    m.cycleStart(0);
    const end = m.nextEventTime();
    expect(m.feedHold(3 * S).ok).toBe(true);
    expect(m.state.program).toBe("Interrupted");
    expect(m.channel).toBe("Interrupted");
    expect(m.nextEventTime()).toBe(Number.POSITIVE_INFINITY);
    const held = m.sample(3 * S);
    expect(held.feedState).toBe("hold");
    expect(m.sample(9 * S).x).toBe(held.x);
    expect(m.resume(10 * S).ok).toBe(true);
    expect(m.nextEventTime()).toBe(end + 7 * S);
  });

  it("stops at M0 until cycle start, and M1 only with optional stop on", () => {
    const text = "S1000 M3\nG1 X10 F600\nM0\nX20\nM1\nX30\nM30";
    for (const optional of [false, true]) {
      const m = CncMachine.create({ id: "cnc-1", machine: TEST_MILL, optionalStop: optional });
      m.load("P", text, 0);
      m.cycleStart(0);
      const stops: string[] = [];
      for (let i = 0; i < 5 && m.nextEventTime() < Number.POSITIVE_INFINITY; i++) {
        const t = m.nextEventTime();
        for (const e of m.advance(t)) if (e.type === "CncStateChanged") stops.push(`${e.reason}:${e.line}`);
        if (m.state.program === "Stopped") {
          expect(m.sample(t).line).toBe(m.state.stopLine);
          m.cycleStart(t + 1 * S);
        }
      }
      expect(stops).toEqual(optional ? ["M0:3", "M1:5", "M30:7"] : ["M0:3", "M30:7"]);
    }
  });

  it("an M1 passed with optional stop off does not fire when the switch is turned on later", () => {
    const m = machineWith("S1000 M3\nG1 X10 F600\nM1\nX20\nM1\nX30\nM30");
    m.cycleStart(0);
    m.setOptionalStop(1.5 * S, true); // after the first M1 (at 1.105 s), before the second
    const stops = runUntil(m).filter((e) => e.type === "CncStateChanged");
    expect(stops.map((e) => e.type === "CncStateChanged" && `${e.reason}:${e.line}`)).toEqual(["M1:5"]);
  });

  it("abort leaves the axes where they are with the spindle stopped; the next start runs from the top", () => {
    const m = machineWith(longCut);
    m.cycleStart(0);
    const r = m.abort(4 * S);
    expect(r.ok && r.events.map((e) => e.type === "CncStateChanged" && `${e.program}/${e.channel}`)).toEqual([
      "Aborted/Reset",
    ]);
    const s = m.sample(5 * S);
    expect([s.spindleRpm, s.feedState, s.x]).toEqual([0, "idle", m.state.pos.x]);
    expect(m.state.pos.x).toBeGreaterThan(0.03);
    expect(m.nextEventTime()).toBe(Number.POSITIVE_INFINITY);
    expect(m.cycleStart(6 * S).ok).toBe(true);
    runUntil(m);
    expect(m.state.cyclesCompleted).toBe(1);
    expect(m.sample(100 * S).x).toBeCloseTo(0.1, 12);
  });

  it("a cycle starts where the previous one left the axes", () => {
    const m = machineWith("S1000 M3\nG0 X100\nM5\nM30");
    m.cycleStart(0);
    runUntil(m);
    expect(m.state.lastCycleUs).toBe(Math.round((0.2 + restToRest(0.1, 0.5, 2)) * S));
    m.cycleStart(10 * S);
    runUntil(m);
    expect(m.state.lastCycleUs).toBe(0.2 * S); // already at X100
  });

  it("raises a tool-life alarm by cutting time, refuses to start until the tool is replaced", () => {
    const m = machineWith("T1 M6\nS1000 M3\nG1 X10 F600\nX20\nX30\nX40\nX50\nM5\nM30");
    m.cycleStart(0);
    const events = runUntil(m);
    const move = restToRest(0.01, 0.01, 2); // 1.005 s each; T1 lives 3 s
    const alarmAt = Math.round((2 + 0.1 + 3 * move) * S);
    expect(types(events)).toEqual([
      `CncToolChanged@${2 * S}`,
      `CncAlarmRaised@${alarmAt}`,
      `CncProgramFinished@${Math.round((2.2 + 5 * move) * S)}`,
      `CncStateChanged@${Math.round((2.2 + 5 * move) * S)}`,
    ]);
    const alarm = events[1];
    expect(alarm).toMatchObject({ code: "CNC_ALARM_TOOL_WORN", severity: 600, tool: 1 });
    expect(m.cycleStart(20 * S)).toMatchObject({
      ok: false,
      code: "CNC_ERR_TOOL_WORN",
      reason: "tool T1 is worn out; replace it first",
    });
    const replaced = m.replaceTool(1, 21 * S);
    expect(replaced.ok && replaced.events.map((e) => e.type)).toEqual(["CncAlarmCleared"]);
    expect(m.state.alarms).toEqual([]);
    expect(m.cycleStart(22 * S).ok).toBe(true);
  });

  it("counts tool calls and cutting distance against tool life", () => {
    const counted = machineWith("T2 M6\nM30");
    for (const t of [0, 10 * S]) {
      counted.cycleStart(t);
      runUntil(counted);
    }
    expect(counted.state.tools[2]).toMatchObject({ count: 2, worn: true });
    expect(counted.state.alarms.map((a) => a.raisedUs)).toEqual([12 * S]);

    const distance = machineWith("T3 M6\nS1000 M3\nG1 X10 F600\nX20\nX30\nX40\nM5\nM30");
    distance.cycleStart(0);
    const alarm = runUntil(distance).find((e) => e.type === "CncAlarmRaised");
    expect(alarm?.t).toBe(Math.round((2.1 + 3 * restToRest(0.01, 0.01, 2)) * S)); // 30 mm ≥ 25 mm life
  });

  it("keeps the door locked while running and will not start with it open", () => {
    const m = machineWith(longCut);
    expect(m.openDoor(0).ok).toBe(true);
    expect(m.cycleStart(1)).toMatchObject({ ok: false, code: "CNC_ERR_DOOR_OPEN" });
    m.closeDoor(2);
    m.cycleStart(3);
    expect(m.openDoor(4)).toMatchObject({ ok: false, code: "CNC_ERR_DOOR_LOCKED" });
    expect(m.setMode(5, "Manual")).toMatchObject({ ok: false, code: "CNC_ERR_RUNNING" });
  });

  it("rejects a bad program at load, naming the line", () => {
    const m = CncMachine.create({ id: "cnc-1", machine: "vmc-3axis" });
    const r = m.load("bad.nc", "G0 X0 Y0\nG0 Z-300\nM30", 0);
    expect(r).toMatchObject({
      ok: false,
      code: "CNC_ERR_PROGRAM",
      reason:
        "bad.nc: line 2 col 4: axis Z would reach -730.000 mm (machine), beyond its lower travel limit of -508.000 mm",
    });
    expect(() => CncMachine.create({ id: "x", machine: "no-such" })).toThrow('unknown machine "no-such"');
  });

  it("restores a snapshot so the rest of the run is identical", () => {
    const text = "T1 M6\nS1000 M3\nG1 X10 F600\nM0\nX20\nX30\nG2 X40 Y10 R10\nG1 X50\nM5\nM30";
    const a = machineWith(text);
    a.cycleStart(0);
    a.setFeedOverride(2.5 * S, 80);
    runUntil(a, 4 * S);
    a.advance(4 * S);
    const snap = a.snapshot();
    const b = CncMachine.fromState(snap);
    const script = (m: CncMachine) => {
      const out: CncEvent[] = [];
      out.push(...runUntil(m));
      out.push(...m.cycleStart(9 * S).events);
      out.push(...m.setSpindleOverride(9.5 * S, 120).events);
      out.push(...runUntil(m));
      return out;
    };
    const eventsA = script(a);
    const eventsB = script(b);
    expect(eventsB).toEqual(eventsA);
    expect(eventsA.length).toBeGreaterThan(2);
    expect(b.snapshot()).toEqual(a.snapshot());
  });
});
