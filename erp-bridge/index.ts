/**
 * The ERP bridge's public surface: what `app/` (twin serve), the OPC UA Job Control adapter and the
 * benchmarks may use. Nothing else in erp-bridge/ is to be imported from outside.
 */

export { type BuildApiOptions, buildApi, ERP_AJV_OPTIONS, erpOpenApi } from "./api/app";
export { purgeIdempotencyKeys } from "./api/context";
export { type ErpRoutesOptions, erpRoutes } from "./api/plugin";
export { type Db, DEFAULT_DB_PATH, migrate, type OpenDbOptions, openErpDb, schemaVersion } from "./db/open";
export {
  DISPATCH_RULES,
  Dispatcher,
  type DispatcherOptions,
  type DispatchReport,
  type DispatchRule,
} from "./dispatcher";
export { isoToSimUs, readEpochMs, simUsToIso, writeEpoch } from "./domain/epoch";
export { canTransition, isFinal } from "./domain/lifecycle";
export {
  addBomLine,
  createProduct,
  deleteBomLine,
  deleteProduct,
  deleteRouting,
  getProduct,
  getRouting,
  listBom,
  listProducts,
  putRouting,
  replaceBom,
  updateProduct,
  upsertProduct,
} from "./domain/products";
export type {
  BomLine,
  Product,
  ProductDetail,
  ProgramKind,
  RoutingOperation,
  WorkOrder,
  WorkOrderInput,
  WorkOrderProgressView,
  WorkOrderStatus,
} from "./domain/types";
export {
  type Clock,
  cancelWorkOrder,
  createWorkOrder,
  findWorkOrder,
  getWorkOrder,
  listWorkOrders,
  releaseWorkOrder,
  upsertWorkOrder,
} from "./domain/work-orders";
export { API_ERRORS, ApiError, type ApiErrorCode } from "./errors";
export { type ImportResult, importB2mml, importCsv } from "./import/apply";
export { type B2mmlDocument, parseB2mml } from "./import/b2mml";
export { parseCsv } from "./import/csv";
export { CSV_KINDS, type CsvKind } from "./import/csv-records";
export { type WorkOrderKpi, workOrderKpi } from "./queries/kpi";
export { type PartTrace, partsOfWorkOrder, readEvents, type TraceEvent, tracePart } from "./queries/trace";
export { ExecutionRecorder, type FlushResult, type RecorderOptions } from "./recorder/recorder";
export { SCENARIO_REVISION, type SeedResult, scenarioProductResolver, seedFromScenario } from "./sim-link";
