import { describe, expect, it } from "vitest";
import { createFrameData, encodeFrame, type FrameData, frameByteLength } from "../../../protocol/index";
import { FrameRing, lerpFrame, nlerpQuat } from "./frame-ring";

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

  it("turns physics parts between frames without a jump: 0° → 90° about z is 45° half way", () => {
    const posed = (seq: number, tUs: number, yawDeg: number) => {
      const f = createFrameData(shape, 1);
      f.seq = seq;
      f.tUs = tUs;
      f.speed = 1;
      f.rotations = true;
      f.partCount = 1;
      f.partIds[0] = 9;
      f.partAttach[0] = -1;
      f.partPos.set([yawDeg / 90, 0, 1]);
      const h = (yawDeg * Math.PI) / 360;
      f.partRot.set([0, 0, Math.sin(h), Math.cos(h)]);
      return encodeFrame(f, shape, new Uint8Array(frameByteLength(shape, 1, true)));
    };
    const ring = new FrameRing(shape);
    ring.intervalMs = 100;
    ring.push(posed(1, 0, 0), 1000);
    ring.push(posed(2, 100_000, 90), 1100);
    ring.update(1200);
    expect(ring.viewUs).toBe(50_000);
    expect(ring.view.rotations).toBe(true);
    const s = Math.sin(Math.PI / 8);
    const c = Math.cos(Math.PI / 8);
    expect(ring.view.partRot[2]).toBeCloseTo(s, 4);
    expect(ring.view.partRot[3]).toBeCloseTo(c, 4);
    expect(ring.view.partPos[0]).toBeCloseTo(0.5, 6);
    // played out in 5 ms steps the angle never moves by more than its share (90° / 20) plus nlerp's
    // uneven speed (5.5 % faster than slerp half way through a 90° turn; frames are far closer)
    ring.update(1100);
    let prevZ = ring.view.partRot[2]!;
    let prevW = ring.view.partRot[3]!;
    expect(prevZ).toBe(0);
    for (let t = 1105; t <= 1250; t += 5) {
      ring.update(t);
      const z = ring.view.partRot[2]!;
      const w = ring.view.partRot[3]!;
      const step = 2 * Math.acos(Math.min(1, Math.abs(z * prevZ + w * prevW)));
      expect(step).toBeLessThan(((90 / 20) * 1.06 * Math.PI) / 180);
      prevZ = z;
      prevW = w;
    }
    expect(prevZ).toBeCloseTo(Math.SQRT1_2, 4);
  });

  it("takes the shorter arc: +10° to −10° about z passes through 0°, even when b is sent as −q", () => {
    const h = (10 * Math.PI) / 360;
    const qa = new Float32Array([0, 0, Math.sin(h), Math.cos(h)]);
    // −10° written as its negative (−q): the same rotation, the other sign
    const qb = new Float32Array([0, 0, Math.sin(h), -Math.cos(h)]);
    const out = new Float32Array(8);
    nlerpQuat(qa, 0, qb, 0, 0.5, out, 4);
    expect([...out.subarray(4)].map((v) => Math.round(Math.abs(v) * 1e6) / 1e6)).toEqual([0, 0, 0, 1]);
    nlerpQuat(qa, 0, qb, 0, 1, out, 0);
    // f = 1 lands on b's rotation (as +q or −q)
    expect(Math.abs(out[2]! * qb[2]! + out[3]! * qb[3]!)).toBeCloseTo(1, 6);
  });

  it("shows a part that changed hands (another attach) at its new pose without turning it", () => {
    const a = createFrameData(shape, 1);
    const b = createFrameData(shape, 1);
    for (const [f, attach, z] of [
      [a, -1, 0],
      [b, 0, 1],
    ] as const) {
      f.rotations = true;
      f.partCount = 1;
      f.partIds[0] = 3;
      f.partAttach[0] = attach;
      f.partRot.set([0, 0, z, 1 - z]);
    }
    const out = createFrameData(shape, 1);
    lerpFrame(a, b, 0.25, out);
    expect([...out.partRot.subarray(0, 4)]).toEqual([0, 0, 1, 0]);
  });
});
