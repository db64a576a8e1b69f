/// <reference types="vite/client" />
import { beforeAll, describe, expect, it } from "vitest";
import { loadScenarioFile } from "../../app/scenario-files";
import manual from "../../scenarios/assembly-manual.yaml?raw";
import robotLine from "../../scenarios/assembly-robot.yaml?raw";
import { EventLogHash } from "../event-log";
import type { SimEvent } from "../events";
import { parseScenario } from "../scenario/parse";
import type { Scenario } from "../scenario/schema";
import { Simulation } from "../simulation";
import { checkStationTasks } from "./cell-check";
import { initPhysics } from "./rapier";

const S = 1e6;

beforeAll(async () => {
  await initPhysics();
});

function load(text: string, file: string): Scenario {
  return { ...parseScenario(text, file), fidelity: "physics" };
}

/** The default workshop (NC programs, tending tasks, PLC profile) at physics fidelity. */
function workshop(): Scenario {
  return { ...loadScenarioFile("scenarios/workshop.yaml"), fidelity: "physics" };
}

function of<T extends SimEvent["type"]>(evs: SimEvent[], type: T): Extract<SimEvent, { type: T }>[] {
  return evs.filter((e): e is Extract<SimEvent, { type: T }> => e.type === type);
}

describe("a tended machine at physics fidelity", () => {
  // workshop.yaml: the tender robot takes a blank presented at the infeed (4.45, ∓0.1, top 0.85 m), sets it
  // in the machine's fixture (station frame + y 0.5, z 0.95 m), and after the cycle puts it on the outfeed
  // (5.55, ∓0.1, 0.85 m); the part then goes onto the 6 m belt from (7, 0)
  it("one body from the infeed through the fixture to the belt, gripped and set down where the task says", () => {
    const sim = new Simulation(workshop(), { seed: 1 });
    const w = sim.physics!.world;
    sim.advanceTo(1 * S);
    const part = of(sim.drainEvents(), "PartCreated")[0]!.part;
    const h0 = w.bodyHandle(part);
    const shape = w.partShape(part);
    const h = shape.size[2];
    // presented: its top face at the infeed's TCP height, fixed
    const p0 = w.position(part);
    expect([p0.x, p0.y, p0.z + h / 2]).toEqual([
      expect.closeTo(4.45, 4),
      expect.closeTo(-0.1, 4),
      expect.closeTo(0.85, 4),
    ]);
    expect(w.isHeld(part)).toBe(true);

    sim.advanceTo(240 * S);
    const all = sim.drainEvents();
    const evs = all.filter((e) => "part" in e && e.part === part);
    const steps = evs
      .filter((e) => e.type === "PartGripped" || e.type === "PartReleased" || e.type === "PartSettled")
      .map((e) => e.type);
    // load: grip at the infeed, release over the fixture, settle; unload: grip, release over the outfeed
    expect(steps.slice(0, 5)).toEqual([
      "PartGripped",
      "PartReleased",
      "PartSettled",
      "PartGripped",
      "PartReleased",
    ]);
    const [loadGrip, unloadGrip] = of(evs, "PartGripped");
    expect([loadGrip!.robot, loadGrip!.station]).toEqual(["tender", "cnc1"]);
    // the fixture: plates sit the tallest product (0.045 m) under the TCP, so the part rests at 0.905 + h/2
    const settled = of(evs, "PartSettled")[0]!;
    expect(settled.position[0]).toBeCloseTo(5, 2);
    expect(settled.position[1]).toBeCloseTo(-0.6, 2);
    expect(settled.position[2]).toBeCloseTo(0.95 - 0.045 + h / 2, 3);
    // the machine cuts between the two visits
    const started = of(evs, "OperationStarted")[0]!;
    expect(settled.t).toBeLessThan(started.t);
    expect(unloadGrip!.t).toBeGreaterThan(of(evs, "OperationCompleted")[0]!.t);
    // the presence sensor at the infeed saw the blank from the start and lost it as the robot lifted it
    const present = of(all, "SignalChanged").filter((e) => e.signal === "cnc1.present");
    expect(present[0]!.value).toBe(false);
    expect(present[0]!.t).toBeGreaterThan(loadGrip!.t);
    // the sensor point is 5 mm under the top face: the blank clears it once lifted by its height (40 mm)
    expect(present[0]!.t - loadGrip!.t).toBeLessThan(0.5 * S);
    const out = of(evs, "PartReleased")[1]!;
    expect(out.position[0]).toBeCloseTo(5.55, 2);
    expect(out.position[1]).toBeCloseTo(-0.1, 2);
    // and on the belt: the same body, riding its centre line
    const p = w.position(part);
    expect(w.bodyHandle(part)).toBe(h0);
    expect(p.x).toBeGreaterThan(7);
    expect(p.y).toBeCloseTo(0, 3);
    expect(p.z).toBeCloseTo(0.8 + h / 2, 2);
  });

  it("a fault while the robot carries a blank: it serves the other machine, then picks the blank up again", () => {
    const sim = new Simulation(workshop(), { seed: 1 });
    const w = sim.physics!.world;
    sim.advanceTo(7 * S); // cnc1's blank in the gripper: 5.65 s grip … 8.67 s release
    const part = sim.state.stations.get("cnc1")!.part!;
    const handle = w.bodyHandle(part);
    expect(w.grippedBy(part)).toBe("robot/tender");
    sim.submit({ type: "injectFault", entity: "cnc1", durationS: 60 });
    sim.advanceTo(200 * S);
    const evs = sim.drainEvents();
    const mine = evs.filter((e) => "part" in e && e.part === part);
    const grips = of(mine, "PartGripped");
    const release = of(mine, "PartReleased")[0]!;
    // gripped, set back on the infeed while the tender loads cnc2, gripped again when cnc1 resumes
    expect(grips.length).toBe(2);
    expect(grips[1]!.t).toBeGreaterThan(67 * S);
    const other = of(evs, "PartGripped").find((e) => e.station === "cnc2")!;
    expect(other.t).toBeGreaterThan(7 * S);
    expect(other.t).toBeLessThan(grips[1]!.t);
    // and it still ends in cnc1's fixture, the same body
    expect(release.station).toBe("cnc1");
    expect(release.t).toBeGreaterThan(grips[1]!.t);
    const settled = of(mine, "PartSettled")[0]!;
    expect(settled.position[0]).toBeCloseTo(5, 2);
    expect(settled.position[1]).toBeCloseTo(-0.6, 2);
    expect(w.bodyHandle(part)).toBe(handle);
  });

  it("a stop between a feeder grip and its release does not make the robot take the station's part", () => {
    // the press-fit robot grips bearings from a feeder (no bodies): its grips close on nothing
    const sc = { ...loadScenarioFile("scenarios/assembly-physics.yaml") };
    const sim = new Simulation(sc, { seed: 1 });
    let start: SimEvent | undefined;
    for (let t = 1; start === undefined && t < 3600; t++) {
      sim.advanceTo(t * S);
      start = of(sim.drainEvents(), "OperationStarted").find((e) => e.station === "s20");
    }
    const plan = sim.topo.stations.get("s20")!.robotPlan!;
    const grip = plan.segments.find((g) => g.kind === "grip")!;
    const housing = sim.state.stations.get("s20")!.part!;
    const w = sim.physics!.world;
    const before = w.position(housing);
    // a fault right after the first feeder grip, while the robot would hold a bearing
    sim.advanceTo(start!.t + grip.startUs + grip.durationUs + 500_000);
    sim.submit({ type: "injectFault", entity: "s20", durationS: 30 });
    // resumed after the repair, the robot presses again: the housing has not moved
    sim.advanceTo(start!.t + grip.startUs + 40 * S);
    expect(sim.state.stations.get("s20")!.phase).toBe("processing");
    const now = w.position(housing);
    expect([now.x, now.y, now.z]).toEqual([before.x, before.y, before.z]);
    expect(w.grippedBy(housing)).toBeNull();
    sim.advanceTo(start!.t + 200 * S);
    const evs = sim.drainEvents();
    expect(of(evs, "OperationCompleted").some((e) => e.part === housing)).toBe(true);
    expect(of(evs, "PartGripped").filter((e) => e.station === "s20")).toEqual([]);
  });

  it("the same event log twice, and through a snapshot taken while the robot carries a part", () => {
    const sc = workshop();
    const straight = new EventLogHash();
    const a = new Simulation(sc, { seed: 4 });
    a.advanceTo(900 * S);
    straight.add(a.drainEvents());
    const again = new EventLogHash();
    const b = new Simulation(sc, { seed: 4 });
    b.advanceTo(7 * S);
    again.add(b.drainEvents());
    // 5.65 s grip … 8.67 s release: mid-carry
    expect(b.physics!.world.grippedBy(b.physics!.partPoses()[0]!.part)).toBe("robot/tender");
    const snap = b.snapshot();
    b.advanceTo(400 * S);
    b.drainEvents();
    b.restore(snap);
    b.advanceTo(900 * S);
    again.add(b.drainEvents());
    expect(straight.events).toBeGreaterThan(100);
    expect(again.digest()).toBe(straight.digest());
  });
});

describe("parts at stations", () => {
  it("keep the body they rode the belt on, set on the station's table", () => {
    const sim = new Simulation(load(manual, "scenarios/assembly-manual.yaml"), { seed: 1 });
    const w = sim.physics!.world;
    let handle = -1;
    let part = "";
    // step until the first part is on c10, then until s20 has it
    for (let t = 1; t < 600 && part === ""; t++) {
      sim.advanceTo(t * S);
      const on = sim.state.conveyors.get("c10")!.items[0];
      if (on !== undefined) {
        part = on.part;
        handle = w.bodyHandle(part);
      }
    }
    expect(part).not.toBe("");
    for (let t = sim.now / S; sim.state.stations.get("s20")!.part !== part; t++) sim.advanceTo(t * S);
    const h = w.partShape(part).size[2];
    const p = w.position(part);
    expect(w.bodyHandle(part)).toBe(handle);
    expect([p.x, p.y, p.z]).toEqual([
      expect.closeTo(9, 6),
      expect.closeTo(0, 6),
      expect.closeTo(0.75 + h / 2, 6),
    ]);
    expect(w.isHeld(part)).toBe(true);
    // the buffer b20 after s20 has no place in the world: the body goes, and a new one stands on s30's
    // table if s30 took the part at once
    for (let t = sim.now / S; sim.state.stations.get("s20")!.part === part; t++) sim.advanceTo(t * S);
    const atS30 = sim.state.stations.get("s30")!.part === part;
    expect(w.hasPart(part)).toBe(atS30);
    if (atS30) {
      expect(w.position(part).x).toBeCloseTo(13, 6);
      expect(w.bodyHandle(part)).not.toBe(handle);
    }
  });

  it("a station standing in a belt's path is refused, naming both", () => {
    const sc = load(manual, "scenarios/assembly-manual.yaml");
    sc.stations = sc.stations.map((s) => (s.id === "s20" ? { ...s, position: [8.5, 0] } : s));
    expect(() => new Simulation(sc)).toThrow(
      'PHYS_ERR_STATION_ON_BELT: station "s20" stands in the path of belt "c10": a part on its table at (8.5, 0) reaches 3.73 … 4.07 m along the belt, which runs -0.39 … 4 m; move the station or the belt\'s `from` / `toPosition`',
    );
  });
});

describe("sensors a PLC reads", () => {
  it("the PLC cell at physics fidelity: the same parts as in flow; photo-eye and presence sensors as signals", () => {
    const sc = loadScenarioFile("scenarios/plc-cell.yaml");
    const flow = new Simulation(sc, { seed: 1 });
    flow.advanceTo(600 * S);
    const phys = new Simulation({ ...sc, fidelity: "physics" }, { seed: 1 });
    const seen: SimEvent[] = [];
    // stop where the first blank is at the end of the belt, in the exit eye's beam
    phys.advanceTo(10 * S);
    seen.push(...phys.drainEvents());
    expect(phys.state.signals.get("cv1/exit")).toBe(true);
    phys.advanceTo(600 * S);
    seen.push(...phys.drainEvents());
    // the belt stops and starts under the PLC: parts speed up by friction (a few mm), so an arrival can
    // fall into the next 10 ms scan; otherwise the same parts at the same times
    const done = (evs: SimEvent[]) => of(evs, "PartCompleted").map((e) => e.t);
    const want = done(flow.drainEvents());
    expect(done(seen).length).toBe(want.length);
    expect(want.length).toBeGreaterThan(50);
    done(seen).forEach((t, i) => {
      expect(Math.abs(t - want[i]!)).toBeLessThanOrEqual(20_000);
    });
    // the blank is taken at the belt's end (the eye clears), stands on the loading table for the robot's
    // 2 s, then on the machine's for its 5 s
    const changes = of(seen, "SignalChanged")
      .filter((e) => e.signal.includes("."))
      .map((e) => `${(e.t / S).toFixed(2)} ${e.signal}=${e.value}`);
    expect(changes.slice(0, 6)).toEqual([
      "9.97 cv1.exit=true",
      "10.02 cv1.exit=false",
      "10.02 load.present=true",
      "12.02 load.present=false",
      "12.02 m1.present=true",
      "16.97 cv1.exit=true",
    ]);
    expect(phys.state.signals.get("m1/present")).toBe(phys.state.stations.get("m1")!.part !== null);
  });
});

describe("robot collisions while the line runs", () => {
  it("a task pressing into its own table: a collision at the time the load-time check predicts, every cycle, with an alarm to acknowledge", () => {
    const sc = parseScenario(robotLine, "scenarios/assembly-robot.yaml", () => ({
      text: manual,
      fileName: "scenarios/assembly-manual.yaml",
    }));
    // the front seat moved over s20's table (top 0.75 m) and down: pressing 30 mm takes the tool into it
    for (const s of sc.stations) {
      if (s.id !== "s20") continue;
      const task = s.task as { frames: Record<string, unknown> };
      task.frames["seat-front"] = { station: "s20", x: -0.05, y: 0.3, z: 0.8 };
    }
    const predicted = checkStationTasks(sc).filter((c) => c.station === "s20");
    expect(predicted.length).toBeGreaterThan(0);
    const first = predicted[0]!;
    expect([first.robot, first.obstacle]).toEqual(["r20", "station:s20"]);

    const sim = new Simulation({ ...sc, fidelity: "physics" }, { seed: 1 });
    sim.advanceTo(1800 * S);
    const evs = sim.drainEvents();
    const starts = of(evs, "OperationStarted").filter((e) => e.station === "s20");
    const hits = of(evs, "RobotCollision");
    expect(starts.length).toBeGreaterThan(2);
    // every cycle collides, at the same offset into the task as the load-time check (robots at 100 %)
    for (const s of starts.slice(0, -1)) {
      const hit = hits.find((x) => x.t >= s.t && x.t < s.t + 60 * S && x.link === first.link)!;
      expect(hit).toBeDefined();
      expect(hit.t - s.t).toBe(first.t);
      expect([hit.robot, hit.obstacle]).toEqual(["r20", "station:s20"]);
    }
    const raised = of(evs, "AlarmRaised").filter((a) => a.code === "ROBOT_COLLISION");
    expect(raised.length).toBe(hits.length);
    expect(raised[0]!.message).toBe(`r20 ${hits[0]!.link} touches station:s20`);
    // it returned to normal at once and waits for an acknowledgement
    const alarm = sim.state.alarms.get(raised[0]!.alarm)!;
    expect([alarm.active, alarm.acked]).toEqual([false, false]);
  });
});
