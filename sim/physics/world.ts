/**
 * The Rapier world of one run, with its bookkeeping as plain data: belts, parts, static obstacles and
 * grippers by string id, Rapier handles as numbers (never object references), so `snapshot()` is
 * Rapier's byte snapshot plus a structured-cloneable record. Axes: x, y on the floor plan, z up (m).
 *
 * Belts. Each belt is ONE kinematic body, velocity-based, whose velocity is the belt speed and which is
 * put back in place before every step (so its surface drags parts by friction but never travels).
 * Measured (sim/physics/belt.test.ts, bench/physics.bench.ts): a 0.30 m × 4.2 kg part on a 4 m belt at
 * 0.25 m/s ends 0.3 mm behind the analytic position after 14 s. The same belt cut into eight 0.5 m
 * kinematic bodies ends 51 mm behind (1.5 %, the part catches on every internal edge); staggering or
 * rounding the joints made it worse (90-560 mm). So no belt is ever split into bodies, and accumulation
 * zones are logical (a held part is switched to a fixed body: the zone brake), not separate bodies.
 * One body per belt rather than one kinematic floor under everything: 300 parts on one 152 m belt cost
 * 12.4 µs per part per step, on 38 belts 3.6 µs, because all contacts then share one body in the solver.
 * Carrying parts kinematically (no physics on belts) would be exact and free, but would lose what physics
 * is for here (parts pushing each other, falling off, being knocked); friction carry is within 0.01 %.
 */
import type {
  Collider,
  World as RapierWorld,
  RigidBody,
  Rotation,
  Vector,
} from "@dimforge/rapier3d-deterministic-compat";
import { physicsError } from "./errors";
import { invertRigid, matrixQuat, mul, poseMatrix, yawPitchQuat, yawQuat } from "./pose";
import { type Rapier, rapier } from "./rapier";
import {
  type BeltGeometry,
  GROUP_BELT,
  GROUP_FIXED,
  GROUP_PART,
  groups,
  type ObstacleSpec,
  type PartRecord,
  type PartShape,
  type PhysicsWorldSnapshot,
  type PhysicsWorldState,
} from "./world-types";

export type {
  BeltGeometry,
  ObstacleSpec,
  PartShape,
  PhysicsWorldSnapshot,
  PhysicsWorldState,
} from "./world-types";

/** Friction of belts and parts (Rapier averages the two). A rubber belt under a metal housing. */
const BELT_FRICTION = 1.0;
const PART_FRICTION = 0.8;
const BELT_THICKNESS = 0.04;
const END_GAP = 0.01;
const GRAVITY = 9.81;
/** solver iterations: Rapier's default */
const SOLVER_ITERATIONS = 4;
/**
 * Contact stiffness, Hz (Rapier's default is 30). Measured: 14 housings of 4.2 kg pressed against an end
 * stop by a running belt overlap by 4.6 mm at 30 Hz, 2.0 mm at 60 Hz, 0.45 mm at 120 Hz with 8
 * iterations (twice the solver time). 60 Hz keeps pressure accumulation within 1 % of a part's length.
 */
const CONTACT_FREQUENCY = 60;

const IDENTITY = [1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0];

export class PhysicsWorld {
  private readonly R: Rapier;
  private world: RapierWorld;
  private s: PhysicsWorldState;

  /** `dtUs`: fixed step, µs (a whole number). Throws PHYS_ERR_NOT_INITIALISED before `initPhysics()`. */
  constructor(dtUs: number) {
    if (!(Number.isInteger(dtUs) && dtUs > 0 && dtUs <= 100_000)) {
      throw physicsError(
        "PHYS_ERR_BAD_VALUE",
        "dtUs",
        `expected a whole number of µs in 1…100000, got ${dtUs}`,
      );
    }
    this.R = rapier();
    this.world = new this.R.World({ x: 0, y: 0, z: -GRAVITY });
    this.s = {
      tUs: 0,
      dtUs,
      belts: new Map(),
      parts: new Map(),
      partByHandle: new Map(),
      obstacles: new Map(),
      grippers: new Map(),
      steps: 0,
      bodySteps: 0,
      awake: 0,
    };
    this.configure();
  }

  private configure(): void {
    this.world.timestep = this.s.dtUs / 1e6;
    this.world.numSolverIterations = SOLVER_ITERATIONS;
    this.world.integrationParameters.contact_natural_frequency = CONTACT_FREQUENCY;
  }

  /** Physics time, µs: a whole number of steps. */
  get tUs(): number {
    return this.s.tUs;
  }

  get dtUs(): number {
    return this.s.dtUs;
  }

  /** Steps taken and dynamic-body steps (Σ awake bodies per step), for the benchmark. */
  get stats(): { steps: number; bodySteps: number } {
    return { steps: this.s.steps, bodySteps: this.s.bodySteps };
  }

  /** Moves the clock without stepping, while nothing moves (a whole number of steps, forward only). */
  jumpTo(tUs: number): void {
    if (tUs < this.s.tUs || tUs % this.s.dtUs !== 0) throw new Error(`bad physics jump to ${tUs}`);
    this.s.tUs = tUs;
  }

  addBelt(id: string, geo: BeltGeometry): void {
    if (this.s.belts.has(id)) throw physicsError("PHYS_ERR_DUPLICATE", "belt", id);
    const R = this.R;
    const from = -geo.tail;
    const to = geo.length + END_GAP + 0.05;
    const mid = (from + to) / 2;
    const center: [number, number, number] = [
      geo.start[0] + geo.dir[0] * mid,
      geo.start[1] + geo.dir[1] * mid,
      geo.start[2] - BELT_THICKNESS / 2,
    ];
    const rot = yawQuat(Math.atan2(geo.dir[1], geo.dir[0]));
    const body = this.world.createRigidBody(
      R.RigidBodyDesc.kinematicVelocityBased()
        .setTranslation(center[0], center[1], center[2])
        .setRotation(rot),
    );
    this.world.createCollider(
      R.ColliderDesc.cuboid((to - from) / 2, geo.width / 2, BELT_THICKNESS / 2)
        .setFriction(BELT_FRICTION)
        .setCollisionGroups(groups(GROUP_BELT, GROUP_PART)),
      body,
    );
    if (geo.endStop) {
      const s = geo.length + END_GAP + 0.01;
      this.world.createCollider(
        R.ColliderDesc.cuboid(0.01, geo.width / 2 + 0.02, 0.1)
          .setTranslation(geo.start[0] + geo.dir[0] * s, geo.start[1] + geo.dir[1] * s, geo.start[2] + 0.1)
          .setRotation(rot)
          .setCollisionGroups(groups(GROUP_FIXED, GROUP_PART)),
      );
    }
    this.s.belts.set(id, { handle: body.handle, geo, center, speed: 0 });
  }

  belt(id: string): BeltGeometry {
    const b = this.s.belts.get(id);
    if (b === undefined) throw physicsError("PHYS_ERR_UNKNOWN_BELT", id);
    return b.geo;
  }

  /** Sets a belt's surface speed, m/s (0 stops it); parts follow by friction. */
  setBeltSpeed(id: string, speed: number): void {
    const b = this.s.belts.get(id);
    if (b === undefined) throw physicsError("PHYS_ERR_UNKNOWN_BELT", id);
    b.speed = speed;
    const body = this.world.getRigidBody(b.handle)!;
    body.setLinvel({ x: b.geo.dir[0] * speed, y: b.geo.dir[1] * speed, z: 0 }, true);
  }

  beltSpeed(id: string): number {
    return this.s.belts.get(id)?.speed ?? 0;
  }

  /** A fixed box (table, guard, bin wall). */
  addObstacle(id: string, spec: ObstacleSpec): void {
    if (this.s.obstacles.has(id)) throw physicsError("PHYS_ERR_DUPLICATE", "obstacle", id);
    const c = this.world.createCollider(
      this.R.ColliderDesc.cuboid(spec.size[0] / 2, spec.size[1] / 2, spec.size[2] / 2)
        .setTranslation(spec.center[0], spec.center[1], spec.center[2])
        .setRotation(yawPitchQuat(spec.yaw ?? 0, spec.pitch ?? 0))
        .setFriction(spec.friction ?? PART_FRICTION)
        .setCollisionGroups(groups(GROUP_FIXED, GROUP_PART)),
    );
    this.s.obstacles.set(id, c.handle);
  }

  /** Puts a part in the world: `center` m, `yaw` rad about z, `vel` m/s. */
  addPart(id: string, shape: PartShape, center: Vector, yaw: number, vel: Vector): void {
    if (this.s.parts.has(id)) throw physicsError("PHYS_ERR_DUPLICATE", "part", id);
    const R = this.R;
    const body = this.world.createRigidBody(
      R.RigidBodyDesc.dynamic()
        .setTranslation(center.x, center.y, center.z)
        .setRotation(yawQuat(yaw))
        .setLinvel(vel.x, vel.y, vel.z),
    );
    const solids =
      shape.kind === "compound"
        ? (shape.solids ?? [])
        : [{ kind: shape.kind, size: shape.size, at: [0, 0, 0] as [number, number, number] }];
    // the mass is shared by volume, so a compound's centre of mass is where its material is
    const volume = (sol: (typeof solids)[number]): number => {
      const [l, w, h] = sol.size;
      return sol.kind === "box" ? l * w * h : (Math.PI / 4) * Math.min(l, w) ** 2 * h;
    };
    const total = solids.reduce((v, sol) => v + volume(sol), 0);
    for (const sol of solids) {
      const [l, w, h] = sol.size;
      const desc =
        sol.kind === "box"
          ? R.ColliderDesc.cuboid(l / 2, w / 2, h / 2)
          : // Rapier's cylinder axis is y: turn it upright
            R.ColliderDesc.cylinder(h / 2, Math.min(l, w) / 2).setRotation({
              x: Math.SQRT1_2,
              y: 0,
              z: 0,
              w: Math.SQRT1_2,
            });
      this.world.createCollider(
        desc
          .setTranslation(sol.at[0], sol.at[1], sol.at[2])
          .setMass((shape.mass * volume(sol)) / total)
          .setFriction(PART_FRICTION)
          .setRestitution(0)
          .setCollisionGroups(groups(GROUP_PART, 0xffff)),
        body,
      );
    }
    this.s.parts.set(id, {
      handle: body.handle,
      shape,
      held: false,
      gripper: null,
      offset: IDENTITY.slice(),
    });
    this.s.partByHandle.set(body.handle, id);
  }

  /**
   * Moves a part's body to `center` (m) turned by `yaw` (rad about z), keeping the body: a gripped part
   * is let go, `held` makes it a fixed body there, otherwise it is dynamic with velocity `vel` (m/s).
   */
  placePart(id: string, center: Vector, yaw: number, vel: Vector, held: boolean): void {
    const p = this.rec(id);
    if (p.gripper !== null) this.release(id);
    this.setHeld(id, false);
    const body = this.world.getRigidBody(p.handle)!;
    body.setTranslation(center, false);
    body.setRotation(yawQuat(yaw), false);
    body.setAngvel({ x: 0, y: 0, z: 0 }, false);
    body.setLinvel(vel, true);
    if (held) this.setHeld(id, true);
  }

  /** The body's mass, kg, and its centre of mass in the part's frame, m (Rapier's, from the colliders). */
  massOf(id: string): { mass: number; com: Vector } {
    const b = this.body(id);
    const c = b.localCom();
    return { mass: b.mass(), com: { x: c.x, y: c.y, z: c.z } };
  }

  hasPart(id: string): boolean {
    return this.s.parts.has(id);
  }

  partShape(id: string): PartShape {
    return this.rec(id).shape;
  }

  removePart(id: string): void {
    const p = this.s.parts.get(id);
    if (p === undefined) return;
    if (p.gripper !== null) {
      const g = this.s.grippers.get(p.gripper)!;
      g.parts = g.parts.filter((x) => x !== id);
    }
    this.world.removeRigidBody(this.world.getRigidBody(p.handle)!);
    this.s.parts.delete(id);
    this.s.partByHandle.delete(p.handle);
  }

  /** Part ids in the order they were added. */
  partIds(): string[] {
    return [...this.s.parts.keys()];
  }

  /** Centre of a part, m. */
  position(id: string): Vector {
    return this.body(id).translation();
  }

  rotation(id: string): Rotation {
    return this.body(id).rotation();
  }

  /** m/s */
  velocity(id: string): Vector {
    return this.body(id).linvel();
  }

  /** Sets a dynamic part's velocity, m/s, and wakes it (a part handed over onto a belt). */
  setVelocity(id: string, vel: Vector): void {
    this.body(id).setLinvel(vel, true);
  }

  /** Rapier's handle of the part's body: the same number as long as it is the same body. */
  bodyHandle(id: string): number {
    return this.rec(id).handle;
  }

  isHeld(id: string): boolean {
    return this.rec(id).held;
  }

  /**
   * Zone brake: a held part becomes a fixed body (it neither moves nor costs solver time); released, it
   * is dynamic again at rest and the belt accelerates it by friction.
   */
  setHeld(id: string, held: boolean): void {
    const p = this.rec(id);
    if (p.held === held || p.gripper !== null) return;
    p.held = held;
    const body = this.world.getRigidBody(p.handle)!;
    const zero = { x: 0, y: 0, z: 0 };
    body.setLinvel(zero, false);
    body.setAngvel(zero, false);
    body.setBodyType(held ? this.R.RigidBodyType.Fixed : this.R.RigidBodyType.Dynamic, !held);
  }

  wake(id: string): void {
    const p = this.s.parts.get(id);
    if (p !== undefined && !p.held) this.world.getRigidBody(p.handle)!.wakeUp();
  }

  /** True when the part is a dynamic body at rest (asleep), m/s thresholds are Rapier's. */
  isAsleep(id: string): boolean {
    return this.body(id).isSleeping();
  }

  /** Dynamic parts still moving (awake, not held, not gripped). */
  awakeParts(): number {
    let n = 0;
    for (const p of this.s.parts.values()) {
      if (p.held || p.gripper !== null) continue;
      if (!this.world.getRigidBody(p.handle)!.isSleeping()) n++;
    }
    return n;
  }

  /** A gripper: a TCP pose the parts it holds follow. `tcp`: 3×4 row-major world pose. */
  setGripperPose(gripper: string, tcp: ArrayLike<number>): void {
    let g = this.s.grippers.get(gripper);
    if (g === undefined) {
      g = { tcp: IDENTITY.slice(), parts: [] };
      this.s.grippers.set(gripper, g);
    }
    for (let i = 0; i < 12; i++) g.tcp[i] = tcp[i]!;
  }

  /**
   * Closes `gripper` on a part: from now on the part follows the TCP rigidly (a kinematic body), keeping
   * the pose it had relative to the TCP at the moment of gripping.
   */
  grip(gripper: string, part: string): void {
    const g = this.s.grippers.get(gripper);
    if (g === undefined)
      throw physicsError("PHYS_ERR_BAD_VALUE", "grip", `gripper "${gripper}" has no pose yet`);
    const p = this.rec(part);
    if (p.held) this.setHeld(part, false);
    const body = this.world.getRigidBody(p.handle)!;
    const pose = poseMatrix(body.translation(), body.rotation());
    p.offset = mul(invertRigid(g.tcp), pose);
    p.gripper = gripper;
    g.parts.push(part);
    body.setBodyType(this.R.RigidBodyType.KinematicPositionBased, true);
  }

  /** Opens the gripper: the part is dynamic again with the velocity it had, falls and settles. */
  release(part: string): void {
    const p = this.rec(part);
    if (p.gripper === null) throw physicsError("PHYS_ERR_NOT_GRIPPED", part);
    const g = this.s.grippers.get(p.gripper)!;
    g.parts = g.parts.filter((x) => x !== part);
    p.gripper = null;
    const body = this.world.getRigidBody(p.handle)!;
    const v = body.linvel();
    const w = body.angvel();
    body.setBodyType(this.R.RigidBodyType.Dynamic, true);
    body.setLinvel(v, true);
    body.setAngvel(w, true);
  }

  grippedBy(part: string): string | null {
    return this.rec(part).gripper;
  }

  /**
   * Casts a ray and returns the part it meets first, or null: `origin` and `dir` (unit) in m, `maxToi` the
   * ray's length, m. Only parts are seen (belts, stops and obstacles are transparent to it).
   */
  rayHitsPart(origin: Vector, dir: Vector, maxToi: number): string | null {
    const ray = new this.R.Ray(origin, dir);
    const hit = this.world.castRay(ray, maxToi, true, undefined, groups(0xffff, GROUP_PART));
    if (hit === null) return null;
    return this.partOfCollider(hit.collider);
  }

  private partOfCollider(c: Collider): string | null {
    const h = c.parent()?.handle;
    if (h === undefined) return null;
    return this.s.partByHandle.get(h) ?? null;
  }

  /** One fixed step: belts back in place, gripped parts to their TCP targets, then Rapier. */
  step(): void {
    for (const b of this.s.belts.values()) {
      const body = this.world.getRigidBody(b.handle)!;
      body.setTranslation({ x: b.center[0], y: b.center[1], z: b.center[2] }, false);
    }
    for (const g of this.s.grippers.values()) {
      for (const id of g.parts) {
        const p = this.s.parts.get(id)!;
        const m = mul(g.tcp, p.offset);
        const body = this.world.getRigidBody(p.handle)!;
        body.setNextKinematicTranslation({ x: m[3]!, y: m[7]!, z: m[11]! });
        body.setNextKinematicRotation(matrixQuat(m));
      }
    }
    this.world.step();
    this.s.steps++;
    this.s.tUs += this.s.dtUs;
    this.s.awake = this.awakeParts();
    this.s.bodySteps += this.s.awake;
  }

  /** Dynamic parts awake after the last step (or after a change that woke or added some). */
  get awake(): number {
    return this.s.awake;
  }

  /** Counts the awake parts again, after adding, waking, holding or releasing parts. */
  recount(): number {
    this.s.awake = this.awakeParts();
    return this.s.awake;
  }

  snapshot(): PhysicsWorldSnapshot {
    return { world: this.world.takeSnapshot(), state: structuredClone(this.s) };
  }

  restore(snap: PhysicsWorldSnapshot): void {
    this.world.free();
    this.world = this.R.World.restoreSnapshot(snap.world);
    this.s = structuredClone(snap.state);
    this.configure();
  }

  /** Frees Rapier's memory; the world cannot be used afterwards. */
  free(): void {
    this.world.free();
  }

  private rec(id: string): PartRecord {
    const p = this.s.parts.get(id);
    if (p === undefined) throw physicsError("PHYS_ERR_UNKNOWN_PART", id);
    return p;
  }

  private body(id: string): RigidBody {
    return this.world.getRigidBody(this.rec(id).handle)!;
  }
}
