/**
 * The wire protocol between `twin serve` and its viewers: versioned types and the frame codec. Imports
 * nothing, so the server (Node) and the viewer (browser bundle) share exactly this code.
 */
export {
  type CommandReply,
  commandError,
  isCommandError,
  parseViewerCommand,
  TWIN_CMD_ERRORS,
  type TwinCmdErrorCode,
  type ViewerCommand,
  type ViewerCommandType,
} from "./commands";
export {
  createFrameData,
  decodeFrame,
  encodeFrame,
  ensurePartCapacity,
  FRAME_FORMAT,
  FRAME_HEADER_BYTES,
  type FrameData,
  type FrameMessage,
  type FrameShape,
  frameByteLength,
  PART_RECORD_BYTES,
} from "./frame";
export {
  CNC_CHANNELS,
  type CncLayout,
  type EntityKind,
  type EntityLayout,
  type FaultTemplate,
  type JointLayout,
  type Layout,
  type OperatorLayout,
  type ProductLayout,
  type ProductShape,
  type ProductSolid,
  type RobotLayout,
  type ScenarioChoice,
  type StateTone,
  type StationKind,
  stateTone,
  type Vec2,
  type Vec3,
} from "./layout";
export type {
  AlarmView,
  EntityDetail,
  EventsMessage,
  KpiPoint,
  KpiSnapshot,
  Snapshot,
  StationKpi,
  StatusMessage,
  TwinEvent,
  WorkOrderView,
} from "./messages";
export {
  MEMBER_STATES,
  type MemberStateName,
  STATE_NAMES,
  type StateName,
  stateCode,
  stateName,
} from "./states";
export { MAX_FRAME_HZ, MSG, PROTOCOL_VERSION } from "./version";
