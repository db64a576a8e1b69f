import { describe, expect, it } from "vitest";
import { createFrameData, encodeFrame, type FrameData, frameByteLength } from "../../../protocol/index";
import { FrameRing } from "./frame-ring";

const shape = { jointCount: 2, cncChannelCount: 0, memberCount: 1 };

function frame(
  seq: number,
  tUs: number,
  joint: number,
  parts: [number, number][],
  paused = false,
  heading = 3.1,
): Uint8Array {
  const f: FrameData = createFrameData(shape, 8);
  f.seq = seq;
  f.tUs = tUs;
  f.speed = 1;
  f.paused = paused;
  f.joints.set([joint, -joint]);
  f.members.set([joint, 0, heading]);
  f.partCount = parts.length;
  parts.forEach(([id, x], i) => {
    f.partIds[i] = id;
    f.partAttach[i] = -1;
    f.partPos[i * 3] = x;
  });
  return encodeFrame(f, shape, new Uint8Array(frameByteLength(shape, parts.length)));
}

describe("frame ring (viewer interpolation)", () => {
  it("shows the state between the two frames around the play-out time", () => {
    const ring = new FrameRing(shape);
    ring.intervalMs = 100;
    ring.push(frame(1, 0, 0, [[7, 0]]), 1000);
    ring.push(
      frame(2, 100_000, 1, [
        [7, 1],
        [8, 5],
      ]),
      1100,
    );
    // at wall 1100 the view runs 1.5 intervals (150 ms = 150 000 µs at ×1) behind the newest frame
    ring.update(1150);
    // target = 100 000 + (50 − 150) × 1000 = 0 … so the view is the older frame
    expect(ring.viewUs).toBe(0);
    ring.update(1200);
    // target 50 000 µs: half way
    expect(ring.viewUs).toBe(50_000);
    expect(ring.view.joints[0]).toBeCloseTo(0.5, 6);
    expect(ring.view.joints[1]).toBeCloseTo(-0.5, 6);
    // part 7 is in both frames: interpolated; part 8 only in the newer one: shown where it is
    expect(ring.view.partCount).toBe(2);
    expect(ring.view.partPos[0]).toBeCloseTo(0.5, 6);
    expect(ring.view.partPos[3]).toBeCloseTo(5, 6);
  });

  it("never extrapolates past the newest frame, and holds still while paused", () => {
    const ring = new FrameRing(shape);
    ring.intervalMs = 100;
    ring.push(frame(1, 0, 0, []), 1000);
    ring.push(frame(2, 100_000, 1, []), 1100);
    ring.update(5000);
    expect(ring.viewUs).toBe(100_000);
    expect(ring.view.joints[0]).toBe(1);
    const paused = new FrameRing(shape);
    paused.push(frame(1, 100_000, 1, [], true), 1000);
    paused.push(frame(2, 100_000, 1, [], true), 1100);
    paused.update(1300);
    expect(paused.viewUs).toBe(100_000);
  });

  it("turns headings the short way round", () => {
    const ring = new FrameRing(shape);
    ring.intervalMs = 100;
    // from 3.1 rad to −3.1 rad is 0.083 rad through π, not 6.2 rad through 0
    ring.push(frame(1, 0, 0, [], false, 3.1), 1000);
    ring.push(frame(2, 100_000, 0, [], false, -3.1), 1100);
    ring.update(1200);
    expect(Math.abs(ring.view.members[2]!)).toBeCloseTo(Math.PI, 5);
  });

  it("refuses a frame of another layout and keeps the previous view", () => {
    const ring = new FrameRing(shape);
    ring.push(frame(1, 0, 0.25, []), 1000);
    const other = createFrameData({ jointCount: 3, cncChannelCount: 0, memberCount: 1 });
    const bytes = encodeFrame(
      other,
      { jointCount: 3, cncChannelCount: 0, memberCount: 1 },
      new Uint8Array(frameByteLength({ jointCount: 3, cncChannelCount: 0, memberCount: 1 }, 0)),
    );
    expect(ring.push(bytes, 1100)).toBe("frame of 48 bytes, expected 44 for this layout");
    expect(ring.rejected).toBe(1);
    ring.update(2000);
    expect(ring.view.joints[0]).toBe(0.25);
  });
});
