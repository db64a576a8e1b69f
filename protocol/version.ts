/**
 * Version of the wire protocol between `twin serve` and the viewer. Bump it on any change a peer of the
 * other version would misread; the viewer refuses a layout of another version and says so.
 * 2: frames (format 2) may carry a rotation per part (physics fidelity).
 * 3: products in the layout carry their `shape` (box, cylinder or compound solids).
 */
export const PROTOCOL_VERSION = 3;

/** Socket.IO event names, server → viewer and viewer → server. */
export const MSG = {
  /** server → viewer, once per connection and after every restart of the twin: `Layout` */
  layout: "layout",
  /** server → viewer, right after `layout`: alarms, work orders and KPI history (`Snapshot`) */
  snapshot: "snapshot",
  /** server → viewer, up to 30 Hz, acknowledged by the viewer (`FrameMessage`) */
  frame: "frame",
  /** server → viewer, about twice a second, acknowledged by the viewer: KPIs and details (`StatusMessage`) */
  status: "status",
  /** server → viewer, as they happen: alarms, work-order progress, run changes (`TwinEvent[]`) */
  events: "events",
  /** viewer → server, with an acknowledgement callback (`ViewerCommand` → `CommandReply`) */
  command: "command",
} as const;

/** Highest frame rate the gateway sends, frames per second. */
export const MAX_FRAME_HZ = 30;
