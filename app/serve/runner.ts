import type { SimEvent } from "../../sim/index";
import { SPEED_MAX, SPEED_MIN } from "./config";

/** The part of a Simulation the runner drives. */
export interface Steppable {
  /** µs */
  readonly now: number;
  advanceTo(tUs: number): void;
  drainEvents(): SimEvent[];
}

/** Wall clock in ms (monotonic); injected so tests can step time by hand. */
export interface WallClock {
  now(): number;
}

export const MONOTONIC: WallClock = { now: () => performance.now() };

export type EventSink = (events: readonly SimEvent[], tUs: number) => void;

export interface RunnerOptions {
  speed?: number;
  clock?: WallClock;
  /** ms between ticks when started with `start()` */
  tickMs?: number;
  /** ms of computation one tick may spend before the runner gives up catching up */
  budgetMs?: number;
  /** reports a sink that threw; the runner carries on */
  onSinkError?: (e: unknown) => void;
  /** reports a simulation that threw while advancing; the runner pauses so the state can be inspected */
  onSimError?: (e: unknown) => void;
}

/**
 * Advances a simulation against the wall clock: simulated time = anchor + (wall − wallAnchor) × speed.
 * Speed changes and pauses re-anchor, so the simulated clock never jumps. Consumers get the drained
 * events synchronously and must be quick (buffer, don't send); anything slow (sockets, OPC UA clients)
 * samples the latest state on its own timer, so it cannot hold the simulation back.
 *
 * When one tick would need more computation than `budgetMs` (a huge speed on a heavy scenario), the
 * runner advances as far as the budget allows and re-anchors: the twin then runs slower than asked
 * (`lagging` says so) instead of falling ever further behind.
 */
export class RealTimeRunner {
  private speedFactor: number;
  private isPaused = false;
  private anchorWall: number;
  private anchorSim: number;
  private timer: ReturnType<typeof setInterval> | null = null;
  private readonly clock: WallClock;
  private readonly tickMs: number;
  private readonly budgetMs: number;
  private readonly sinks: EventSink[] = [];
  private readonly onSinkError: (e: unknown) => void;
  private readonly onSimError: (e: unknown) => void;
  /** ticks that ran out of budget */
  lagTicks = 0;
  ticks = 0;
  /** true when the last tick ran out of budget */
  lagging = false;

  constructor(
    private readonly sim: Steppable,
    options: RunnerOptions = {},
  ) {
    this.speedFactor = checkSpeed(options.speed ?? 1);
    this.clock = options.clock ?? MONOTONIC;
    this.tickMs = options.tickMs ?? 10;
    this.budgetMs = options.budgetMs ?? 40;
    this.onSinkError = options.onSinkError ?? ((e) => console.error("twin: event consumer failed:", e));
    this.onSimError = options.onSimError ?? ((e) => console.error("twin: the simulation failed, paused:", e));
    this.anchorWall = this.clock.now();
    this.anchorSim = sim.now;
  }

  /** Registers a consumer of drained events; returns a function that removes it. */
  subscribe(sink: EventSink): () => void {
    this.sinks.push(sink);
    return () => {
      const i = this.sinks.indexOf(sink);
      if (i >= 0) this.sinks.splice(i, 1);
    };
  }

  get speed(): number {
    return this.speedFactor;
  }

  get paused(): boolean {
    return this.isPaused;
  }

  /** Simulated time the wall clock asks for now, µs (the simulation's own clock while paused). */
  targetUs(): number {
    if (this.isPaused) return this.sim.now;
    const t = this.anchorSim + (this.clock.now() - this.anchorWall) * 1000 * this.speedFactor;
    return Math.max(this.sim.now, Math.floor(t));
  }

  /** × real time, within 0.1 … 100; throws RangeError outside. */
  setSpeed(speed: number): void {
    checkSpeed(speed);
    this.tick();
    this.reanchor();
    this.speedFactor = speed;
  }

  pause(): void {
    if (this.isPaused) return;
    this.tick();
    this.isPaused = true;
  }

  resume(): void {
    if (!this.isPaused) return;
    this.isPaused = false;
    this.reanchor();
  }

  /** Advances the simulation to the wall clock's time and hands the events to the consumers. */
  tick(): void {
    if (this.isPaused) {
      // commands applied while paused (acknowledge, fault) still report their events
      const held = this.sim.drainEvents();
      if (held.length > 0) this.publish(held, this.sim.now);
      return;
    }
    this.ticks++;
    const target = this.targetUs();
    const started = this.clock.now();
    const sim = this.sim;
    // advance in slices so a heavy stretch can be cut short when the budget is spent
    const slice = Math.max(1000, Math.floor((target - sim.now) / 8));
    let t = sim.now;
    this.lagging = false;
    while (t < target) {
      t = Math.min(target, t + slice);
      sim.advanceTo(t);
      if (t < target && this.clock.now() - started > this.budgetMs) {
        this.lagging = true;
        this.lagTicks++;
        break;
      }
    }
    const events = sim.drainEvents();
    if (events.length > 0) this.publish(events, sim.now);
    if (this.lagging) this.reanchor();
  }

  /** Runs the simulation without waiting for the wall clock (the pre-roll), µs. */
  fastForward(toUs: number): void {
    const sim = this.sim;
    const step = 60_000_000;
    while (sim.now < toUs) {
      sim.advanceTo(Math.min(toUs, sim.now + step));
      const events = sim.drainEvents();
      if (events.length > 0) this.publish(events, sim.now);
    }
    this.reanchor();
  }

  start(): void {
    if (this.timer !== null) return;
    this.reanchor();
    this.timer = setInterval(() => {
      try {
        this.tick();
      } catch (e) {
        // a model error must not take the server down: pause, so viewers and the API can show the state
        this.isPaused = true;
        this.onSimError(e);
      }
    }, this.tickMs);
  }

  stop(): void {
    if (this.timer !== null) clearInterval(this.timer);
    this.timer = null;
  }

  private reanchor(): void {
    this.anchorWall = this.clock.now();
    this.anchorSim = this.sim.now;
  }

  private publish(events: readonly SimEvent[], tUs: number): void {
    for (const s of this.sinks) {
      try {
        s(events, tUs);
      } catch (e) {
        this.onSinkError(e);
      }
    }
  }
}

function checkSpeed(speed: number): number {
  if (!(Number.isFinite(speed) && speed >= SPEED_MIN && speed <= SPEED_MAX)) {
    throw new RangeError(`speed ${speed} is outside ${SPEED_MIN} … ${SPEED_MAX}`);
  }
  return speed;
}
