import { useSyncExternalStore } from "react";
import type {
  AlarmView,
  EntityDetail,
  KpiPoint,
  Layout,
  StatusMessage,
  TwinEvent,
  WorkOrderView,
} from "../../../protocol/index";

export type ConnectionState = "connecting" | "connected" | "disconnected";

export interface LogLine {
  /** increasing number, for list keys */
  n: number;
  tUs: number;
  text: string;
  tone: "info" | "alarm" | "ok";
}

/** Everything the panels show. Replaced, never mutated, so React sees each change. */
export interface UiState {
  connection: ConnectionState;
  layout: Layout | null;
  status: StatusMessage | null;
  details: ReadonlyMap<string, EntityDetail>;
  alarms: AlarmView[];
  orders: WorkOrderView[];
  history: KpiPoint[];
  log: LogLine[];
  selected: string | null;
  /** a protocol or server problem to show instead of the scene */
  error: string | null;
  /** a restart is announced: the next layout belongs to another scenario */
  restarting: string | null;
  /** the answer to the last command, shown for a few seconds */
  notice: { text: string; ok: boolean; at: number } | null;
  /** the side panel tab */
  tab: "alarms" | "orders" | "faults" | "log";
  /** entity preselected in the fault panel */
  faultEntity: string | null;
}

const HISTORY = 720;
const LOG = 200;

const initial: UiState = {
  connection: "connecting",
  layout: null,
  status: null,
  details: new Map(),
  alarms: [],
  orders: [],
  history: [],
  log: [],
  selected: null,
  error: null,
  restarting: null,
  notice: null,
  tab: "alarms",
  faultEntity: null,
};

/** A small external store (React's useSyncExternalStore), so frames never re-render React. */
export class Store {
  private state: UiState = initial;
  private readonly listeners = new Set<() => void>();
  private logSeq = 0;

  get = (): UiState => this.state;

  subscribe = (fn: () => void): (() => void) => {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  };

  set(patch: Partial<UiState>): void {
    this.state = { ...this.state, ...patch };
    for (const fn of this.listeners) fn();
  }

  setStatus(s: StatusMessage): void {
    const details = new Map(s.details.map((d) => [d.id, d]));
    const history = [...this.state.history, s.point];
    if (history.length > HISTORY) history.splice(0, history.length - HISTORY);
    this.set({ status: s, details, history });
  }

  applyEvents(events: TwinEvent[]): void {
    let alarms = this.state.alarms;
    let orders = this.state.orders;
    const log = [...this.state.log];
    for (const e of events) {
      switch (e.type) {
        case "alarmRaised":
          alarms = [e.alarm, ...alarms.filter((a) => a.id !== e.alarm.id)];
          log.push({ n: -1, tUs: e.alarm.raisedUs, text: `${e.alarm.message}`, tone: "alarm" });
          break;
        case "alarmCleared":
          alarms = alarms
            .map((a) => (a.id === e.id ? { ...a, active: false } : a))
            .filter((a) => a.active || !a.acked);
          log.push({ n: -1, tUs: e.tUs, text: `alarm ${e.id} cleared`, tone: "ok" });
          break;
        case "alarmAcknowledged":
          alarms = alarms
            .map((a) => (a.id === e.id ? { ...a, acked: true } : a))
            .filter((a) => a.active || !a.acked);
          log.push({ n: -1, tUs: e.tUs, text: `alarm ${e.id} acknowledged`, tone: "info" });
          break;
        case "workOrder": {
          const i = orders.findIndex((o) => o.id === e.order.id);
          orders = i < 0 ? [...orders, e.order] : orders.map((o, k) => (k === i ? e.order : o));
          const now = this.state.status?.tUs ?? 0;
          if (i < 0) log.push({ n: -1, tUs: now, text: `work order ${e.order.id} released`, tone: "info" });
          if (e.order.status === "completed")
            log.push({ n: -1, tUs: now, text: `work order ${e.order.id} completed`, tone: "ok" });
          break;
        }
        case "commandApplied":
          log.push({ n: -1, tUs: e.tUs, text: `${e.command}`, tone: "info" });
          break;
        case "restarting":
          this.set({ restarting: e.file });
          break;
      }
    }
    for (const l of log) if (l.n < 0) l.n = this.logSeq++;
    if (log.length > LOG) log.splice(0, log.length - LOG);
    this.set({ alarms, orders, log });
  }
}

export const store = new Store();

/** Subscribes a component to one slice of the store. */
export function useUi<T>(pick: (s: UiState) => T): T {
  return useSyncExternalStore(store.subscribe, () => pick(store.get()));
}
