import { describe, expect, it } from "vitest";
import { openErpDb, readEpochMs, tracePart } from "../../erp-bridge/index";
import { TwinHost } from "./host";

/** Two runs of the twin recorded in one database, as after a restart of `npm start`. */
describe("runs sharing one database", () => {
  it("number their part serials, so a part's trace never mixes two runs", async () => {
    const db = openErpDb(":memory:");
    const serials: string[][] = [];
    for (let run = 0; run < 2; run++) {
      const host = new TwinHost({
        scenarioPath: "scenarios/workshop.yaml",
        scenarioDir: "scenarios",
        speed: 1,
        seed: null,
        prerollS: 1800,
        db,
        feeder: false,
      });
      await host.start();
      await host.close();
      const rows = db.prepare("SELECT serial FROM parts ORDER BY created_seq").all() as { serial: string }[];
      serials.push(rows.map((r) => r.serial));
    }
    const [first, both] = serials as [string[], string[]];
    expect(first.length).toBeGreaterThan(3);
    expect(first.every((s) => s.startsWith("R1-"))).toBe(true);
    // the second run adds its own parts and leaves the first run's alone
    expect(both.slice(0, first.length)).toEqual(first);
    expect(both.slice(first.length).every((s) => s.startsWith("R2-"))).toBe(true);
    expect(both.length).toBeGreaterThan(first.length);
    const trace = tracePart(db, first[0]!, readEpochMs(db));
    expect(trace.serial).toBe(first[0]);
    // the first part went through both machines' cells once: no operation of the second run's
    // part with the same counter is mixed in
    expect(trace.operations.length).toBeGreaterThan(0);
    expect(trace.operations.length).toBeLessThanOrEqual(4);
  });
});
