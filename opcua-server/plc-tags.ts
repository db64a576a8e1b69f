/**
 * A PLC profile's tags in an OPC UA address space, the way the controller family's own OPC UA server
 * shows them: one variable per signal in the profile's namespace, NodeId `s=<identifier>` from
 * `opcuaTags` (`ns=<i>;s="DB_Cell"."Conveyor1"."Run"` for an S7-1500 profile), so a client written
 * against the twin's tags reads and writes the real PLC's unchanged, and NodeIds are the same from run
 * to run. Folders: `Objects/<scope>` (NodeId `s=<profile id>`) and one per signal group (NodeId
 * `s=<profile id>/<group>`).
 *
 * Values are read from the cell's process image on every read and sample (inputs as read at the last
 * scan, outputs as applied). Writes to the outputs of an externally controlled cell become
 * `writePlcOutput` commands; they take effect at the next scan, like an external PLC's. Under the soft
 * PLC (internal control) no tag is writable.
 */
import {
  AccessLevelFlag,
  type AddressSpace,
  DataType,
  DataValue,
  type ISessionContext,
  type Namespace,
  NumericRange,
  type StatusCode,
  StatusCodes,
  type UAObject,
  type UAVariable,
  Variant,
  VariantArrayType,
} from "node-opcua";
import type { PlcProfile, Simulation } from "../sim/index";
import { checkSignalValue, type OpcuaTag, opcuaTags } from "../sim/plc/index";
import { allowed, applyNamespacePermissions } from "./access";

export interface PlcTagsOptions {
  /** the running simulation; its `plcController` is the cell whose tags are added */
  getSim(): Simulation;
  /** may this session write outputs? default: operators and admins (in-process callers always) */
  mayWrite?: ((context: ISessionContext) => boolean) | undefined;
  /** simulation µs → wall time for sourceTimestamps; default: the wall clock when a change is seen */
  simToWall?: ((tUs: number) => Date) | undefined;
  /** fastest sampling a subscription gets on a tag, ms (default 50) */
  minimumSamplingIntervalMs?: number | undefined;
}

export interface PlcTags {
  readonly profile: PlcProfile;
  readonly namespaceIndex: number;
  /** tag variables by the signal's ST variable (`Conveyor1_Run`) */
  readonly variables: ReadonlyMap<string, UAVariable>;
  /** removes the tags and folders (the namespace stays registered) */
  dispose(): void;
}

const UA_TYPE: Record<OpcuaTag["dataType"], DataType> = {
  Boolean: DataType.Boolean,
  Int16: DataType.Int16,
  Int32: DataType.Int32,
  Float: DataType.Float,
};

/** How a refused `writePlcOutput` is answered. */
function statusFor(code: string): StatusCode {
  switch (code) {
    case "SIM_ERR_OUT_OF_RANGE":
      return StatusCodes.BadOutOfRange;
    case "SIM_ERR_STATE":
      return StatusCodes.BadNotWritable;
    case "SIM_ERR_NO_PLC":
    case "SIM_ERR_UNKNOWN_SIGNAL":
      return StatusCodes.BadNoCommunication;
    default:
      return StatusCodes.BadInternalError;
  }
}

type WriteCallback = (err: Error | null, statusCode?: StatusCode) => void;

/**
 * Adds the tags of the running scenario's PLC cell under `Objects`; returns null when the scenario
 * has no PLC cell. Throws when two signals would share a NodeId (an explicit `tag:` that repeats
 * another) or the nodes already exist.
 */
export function addPlcTags(addressSpace: AddressSpace, o: PlcTagsOptions): PlcTags | null {
  const ctrl0 = o.getSim().plcController;
  if (ctrl0 === null) return null;
  const profile = ctrl0.profile;
  const tags = opcuaTags(profile);
  const seen = new Set<string>();
  for (const t of tags) {
    if (seen.has(t.identifier))
      throw new Error(`${profile.id}: two signals have the NodeId s=${t.identifier}`);
    seen.add(t.identifier);
  }
  const uri = profile.opcuaNamespace;
  const ns = (addressSpace.getNamespace(uri) as Namespace | null) ?? addressSpace.registerNamespace(uri);
  applyNamespacePermissions(ns);
  const mayWrite = o.mayWrite ?? ((c: ISessionContext) => allowed(c, "operator"));
  const sampling = o.minimumSamplingIntervalMs ?? 50;
  // the controller of the simulation running now, if it is still this profile's cell
  const cell = () => {
    const sim = o.getSim();
    const c = sim.plcController;
    return c !== null && c.profile.id === profile.id ? { sim, c } : null;
  };

  const root = ns.addFolder(addressSpace.rootFolder.objects, {
    browseName: profile.scope,
    nodeId: `s=${profile.id}`,
    description: `${profile.name}: PLC tags (${profile.family}, ${profile.control.source} control)`,
  });
  const folders = new Map<string, UAObject>();
  const folderOf = (group: string | null): UAObject => {
    if (group === null) return root;
    let f = folders.get(group);
    if (f === undefined) {
      f = ns.addFolder(root, { browseName: group, nodeId: `s=${profile.id}/${group}` });
      folders.set(group, f);
    }
    return f;
  };

  const variables = new Map<string, UAVariable>();
  for (const tag of tags) {
    const signal = profile.signals.find((s) => s.variable === tag.variable)!;
    const dataType = UA_TYPE[tag.dataType];
    const level = tag.writable
      ? AccessLevelFlag.CurrentRead | AccessLevelFlag.CurrentWrite
      : AccessLevelFlag.CurrentRead;
    let last: DataValue | null = null;
    const v = ns.addVariable({
      organizedBy: folderOf(tag.folder),
      browseName: tag.browseName,
      nodeId: `s=${tag.identifier}`,
      dataType,
      accessLevel: level,
      userAccessLevel: level,
      minimumSamplingInterval: sampling,
      ...(signal.description === null ? {} : { description: signal.description }),
      value: {
        // a DataValue that only changes when the value does, so its sourceTimestamp is the change's
        timestamped_get: () => {
          const now = cell();
          if (now === null) return new DataValue({ statusCode: StatusCodes.BadNoCommunication });
          const value = now.c.value(tag.variable);
          if (last?.value.value === value) return last;
          const wall = new Date();
          last = new DataValue({
            value: new Variant({ dataType, value }),
            sourceTimestamp: o.simToWall ? o.simToWall(now.sim.now) : wall,
            serverTimestamp: wall,
          });
          return last;
        },
      },
    });
    if (tag.writable) {
      // replaces node-opcua's writeValue: a refused write must not show up as the tag's value, and
      // an accepted one shows only once the next scan applies it (the process image is the truth)
      const apply = (context: ISessionContext, dataValue: DataValue, range: unknown): StatusCode => {
        if (!mayWrite(context)) return StatusCodes.BadUserAccessDenied;
        if (range !== undefined && range !== null && !NumericRange.coerce(range as string).isEmpty())
          return StatusCodes.BadIndexRangeInvalid;
        const variant = dataValue.value;
        if (variant.dataType !== dataType || variant.arrayType !== VariantArrayType.Scalar)
          return StatusCodes.BadTypeMismatch;
        let value: boolean | number;
        try {
          value = checkSignalValue(signal, variant.value as boolean | number);
        } catch {
          return StatusCodes.BadOutOfRange;
        }
        const now = cell();
        if (now === null) return StatusCodes.BadNoCommunication;
        const r = now.sim.submit({ type: "writePlcOutput", cell: profile.id, signal: tag.variable, value });
        return r.ok ? StatusCodes.Good : statusFor(r.code);
      };
      // the forms node-opcua offers: (ctx, dv[, range], callback) and (ctx, dv[, range]) → Promise
      const write = (context: ISessionContext, dataValue: DataValue, ...rest: unknown[]) => {
        const last = rest[rest.length - 1];
        const callback = typeof last === "function" ? (last as WriteCallback) : null;
        const status = apply(
          context,
          dataValue,
          callback === null ? rest[0] : rest.length === 2 ? rest[0] : null,
        );
        if (callback === null) return Promise.resolve(status);
        callback(null, status);
        return undefined;
      };
      (v as unknown as { writeValue: typeof write }).writeValue = write;
    }
    variables.set(tag.variable, v);
  }

  return {
    profile,
    namespaceIndex: ns.index,
    variables,
    dispose() {
      for (const v of variables.values()) addressSpace.deleteNode(v);
      for (const f of folders.values()) addressSpace.deleteNode(f);
      addressSpace.deleteNode(root);
    },
  };
}
