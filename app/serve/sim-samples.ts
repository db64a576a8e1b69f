import type { Vec2 } from "../../protocol/index";
import { type CncSample, createMotionSample, emptyCncSample, type Simulation } from "../../sim/index";
import type { MachineSamples } from "./frames";

/** Travels [min, max] of X, Y, Z of a station's CNC machine, m (machine coordinates), or null. */
export function cncTravel(sim: Simulation, station: string): [Vec2, Vec2, Vec2] | null {
  const m = sim.cncMachine(station);
  if (m === undefined) return null;
  const a = m.state.def.axes;
  const r = (s: { min: number; max: number } | undefined): Vec2 =>
    s === undefined ? [0, 0] : [s.min, s.max];
  return [r(a.X), r(a.Y), r(a.Z)];
}

/**
 * The simulation's own machine models as frame samples: CNC axes, spindle and door from each station's
 * CncMachine (the NC program's planned motion), and robot joints from a station's robot task plan while
 * the robot runs it. Where the simulation has no model (a robot between tasks, a station without a
 * task), the sampler answers false and the twin shows its estimate.
 */
export function simMachineSamples(sim: Simulation): MachineSamples {
  const cnc: CncSample = emptyCncSample();
  const motion = createMotionSample();
  return {
    cncChannels(id, tUs, out) {
      const m = sim.cncMachine(id);
      if (m === undefined) return false;
      m.sample(tUs, cnc);
      out[0] = cnc.x;
      out[1] = cnc.y;
      out[2] = cnc.z;
      out[3] = 0;
      out[4] = cnc.spindleRpm;
      out[5] = m.state.doorOpen ? 1 : 0;
      return true;
    },
    robotJoints(id, tUs, out) {
      // only a planned task is a sample; otherwise the viewer estimates the motion itself
      if (sim.robotPose(id, motion, tUs) !== "task") return false;
      for (let i = 0; i < out.length; i++) out[i] = motion.q[i] ?? 0;
      return true;
    },
  };
}
