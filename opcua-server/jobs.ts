import {
  DataType,
  type ExtensionObject,
  StatusCodes,
  type UAObject,
  Variant,
  VariantArrayType,
} from "node-opcua";
import type { WorkOrderSpec } from "../sim/index";
import type { WorkshopContext } from "./context";
import { bindChecked, type MethodArg } from "./methods";
import { instantiate, object, setStatic, variable } from "./ua";

/** OPC 10031-4 B.2 method ReturnStatus bits. */
export const RETURN = {
  noError: 1n,
  unknownJobOrderId: 2n,
  invalidCommand: 4n,
  invalidStatus: 8n,
  unableToAccept: 16n,
  invalidRequest: 1n << 32n,
} as const;

/** ISA95JobOrderReceiverObjectType states, with their StateNumber. */
export type JobState =
  | "NotAllowedToStart"
  | "AllowedToStart"
  | "Running"
  | "Interrupted"
  | "Ended"
  | "Aborted";
const STATE_NUMBER: Record<JobState, number> = {
  NotAllowedToStart: 1,
  AllowedToStart: 2,
  Running: 3,
  Interrupted: 4,
  Ended: 5,
  Aborted: 6,
};

/** How a work order of the simulation shows as a job order state. */
export function jobState(status: "released" | "inProgress" | "completed" | "cancelled"): JobState {
  return status === "released"
    ? "AllowedToStart"
    : status === "inProgress"
      ? "Running"
      : status === "completed"
        ? "Ended"
        : "Aborted";
}

export interface ParsedJobOrder {
  order?: WorkOrderSpec;
  error?: string;
}

/**
 * A job order as the simulation needs it: JobOrderID, Priority, and the first MaterialRequirements
 * entry (MaterialDefinitionID = product id, Quantity = a positive whole number as DecimalString).
 */
export function parseJobOrder(jo: unknown): ParsedJobOrder {
  const o = jo as Record<string, unknown> | null;
  if (o === null || typeof o !== "object") return { error: "JobOrder is not an ISA95JobOrderDataType" };
  const id = o.jobOrderID;
  if (typeof id !== "string" || id === "") return { error: "JobOrderID is empty" };
  const mats = o.materialRequirements as Record<string, unknown>[] | null | undefined;
  const m = mats?.[0];
  if (m === undefined) return { error: "MaterialRequirements[0] (product and quantity) is missing" };
  const product = m.materialDefinitionID;
  if (typeof product !== "string" || product === "")
    return { error: "MaterialRequirements[0].MaterialDefinitionID is empty" };
  const q = Number(String(m.quantity ?? ""));
  if (!(Number.isInteger(q) && q > 0))
    return { error: "MaterialRequirements[0].Quantity must be a positive whole number" };
  const priority = typeof o.priority === "number" ? o.priority : 0;
  return { order: { id, product, quantity: q, priority } };
}

/**
 * Machinery Jobs (OPC 40001-3) JobManagement on the line: ERP/MES clients store, start, cancel, abort
 * and clear job orders; a started job order becomes a `releaseWorkOrder` command, and the job order
 * list and responses follow the simulation's work orders (including those released by the scenario or
 * the ERP bridge). Stored, not yet started job orders live in the adapter until Start.
 */
export class JobManagement {
  private readonly stored = new Map<string, WorkOrderSpec>();
  private readonly cleared = new Set<string>();
  private list!: ReturnType<typeof variable>;
  private responses!: ReturnType<typeof variable>;

  constructor(private readonly w: WorkshopContext) {}

  build(line: UAObject): UAObject {
    const w = this.w;
    const jm = instantiate(w, "jobs", "JobManagementType", {
      name: "JobManagement",
      nameNs: "jobs",
      componentOf: line,
      optionals: [
        "JobOrderControl.Store",
        "JobOrderControl.StoreAndStart",
        "JobOrderControl.Start",
        "JobOrderControl.Cancel",
        "JobOrderControl.Clear",
        "JobOrderControl.Abort",
        "JobOrderResults.JobOrderResponseList",
      ],
    });
    const ctl = object(jm, "JobOrderControl");
    setStatic(variable(ctl, "MaxDownloadableJobOrders"), DataType.UInt16, 1000);
    this.list = variable(ctl, "JobOrderList");
    const results = object(jm, "JobOrderResults");
    this.responses = variable(results, "JobOrderResponseList");
    const idArgs: MethodArg[] = [
      { name: "JobOrderID", dataType: DataType.String },
      { name: "Comment", dataType: DataType.LocalizedText },
    ];
    const orderArgs: MethodArg[] = [
      { name: "JobOrder", dataType: DataType.ExtensionObject },
      { name: "Comment", dataType: DataType.LocalizedText },
    ];
    const ret = (bits: bigint) => ({ status: StatusCodes.Good, outputs: [u64(bits)] });
    const bindOp = (name: string, args: MethodArg[], run: (a: unknown) => bigint) => {
      const m = ctl.getMethodByName(name);
      if (m === null) throw new Error(`JobOrderControl has no ${name}`);
      bindChecked(m, "operator", args, ([a]) => ret(run(a)));
    };
    bindOp("Store", orderArgs, (jo) => this.store(jo, false));
    bindOp("StoreAndStart", orderArgs, (jo) => this.store(jo, true));
    bindOp("Start", idArgs, (id) => this.start(String(id)));
    bindOp("Cancel", idArgs, (id) => this.cancel(String(id), true));
    bindOp("Abort", idArgs, (id) => this.cancel(String(id), false));
    bindOp("Clear", idArgs, (id) => this.clear(String(id)));
    const byId = results.getMethodByName("RequestJobResponseByJobOrderID");
    if (byId !== null) {
      bindChecked(byId, "operator", [{ name: "JobOrderID", dataType: DataType.String }], ([id]) => {
        const r = this.responseList().find((x) => x.jobOrderID === id);
        return r === undefined
          ? {
              status: StatusCodes.Good,
              outputs: [{ dataType: DataType.ExtensionObject, value: null }, u64(RETURN.unknownJobOrderId)],
            }
          : {
              status: StatusCodes.Good,
              outputs: [{ dataType: DataType.ExtensionObject, value: r }, u64(RETURN.noError)],
            };
      });
    }
    const byState = results.getMethodByName("RequestJobResponseByJobOrderState");
    if (byState !== null) {
      bindChecked(
        byState,
        "operator",
        [{ name: "JobOrderState", dataType: DataType.ExtensionObject }],
        ([states]) => {
          const wanted = new Set(
            (Array.isArray(states) ? states : [states]).map(
              (s) => (s as { stateNumber?: number } | null)?.stateNumber,
            ),
          );
          const out = this.responseList().filter((r) => wanted.has(r.jobState[0]?.stateNumber));
          return {
            status: StatusCodes.Good,
            outputs: [
              { dataType: DataType.ExtensionObject, arrayType: VariantArrayType.Array, value: out },
              u64(RETURN.noError),
            ],
          };
        },
      );
    }
    this.w.publisher.add({
      entity: "jobs",
      read: () => this.signature(),
      write: (_v, when) => this.publish(when),
    });
    return jm;
  }

  private store(jo: unknown, start: boolean): bigint {
    const p = parseJobOrder(jo);
    if (p.order === undefined) return RETURN.invalidRequest;
    const id = p.order.id;
    if (this.stored.has(id) || this.w.getSim().state.orders.has(id)) return RETURN.unableToAccept;
    if (!start) {
      this.stored.set(id, p.order);
      this.changed();
      return RETURN.noError;
    }
    return this.release(p.order);
  }

  private release(order: WorkOrderSpec): bigint {
    const r = this.w.commands.submit({ type: "releaseWorkOrder", order });
    if (r.status.isNotGood()) return RETURN.unableToAccept;
    this.stored.delete(order.id);
    this.changed();
    return RETURN.noError;
  }

  private start(id: string): bigint {
    const order = this.stored.get(id);
    if (order !== undefined) return this.release(order);
    return this.w.getSim().state.orders.has(id) ? RETURN.invalidStatus : RETURN.unknownJobOrderId;
  }

  /** Cancel takes stored or released orders; Abort takes released or running ones. */
  private cancel(id: string, isCancel: boolean): bigint {
    if (this.stored.has(id)) {
      if (!isCancel) return RETURN.invalidStatus;
      this.stored.delete(id);
      this.changed();
      return RETURN.noError;
    }
    const o = this.w.getSim().state.orders.get(id);
    if (o === undefined) return RETURN.unknownJobOrderId;
    if (isCancel ? o.status !== "released" : o.status !== "inProgress" && o.status !== "released")
      return RETURN.invalidStatus;
    const r = this.w.commands.submit({ type: "cancelWorkOrder", id });
    return r.status.isGood() ? RETURN.noError : RETURN.invalidStatus;
  }

  private clear(id: string): bigint {
    const o = this.w.getSim().state.orders.get(id);
    if (o === undefined || this.cleared.has(id)) return RETURN.unknownJobOrderId;
    if (o.status !== "completed" && o.status !== "cancelled") return RETURN.invalidStatus;
    this.cleared.add(id);
    this.changed();
    return RETURN.noError;
  }

  private changed(): void {
    this.w.publisher.touch("jobs", this.w.getSim().now);
  }

  /** Changes whenever an order appears, moves or counts a part: the publisher compares it. */
  private signature(): string {
    let s = `${this.stored.size}/${this.cleared.size}`;
    for (const o of this.w.getSim().state.orders.values())
      s += `|${o.id}:${o.status}:${o.completed}:${o.scrapped}`;
    for (const id of this.stored.keys()) s += `|${id}`;
    return s;
  }

  private publish(when: Date): void {
    const entries: ExtensionObject[] = [];
    for (const order of this.stored.values()) entries.push(this.entry(order, "NotAllowedToStart"));
    for (const o of this.w.getSim().state.orders.values()) {
      if (this.cleared.has(o.id)) continue;
      entries.push(
        this.entry(
          { id: o.id, product: o.product, quantity: o.quantity, priority: o.priority },
          jobState(o.status),
        ),
      );
    }
    const arr = (value: unknown[]) =>
      new Variant({ dataType: DataType.ExtensionObject, arrayType: VariantArrayType.Array, value });
    this.list.setValueFromSource(arr(entries), undefined, when);
    this.responses.setValueFromSource(arr(this.responseList()), undefined, when);
  }

  private dataType(name: string) {
    const dt = this.w.addressSpace.findDataType(name, this.w.ns.isa95);
    if (dt === null) throw new Error(`data type ${name} not found`);
    return dt;
  }

  private state(s: JobState) {
    return {
      browsePath: {
        elements: [{ includeSubtypes: true, targetName: { namespaceIndex: this.w.ns.isa95, name: s } }],
      },
      stateText: { text: s },
      stateNumber: STATE_NUMBER[s],
    };
  }

  private jobOrder(o: WorkOrderSpec): ExtensionObject {
    return this.w.addressSpace.constructExtensionObject(this.dataType("ISA95JobOrderDataType"), {
      jobOrderID: o.id,
      priority: o.priority ?? 0,
      materialRequirements: [
        { materialDefinitionID: o.product, quantity: String(o.quantity), materialUse: "Produced" },
      ],
    });
  }

  private entry(o: WorkOrderSpec, s: JobState): ExtensionObject {
    return this.w.addressSpace.constructExtensionObject(this.dataType("ISA95JobOrderAndStateDataType"), {
      jobOrder: this.jobOrder(o),
      state: [this.state(s)],
    });
  }

  private responseList(): (ExtensionObject & { jobOrderID: string; jobState: { stateNumber: number }[] })[] {
    const dt = this.dataType("ISA95JobResponseDataType");
    const out = [];
    for (const o of this.w.getSim().state.orders.values()) {
      if (this.cleared.has(o.id)) continue;
      out.push(
        this.w.addressSpace.constructExtensionObject(dt, {
          jobResponseID: `${o.id}/response`,
          jobOrderID: o.id,
          jobState: [this.state(jobState(o.status))],
          materialActuals: [
            { materialDefinitionID: o.product, quantity: String(o.completed), materialUse: "Produced" },
            { materialDefinitionID: o.product, quantity: String(o.scrapped), materialUse: "Scrapped" },
          ],
        }) as ExtensionObject & { jobOrderID: string; jobState: { stateNumber: number }[] },
      );
    }
    return out;
  }
}

function u64(bits: bigint) {
  // node-opcua carries UInt64 as [high, low] 32-bit words
  return {
    dataType: DataType.UInt64,
    arrayType: VariantArrayType.Scalar,
    value: [Number(bits >> 32n), Number(bits & 0xffffffffn)],
  };
}
