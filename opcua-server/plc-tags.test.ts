import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import {
  AccessLevelFlag,
  AddressSpace,
  DataType,
  DataValue,
  generateAddressSpace,
  nodesets,
  SessionContext,
  type StatusCode,
  StatusCodes,
  type UAObject,
  type UAVariable,
  Variant,
  VariantArrayType,
} from "node-opcua";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseScenario, Simulation } from "../sim/index";
import { loadScenarioFile, simToWall, T0_MS } from "./fixtures";
import { addPlcTags, type PlcTags } from "./plc-tags";

const scenarios = join(import.meta.dirname, "..", "scenarios");
const S = 1e6;

/** plc-cell.yaml with another profile of the same cell (the four controller families). */
function cellWith(profile: string): Simulation {
  const file = join(scenarios, "variant.yaml");
  const text = `extends: plc-cell.yaml\ncontrol: { profile: ../plc-profiles/${profile} }\n`;
  return new Simulation(
    parseScenario(text, file, (ref, from) => {
      const f = join(dirname(from), ref);
      return { text: readFileSync(f, "utf8"), fileName: f };
    }),
  );
}

let as: AddressSpace;
beforeAll(async () => {
  as = AddressSpace.create();
  await generateAddressSpace(as, [nodesets.standard]);
});
afterAll(() => as?.dispose());

/** Adds the tags of `sim`, runs `body`, removes them again (one address space for the file). */
async function withTags(sim: Simulation, body: (t: PlcTags) => void | Promise<void>, opts = {}) {
  const tags = addPlcTags(as, { getSim: () => sim, ...opts });
  if (tags === null) throw new Error("no PLC cell");
  try {
    await body(tags);
  } finally {
    tags.dispose();
  }
}

const read = (v: UAVariable) => v.readValue();
const write = (v: UAVariable, dataType: DataType, value: unknown, context = SessionContext.defaultContext) =>
  v.writeValue(context, new DataValue({ value: new Variant({ dataType, value }) })) as Promise<StatusCode>;

describe("PLC tags in an address space", () => {
  it.each([
    ["conveyor-robot-cell-s7.yaml", '"DB_Cell"."Conveyor1"."Run"', '"DB_Cell"."Cell"."LastCycleMs"'],
    ["conveyor-robot-cell-twincat.yaml", "MAIN.bConveyor1Run", "MAIN.nCellLastCycleMs"],
    [
      "conveyor-robot-cell-codesys.yaml",
      "|var|CODESYS Control Win V3 x64.Application.PLC_PRG.xConveyor1Run",
      "|var|CODESYS Control Win V3 x64.Application.PLC_PRG.diCellLastCycleMs",
    ],
    [
      "conveyor-robot-cell-logix.yaml",
      "Program:MainProgram.Conveyor1_Run",
      "Program:MainProgram.Cell_LastCycleMs",
    ],
  ])(
    "%s: NodeIds follow the family's convention and are the same on every build",
    async (file, run, cycle) => {
      const sim = cellWith(file);
      const ids: string[] = [];
      await withTags(sim, (t) => {
        const uri = sim.plcController!.profile.opcuaNamespace;
        expect(as.getNamespaceIndex(uri)).toBe(t.namespaceIndex);
        expect(t.variables.get("Conveyor1_Run")!.nodeId.toString()).toBe(`ns=${t.namespaceIndex};s=${run}`);
        expect(t.variables.get("Cell_LastCycleMs")!.nodeId.toString()).toBe(
          `ns=${t.namespaceIndex};s=${cycle}`,
        );
        for (const v of t.variables.values()) ids.push(v.nodeId.toString());
      });
      expect(ids).toHaveLength(11);
      // a second build (a restart of the same scenario) gives the same NodeIds
      await withTags(cellWith(file), (t) => {
        expect([...t.variables.values()].map((v) => v.nodeId.toString())).toEqual(ids);
      });
    },
  );

  it("sits under Objects/<scope>/<group> with the signal's data type and description", async () => {
    const sim = new Simulation(loadScenarioFile(join(scenarios, "plc-cell.yaml")));
    await withTags(sim, (t) => {
      const ns = t.namespaceIndex;
      const root = as.rootFolder.objects.getFolderElementByName("DB_Cell", ns) as UAObject;
      expect(root.nodeId.toString()).toBe(`ns=${ns};s=conveyor-robot-cell-s7`);
      const group = root.getFolderElementByName("Conveyor1", ns) as UAObject;
      expect(group.nodeId.toString()).toBe(`ns=${ns};s=conveyor-robot-cell-s7/Conveyor1`);
      const eye = group.getFolderElementByName("PhotoEye", ns) as UAVariable;
      expect(eye).toBe(t.variables.get("Conveyor1_PhotoEye"));
      expect(eye.description.text).toBe("part at the end of the conveyor");
      const types = Object.fromEntries(
        [...t.variables].map(([k, v]) => [k, DataType[as.findDataType(v.dataType)!.basicDataType]]),
      );
      expect(types).toMatchObject({
        Conveyor1_PhotoEye: "Boolean",
        Conveyor1_Speed: "Float",
        Cell_PartCount: "Int16",
        Cell_LastCycleMs: "Int32",
      });
    });
  });

  it("reads the process image, with the simulated time of the change as sourceTimestamp", async () => {
    const sim = new Simulation(loadScenarioFile(join(scenarios, "plc-cell.yaml")));
    await withTags(
      sim,
      (t) => {
        const ctrl = sim.plcController!;
        const v = (name: string) => read(t.variables.get(name)!).value.value;
        expect(v("Cell_PartCount")).toBe(0);
        sim.advanceTo(60 * S);
        for (const s of ctrl.profile.signals) {
          const got = read(t.variables.get(s.variable)!);
          expect(got.statusCode).toBe(StatusCodes.Good);
          expect(got.value.value).toBe(ctrl.value(s.variable));
        }
        // 60 s: machine starts at 12.02 s + k · 7.02 s, so seven parts loaded; robot start (10.00 s)
        // to machine start (12.01 s, applied at the next scan) is 2.01 s
        expect(v("Cell_PartCount")).toBe(7);
        expect(v("Cell_LastCycleMs")).toBe(2010);
        expect(v("Conveyor1_Speed")).toBeCloseTo(0.5, 6);
        const count = read(t.variables.get("Cell_PartCount")!);
        expect(count.sourceTimestamp!.getTime()).toBe(T0_MS + 60_000);
        sim.advanceTo(60.5 * S);
        // unchanged value: same DataValue, same timestamp
        expect(read(t.variables.get("Cell_PartCount")!).sourceTimestamp).toEqual(count.sourceTimestamp);
      },
      { simToWall },
    );
  });

  it("under the soft PLC, no tag is writable", async () => {
    const sim = new Simulation(loadScenarioFile(join(scenarios, "plc-cell.yaml")));
    await withTags(sim, async (t) => {
      for (const v of t.variables.values()) expect(v.accessLevel & AccessLevelFlag.CurrentWrite).toBe(0);
      expect(await write(t.variables.get("Conveyor1_Run")!, DataType.Boolean, true)).toBe(
        StatusCodes.BadNotWritable,
      );
    });
  });

  it("under external control, output writes reach the cell at the next scan; bad writes are refused", async () => {
    const sim = new Simulation(loadScenarioFile(join(scenarios, "plc-cell-external.yaml")));
    sim.advanceTo(0);
    await withTags(sim, async (t) => {
      const tag = (n: string) => t.variables.get(n)!;
      for (const [k, v] of t.variables) {
        const out = sim.plcController!.profile.signals.find((s) => s.variable === k)!.direction === "output";
        expect(v.accessLevel & AccessLevelFlag.CurrentWrite).toBe(out ? AccessLevelFlag.CurrentWrite : 0);
      }
      expect(await write(tag("Conveyor1_Run"), DataType.Boolean, true)).toBe(StatusCodes.Good);
      expect(await write(tag("Cell_PartCount"), DataType.Int16, -7)).toBe(StatusCodes.Good);
      expect(await write(tag("Conveyor1_Speed"), DataType.Float, 0.25)).toBe(StatusCodes.Good);
      // the write waits for the next scan: the process image still shows the applied outputs
      expect(read(tag("Conveyor1_Run")).value.value).toBe(false);
      sim.advanceTo(10_000);
      expect(read(tag("Conveyor1_Run")).value.value).toBe(true);
      expect(read(tag("Cell_PartCount")).value.value).toBe(-7);
      expect(read(tag("Conveyor1_Speed")).value.value).toBe(0.25);
      expect(sim.state.conveyors.get("cv1")!.speed).toBe(0.25);

      const refused: [string, DataType, unknown, StatusCode][] = [
        ["Conveyor1_PhotoEye", DataType.Boolean, true, StatusCodes.BadNotWritable],
        ["Conveyor1_Run", DataType.Int16, 1, StatusCodes.BadTypeMismatch],
        ["Conveyor1_Speed", DataType.Double, 0.5, StatusCodes.BadTypeMismatch],
        ["Cell_PartCount", DataType.Int32, 5, StatusCodes.BadTypeMismatch],
        ["Conveyor1_Speed", DataType.Float, Number.NaN, StatusCodes.BadOutOfRange],
        ["Conveyor1_Speed", DataType.Float, Number.POSITIVE_INFINITY, StatusCodes.BadOutOfRange],
      ];
      for (const [name, type, value, status] of refused) {
        expect([name, (await write(tag(name), type, value)).name]).toEqual([name, status.name]);
      }
      const arr = new DataValue({
        value: new Variant({ dataType: DataType.Boolean, arrayType: VariantArrayType.Array, value: [true] }),
      });
      expect(await tag("Robot1_Start").writeValue(SessionContext.defaultContext, arr)).toBe(
        StatusCodes.BadTypeMismatch,
      );
      sim.advanceTo(20_000);
      // nothing refused got through
      expect(read(tag("Cell_PartCount")).value.value).toBe(-7);
      expect(read(tag("Conveyor1_Speed")).value.value).toBe(0.25);
      expect(read(tag("Robot1_Start")).value.value).toBe(false);
    });
  });

  it("a session without the operator role gets BadUserAccessDenied", async () => {
    const sim = new Simulation(loadScenarioFile(join(scenarios, "plc-cell-external.yaml")));
    await withTags(
      sim,
      async (t) => {
        expect(await write(t.variables.get("Conveyor1_Run")!, DataType.Boolean, true)).toBe(
          StatusCodes.BadUserAccessDenied,
        );
        sim.advanceTo(10_000);
        expect(read(t.variables.get("Conveyor1_Run")!).value.value).toBe(false);
      },
      { mayWrite: () => false },
    );
  });

  it("adds nothing for a scenario without a PLC cell; dispose removes every node", async () => {
    const plain = new Simulation(loadScenarioFile(join(scenarios, "assembly-manual.yaml")));
    expect(addPlcTags(as, { getSim: () => plain })).toBeNull();
    const sim = new Simulation(loadScenarioFile(join(scenarios, "plc-cell.yaml")));
    const tags = addPlcTags(as, { getSim: () => sim })!;
    const ids = [...tags.variables.values()].map((v) => v.nodeId);
    tags.dispose();
    for (const id of ids) expect(as.findNode(id)).toBeNull();
    expect(as.rootFolder.objects.getFolderElementByName("DB_Cell", tags.namespaceIndex)).toBeNull();
  });
});
