import {
  type AddressSpace,
  type BaseNode,
  DataType,
  type EUInformation,
  makeEUInformation,
  type Namespace,
  NodeClass,
  Range,
  StatusCodes,
  type UAMethod,
  type UAObject,
  type UAObjectType,
  type UAVariable,
  Variant,
} from "node-opcua";
import { NS, type NsKey } from "./nodesets";
import type { Binding, DeadbandKind, Scalar, ValuePublisher } from "./publisher";

/** Everything a builder needs: the address space, namespace indexes and where live values go. */
export interface BuildContext {
  addressSpace: AddressSpace;
  app: Namespace;
  ns: Record<NsKey, number>;
  publisher: ValuePublisher;
}

export function namespaceIndexes(addressSpace: AddressSpace): Record<NsKey, number> {
  const out = {} as Record<NsKey, number>;
  for (const [k, uri] of Object.entries(NS)) {
    const i = addressSpace.getNamespaceIndex(uri);
    if (i < 0) throw new Error(`nodeset ${uri} is not loaded`);
    out[k as NsKey] = i;
  }
  return out;
}

/** Engineering units (UN/CEFACT common codes) the twin publishes in. */
export const UNITS = {
  mm: makeEUInformation("MMT", "mm", "millimetre"),
  mmPerS: makeEUInformation("C16", "mm/s", "millimetre per second"),
  mmPerMin: makeEUInformation("H81", "mm/min", "millimetre per minute"),
  deg: makeEUInformation("DD", "°", "degree [unit of angle]"),
  degPerS: makeEUInformation("E96", "°/s", "degree per second"),
  rpm: makeEUInformation("RPM", "r/min", "revolutions per minute"),
  percent: makeEUInformation("P1", "%", "percent"),
  mPerS: makeEUInformation("MTS", "m/s", "metre per second"),
  s: makeEUInformation("SEC", "s", "second [unit of time]"),
  perMin: makeEUInformation("C94", "min⁻¹", "reciprocal minute"),
} as const;

export function objectType(ctx: BuildContext, ns: NsKey, name: string): UAObjectType {
  const t = ctx.addressSpace.findObjectType(name, ctx.ns[ns]);
  if (t === null) throw new Error(`object type ${NS[ns]}${name} not found`);
  return t;
}

export interface InstanceOptions {
  /** browse name; in the app namespace unless `nameNs` says otherwise */
  name: string;
  nameNs?: NsKey | undefined;
  /** full string NodeId; children derive theirs from it */
  nodeId?: string | undefined;
  componentOf?: BaseNode | undefined;
  organizedBy?: BaseNode | undefined;
  optionals?: string[] | undefined;
}

export function instantiate(ctx: BuildContext, ns: NsKey, typeName: string, o: InstanceOptions): UAObject {
  const type = objectType(ctx, ns, typeName);
  return type.instantiate({
    browseName: { name: o.name, namespaceIndex: o.nameNs === undefined ? ctx.app.index : ctx.ns[o.nameNs] },
    namespace: ctx.app,
    ...(o.nodeId === undefined ? {} : { nodeId: `s=${o.nodeId}` }),
    ...(o.componentOf === undefined ? {} : { componentOf: o.componentOf }),
    ...(o.organizedBy === undefined ? {} : { organizedBy: o.organizedBy }),
    optionals: o.optionals ?? [],
  }) as UAObject;
}

/** A child along a browse path (names in any namespace); throws naming the missing step. */
export function child(node: BaseNode, ...path: string[]): BaseNode {
  let cur = node;
  for (const name of path) {
    const next = childByName(cur, name);
    if (next === null) throw new Error(`${cur.nodeId.toString()} has no child "${name}"`);
    cur = next;
  }
  return cur;
}

function childByName(node: BaseNode, name: string): BaseNode | null {
  const found = (node as UAObject).getChildByName(name);
  if (found !== null) return found;
  if (node.nodeClass === NodeClass.Object) return (node as UAObject).getFolderElementByName(name);
  return null;
}

export function variable(node: BaseNode, ...path: string[]): UAVariable {
  const v = child(node, ...path);
  if (v.nodeClass !== NodeClass.Variable) throw new Error(`${v.nodeId.toString()} is not a variable`);
  return v as UAVariable;
}

export function object(node: BaseNode, ...path: string[]): UAObject {
  const v = child(node, ...path);
  if (v.nodeClass !== NodeClass.Object) throw new Error(`${v.nodeId.toString()} is not an object`);
  return v as UAObject;
}

/** Sets a value once, at build time (identification, ranges, units). */
export function setStatic(v: UAVariable, dataType: DataType, value: unknown): void {
  v.setValueFromSource(new Variant({ dataType, value }));
}

export function setUnits(v: UAVariable, eu: EUInformation): void {
  const p = v.getPropertyByName("EngineeringUnits");
  if (p !== null) setStatic(p, DataType.ExtensionObject, eu);
}

export function setRange(v: UAVariable, low: number, high: number, prop = "EURange"): void {
  const p = v.getPropertyByName(prop);
  if (p !== null) setStatic(p, DataType.ExtensionObject, new Range({ low, high }));
}

/** Registers a live value: `read` is evaluated by the publisher, the result written to `v`. */
export function bind(
  ctx: BuildContext,
  v: UAVariable,
  dataType: DataType,
  entity: string | null,
  read: () => Scalar,
  deadband?: DeadbandKind,
): void {
  const b: Binding = {
    entity,
    read,
    deadband,
    write: (value, when) => v.setValueFromSource(new Variant({ dataType, value }), StatusCodes.Good, when),
  };
  ctx.publisher.add(b);
}

/** Sets a finite state machine's CurrentState (and its Id and Number) to the named state. */
export function setState(sm: UAObject, state: string, when?: Date): void {
  const target = findState(sm, state);
  const cur = variable(sm, "CurrentState");
  cur.setValueFromSource(
    new Variant({ dataType: DataType.LocalizedText, value: { text: state } }),
    StatusCodes.Good,
    when,
  );
  const id = cur.getPropertyByName("Id");
  id?.setValueFromSource(
    new Variant({ dataType: DataType.NodeId, value: target.nodeId }),
    StatusCodes.Good,
    when,
  );
  const number = cur.getPropertyByName("Number");
  const sn = (target as UAObject).getPropertyByName("StateNumber");
  if (number !== null && sn !== null) {
    number.setValueFromSource(
      new Variant({ dataType: DataType.UInt32, value: sn.readValue().value.value }),
      StatusCodes.Good,
      when,
    );
  }
}

const stateCache = new WeakMap<BaseNode, Map<string, BaseNode>>();

function findState(sm: UAObject, state: string): BaseNode {
  const type = sm.typeDefinitionObj;
  let cache = stateCache.get(type);
  if (cache === undefined) {
    cache = new Map();
    stateCache.set(type, cache);
  }
  const hit = cache.get(state);
  if (hit !== undefined) return hit;
  for (let t: UAObjectType | null = type; t !== null; t = t.subtypeOfObj) {
    const s = t.getComponentByName(state);
    if (s !== null) {
      cache.set(state, s);
      return s;
    }
  }
  throw new Error(`state machine ${type.browseName.toString()} has no state "${state}"`);
}

/** A live state machine: its current state name is read from the simulation. */
export function bindState(ctx: BuildContext, sm: UAObject, entity: string | null, read: () => string): void {
  ctx.publisher.add({ entity, read, write: (value, when) => setState(sm, String(value), when) });
}

export function addVariable(
  ctx: BuildContext,
  parent: UAObject,
  name: string,
  dataType: DataType,
  value: unknown,
  typeName: "BaseDataVariableType" | "AnalogUnitType" | "AnalogItemType" = "BaseDataVariableType",
): UAVariable {
  const v = ctx.app.addVariable({
    componentOf: parent,
    browseName: { name, namespaceIndex: ctx.app.index },
    typeDefinition: typeName,
    dataType,
    value: { dataType, value },
  } as Parameters<Namespace["addVariable"]>[0]);
  if (typeName !== "BaseDataVariableType") {
    const props = typeName === "AnalogUnitType" ? ["EngineeringUnits", "EURange"] : ["EURange"];
    for (const p of props) {
      if (v.getPropertyByName(p) !== null) continue;
      ctx.app.addVariable({
        propertyOf: v,
        browseName: { name: p, namespaceIndex: 0 },
        typeDefinition: "PropertyType",
        dataType: p === "EURange" ? "Range" : "EUInformation",
      } as Parameters<Namespace["addVariable"]>[0]);
    }
  }
  return v;
}

export function addObject(ctx: BuildContext, parent: UAObject, name: string): UAObject {
  return ctx.app.addObject({ componentOf: parent, browseName: { name, namespaceIndex: ctx.app.index } });
}

export function methods(node: UAObject): UAMethod[] {
  return node.getMethods();
}
