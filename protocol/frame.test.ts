import { describe, expect, it } from "vitest";
import { createFrameData, decodeFrame, encodeFrame, frameByteLength } from "./frame";

const shape = { jointCount: 7, cncChannelCount: 12, memberCount: 3 };

function sample() {
  const f = createFrameData(shape, 3);
  f.seq = 4_000_000_001;
  f.tUs = 1_800_000_123_456; // beyond f32 precision: must survive as f64
  f.speed = 12.5;
  f.paused = true;
  f.joints.set([0.5, -1.25, 2, 0, 0, 0.125, 1.5]);
  f.cnc.set([0.1, 0.2, -0.3, 3.5, 8000, 1, 0, 0, 0, 0, 0, 0]);
  f.members.set([1, 2, 0.5, 3, 4, -0.5, 5, 6, 3]);
  f.partCount = 3;
  f.partIds.set([7, 70000, 4_294_967_295]);
  f.partProduct.set([0, 1, 65535]);
  f.partAttach.set([-1, 0, 1]);
  f.partPos.set([1, 2, 3, 4.5, 5.5, 6.5, -1, -2, 0.25]);
  return f;
}

describe("frame codec", () => {
  it("has the documented size: 24-byte header, 4 bytes per float, 20 bytes per part", () => {
    expect(frameByteLength(shape, 0)).toBe(24 + 4 * (7 + 12 + 9));
    expect(frameByteLength(shape, 3)).toBe(24 + 4 * 28 + 60);
  });

  it("round-trips every field, growing the part arrays of the target", () => {
    const f = sample();
    const bytes = encodeFrame(f, shape, new Uint8Array(frameByteLength(shape, 3)));
    const out = createFrameData(shape, 1);
    expect(decodeFrame(bytes, shape, out)).toBeNull();
    expect(out.seq).toBe(4_000_000_001);
    expect(out.tUs).toBe(1_800_000_123_456);
    expect(out.speed).toBe(12.5);
    expect(out.paused).toBe(true);
    expect([...out.joints]).toEqual([0.5, -1.25, 2, 0, 0, 0.125, 1.5]);
    expect(out.cnc[4]).toBe(8000);
    expect([...out.members]).toEqual([1, 2, 0.5, 3, 4, -0.5, 5, 6, 3]);
    expect(out.partCount).toBe(3);
    expect([...out.partIds.subarray(0, 3)]).toEqual([7, 70000, 4_294_967_295]);
    expect([...out.partProduct.subarray(0, 3)]).toEqual([0, 1, 65535]);
    expect([...out.partAttach.subarray(0, 3)]).toEqual([-1, 0, 1]);
    expect([...out.partPos.subarray(0, 9)]).toEqual([1, 2, 3, 4.5, 5.5, 6.5, -1, -2, 0.25]);
  });

  it("reads a block that sits at an offset inside a larger buffer (a Node Buffer slice)", () => {
    const f = sample();
    const big = new Uint8Array(1000);
    const view = big.subarray(13, 13 + frameByteLength(shape, 3));
    encodeFrame(f, shape, view);
    const out = createFrameData(shape);
    expect(decodeFrame(view, shape, out)).toBeNull();
    expect(out.partPos[8]).toBe(0.25);
  });

  it("refuses blocks that do not fit, and leaves the target untouched", () => {
    const f = sample();
    const bytes = encodeFrame(f, shape, new Uint8Array(frameByteLength(shape, 3)));
    const out = createFrameData(shape);
    out.seq = 99;
    const other = { ...shape, jointCount: 6 };
    expect(decodeFrame(bytes, other, out)).toBe("frame of 196 bytes, expected 192 for this layout");
    expect(decodeFrame(bytes.subarray(0, 10), shape, out)).toBe(
      "frame of 10 bytes is shorter than its header",
    );
    const v1 = bytes.slice();
    v1[0] = 1;
    expect(decodeFrame(v1, shape, out)).toBe("frame format 1, expected 2");
    // a block whose flag says "rotations" but whose records have none does not fit either
    const flagged = bytes.slice();
    flagged[1] = 3;
    expect(decodeFrame(flagged, shape, out)).toBe("frame of 196 bytes, expected 220 for this layout");
    expect(out.seq).toBe(99);
  });

  it("with rotations: 28 bytes a part, quaternions to 1/32767, flagged in the header", () => {
    const f = sample();
    f.rotations = true;
    // 90° about z; 120° about (1,1,1)/√3; the same 90° about z as −q and unnormalised (×2)
    const h = Math.SQRT1_2;
    f.partRot.set([0, 0, h, h, 0.5, 0.5, 0.5, 0.5, 0, 0, -2 * h, -2 * h]);
    expect(frameByteLength(shape, 3, true)).toBe(24 + 4 * 28 + 3 * 28);
    const bytes = encodeFrame(f, shape, new Uint8Array(frameByteLength(shape, 3, true)));
    expect(bytes[1]).toBe(3); // paused | rotations
    const out = createFrameData(shape, 1);
    expect(decodeFrame(bytes, shape, out)).toBeNull();
    expect(out.rotations).toBe(true);
    expect(out.paused).toBe(true);
    expect([...out.partPos.subarray(0, 9)]).toEqual([1, 2, 3, 4.5, 5.5, 6.5, -1, -2, 0.25]);
    expect([...out.partAttach.subarray(0, 3)]).toEqual([-1, 0, 1]);
    const want = [0, 0, h, h, 0.5, 0.5, 0.5, 0.5, 0, 0, h, h];
    want.forEach((q, i) => {
      expect(Math.abs(out.partRot[i]! - q)).toBeLessThanOrEqual(0.5 / 32767 + 1e-7);
    });
    // i16 of 0.5 is 16384 (rounded from 16383.5)
    expect(out.partRot[4]).toBe(Math.fround(16384 / 32767));
  });

  it("without rotations every part reads as the identity, even in a target that held rotations", () => {
    const posed = sample();
    posed.rotations = true;
    posed.partRot.set([0, 0, 1, 0, 0, 1, 0, 0, 1, 0, 0, 0]);
    const out = createFrameData(shape);
    decodeFrame(encodeFrame(posed, shape, new Uint8Array(frameByteLength(shape, 3, true))), shape, out);
    expect(out.partRot[2]).toBe(1);
    const flat = encodeFrame(sample(), shape, new Uint8Array(frameByteLength(shape, 3)));
    expect(flat.byteLength).toBe(196);
    expect(decodeFrame(flat, shape, out)).toBeNull();
    expect(out.rotations).toBe(false);
    expect([...out.partRot.subarray(0, 12)]).toEqual([0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 1]);
  });

  it("sends a zero quaternion (never set) as the identity", () => {
    const f = sample();
    f.rotations = true;
    f.partRot.fill(0);
    const out = createFrameData(shape);
    decodeFrame(encodeFrame(f, shape, new Uint8Array(frameByteLength(shape, 3, true))), shape, out);
    expect([...out.partRot.subarray(0, 4)]).toEqual([0, 0, 0, 1]);
  });

  it("encodeFrame insists on an exactly sized buffer", () => {
    expect(() => encodeFrame(sample(), shape, new Uint8Array(10))).toThrow(
      "frame buffer is 10 bytes, needs 196",
    );
    const f = sample();
    f.rotations = true;
    expect(() => encodeFrame(f, shape, new Uint8Array(196))).toThrow("frame buffer is 196 bytes, needs 220");
  });
});
