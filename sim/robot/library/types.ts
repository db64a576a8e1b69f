/**
 * A robot model as plain data: geometry for the kinematics, joint limits and speeds, and the
 * figures a cell planner needs (payload, reach). Lengths in metres, angles in radians, times in seconds.
 */

/**
 * Ortho-parallel arm with a spherical wrist (KUKA, ABB, FANUC, …), in the parameterisation of
 * Brandstötter, Angerer and Hofbaur, "An analytical solution of the inverse kinematics problem of
 * industrial serial manipulators with an ortho-parallel basis and a spherical wrist" (2014).
 * Canonical zero pose: every link points straight up; joints 1, 4, 6 turn about the local z axis,
 * joints 2, 3, 5 about the local y axis. The flange frame has z out of the flange (ISO 9787).
 */
export interface OpwGeometry {
  kind: "opw";
  /** offset of the joint-2 axis from the joint-1 axis along x, m */
  a1: number;
  /** offset of the wrist centre from the forearm axis (perpendicular to c3), m */
  a2: number;
  /** lateral offset of the arm plane from the joint-1 axis, m */
  b: number;
  /** height of the joint-2 axis above the base frame, m */
  c1: number;
  /** upper arm: joint 2 to joint 3, m */
  c2: number;
  /** forearm: joint 3 to the wrist centre, m */
  c3: number;
  /** wrist centre to flange, m */
  c4: number;
  /** canonical angle θᵢ = sign[i]·qᵢ + offset[i] (+ j23Coupling·q₂ for i = 3), rad */
  offset: readonly number[];
  sign: readonly number[];
  /**
   * FANUC reports J3 relative to the horizontal, not to the upper arm: θ₃ picks up −q₂.
   * 0 for every other maker.
   */
  j23Coupling: number;
  /** constant turn of the flange frame about its z axis after joint 6, rad */
  flangeTwist: number;
}

/**
 * The Universal Robots family in the maker's standard Denavit-Hartenberg parameters
 * (α = [π/2, 0, 0, π/2, −π/2, 0]); the base frame is the DH frame 0.
 */
export interface UrGeometry {
  kind: "ur";
  /** m */
  d1: number;
  /** m (negative in UR's table) */
  a2: number;
  /** m (negative in UR's table) */
  a3: number;
  /** m */
  d4: number;
  /** m */
  d5: number;
  /** m */
  d6: number;
}

/**
 * Cartesian gantry: joints are X, Y, Z strokes (m). The tool hangs from the Z ram pointing down;
 * at q = 0 the flange sits at (0, 0, zTop) in the base frame and q₃ lowers it.
 */
export interface GantryGeometry {
  kind: "gantry";
  /** flange height above the base frame with the Z ram fully up, m */
  zTop: number;
}

export type RobotGeometry = OpwGeometry | UrGeometry | GantryGeometry;

export interface JointSpec {
  name: string;
  type: "revolute" | "prismatic";
  /** rad or m */
  min: number;
  /** rad or m */
  max: number;
  /** rad/s or m/s */
  maxSpeed: number;
  /** rad/s² or m/s² (an assumption where the datasheet is silent, see the model's notes) */
  maxAccel: number;
}

export interface CartesianLimits {
  /** TCP path speed used when a moveL gives none, m/s */
  defaultSpeed: number;
  /** highest TCP path speed a moveL may ask for, m/s */
  maxSpeed: number;
  /** TCP path acceleration, m/s² */
  accel: number;
  /** orientation speed along a LIN, rad/s */
  rotSpeed: number;
  /** orientation acceleration along a LIN, rad/s² */
  rotAccel: number;
}

export interface RobotModel {
  /** library id, e.g. "ur5e" */
  id: string;
  /** maker and type as the maker writes it */
  name: string;
  maker: string;
  kind: "articulated" | "collaborative" | "gantry";
  geometry: RobotGeometry;
  joints: readonly JointSpec[];
  /** rated payload, kg */
  payload: number;
  /** maximum reach from the datasheet, m */
  reach: number;
  /** a sensible resting configuration (rad or m), used as the start of a task */
  home: readonly number[];
  cartesian: CartesianLimits;
  /** where the numbers come from and what was assumed */
  source: string;
}
