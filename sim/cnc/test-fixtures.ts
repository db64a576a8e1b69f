import type { MachineDefinition } from "./machine-types";

/**
 * A machine with round figures so tests can time programs by hand: work offsets and tool lengths are
 * zero (program coordinates equal machine coordinates), every axis has rapid 0.5 m/s, max feed 0.25 m/s
 * and acceleration 2 m/s²; the spindle ramps 10,000 rpm per second; a tool change takes 2 s.
 */
export const TEST_MILL: MachineDefinition = {
  id: "test-mill",
  name: "test mill",
  kind: "mill",
  axes: {
    X: { min: -1, max: 1, rapid: 0.5, maxFeed: 0.25, accel: 2 },
    Y: { min: -1, max: 1, rapid: 0.5, maxFeed: 0.25, accel: 2 },
    Z: { min: -1, max: 1, rapid: 0.5, maxFeed: 0.25, accel: 2 },
  },
  home: { x: 0, y: 0, z: 0 },
  spindle: { maxRpm: 10000, rampS: 1 },
  toolChanger: { kind: "m6", changeS: 2, magazineSize: 10 },
  junctionDeviationM: 0.01e-3,
  defaultPathMode: "exact",
  peckClearanceM: 0.1e-3,
  defaults: { plane: 17, units: 21, feedMode: 94, distance: 90 },
  diameterX: false,
  ignorable: ["G187"],
  setup: {
    workOffsets: {
      G54: { x: 0, y: 0, z: 0 },
      G55: { x: 0.1, y: 0, z: 0 },
      G56: { x: 0, y: 0.1, z: 0 },
      G57: { x: 0, y: 0, z: 0 },
      G58: { x: 0, y: 0, z: 0 },
      G59: { x: 0, y: 0, z: 0 },
    },
    tools: {
      1: { lengthM: 0, life: { kind: "time", limitS: 3 } },
      2: { lengthM: 0.05, life: { kind: "count", limit: 2 } },
      3: { lengthM: 0, life: { kind: "distance", limitM: 0.025 } },
    },
    defaultToolLengthM: 0,
  },
};

/**
 * Reference time of a rest-to-rest move, s, written out independently of the planner: a trapezoid
 * when the cruise speed v (m/s) is reached within length L (m) at acceleration a (m/s²), else a triangle.
 */
export function restToRest(length: number, v: number, a: number): number {
  return length >= (v * v) / a ? length / v + v / a : 2 * Math.sqrt(length / a);
}
