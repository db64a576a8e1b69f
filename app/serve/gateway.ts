import type { Server as HttpServer } from "node:http";
import { Server, type Socket } from "socket.io";
import {
  type CommandReply,
  type EventsMessage,
  type FrameMessage,
  isCommandError,
  MAX_FRAME_HZ,
  MSG,
  PROTOCOL_VERSION,
  parseViewerCommand,
  type Snapshot,
  type StatusMessage,
  type TwinEvent,
} from "../../protocol/index";
import type { TwinHost } from "./host";
import type { LiveTwin } from "./live-twin";
import { alarmViews, orderViews } from "./views";

export interface GatewayOptions {
  /** frames per second, at most 30 */
  frameHz?: number;
  /** status messages per second */
  statusHz?: number;
  /** frames a viewer may have unacknowledged before further frames to it are dropped */
  maxInFlight?: number;
  /** ms after which an unacknowledged frame counts as lost */
  ackTimeoutMs?: number;
}

export interface GatewayStats {
  viewers: number;
  framesSampled: number;
  framesSent: number;
  /** frames not sent to a viewer because it had not acknowledged the previous ones */
  framesDropped: number;
  /** bytes of the binary block of the last frame */
  lastFrameBytes: number;
}

interface ViewerData {
  inFlight: number;
  /** a status message not yet acknowledged: the next one waits */
  statusPending: boolean;
}

/**
 * The Socket.IO side of the twin. Each viewer gets the layout and a snapshot on connect (and again after
 * a restart), then frames sampled once per tick and shared by every viewer. A viewer acknowledges each
 * frame; one that has `maxInFlight` unacknowledged frames gets no new ones until it catches up, so a slow
 * viewer sees fewer frames of the latest state and never a growing queue. Alarms and work-order events
 * are not dropped: they are rare and a viewer's lists depend on them.
 */
export class Gateway {
  readonly io: Server;
  readonly stats: GatewayStats = {
    viewers: 0,
    framesSampled: 0,
    framesSent: 0,
    framesDropped: 0,
    lastFrameBytes: 0,
  };
  private readonly timers: ReturnType<typeof setInterval>[] = [];
  private pendingEvents: TwinEvent[] = [];
  private readonly maxInFlight: number;
  private readonly ackTimeoutMs: number;

  constructor(
    http: HttpServer,
    private readonly host: TwinHost,
    opts: GatewayOptions = {},
  ) {
    this.maxInFlight = opts.maxInFlight ?? 2;
    this.ackTimeoutMs = opts.ackTimeoutMs ?? 5000;
    this.io = new Server(http, { serveClient: false, maxHttpBufferSize: 64 * 1024 });
    this.io.on("connection", (socket) => this.onConnection(socket));
    host.onRestart((twin) => {
      this.pendingEvents = [];
      for (const s of this.io.sockets.sockets.values()) this.introduce(s, twin);
    });
    host.onEvents((events) => {
      for (const e of events) this.pendingEvents.push(e);
    });
    const hz = Math.min(MAX_FRAME_HZ, Math.max(1, opts.frameHz ?? MAX_FRAME_HZ));
    this.timers.push(setInterval(() => this.tick(), 1000 / hz));
    this.timers.push(setInterval(() => this.sendStatus(), 1000 / (opts.statusHz ?? 2)));
  }

  /** Samples and sends one frame to every viewer that keeps up; flushes pending events first. */
  tick(): void {
    const twin = this.host.running;
    if (twin === null) return;
    if (this.pendingEvents.length > 0) {
      const msg: EventsMessage = { v: PROTOCOL_VERSION, r: twin.runId, events: this.pendingEvents };
      this.pendingEvents = [];
      this.io.emit(MSG.events, msg);
    }
    if (this.io.sockets.sockets.size === 0) return;
    const { bytes, states } = twin.frame();
    this.stats.framesSampled++;
    this.stats.lastFrameBytes = bytes.byteLength;
    const msg: FrameMessage = { v: PROTOCOL_VERSION, r: twin.runId, b: bytes, s: states };
    for (const s of this.io.sockets.sockets.values()) {
      const d = s.data as ViewerData;
      if (d.inFlight >= this.maxInFlight) {
        this.stats.framesDropped++;
        continue;
      }
      d.inFlight++;
      this.stats.framesSent++;
      s.timeout(this.ackTimeoutMs).emit(MSG.frame, msg, () => {
        d.inFlight = Math.max(0, d.inFlight - 1);
      });
    }
  }

  sendStatus(): void {
    const twin = this.host.running;
    if (twin === null) return;
    if (this.io.sockets.sockets.size === 0) {
      twin.status(this.host.erpStatus());
      return;
    }
    const status: StatusMessage = twin.status(this.host.erpStatus());
    // status has its own flow control, so a viewer slower than the frame rate still gets it
    for (const s of this.io.sockets.sockets.values()) {
      const d = s.data as ViewerData;
      if (d.statusPending) continue;
      d.statusPending = true;
      s.timeout(this.ackTimeoutMs).emit(MSG.status, status, () => {
        d.statusPending = false;
      });
    }
  }

  async close(): Promise<void> {
    for (const t of this.timers) clearInterval(t);
    this.io.disconnectSockets(true);
    await new Promise<void>((resolve) => {
      this.io.close(() => resolve());
    });
  }

  private onConnection(socket: Socket): void {
    (socket.data as ViewerData) = { inFlight: 0, statusPending: false };
    this.stats.viewers = this.io.sockets.sockets.size;
    socket.on("disconnect", () => {
      this.stats.viewers = this.io.sockets.sockets.size;
    });
    socket.on(MSG.command, async (raw: unknown, ack?: (r: CommandReply) => void) => {
      const cmd = parseViewerCommand(raw);
      const reply = isCommandError(cmd) ? cmd : await this.host.command(cmd).catch(internal);
      if (typeof ack === "function") ack(reply);
    });
    const twin = this.host.running;
    if (twin !== null) this.introduce(socket, twin);
  }

  /** Layout first, then the snapshot: a viewer (re)builds its scene from these alone. */
  private introduce(socket: Socket, twin: LiveTwin): void {
    (socket.data as ViewerData).inFlight = 0;
    (socket.data as ViewerData).statusPending = false;
    socket.emit(MSG.layout, twin.layout);
    const snap: Snapshot = {
      v: PROTOCOL_VERSION,
      r: twin.runId,
      alarms: alarmViews(twin.sim),
      orders: orderViews(twin.sim),
      history: twin.history,
    };
    socket.emit(MSG.snapshot, snap);
  }
}

function internal(e: unknown): CommandReply {
  return { ok: false, code: "TWIN_ERR_REJECTED", reason: e instanceof Error ? e.message : String(e) };
}
