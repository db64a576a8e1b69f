import {
  type AddressSpace,
  DataType,
  SessionContext,
  type UAMethod,
  type UAObject,
  Variant,
  VariantArrayType,
} from "node-opcua";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Simulation } from "../sim/index";
import { simToWall, workshopSimulation } from "./fixtures";
import { parseJobOrder, RETURN } from "./jobs";
import { createCompanionAddressSpace } from "./nodesets";
import { buildWorkshop, type Workshop } from "./workshop";

let as: AddressSpace;
let sim: Simulation;
let ws: Workshop;

beforeAll(async () => {
  as = await createCompanionAddressSpace();
  sim = workshopSimulation();
  ws = buildWorkshop(as, { getSim: () => sim, simToWall, publishIntervalMs: 0, now: () => 0 });
});
afterAll(() => {
  ws?.dispose();
  as?.dispose();
});

const control = () => as.findNode(`ns=${ws.namespaceIndex};s=Line/JobManagement/JobOrderControl`) as UAObject;
const isa = () => as.getNamespaceIndex("http://opcfoundation.org/UA/ISA95-JOBCONTROL_V2/");

function jobOrder(id: string, product: string, quantity: string) {
  return as.constructExtensionObject(as.findDataType("ISA95JobOrderDataType", isa())!, {
    jobOrderID: id,
    materialRequirements: [{ materialDefinitionID: product, quantity }],
  });
}

async function call(name: string, first: Variant): Promise<{ status: string; returnStatus: bigint }> {
  const obj = control();
  const m = obj.getMethodByName(name) as UAMethod;
  const comment = new Variant({
    dataType: DataType.LocalizedText,
    arrayType: VariantArrayType.Array,
    value: [],
  });
  const r = await m.execute(obj, [first, comment], SessionContext.defaultContext);
  const out = r.outputArguments?.[0]?.value as [number, number] | undefined;
  return {
    status: r.statusCode?.name ?? "?",
    returnStatus: out === undefined ? -1n : (BigInt(out[0]) << 32n) + BigInt(out[1]),
  };
}

const order = (jo: unknown) => new Variant({ dataType: DataType.ExtensionObject, value: jo });
const id = (s: string) => new Variant({ dataType: DataType.String, value: s });

describe("job orders (Machinery Jobs / ISA-95 job control)", () => {
  it.each([
    [{ jobOrderID: "", materialRequirements: [] }, "JobOrderID is empty"],
    [
      { jobOrderID: "A", materialRequirements: [] },
      "MaterialRequirements[0] (product and quantity) is missing",
    ],
    [
      { jobOrderID: "A", materialRequirements: [{ materialDefinitionID: "", quantity: "1" }] },
      "MaterialRequirements[0].MaterialDefinitionID is empty",
    ],
    [
      { jobOrderID: "A", materialRequirements: [{ materialDefinitionID: "p", quantity: "0" }] },
      "MaterialRequirements[0].Quantity must be a positive whole number",
    ],
    [
      { jobOrderID: "A", materialRequirements: [{ materialDefinitionID: "p", quantity: "1.5" }] },
      "MaterialRequirements[0].Quantity must be a positive whole number",
    ],
    [null, "JobOrder is not an ISA95JobOrderDataType"],
  ])("refuses %j: %s", (jo, error) => {
    expect(parseJobOrder(jo)).toEqual({ error });
  });

  it("Store keeps an order, Start releases it into the simulation", async () => {
    expect(await call("Store", order(jobOrder("J-1", "flange-80", "4")))).toEqual({
      status: "Good",
      returnStatus: RETURN.noError,
    });
    expect(sim.state.orders.has("J-1")).toBe(false);
    expect(await call("Start", id("J-1"))).toEqual({ status: "Good", returnStatus: RETURN.noError });
    expect(sim.state.orders.get("J-1")).toMatchObject({ product: "flange-80", quantity: 4 });
    expect(await call("Start", id("J-1"))).toEqual({ status: "Good", returnStatus: RETURN.invalidStatus });
    expect(await call("Start", id("nope"))).toEqual({
      status: "Good",
      returnStatus: RETURN.unknownJobOrderId,
    });
  });

  it("StoreAndStart refuses duplicates and unknown products; Cancel withdraws a stored order, Abort a started one", async () => {
    expect((await call("StoreAndStart", order(jobOrder("J-2", "flange-100", "3")))).returnStatus).toBe(
      RETURN.noError,
    );
    expect((await call("StoreAndStart", order(jobOrder("J-2", "flange-100", "3")))).returnStatus).toBe(
      RETURN.unableToAccept,
    );
    expect((await call("StoreAndStart", order(jobOrder("J-3", "bolt", "3")))).returnStatus).toBe(
      RETURN.unableToAccept,
    );
    expect(sim.state.orders.has("J-3")).toBe(false);
    expect((await call("Store", order(jobOrder("J-4", "flange-80", "1")))).returnStatus).toBe(RETURN.noError);
    expect((await call("Abort", id("J-4"))).returnStatus).toBe(RETURN.invalidStatus);
    expect((await call("Cancel", id("J-4"))).returnStatus).toBe(RETURN.noError);
    expect((await call("Start", id("J-4"))).returnStatus).toBe(RETURN.unknownJobOrderId);
    expect((await call("Clear", id("J-2"))).returnStatus).toBe(RETURN.invalidStatus);
    expect((await call("Abort", id("J-2"))).returnStatus).toBe(RETURN.noError);
    expect(sim.state.orders.get("J-2")!.status).toBe("cancelled");
    expect((await call("Abort", id("J-2"))).returnStatus).toBe(RETURN.invalidStatus);
    expect((await call("Clear", id("J-2"))).returnStatus).toBe(RETURN.noError);
    expect((await call("Clear", id("J-2"))).returnStatus).toBe(RETURN.unknownJobOrderId);
  });

  it("the job order list follows the simulation's work orders", () => {
    sim.advanceTo(600e6);
    ws.update(sim.drainEvents());
    const list = (
      as.findNode(`ns=${ws.namespaceIndex};s=Line/JobManagement/JobOrderControl/JobOrderList`) as unknown as {
        readValue(): {
          value: {
            value: {
              jobOrder: { jobOrderID: string };
              state: { stateText: { text: string }; stateNumber: number }[];
            }[];
          };
        };
      }
    ).readValue().value.value;
    const byId = new Map(list.map((e) => [e.jobOrder.jobOrderID, e.state[0]!]));
    expect(byId.has("J-2")).toBe(false);
    for (const o of sim.state.orders.values()) {
      if (o.id === "J-2") continue;
      const want = { released: 2, inProgress: 3, completed: 5, cancelled: 6 }[o.status];
      expect(byId.get(o.id)?.stateNumber).toBe(want);
    }
  });
});
