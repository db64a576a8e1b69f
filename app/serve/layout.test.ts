import { describe, expect, it } from "vitest";
import { parseScenario } from "../../sim/index";
import { productShape } from "./layout";
import { LiveTwin } from "./live-twin";
import { loadScenarioFile } from "./scenario-files";

const COMPOUND = `
name: compound
horizon: 1 h
products:
  - id: flange
    size: [0.2, 0.2, 0.06]
    shape:
      - { cylinder: { diameter: 0.2, height: 0.02 }, at: [0, 0, -0.02] }
      - { box: [0.04, 0.02, 0.04] }
  - id: plain
sources: [{ id: src, product: flange, interarrival: 60s, to: sink }]
sinks: [{ id: sink }]
`;

describe("product shapes in the layout", () => {
  it("says cylinder for the workshop's flanges", () => {
    const t = new LiveTwin({
      scenario: loadScenarioFile("scenarios/workshop.yaml"),
      file: "workshop.yaml",
      runId: "r",
    });
    expect(t.layout.products.map((p) => [p.id, p.shape])).toEqual([
      ["flange-80", "cylinder"],
      ["flange-100", "cylinder"],
    ]);
    expect(t.layout.products[1]!.size).toEqual([0.24, 0.24, 0.045]);
  });

  it("says box for the assembly line's housings (no shape in the file)", () => {
    const t = new LiveTwin({
      scenario: loadScenarioFile("scenarios/assembly-robot.yaml"),
      file: "assembly-robot.yaml",
      runId: "p",
    });
    expect(t.layout.products.length).toBeGreaterThan(0);
    for (const p of t.layout.products) expect(p.shape).toBe("box");
  });

  it("passes a compound's solids with their offsets (a solid without `at` at the centre)", () => {
    const sc = parseScenario(COMPOUND, "compound.yaml");
    expect(sc.products.map((p) => productShape(p.shape))).toEqual([
      {
        solids: [
          { cylinder: { diameter: 0.2, height: 0.02 }, at: [0, 0, -0.02] },
          { box: [0.04, 0.02, 0.04], at: [0, 0, 0] },
        ],
      },
      "box",
    ]);
  });
});
