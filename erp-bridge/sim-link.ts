import type { Scenario } from "../sim/scenario/schema";
import type { Db } from "./db/open";
import { stmt } from "./db/stmt";
import { simUsToIso } from "./domain/epoch";
import { upsertProduct } from "./domain/products";
import { type Clock, createWorkOrder, findWorkOrder } from "./domain/work-orders";

/** Revision given to products taken from a scenario, which knows none. */
export const SCENARIO_REVISION = "A";

/**
 * ERP part number → the scenario's product id, for `WorkOrderSpec.product`. A scenario product is found
 * by its `partNumber` or by its id; anything else passes through unchanged (and the simulation rejects
 * it with a reason, which lands in the order's `dispatchError`).
 */
export function scenarioProductResolver(scenario: Scenario): (partNumber: string) => string {
  const byPartNumber = new Map<string, string>();
  for (const p of scenario.products) byPartNumber.set(p.id, p.id);
  for (const p of scenario.products) if (p.partNumber !== undefined) byPartNumber.set(p.partNumber, p.id);
  return (partNumber) => byPartNumber.get(partNumber) ?? partNumber;
}

export interface SeedResult {
  products: string[];
  workOrders: string[];
}

/**
 * Makes the scenario's own products and work orders known to the ERP side, so the REST API shows the
 * orders the simulation runs from the file. Products get their `partNumber` (else their id) and
 * revision A; the scenario's orders are stored as released and dispatched at their release time (the
 * simulation releases them itself, so the dispatcher leaves them alone). Existing records are kept.
 */
export function seedFromScenario(db: Db, scenario: Scenario, clock: Clock): SeedResult {
  const result: SeedResult = { products: [], workOrders: [] };
  const partNumberOf = new Map<string, string>();
  db.transaction(() => {
    for (const p of scenario.products) {
      const partNumber = p.partNumber ?? p.id;
      partNumberOf.set(p.id, partNumber);
      const exists = stmt(db, "SELECT 1 FROM products WHERE part_number = ? AND revision = ?").get(
        partNumber,
        SCENARIO_REVISION,
      );
      if (exists === undefined) {
        upsertProduct(db, { partNumber, revision: SCENARIO_REVISION, description: p.name ?? p.id });
        result.products.push(partNumber);
      }
    }
    for (const o of scenario.orders) {
      if (findWorkOrder(db, o.id, clock.epochMs) !== undefined) continue;
      createWorkOrder(
        db,
        {
          number: o.id,
          partNumber: partNumberOf.get(o.product) ?? o.product,
          revision: SCENARIO_REVISION,
          quantity: o.quantity,
          dueDate: o.due === undefined ? undefined : simUsToIso(o.due, clock.epochMs),
          // the ERP scale is 0..1000; a scenario may use any integer
          priority: Math.min(1000, Math.max(0, o.priority)),
        },
        clock,
      );
      stmt(
        db,
        "UPDATE work_orders SET status = 'released', released_us = ?, dispatched_us = ? WHERE number = ?",
      ).run(o.release, o.release, o.id);
      result.workOrders.push(o.id);
    }
  })();
  return result;
}
