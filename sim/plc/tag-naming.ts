/**
 * Tag names per controller family, and the OPC UA NodeIds the twin publishes them under. Pure
 * functions of the profile, so NodeIds stay the same from run to run and release to release.
 *
 * | family            | tag of group Conveyor1, name Run (BOOL)     | OPC UA string identifier            |
 * | siemens-s7-1500   | "DB_Cell"."Conveyor1"."Run"                 | same as the tag (S7-1500 server)    |
 * | beckhoff-twincat  | MAIN.bConveyor1Run                          | same as the tag (TF6100)            |
 * | codesys           | Application.PLC_PRG.xConveyor1Run           | `|var|<device>.` + tag               |
 * | rockwell-logix    | Program:MainProgram.Conveyor1_Run           | same as the tag                     |
 */
import type { PlcProfile, PlcSignal } from "./profile";
import type { SignalType } from "./profile-schema";

/** Hungarian prefixes of the Beckhoff and CODESYS style guides. */
const TWINCAT_PREFIX: Record<SignalType, string> = { BOOL: "b", INT: "n", DINT: "n", REAL: "f" };
const CODESYS_PREFIX: Record<SignalType, string> = { BOOL: "x", INT: "i", DINT: "di", REAL: "r" };

type NamingProfile = Pick<PlcProfile, "family" | "scope">;
type NamedSignal = Pick<PlcSignal, "group" | "name" | "type" | "tag">;

/** The tag a PLC programmer of that family would write for the signal. */
export function tagName(profile: NamingProfile, s: NamedSignal): string {
  if (s.tag) return s.tag;
  const joined = `${s.group ?? ""}${s.name}`;
  switch (profile.family) {
    case "siemens-s7-1500":
      return [profile.scope, ...(s.group ? [s.group] : []), s.name].map((p) => `"${p}"`).join(".");
    case "beckhoff-twincat":
      return `${profile.scope}.${TWINCAT_PREFIX[s.type]}${joined}`;
    case "codesys":
      return `${profile.scope}.${CODESYS_PREFIX[s.type]}${joined}`;
    case "rockwell-logix":
      return `Program:${profile.scope}.${s.group ? `${s.group}_` : ""}${s.name}`;
  }
}

export type OpcuaDataType = "Boolean" | "Int16" | "Int32" | "Float";

const OPCUA_TYPE: Record<SignalType, OpcuaDataType> = {
  BOOL: "Boolean",
  INT: "Int16",
  DINT: "Int32",
  REAL: "Float",
};

export interface OpcuaTag {
  /** the signal's ST variable (the key the soft PLC and the Modbus server use) */
  variable: string;
  tag: string;
  namespaceUri: string;
  /** string identifier of the NodeId, e.g. `"DB_Cell"."Conveyor1"."Run"` */
  identifier: string;
  /** namespace-independent form: `nsu=<uri>;s=<identifier>` */
  nodeId: string;
  /** BrowseName / DisplayName: the signal name within its group */
  browseName: string;
  /** folder the variable sits in (the group), or null for top-level signals */
  folder: string | null;
  dataType: OpcuaDataType;
  /** clients may write it: outputs of an externally controlled cell */
  writable: boolean;
  direction: "input" | "output";
}

export function opcuaIdentifier(profile: NamingProfile & Pick<PlcProfile, "device">, s: NamedSignal): string {
  const tag = tagName(profile, s);
  return profile.family === "codesys" ? `|var|${profile.device}.${tag}` : tag;
}

/** Every signal of the profile as an OPC UA variable description; pure data for the OPC UA adapter. */
export function opcuaTags(profile: PlcProfile): OpcuaTag[] {
  return profile.signals.map((s) => {
    const identifier = opcuaIdentifier(profile, s);
    return {
      variable: s.variable,
      tag: tagName(profile, s),
      namespaceUri: profile.opcuaNamespace,
      identifier,
      nodeId: `nsu=${profile.opcuaNamespace};s=${identifier}`,
      browseName: s.name,
      folder: s.group,
      dataType: OPCUA_TYPE[s.type],
      writable: profile.control.source === "external" && s.direction === "output",
      direction: s.direction,
    };
  });
}
