import { io, type Socket } from "socket.io-client";
import {
  type CommandReply,
  type EventsMessage,
  type FrameMessage,
  type Layout,
  MSG,
  PROTOCOL_VERSION,
  type Snapshot,
  type StatusMessage,
  type ViewerCommand,
} from "../../../protocol/index";
import { FrameRing } from "./frame-ring";
import { store } from "./store";

/** The live link to `twin serve`: one per page. Frames go to the ring, everything else to the store. */
export class Connection {
  readonly socket: Socket;
  ring: FrameRing | null = null;
  private runId: string | null = null;
  private readonly ringListeners = new Set<(r: FrameRing) => void>();

  constructor(url?: string) {
    this.socket = io(url ?? "", { transports: ["websocket"], reconnectionDelayMax: 2000 });
    const s = this.socket;
    s.on("connect", () => store.set({ connection: "connected", error: null }));
    s.on("disconnect", () => store.set({ connection: "disconnected" }));
    s.on("connect_error", () => store.set({ connection: "disconnected" }));
    s.on(MSG.layout, (layout: Layout) => this.onLayout(layout));
    s.on(MSG.snapshot, (snap: Snapshot) => {
      if (snap.r !== this.runId) return;
      store.set({ alarms: snap.alarms, orders: snap.orders, history: snap.history });
    });
    s.on(MSG.frame, (f: FrameMessage, ack?: () => void) => {
      // acknowledge first: the server sends the next frame only after this one is acknowledged
      ack?.();
      if (f.r !== this.runId || this.ring === null) return;
      const why = this.ring.push(f.b, performance.now());
      if (why !== null && this.ring.rejected === 1) store.set({ error: `frame refused: ${why}` });
      this.states = f.s;
    });
    s.on(MSG.status, (st: StatusMessage, ack?: () => void) => {
      ack?.();
      if (st.r === this.runId) store.setStatus(st);
    });
    s.on(MSG.events, (m: EventsMessage) => {
      if (m.r === this.runId) store.applyEvents(m.events);
    });
  }

  /** state codes of the newest frame (entities, then members) */
  states: number[] = [];

  /** Sends a command; resolves with the server's reply (or a timeout reply after 10 s). */
  command(cmd: ViewerCommand): Promise<CommandReply> {
    return new Promise((resolve) => {
      this.socket
        .timeout(10_000)
        .emit(MSG.command, cmd, (err: Error | null, reply: CommandReply) =>
          resolve(err ? { ok: false, code: "TIMEOUT", reason: "no reply from the twin" } : reply),
        );
    });
  }

  /** Called with the new ring whenever a layout (re)starts the scene. */
  onRing(fn: (r: FrameRing) => void): () => void {
    this.ringListeners.add(fn);
    return () => this.ringListeners.delete(fn);
  }

  private onLayout(layout: Layout): void {
    if (layout.version !== PROTOCOL_VERSION) {
      store.set({
        error: `the twin speaks protocol version ${layout.version}, this viewer version ${PROTOCOL_VERSION}: reload the page`,
      });
      return;
    }
    this.runId = layout.runId;
    this.ring = new FrameRing(layout);
    this.states = new Array<number>(layout.stateCount).fill(0);
    const keep = store.get().selected;
    const selected = keep !== null && layout.entities.some((e) => e.id === keep) ? keep : null;
    store.set({
      layout,
      status: null,
      details: new Map(),
      history: [],
      selected,
      restarting: null,
      error: null,
    });
    for (const fn of this.ringListeners) fn(this.ring);
  }
}

let conn: Connection | null = null;

export function connection(): Connection {
  if (conn === null) conn = new Connection();
  return conn;
}
