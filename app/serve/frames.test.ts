import { beforeAll, describe, expect, it } from "vitest";
import {
  createFrameData,
  decodeFrame,
  type FrameData,
  frameByteLength,
  MEMBER_STATES,
  stateName,
} from "../../protocol/index";
import type { Scenario } from "../../sim/index";
import { initPhysics } from "../../sim/physics/index";
import { LiveTwin } from "./live-twin";
import { loadScenarioFile } from "./scenario-files";

function twinAt(tUs: number): LiveTwin {
  const t = new LiveTwin({
    scenario: loadScenarioFile("scenarios/workshop.yaml"),
    file: "workshop.yaml",
    runId: "r",
  });
  t.runner.fastForward(tUs);
  return t;
}

/** The physics twin run until belt c10 carries a part with a body. */
function physicsTwinWithPartOnBelt(scenario: Scenario): LiveTwin {
  const t = new LiveTwin({ scenario, file: "assembly-physics.yaml", runId: "p" });
  let tries = 0;
  while (
    (t.sim.state.conveyors.get("c10")!.items.length === 0 ||
      (t.sim.physics?.partPoses().length ?? 0) === 0) &&
    tries++ < 400
  )
    t.runner.fastForward(t.sim.now + 2e6);
  expect(t.sim.state.conveyors.get("c10")!.items.length).toBeGreaterThan(0);
  return t;
}

function decoded(t: LiveTwin): { f: FrameData; bytes: Uint8Array } {
  const { bytes } = t.frame();
  const f = createFrameData(t.layout);
  expect(decodeFrame(bytes, t.layout, f)).toBeNull();
  return { f, bytes };
}

/** Index of the frame record with this id. */
function recordOf(f: FrameData, id: number | undefined): number {
  for (let i = 0; i < f.partCount; i++) if (f.partIds[i] === id) return i;
  return -1;
}

/** f32 rounding of a coordinate of a few metres, m */
const F32_TOL = 1e-6;
/** i16 rounding of a quaternion component */
const Q_TOL = 0.5 / 32767 + 1e-7;

describe("frame sampler, physics fidelity", () => {
  beforeAll(async () => {
    await initPhysics();
  });

  it("places every part with a body at its physics pose (position and rotation), once per frame", () => {
    const t = physicsTwinWithPartOnBelt(loadScenarioFile("scenarios/assembly-physics.yaml"));
    const poses = t.sim.physics!.partPoses();
    const { f, bytes } = decoded(t);
    expect(f.rotations).toBe(true);
    expect(bytes.byteLength).toBe(frameByteLength(t.layout, f.partCount, true));
    const onBelt = new Set(t.sim.state.conveyors.get("c10")!.items.map((it) => it.part));
    let belt = 0;
    for (const p of poses) {
      const i = recordOf(f, t.frames.partId(p.part));
      expect(i, `part ${p.part} in the frame`).toBeGreaterThanOrEqual(0);
      expect(f.partAttach[i]).toBe(-1);
      for (let k = 0; k < 3; k++)
        expect(Math.abs(f.partPos[i * 3 + k]! - p.position[k]!)).toBeLessThan(F32_TOL);
      const sign = p.rotation[3] < 0 ? -1 : 1;
      for (let k = 0; k < 4; k++)
        expect(Math.abs(f.partRot[i * 4 + k]! - sign * p.rotation[k]!)).toBeLessThan(Q_TOL);
      if (onBelt.has(p.part)) belt++;
    }
    expect(belt).toBeGreaterThan(0);
    // the belt's surface is 0.8 m up: a housing on it has its centre above that, not at the analytic spot
    const head = poses.find((p) => onBelt.has(p.part))!;
    expect(head.position[2]).toBeGreaterThan(0.8);
    expect(head.position[2]).toBeLessThan(1.2);
  }, 60_000);

  it("sends the body's rotation: a belt laid at 45° turns its parts 45° about z", () => {
    const base = loadScenarioFile("scenarios/assembly-physics.yaml");
    const scenario: Scenario = {
      ...base,
      conveyors: base.conveyors.map((c) => (c.id === "c10" ? { ...c, toPosition: [8.6, 4] } : c)),
    };
    const t = physicsTwinWithPartOnBelt(scenario);
    const { f } = decoded(t);
    const serial = t.sim.state.conveyors.get("c10")!.items[0]!.part;
    const i = recordOf(f, t.frames.partId(serial));
    expect(i).toBeGreaterThanOrEqual(0);
    // yaw π/4 about z: (0, 0, sin π/8, cos π/8)
    const want = [0, 0, Math.sin(Math.PI / 8), Math.cos(Math.PI / 8)];
    for (let k = 0; k < 4; k++) expect(Math.abs(f.partRot[i * 4 + k]! - want[k]!)).toBeLessThan(1e-3);
    // and it sits on the diagonal from the belt's entry (4.6, 0): y = x − 4.6
    expect(Math.abs(f.partPos[i * 3 + 1]! - (f.partPos[i * 3]! - 4.6))).toBeLessThan(0.01);
  }, 60_000);
});

describe("frame sampler", () => {
  it("sends flow frames without rotations: 20 bytes a part, identities after decoding", () => {
    const t = twinAt(1800e6);
    const { f, bytes } = decoded(t);
    expect(f.rotations).toBe(false);
    expect(f.partCount).toBeGreaterThan(0);
    expect(bytes.byteLength).toBe(frameByteLength(t.layout, f.partCount));
    expect(bytes[1]! & 2).toBe(0);
    for (let i = 0; i < f.partCount; i++) expect(f.partRot[i * 4 + 3]).toBe(1);
  });

  it("puts parts on the belt where the line model has them (from (7,0) to (13,0) on the floor)", () => {
    // step until the belt carries parts, then compare with the simulation's own positions
    const t = twinAt(1800e6);
    let tries = 0;
    while (t.sim.state.conveyors.get("belt")!.items.length === 0 && tries++ < 200)
      t.runner.fastForward(t.sim.now + 5e6);
    expect(t.sim.state.conveyors.get("belt")!.items.length).toBeGreaterThan(0);
    const { bytes } = t.frame();
    const f = createFrameData(t.layout);
    expect(decodeFrame(bytes, t.layout, f)).toBeNull();
    const expected = t.sim.conveyorPositions("belt").map((s) => 7 + s);
    const onBelt: number[] = [];
    for (let i = 0; i < f.partCount; i++) {
      if (Math.abs(f.partPos[i * 3 + 1]!) < 1e-6 && f.partPos[i * 3]! >= 7 && f.partPos[i * 3]! <= 13) {
        onBelt.push(f.partPos[i * 3]!);
      }
    }
    expect(onBelt.length).toBe(expected.length);
    onBelt.sort((a, b) => b - a);
    onBelt.forEach((x, i) => {
      expect(x).toBeCloseTo(expected[i]!, 4);
    });
  });

  it("counts every part in the system once, with stable ids from frame to frame", () => {
    const t = twinAt(3600e6);
    const f = createFrameData(t.layout);
    decodeFrame(t.frame().bytes, t.layout, f);
    const st = t.sim.state;
    const held =
      [...st.sources.values()].filter((s) => s.held !== null).length +
      [...st.buffers.values()].reduce((n, b) => n + b.queue.length, 0) +
      [...st.conveyors.values()].reduce((n, c) => n + c.items.length, 0) +
      [...st.stations.values()].filter((s) => s.part !== null).length;
    expect(f.partCount).toBe(held);
    const ids = new Set(f.partIds.subarray(0, f.partCount));
    expect(ids.size).toBe(f.partCount);
    // a second frame a moment later keeps the ids of the parts still there
    t.runner.fastForward(t.sim.now + 1e6);
    const g = createFrameData(t.layout);
    decodeFrame(t.frame().bytes, t.layout, g);
    const kept = [...g.partIds.subarray(0, g.partCount)].filter((id) => ids.has(id)).length;
    expect(kept).toBeGreaterThanOrEqual(Math.min(f.partCount, g.partCount) - 2);
  });

  it("sends the line model's states and the members' states", () => {
    const t = twinAt(1800e6);
    const { states } = t.frame();
    for (const e of t.layout.entities) {
      if (e.kind !== "station") continue;
      expect(stateName(states[e.stateIndex]!)).toBe(t.sim.state.stations.get(e.id)!.state);
    }
    const base = t.layout.entities.length;
    for (const tr of t.motion.tracks) expect(MEMBER_STATES[states[base + tr.index]!]).toBe(tr.state);
  });
});
