/**
 * The `layout` message: everything static about the running twin, sent once per connection (and again
 * after a restart). Frames refer to it by index, so they carry numbers only. Coordinates are the
 * scenario's floor plan: x and y in metres on the floor, z up; angles in radians.
 */

import type { StateName } from "./states";

/** [x, y] on the floor, m */
export type Vec2 = [number, number];
/** [x, y, z], m (z up) */
export type Vec3 = [number, number, number];

export type EntityKind = "source" | "buffer" | "conveyor" | "station" | "sink";
export type StationKind = "manual" | "automatic" | "robot" | "cnc";

export interface EntityLayout {
  id: string;
  name: string;
  kind: EntityKind;
  /** for stations: how the work is done */
  stationKind?: StationKind | undefined;
  /** centre of the footprint on the floor, m */
  position: Vec2;
  /** turn about z, rad */
  yaw: number;
  /** footprint and height [length along x, depth along y, height], m */
  size: Vec3;
  /** index into `FrameMessage.s` (states) */
  stateIndex: number;
  /** conveyors: belt from `from` to `to` (m), width (m), pitch between parts (m) */
  conveyor?: { from: Vec2; to: Vec2; length: number; width: number; pitch: number } | undefined;
  /** buffers: parts it holds at most (null: unlimited) */
  capacity?: number | null | undefined;
  /** CNC machines: where their channels start in the frame's CNC section, and the axis travels */
  cnc?: CncLayout | undefined;
  /** the robot serving the station, or the operator pool attending it */
  robot?: string | undefined;
  operators?: string | undefined;
  /** stations only: the ideal cycle time, s */
  idealCycleS?: number | undefined;
  /** where the entity sits in the OPC UA address space (names joined by "/"), null when not exposed */
  browsePath: string | null;
  /** faults may be injected here */
  faultable: boolean;
}

/**
 * Per CNC machine, `CNC_CHANNELS` floats in the frame: X, Y, Z (m, from the machine's zero, inside
 * `travel`), spindle angle (rad), spindle speed (rpm), door opening (0 closed … 1 open).
 */
export interface CncLayout {
  /** index of the machine's first channel in the frame's CNC section */
  offset: number;
  /** [min, max] of X, Y, Z, m */
  travel: [Vec2, Vec2, Vec2];
  /** true while the twin only estimates the motion (no machine model samples yet) */
  estimated: boolean;
}

/**
 * One joint of a serial chain in the style of URDF: the joint frame is the parent frame moved by
 * `origin` (translation, then roll-pitch-yaw about fixed x, y, z), and the joint turns about (or slides
 * along) `axis` of that frame by θ = sign·q + offset (+ gain·q[couple.joint] when coupled).
 */
export interface JointLayout {
  name: string;
  type: "revolute" | "prismatic";
  /** m */
  xyz: Vec3;
  /** rad */
  rpy: Vec3;
  axis: Vec3;
  sign: number;
  /** rad or m */
  offset: number;
  couple?: { joint: number; gain: number } | undefined;
  /** rad or m */
  min: number;
  max: number;
}

export interface RobotLayout {
  id: string;
  name: string;
  /** library id, e.g. "ur5e", and the maker's name for it */
  model: string;
  modelName: string;
  kind: "articulated" | "collaborative" | "gantry";
  /** base on the floor, m, and its turn about z, rad */
  position: Vec2;
  yaw: number;
  /** height of the base frame above the floor (pedestal), m */
  baseZ: number;
  /** index of joint 1 in the frame's joint section */
  jointOffset: number;
  joints: JointLayout[];
  /** fixed step from the last joint frame to the flange */
  flange: { xyz: Vec3; rpy: Vec3 };
  /** rated payload, kg; reach, m */
  payload: number;
  reach: number;
  /** index into `FrameMessage.s` (member state) and the frame's member section */
  memberIndex: number;
  browsePath: string | null;
  /** true while the joint values are estimated from the robot's task (no trajectory samples yet) */
  estimated: boolean;
}

export interface OperatorLayout {
  /** member id, e.g. "assemblers-1" */
  id: string;
  pool: string;
  poolName: string;
  /** index into the frame's member section */
  memberIndex: number;
}

/**
 * One solid of a compound part: a box of extent [x, y, z] (m) or a cylinder upright along the part's z
 * (diameter and height, m), centred `at` (m) from the centre of the part's `size` box, in the part's axes.
 */
export type ProductSolid =
  | { box: Vec3; at: Vec3 }
  | { cylinder: { diameter: number; height: number }; at: Vec3 };

/**
 * The part's rigid body at physics fidelity: a box filling `size`, an upright cylinder (axis z, diameter
 * the smaller of size x and y, height size z), or up to 8 solids inside `size`.
 */
export type ProductShape = "box" | "cylinder" | { solids: ProductSolid[] };

export interface ProductLayout {
  id: string;
  name: string;
  /** [x, y, z] bounding box, m */
  size: Vec3;
  /** display colour, CSS hex */
  colour: string;
  /** the body's shape; physics frames draw parts in it, flow frames as round housings of `size` */
  shape: ProductShape;
}

/** A fault the viewer may offer: injected with `injectFault` on entities of the listed kinds. */
export interface FaultTemplate {
  id: string;
  label: string;
  /** station kinds and "conveyor" */
  appliesTo: (StationKind | "conveyor")[];
  /** default duration, s; null: until cleared */
  durationS: number | null;
}

export interface ScenarioChoice {
  /** file name inside scenarios/, e.g. "workshop.yaml" */
  file: string;
  name: string;
  description: string;
}

export interface Layout {
  /** PROTOCOL_VERSION of the server */
  version: number;
  /** changes whenever the twin restarts (scenario switch): frames of another run are ignored */
  runId: string;
  scenario: { file: string; name: string; description: string; seed: number };
  /** week position of simulation time 0, s from Monday 00:00 */
  startAtS: number;
  /** run horizon, µs */
  horizonUs: number;
  /** floor rectangle that holds every entity, m */
  floor: { min: Vec2; max: Vec2 };
  entities: EntityLayout[];
  robots: RobotLayout[];
  operators: OperatorLayout[];
  products: ProductLayout[];
  /** total floats of the frame's joint and CNC sections, and members in the member section */
  jointCount: number;
  cncChannelCount: number;
  memberCount: number;
  /** length of `FrameMessage.s`: entities first (by `stateIndex`), then members (robots and operators) */
  stateCount: number;
  faults: FaultTemplate[];
  scenarios: ScenarioChoice[];
  /** speed factor limits (× real time) */
  speedRange: [number, number];
  /** OPC UA endpoint when the server runs one, else null */
  opcuaEndpoint: string | null;
}

/** Floats per CNC machine in the frame: x, y, z, spindle angle, spindle rpm, door. */
export const CNC_CHANNELS = 6;

/** Display colour family of a state in the ISA-101 spirit: grey when normal, colour only when abnormal. */
export type StateTone = "normal" | "idle" | "attention" | "alarm" | "off";

export function stateTone(s: StateName): StateTone {
  switch (s) {
    case "busy":
    case "setup":
      return "normal";
    case "starved":
    case "waiting":
      return "idle";
    case "blocked":
      return "attention";
    case "down":
      return "alarm";
    case "offShift":
    case "stopped":
      return "off";
  }
}
