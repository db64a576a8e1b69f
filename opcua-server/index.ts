/**
 * The OPC UA adapter's public surface. `startOpcUaServer` is what `twin serve` calls; `buildWorkshop`
 * builds the same address space into any AddressSpace (tests, other servers).
 */
export type { Role, UserConfig } from "./access";
export { SIM_COMMAND_TYPES } from "./commands";
export type { Identity } from "./context";
export { OPCUA_ERRORS, OpcUaConfigError, type OpcUaErrorCode } from "./errors";
export { APP_NAMESPACE_URI } from "./ids";
export type { CncModelView, ModelProviders } from "./models";
export { COMPANION_NODESETS, createCompanionAddressSpace, NS } from "./nodesets";
export { addPlcTags, type PlcTags, type PlcTagsOptions } from "./plc-tags";
export { DEFAULT_DEADBANDS, type DeadbandKind, type Deadbands } from "./publisher";
export {
  type OpcUaServerHandle,
  type OpcUaServerOptions,
  type SecurityModeName,
  startOpcUaServer,
} from "./server";
export { buildWorkshop, type Workshop, type WorkshopOptions } from "./workshop";
