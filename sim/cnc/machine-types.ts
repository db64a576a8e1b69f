/**
 * A machine tool as plain data: what the interpreter checks a program against and what the planner
 * needs to time it. SI units throughout (m, m/s, m/s², s, rpm). Machine coordinates are those of the
 * controlled point without offsets: the spindle gauge line on a mill, the turret reference on a lathe.
 */

export type AxisName = "X" | "Y" | "Z";

export interface AxisSpec {
  /** lower travel limit, m (machine coordinates) */
  min: number;
  /** upper travel limit, m (machine coordinates) */
  max: number;
  /** rapid traverse rate, m/s */
  rapid: number;
  /** highest programmable cutting feed, m/s */
  maxFeed: number;
  /** acceleration used by the planner, m/s² */
  accel: number;
}

/** A position in machine coordinates, m. A lathe has no Y axis: its y stays 0. */
export interface Vec3 {
  x: number;
  y: number;
  z: number;
}

/** Tool life as tool-management controllers count it (OPC 40501 ToolLifeIndication). */
export type ToolLife =
  /** number of tool calls (M6 or turret index) */
  | { kind: "count"; limit: number }
  /** cutting time, s (time spent in G1/G2/G3 and canned-cycle feeds) */
  | { kind: "time"; limitS: number }
  /** cutting distance, m */
  | { kind: "distance"; limitM: number };

export interface ToolSpec {
  /** gauge line to tool tip along Z, m (the tool length offset G43 H and a turret index apply) */
  lengthM: number;
  /** cutter diameter, m (informative: cutter compensation is not interpreted) */
  diameterM?: number | undefined;
  name?: string | undefined;
  life?: ToolLife | undefined;
}

export type WorkOffsetCode = "G54" | "G55" | "G56" | "G57" | "G58" | "G59";

/** How a machine is set up for a job: work offsets and the tool table. */
export interface MachineSetup {
  /** machine position of each work zero, m (for a lathe, x is the spindle centre line) */
  workOffsets: Record<WorkOffsetCode, Vec3>;
  /** tool table by tool (and offset) number */
  tools: Record<number, ToolSpec>;
  /** length of a tool missing from the table, m */
  defaultToolLengthM: number;
}

export interface MachineDefinition {
  /** library id, e.g. `vmc-3axis` */
  id: string;
  name: string;
  kind: "mill" | "lathe";
  /** the axes the machine has; a program that names another axis is rejected */
  axes: Partial<Record<AxisName, AxisSpec>>;
  /** reference point G28 returns to, and where a cycle starts, m (machine coordinates) */
  home: Vec3;
  spindle: {
    /** rpm */
    maxRpm: number;
    /** time from standstill to maxRpm (and back), s; ramps are linear */
    rampS: number;
  };
  toolChanger: {
    /** `m6`: T selects, M6 changes (machining centre); `turret`: T0101 indexes at once (lathe) */
    kind: "m6" | "turret";
    /** one change or index, chip to chip, s */
    changeS: number;
    /** number of pockets or stations; tool numbers run 1..magazineSize */
    magazineSize: number;
  };
  /** corner tolerance of the continuous-path look-ahead (junction deviation), m */
  junctionDeviationM: number;
  /** path control when the program says neither G61 nor G64 */
  defaultPathMode: "exact" | "continuous";
  /** peck clearance d of G73 and G83 (Fanuc parameter 5114/5115), m */
  peckClearanceM: number;
  /** modal state at program start */
  defaults: { plane: 17 | 18 | 19; units: 20 | 21; feedMode: 94 | 95; distance: 90 | 91 };
  /** X words are diameters (lathe convention); I stays a radius value */
  diameterX: boolean;
  /** words (`G187`, `M31`) the controller accepts and this simulation skips without effect */
  ignorable: string[];
  /** setup used when the caller gives none */
  setup: MachineSetup;
}
