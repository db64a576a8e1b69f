import { describe, expect, it } from "vitest";
import { createFrameData, decodeFrame, MEMBER_STATES, stateName } from "../../protocol/index";
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

describe("frame sampler", () => {
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
