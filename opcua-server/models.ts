import { createMotionSample, type Simulation } from "../sim/index";

/**
 * What the OPC UA adapter reads from the machine models that sit beside the line model. The shapes are
 * structural subsets of `CncMachine` (sim/cnc) and of the robot kinematics, so the simulation can hand
 * its own objects over unchanged. A station without a CNC model is shown from the line model alone
 * (state, program name from the operation); a robot nobody samples stands in its home pose.
 */

export type CncToolLifeView =
  | { kind: "count"; limit: number }
  | { kind: "time"; limitS: number }
  | { kind: "distance"; limitM: number };

export interface CncToolView {
  tool: number;
  life: CncToolLifeView | null;
  /** tool calls */
  count: number;
  /** cutting time, s */
  cutS: number;
  /** cutting distance, m */
  cutM: number;
  worn: boolean;
}

export interface CncAxisRange {
  /** m, machine coordinates */
  min: number;
  /** m, machine coordinates */
  max: number;
}

export interface CncStateView {
  mode: "Manual" | "MDA" | "Automatic";
  program: "Ready" | "Running" | "Interrupted" | "Stopped" | "Aborted";
  programName: string | null;
  /** % */
  feedPct: number;
  /** % */
  spindlePct: number;
  /** % */
  rapidPct: number;
  cyclesCompleted: number;
  tool: number;
  tools: Readonly<Record<number, CncToolView>>;
  def: {
    name: string;
    axes: Partial<Record<"X" | "Y" | "Z", CncAxisRange>>;
    spindle: { /** rpm */ maxRpm: number };
  };
}

export interface CncSampleView {
  /** m, machine coordinates */
  x: number;
  y: number;
  z: number;
  /** rpm, ≥ 0 */
  spindleRpm: number;
  /** 1 CW, -1 CCW, 0 stopped */
  spindleDir: number;
  /** NC file line of the active block, 0 when none */
  line: number;
  /** path speed, m/s */
  speed: number;
}

/** A CNC machine as the adapter sees it; `CncMachine` from sim/cnc satisfies it. */
export interface CncModelView {
  readonly state: Readonly<CncStateView>;
  /** the machine at simulation time `tUs` (µs) */
  sample(tUs: number): CncSampleView;
}

export interface ModelProviders {
  /** the CNC model driving a `kind: cnc` station, if the simulation has one */
  cnc?(station: string): CncModelView | undefined;
  /**
   * Joint values of a robot at simulation time `tUs` (µs) into `out` (rad for revolute, m for prismatic
   * joints); false when it does not model that robot. Same shape as the live twin's MachineSamples.
   */
  robotJoints?(robot: string, tUs: number, out: Float64Array): boolean;
}

/**
 * The providers to use: those given, else the simulation's own: `sim.cncMachine(id)` for CNC stations
 * and `sim.robotPose(id, sample, t)` for robot joints.
 */
export function resolveModels(sim: Simulation, given: ModelProviders | undefined): Required<ModelProviders> {
  const pose = createMotionSample();
  return {
    cnc: given?.cnc ?? ((id) => sim.cncMachine(id)),
    robotJoints:
      given?.robotJoints ??
      ((id, tUs, out) => {
        if (sim.robotPose(id, pose, tUs) === null) return false;
        for (let j = 0; j < out.length; j++) out[j] = pose.q[j] ?? 0;
        return true;
      }),
  };
}
