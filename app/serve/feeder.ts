import {
  type Clock,
  cancelWorkOrder,
  createWorkOrder,
  type Db,
  listWorkOrders,
  readEpochMs,
  releaseWorkOrder,
  simUsToIso,
  upsertProduct,
} from "../../erp-bridge/index";
import { type Simulation, streamFor } from "../../sim/index";

/** Prefix of the work-order numbers the demo feeder creates (DEMO-000001, …). */
export const FEEDER_PREFIX = "DEMO-";

export interface FeederOptions {
  /** parts still to make (in the simulation and queued in the ERP) below which a new order is released */
  lowWaterParts?: number;
  /** quantity of a new order: min … max, inclusive */
  quantity?: [number, number];
  /** due date of a new order: this long after its release, s */
  dueAfterS?: number;
  enabled?: boolean;
}

/**
 * The demo order feeder: plays the ERP planner so a classroom twin never runs dry. Whenever the work
 * left falls below a low-water mark it creates a work order in the ERP database and releases it; the
 * ERP bridge's Dispatcher then hands it to the simulation like any order a planner would release.
 * Products and quantities come from a random stream of the run's seed, so a run is repeatable.
 */
export class OrderFeeder {
  enabled: boolean;
  /** orders created so far by this feeder */
  created = 0;
  private readonly lowWater: number;
  private readonly qty: [number, number];
  private readonly dueAfterUs: number;
  private readonly epochMs: number;
  private next: number;

  constructor(
    private readonly db: Db,
    opts: FeederOptions = {},
  ) {
    this.enabled = opts.enabled ?? true;
    this.lowWater = opts.lowWaterParts ?? 30;
    this.qty = opts.quantity ?? [20, 60];
    this.dueAfterUs = Math.round((opts.dueAfterS ?? 8 * 3600) * 1e6);
    this.epochMs = readEpochMs(db);
    let max = 0;
    for (const w of listWorkOrders(db, this.epochMs)) {
      if (!w.number.startsWith(FEEDER_PREFIX)) continue;
      const n = Number(w.number.slice(FEEDER_PREFIX.length));
      if (Number.isInteger(n) && n > max) max = n;
    }
    this.next = max + 1;
  }

  /**
   * Prepares the database for a new run of `sim`: the scenario's products exist in the ERP (revision A),
   * and orders a previous run had taken into its simulation are cancelled, since that simulation is gone.
   * Returns the numbers of the cancelled orders.
   */
  startRun(sim: Simulation): string[] {
    for (const p of sim.scenario.products) {
      upsertProduct(this.db, { partNumber: p.id, revision: "A", description: p.name ?? p.id });
    }
    const clock = this.clock(sim);
    const stale: string[] = [];
    for (const w of listWorkOrders(this.db, this.epochMs)) {
      if (w.dispatchedUs === null || (w.status !== "released" && w.status !== "inProgress")) continue;
      if (sim.state.orders.has(w.number)) continue;
      cancelWorkOrder(this.db, w.number, clock);
      stale.push(w.number);
    }
    return stale;
  }

  /** Parts of open work not yet made: orders in the simulation plus ERP orders waiting to be dispatched. */
  workLeft(sim: Simulation, queued: { quantity: number }[]): number {
    let left = 0;
    for (const o of sim.state.orders.values()) {
      if (o.status === "completed" || o.status === "cancelled") continue;
      left += Math.max(0, o.quantity - o.completed - o.scrapped);
    }
    for (const q of queued) left += q.quantity;
    return left;
  }

  /** Creates and releases one order when the work left is below the mark; returns its number or null. */
  top(sim: Simulation, queued: { quantity: number }[]): string | null {
    if (!this.enabled || this.workLeft(sim, queued) >= this.lowWater) return null;
    const products = sim.scenario.products;
    if (products.length === 0) return null;
    const n = this.next++;
    const rng = streamFor(sim.seed, `feeder/${n}`);
    const product = products[Math.floor(rng.nextFloat() * products.length)]!;
    const [lo, hi] = this.qty;
    const quantity = lo + Math.floor(rng.nextFloat() * (hi - lo + 1));
    const number = `${FEEDER_PREFIX}${String(n).padStart(6, "0")}`;
    const clock = this.clock(sim);
    createWorkOrder(
      this.db,
      {
        number,
        partNumber: product.id,
        quantity,
        dueDate: simUsToIso(sim.now + this.dueAfterUs, this.epochMs),
        priority: 0,
      },
      clock,
    );
    releaseWorkOrder(this.db, number, clock);
    this.created++;
    return number;
  }

  private clock(sim: Simulation): Clock {
    return { nowUs: sim.now, epochMs: this.epochMs };
  }
}
