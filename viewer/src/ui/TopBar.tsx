import { useEffect, useRef } from "react";
import { connection } from "../net/connection";
import { useUi } from "../net/store";
import { send } from "./commands";
import { clockText, elapsedText, speedText } from "./format";

const SPEEDS = [0.1, 0.5, 1, 2, 5, 10, 30, 100];

/** Title, scenario picker, simulated clock, transport (play/pause, speed), connection and adapters. */
export function TopBar() {
  const layout = useUi((s) => s.layout);
  const status = useUi((s) => s.status);
  const connectionState = useUi((s) => s.connection);
  const restarting = useUi((s) => s.restarting);
  const clock = useRef<HTMLSpanElement>(null);
  const elapsed = useRef<HTMLSpanElement>(null);
  // the clock runs from the frames (30 Hz), not from React renders
  useEffect(() => {
    let raf = 0;
    let shown = -1;
    const tick = () => {
      raf = requestAnimationFrame(tick);
      const ring = connection().ring;
      const l = layout;
      if (ring === null || l === null || clock.current === null || elapsed.current === null) return;
      const t = ring.viewUs;
      const s = Math.floor(t / 1e6);
      if (s === shown) return;
      shown = s;
      clock.current.textContent = clockText(l.startAtS, t);
      elapsed.current.textContent = `run ${elapsedText(t)}`;
    };
    tick();
    return () => cancelAnimationFrame(raf);
  }, [layout]);
  const paused = status?.paused ?? false;
  const speed = status?.speed ?? 1;
  return (
    <header className="topbar">
      <div className="brand">
        <svg viewBox="0 0 24 24" width="22" height="22" aria-hidden="true">
          <path d="M3 20V9l5 3V9l5 3V5h8v15z" fill="#59636c" />
        </svg>
        <div>
          <b>Workshop Twin</b>
          <small>live digital twin</small>
        </div>
      </div>
      <label className="scenario">
        <span>Scenario</span>
        <select
          data-testid="scenario-picker"
          value={layout?.scenario.file ?? ""}
          disabled={layout === null || restarting !== null}
          onChange={(e) => {
            const file = e.target.value;
            if (file !== layout?.scenario.file)
              void send({ type: "switchScenario", file }, `switching to ${file}`);
          }}
        >
          {(layout?.scenarios ?? []).map((s) => (
            <option key={s.file} value={s.file} title={s.description}>
              {s.name}
            </option>
          ))}
        </select>
      </label>
      <div className="clock" title="simulated time">
        <span ref={clock} className="clock-time" data-testid="clock">
          –
        </span>
        <span ref={elapsed} className="clock-run" />
      </div>
      <div className="transport">
        <button
          type="button"
          className={`play ${paused ? "is-paused" : ""}`}
          data-testid="play-pause"
          title={paused ? "Resume" : "Pause"}
          onClick={() => void send({ type: paused ? "resume" : "pause" })}
        >
          {paused ? (
            <svg viewBox="0 0 16 16" width="14" height="14" aria-hidden="true">
              <path d="M4 2l10 6-10 6z" fill="currentColor" />
            </svg>
          ) : (
            <svg viewBox="0 0 16 16" width="14" height="14" aria-hidden="true">
              <path d="M3 2h4v12H3zM9 2h4v12H9z" fill="currentColor" />
            </svg>
          )}
          <span>{paused ? "Paused" : "Running"}</span>
        </button>
        <div className="speeds" title="simulation speed (× real time)">
          {SPEEDS.map((s) => (
            <button
              type="button"
              key={s}
              className={Math.abs(s - speed) < 1e-6 ? "on" : ""}
              data-testid={`speed-${s}`}
              onClick={() => void send({ type: "setSpeed", speed: s })}
            >
              {speedText(s)}
            </button>
          ))}
        </div>
      </div>
      <div className="chips">
        <span className={`chip ${connectionState === "connected" ? "ok" : "bad"}`} data-testid="connection">
          <i />
          {connectionState === "connected"
            ? "Live"
            : connectionState === "connecting"
              ? "Connecting"
              : "Offline"}
        </span>
        <span className="chip" title="OPC UA server">
          OPC UA <code>{layout?.opcuaEndpoint ?? "off"}</code>
        </span>
        {status !== null && (
          <span className="chip" title="ERP orders waiting / in the simulation">
            ERP {status.erp.queued} queued · {status.erp.active} active
          </span>
        )}
      </div>
    </header>
  );
}
