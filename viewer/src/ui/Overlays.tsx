import { useEffect, useMemo } from "react";
import { STATE_NAMES } from "../../../protocol/index";
import { store, useUi } from "../net/store";
import { cameraApi, cameraPresets } from "../scene/camera";
import { STATE_LABEL, stateColour } from "../scene/palette";
import { send } from "./commands";

export function ViewToolbar() {
  const layout = useUi((s) => s.layout);
  const presets = useMemo(() => (layout ? cameraPresets(layout) : []), [layout]);
  return (
    <div className="view-toolbar">
      {presets.map((p) => (
        <button type="button" key={p.id} data-testid={`camera-${p.id}`} onClick={() => cameraApi.flyTo(p)}>
          {p.label}
        </button>
      ))}
    </div>
  );
}

const LEGEND = ["busy", "starved", "blocked", "down", "offShift"] as const;

export function Legend() {
  return (
    <div className="legend">
      {LEGEND.filter((s) => STATE_NAMES.includes(s)).map((s) => (
        <span key={s}>
          <i style={{ background: stateColour(s) }} />
          {STATE_LABEL[s]}
        </span>
      ))}
    </div>
  );
}

/** The newest unacknowledged alarm across the top of the view, with its acknowledge button. */
export function AlarmBanner() {
  const alarms = useUi((s) => s.alarms);
  const top = alarms
    .filter((a) => !a.acked)
    .sort((a, b) => b.severity - a.severity || b.raisedUs - a.raisedUs)[0];
  if (top === undefined) return null;
  const more = alarms.filter((a) => !a.acked).length - 1;
  return (
    <div className={`alarm-banner ${top.active ? "active" : ""}`} data-testid="alarm-banner">
      <b>ALARM</b>
      <span>{top.message}</span>
      {more > 0 && <small>+{more} more</small>}
      <button type="button" onClick={() => store.set({ tab: "alarms" })}>
        Show
      </button>
      <button type="button" onClick={() => void send({ type: "acknowledgeAlarm", alarm: top.id })}>
        Acknowledge
      </button>
    </div>
  );
}

export function Notice() {
  const notice = useUi((s) => s.notice);
  useEffect(() => {
    if (notice === null) return;
    const t = setTimeout(() => {
      if (store.get().notice === notice) store.set({ notice: null });
    }, 4000);
    return () => clearTimeout(t);
  }, [notice]);
  if (notice === null) return null;
  return (
    <div className={`notice ${notice.ok ? "ok" : "bad"}`} role="status">
      {notice.text}
    </div>
  );
}

export function Splash() {
  const connection = useUi((s) => s.connection);
  const error = useUi((s) => s.error);
  const restarting = useUi((s) => s.restarting);
  const text =
    error ??
    (restarting !== null
      ? `Restarting on ${restarting}…`
      : connection === "disconnected"
        ? "No connection to the twin. Is `npm start` running? Retrying…"
        : "Connecting to the twin…");
  return (
    <div className="splash">
      <div className={`spinner ${error ? "stopped" : ""}`} />
      <p>{text}</p>
    </div>
  );
}
