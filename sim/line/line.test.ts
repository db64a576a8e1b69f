import { describe, expect, it } from "vitest";
import type { SimEvent } from "../events";
import { parseScenario } from "../scenario/parse";
import { Simulation } from "../simulation";
import { calendarAt, compileCalendar, onTimeBetween, parseStartAt } from "./calendar";

const S = 1e6;

function run(text: string, untilS: number, seed = 1): { sim: Simulation; events: SimEvent[] } {
  const sim = new Simulation(parseScenario(text, "t.yaml"), { seed });
  sim.advanceTo(untilS * S);
  return { sim, events: sim.drainEvents() };
}

const completions = (evs: SimEvent[]) => evs.filter((e) => e.type === "PartCompleted");

describe("conveyor", () => {
  const belt = (stationCycle: string) => `name: belt
products: [{ id: p }]
sources: [{ id: src, product: p, interarrival: 10s, to: belt }]
conveyors: [{ id: belt, length: 3 m, speed: 0.5 m/s, pitch: 0.5 m, to: m }]
stations: [{ id: m, processTime: ${stationCycle}, to: out }]
sinks: [{ id: out }]
`;

  it("carries a part its length at its speed: lead time = length / speed", () => {
    const { events } = run(belt("1us"), 200);
    const done = completions(events);
    expect(done.length).toBe(19);
    for (const e of done) if (e.type === "PartCompleted") expect(e.leadTimeUs).toBe(6 * S + 1);
  });

  it("accumulates behind a slow station: never over capacity, parts never closer than the pitch", () => {
    const sim = new Simulation(parseScenario(belt("25s"), "t.yaml"), { seed: 1 });
    let maxCount = 0;
    for (let t = 0; t <= 600; t += 0.5) {
      sim.advanceTo(t * S);
      const pos = sim.conveyorPositions("belt");
      maxCount = Math.max(maxCount, pos.length);
      for (let i = 1; i < pos.length; i++) expect(pos[i - 1]! - pos[i]!).toBeGreaterThanOrEqual(0.5 - 1e-6);
      for (const p of pos) expect(p).toBeLessThanOrEqual(3 + 1e-9);
    }
    expect(maxCount).toBe(6);
    const evs = sim.drainEvents();
    // the source is blocked once the belt is full
    expect(evs.some((e) => e.type === "StateChanged" && e.entity === "src" && e.state === "blocked")).toBe(
      true,
    );
    const done = completions(evs);
    // the station is the bottleneck: one part per 25 s once the first arrived at 16 s
    expect(done.length).toBe(Math.floor((600 - 16) / 25));
  });

  it("a speed change re-times the parts already on the belt", () => {
    const sim = new Simulation(parseScenario(belt("1us"), "t.yaml"), { seed: 1 });
    sim.advanceTo(12 * S); // part 1 entered at 10 s, 1 m along at 12 s
    expect(sim.conveyorPositions("belt")[0]).toBeCloseTo(1, 9);
    expect(sim.submit({ type: "setConveyorSpeed", entity: "belt", speed: 0.25 }).ok).toBe(true);
    sim.advanceTo(21 * S);
    const first = completions(sim.drainEvents())[0];
    expect(first?.t).toBe(20 * S + 1); // 2 m left at 0.25 m/s
    expect(sim.submit({ type: "setConveyorSpeed", entity: "belt", speed: -1 })).toMatchObject({
      ok: false,
      code: "SIM_ERR_OUT_OF_RANGE",
    });
  });
});

describe("operators walk between stations", () => {
  const text = `name: walk
products: [{ id: p }]
sources: [{ id: src, product: p, interarrival: 100s, to: s1 }]
stations:
  - { id: s1, kind: manual, operators: crew, processTime: 20s, to: s2, position: [0, 0] }
  - { id: s2, kind: manual, operators: crew, processTime: 20s, to: out, position: [10, 0] }
sinks: [{ id: out }]
operators: [{ id: crew, headcount: 1, walkingSpeed: 1 m/s, home: [0, 0] }]
`;
  it("adds distance / walking speed to the lead time, as computed by hand", () => {
    const lead = completions(run(text, 400).events).map((e) =>
      e.type === "PartCompleted" ? e.leadTimeUs / S : 0,
    );
    // part 1: s1 20 s, walk 10 s, s2 20 s; later parts also walk back from s2 to s1 first
    expect(lead).toEqual([50, 60, 60]);
  });

  it("efficiency stretches process times", () => {
    const lead = completions(
      run(text.replace("headcount: 1,", "headcount: 1, efficiency: 0.8,"), 200).events,
    );
    expect(lead[0]?.type === "PartCompleted" && lead[0].leadTimeUs / S).toBe(25 + 10 + 25);
  });
});

describe("calendars", () => {
  const cal = compileCalendar("c", {
    days: ["mon", "tue", "wed", "thu", "fri"],
    shifts: [
      { start: 6 * 3600, end: 14 * 3600, breaks: [{ start: 9 * 3600, duration: 900 }] },
      { start: 22 * 3600, end: 6 * 3600, breaks: [] },
    ],
  });
  const start = parseStartAt("mon 00:00");
  const at = (h: number) => calendarAt(cal, start, h * 3600 * S);

  it.each([
    [5.9, false],
    [6, true],
    [9.1, false],
    [9.25, true],
    [13.99, true],
    [14, false],
    [23, true],
    [24 + 5, true],
    [4 * 24 + 23, true], // Friday night shift runs into Saturday morning
    [5 * 24 + 5, true],
    [5 * 24 + 7, false], // Saturday
    [6 * 24 + 23, false], // Sunday night: no shift starts on Sunday
  ])("at %s h: on = %s", (h, on) => {
    expect(at(h).on).toBe(on);
  });

  it("gives the next change and the on-time of a week", () => {
    expect(at(0).nextChangeUs).toBe(6 * 3600 * S);
    expect(at(6).nextChangeUs).toBe(9 * 3600 * S);
    // per weekday: 8 h − 15 min break + 8 h night = 15.75 h; five weekdays
    expect(onTimeBetween(cal, start, 0, 7 * 24 * 3600 * S) / (3600 * S)).toBeCloseTo(5 * 15.75, 9);
  });

  it("stops manual work off shift and resumes at the next shift", () => {
    const text = `name: shifts
startAt: "mon 13:00"
calendars: { day: { shifts: [{ start: "06:00", end: "14:00" }] } }
calendar: day
products: [{ id: p }]
sources: [{ id: src, product: p, interarrival: 10 min, to: q }]
buffers: [{ id: q, to: s1 }]
stations: [{ id: s1, kind: manual, operators: crew, processTime: 1 min, to: out }]
sinks: [{ id: out }]
operators: [{ id: crew, headcount: 1, home: [0, 0] }]
`;
    const { events, sim } = run(text, 20 * 3600);
    const starts = events.filter((e) => e.type === "OperationStarted").map((e) => e.t / (3600 * S));
    // nothing starts between 14:00 (1 h in) and 06:00 the next day (17 h in)
    expect(starts.some((h) => h > 1 + 1 / 60 && h < 17)).toBe(false);
    expect(starts.some((h) => h >= 17)).toBe(true);
    expect(events.some((e) => e.type === "StateChanged" && e.entity === "s1" && e.state === "offShift")).toBe(
      true,
    );
    expect(sim.state.pools.get("crew")!.onShift).toBe(true);
  });
});

describe("work orders", () => {
  const text = `name: orders
products: [{ id: a }, { id: b }]
sources: [{ id: src, workOrders: true, dispatch: edd, to: m }]
stations: [{ id: m, processTime: 10s, quality: { scrap: 0.3 }, to: out }]
sinks: [{ id: out }]
`;
  it("releases parts until the quantity is good (scrap is replaced), in due-date order", () => {
    const sim = new Simulation(parseScenario(text, "t.yaml"), { seed: 3 });
    sim.submit({ type: "stopEntity", entity: "src" });
    expect(
      sim.submit({ type: "releaseWorkOrder", order: { id: "late", product: "a", quantity: 5, dueUs: 9e9 } })
        .ok,
    ).toBe(true);
    expect(
      sim.submit({ type: "releaseWorkOrder", order: { id: "soon", product: "b", quantity: 5, dueUs: 1e9 } })
        .ok,
    ).toBe(true);
    expect(
      sim.submit({ type: "releaseWorkOrder", order: { id: "soon", product: "b", quantity: 1 } }),
    ).toMatchObject({ ok: false, code: "SIM_ERR_DUPLICATE" });
    expect(
      sim.submit({ type: "releaseWorkOrder", order: { id: "x", product: "zzz", quantity: 1 } }),
    ).toMatchObject({ ok: false, code: "SIM_ERR_UNKNOWN_PRODUCT" });
    sim.submit({ type: "startEntity", entity: "src" });
    sim.advanceTo(3600 * S);
    const evs = sim.drainEvents();
    const created = evs.filter((e) => e.type === "PartCreated");
    expect(created[0]?.type === "PartCreated" && created[0].workOrder).toBe("soon");
    const good = (o: string) => evs.filter((e) => e.type === "PartCompleted" && e.workOrder === o).length;
    expect(good("soon")).toBe(5);
    expect(good("late")).toBe(5);
    const scrapped = evs.filter((e) => e.type === "PartScrapped").length;
    expect(scrapped).toBeGreaterThan(0);
    expect(created.length).toBe(10 + scrapped);
    expect(sim.state.orders.get("late")!.status).toBe("completed");
    const last = evs.filter((e) => e.type === "WorkOrderProgress" && e.workOrder === "soon").at(-1);
    expect(last).toMatchObject({ status: "completed", completed: 5, quantity: 5 });
  });
});

describe("faults and alarms", () => {
  it("an injected fault raises an alarm that can be acknowledged and clears on time", () => {
    const sim = new Simulation(
      parseScenario(
        `name: f
products: [{ id: p }]
sources: [{ id: src, product: p, interarrival: 30s, to: m }]
stations: [{ id: m, processTime: 20s, to: out }]
sinks: [{ id: out }]
`,
        "t.yaml",
      ),
    );
    sim.advanceTo(100 * S);
    expect(
      sim.submit({ type: "injectFault", entity: "m", fault: "spindle overload", durationS: 50 }).ok,
    ).toBe(true);
    expect(sim.submit({ type: "injectFault", entity: "m" })).toMatchObject({
      ok: false,
      code: "SIM_ERR_STATE",
    });
    expect(sim.submit({ type: "injectFault", entity: "nope" })).toMatchObject({
      ok: false,
      code: "SIM_ERR_UNKNOWN_ENTITY",
    });
    const raised = sim.drainEvents().find((e) => e.type === "AlarmRaised");
    expect(raised).toMatchObject({
      entity: "m",
      code: "FAULT_INJECTED",
      severity: 800,
      message: "m: spindle overload",
    });
    const id = raised?.type === "AlarmRaised" ? raised.alarm : "";
    expect(sim.state.stations.get("m")!.state).toBe("down");
    expect(sim.submit({ type: "acknowledgeAlarm", alarm: id }).ok).toBe(true);
    expect(sim.submit({ type: "acknowledgeAlarm", alarm: id })).toMatchObject({ ok: false });
    sim.advanceTo(160 * S);
    const evs = sim.drainEvents();
    expect(evs.find((e) => e.type === "AlarmCleared")).toMatchObject({ t: 150 * S, alarm: id });
    expect(sim.state.alarms.size).toBe(0);
    expect(sim.state.stations.get("m")!.state).not.toBe("down");
  });
});

describe("tended stations", () => {
  const cell = (handling: string) => `name: tending
products: [{ id: p }]
sources: [{ id: src, product: p, interarrival: 10s, to: q }]
buffers: [{ id: q, capacity: 5, to: [m1, m2] }]
stations:
  - { id: m1, kind: cnc, robot: r, processTime: 100s, ${handling} to: out, position: [0, 0] }
  - { id: m2, kind: cnc, robot: r, processTime: 100s, ${handling} to: out, position: [3, 0] }
sinks: [{ id: out }]
robots: [{ id: r, transferTime: 2s, position: [0, 0] }]
`;
  it("a robot that only loads and unloads keeps two machines running", () => {
    const tended = run(cell("handling: { load: 5s, unload: 5s },"), 10 * 3600);
    const attended = run(cell(""), 10 * 3600);
    const perHour = (evs: SimEvent[]) => completions(evs).length / 10;
    // tended: each machine cycles load 5 + process 100 + unload 5 s, the robot moving 2 s between them
    expect(perHour(tended.events)).toBeGreaterThan(60);
    expect(perHour(tended.events)).toBeLessThanOrEqual((2 * 3600) / 110);
    // attended: the robot is held for the whole 100 s operation, so one part per 100 s (+ moves)
    expect(perHour(attended.events)).toBeLessThanOrEqual(36);
    const done = tended.events.find((e) => e.type === "OperationCompleted");
    expect(done).toMatchObject({ robot: "r", processUs: 100 * S });
  });
});

describe("conveyor faults", () => {
  it("raise an alarm and stop the belt until cleared", () => {
    const sim = new Simulation(
      parseScenario(
        `name: cf
products: [{ id: p }]
sources: [{ id: src, product: p, interarrival: 10s, to: belt }]
conveyors: [{ id: belt, length: 2 m, speed: 0.5 m/s, to: out }]
sinks: [{ id: out }]
`,
        "t.yaml",
      ),
    );
    sim.advanceTo(30 * S);
    expect(sim.submit({ type: "injectFault", entity: "belt", fault: "motor trip" }).ok).toBe(true);
    sim.advanceTo(100 * S);
    const evs = sim.drainEvents();
    expect(evs.find((e) => e.type === "AlarmRaised")).toMatchObject({
      entity: "belt",
      message: "belt: motor trip",
    });
    expect(completions(evs.filter((e) => e.t > 30 * S)).length).toBe(0);
    expect(sim.submit({ type: "clearFault", entity: "belt" }).ok).toBe(true);
    sim.advanceTo(150 * S);
    const after = sim.drainEvents();
    expect(after.some((e) => e.type === "AlarmCleared")).toBe(true);
    expect(completions(after).length).toBeGreaterThan(0);
  });
});
