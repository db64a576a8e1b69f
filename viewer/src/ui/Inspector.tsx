import { useEffect, useState } from "react";
import { MEMBER_STATES, stateName } from "../../../protocol/index";
import { connection } from "../net/connection";
import { store, useUi } from "../net/store";
import { cameraApi } from "../scene/camera";
import { PALETTE, STATE_LABEL, stateColour } from "../scene/palette";
import { num, pct } from "./format";

/** Re-renders a few times a second, for values that come with the frames (axes, joints). */
function useTicker(ms: number): number {
  const [n, setN] = useState(0);
  useEffect(() => {
    const t = setInterval(() => setN((x) => x + 1), ms);
    return () => clearInterval(t);
  }, [ms]);
  return n;
}

/** The card over the 3D view for the selected machine, robot, conveyor, buffer or operator. */
export function Inspector() {
  const selected = useUi((s) => s.selected);
  const layout = useUi((s) => s.layout);
  const details = useUi((s) => s.details);
  const kpi = useUi((s) => s.status?.kpi ?? null);
  useTicker(250);
  if (selected === null || layout === null) return null;
  const conn = connection();
  const entity = layout.entities.find((e) => e.id === selected);
  const robot = layout.robots.find((r) => r.id === selected);
  const operator = layout.operators.find((o) => o.id === selected);
  const d = details.get(selected);
  let title = selected;
  let kind = "";
  let stateText = "";
  let colour: string = PALETTE.bodyDark;
  let path: string | null = null;
  if (entity !== undefined) {
    const s = stateName(conn.states[entity.stateIndex] ?? 0);
    title = entity.name;
    kind = entity.stationKind
      ? `${entity.stationKind === "cnc" ? "CNC machining centre" : `${entity.stationKind} station`}`
      : entity.kind;
    stateText = STATE_LABEL[s];
    colour = stateColour(s);
    path = entity.browsePath;
  } else if (robot !== undefined || operator !== undefined) {
    const idx = robot?.memberIndex ?? operator!.memberIndex;
    const m = MEMBER_STATES[conn.states[layout.entities.length + idx] ?? 0] ?? "idle";
    title = robot?.name ?? operator!.id;
    kind = robot ? `robot · ${robot.modelName}` : `operator · ${operator!.poolName}`;
    stateText = m === "offShift" ? "off shift" : m;
    path = robot?.browsePath ?? null;
  }
  const sk = kpi?.stations.find((s) => s.id === selected);
  const view = conn.ring?.view;
  const cnc = entity?.cnc;
  return (
    <div className="inspector" data-testid="inspector" data-entity={selected}>
      <div className="insp-head">
        <div>
          <b data-testid="inspector-name">{title}</b>
          <small>
            {kind} · <code>{selected}</code>
          </small>
        </div>
        <button
          type="button"
          className="close"
          aria-label="Close"
          onClick={() => store.set({ selected: null })}
        >
          ×
        </button>
      </div>
      <div className="insp-state" style={{ borderColor: colour }}>
        <i style={{ background: colour }} />
        <span data-testid="inspector-state">{stateText}</span>
      </div>
      {d !== undefined && (
        <dl>
          <dt>Task</dt>
          <dd data-testid="inspector-task">{d.task}</dd>
          {d.progress !== null && (
            <>
              <dt>Progress</dt>
              <dd>
                <span className="mini-bar">
                  <i style={{ width: `${d.progress * 100}%` }} />
                </span>
                {pct(d.progress)}
              </dd>
            </>
          )}
          {d.part !== null && (
            <>
              <dt>Part</dt>
              <dd>
                {d.part} <small>({d.product})</small>
              </dd>
            </>
          )}
          {d.program !== null && (
            <>
              <dt>Program</dt>
              <dd>
                <code>{d.program}</code>
              </dd>
            </>
          )}
          {d.with !== null && (
            <>
              <dt>{robot || operator ? "Station" : "Attended by"}</dt>
              <dd>{d.with}</dd>
            </>
          )}
          {d.alarm !== null && (
            <>
              <dt>Alarm</dt>
              <dd className="bad">{d.alarm}</dd>
            </>
          )}
          {d.count !== null && entity?.kind !== "station" && (
            <>
              <dt>Parts</dt>
              <dd>{d.count}</dd>
            </>
          )}
        </dl>
      )}
      {sk !== undefined && (
        <div className="insp-kpi">
          <div>
            <span>OEE</span>
            <b>{pct(sk.oee)}</b>
          </div>
          <div>
            <span>Avail.</span>
            <b>{pct(sk.availability)}</b>
          </div>
          <div>
            <span>Perf.</span>
            <b>{pct(sk.performance)}</b>
          </div>
          <div>
            <span>Quality</span>
            <b>{pct(sk.quality)}</b>
          </div>
          <div>
            <span>Good</span>
            <b>{sk.good}</b>
          </div>
          <div>
            <span>Scrap</span>
            <b>{sk.scrap}</b>
          </div>
        </div>
      )}
      {cnc !== undefined && view !== undefined && (
        <div className="insp-axes">
          {["X", "Y", "Z"].map((a, i) => (
            <span key={a}>
              {a} <b>{num((view.cnc[cnc.offset + i] ?? 0) * 1000, 1)}</b> mm
            </span>
          ))}
          <span>
            S <b>{num(view.cnc[cnc.offset + 4] ?? 0, 0)}</b> rpm
          </span>
          <span>
            Door <b>{pct(view.cnc[cnc.offset + 5] ?? 0)}</b>
          </span>
          {cnc.estimated && <em>motion estimated from the station state</em>}
        </div>
      )}
      {robot !== undefined && view !== undefined && (
        <div className="insp-axes">
          {robot.joints.map((j, i) => (
            <span key={j.name}>
              {j.name.replace(/^axis /, "A")}{" "}
              <b>
                {j.type === "revolute"
                  ? num(((view.joints[robot.jointOffset + i] ?? 0) * 180) / Math.PI, 1)
                  : num((view.joints[robot.jointOffset + i] ?? 0) * 1000, 0)}
              </b>
              {j.type === "revolute" ? "°" : " mm"}
            </span>
          ))}
          <span>
            payload <b>{robot.payload}</b> kg · reach <b>{robot.reach}</b> m
          </span>
          {robot.estimated && <em>joint motion estimated from the robot's task</em>}
        </div>
      )}
      <div className="insp-path">
        <span>OPC UA</span>
        <code data-testid="inspector-browse-path">{path ?? "not exposed"}</code>
      </div>
      <div className="insp-actions">
        <button
          type="button"
          onClick={() => {
            const p = entity?.position ?? robot?.position;
            if (p) cameraApi.focus(p[0], p[1], 0.8);
          }}
        >
          Focus
        </button>
        {entity?.faultable && (
          <button
            type="button"
            className="danger"
            onClick={() => store.set({ tab: "faults", faultEntity: entity.id })}
          >
            Inject fault…
          </button>
        )}
      </div>
    </div>
  );
}
