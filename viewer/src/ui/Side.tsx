import { useMemo, useState } from "react";
import type { AlarmView, KpiPoint, Layout } from "../../../protocol/index";
import { store, useUi } from "../net/store";
import { TrendChart } from "./Chart";
import { send } from "./commands";
import { clockText, num } from "./format";

const pickThroughput = (p: KpiPoint) => p.throughputPerHour;
const pickOee = (p: KpiPoint) => p.lineOee;
const pickWip = (p: KpiPoint) => p.wip;
const fmtRate = (v: number) => v.toFixed(1);
const fmtPct = (v: number) => `${Math.round(v * 100)}%`;
const fmtInt = (v: number) => v.toFixed(0);

/** The right-hand column: line KPIs with trends, then alarms, work orders, faults and the log. */
export function Side() {
  const tab = useUi((s) => s.tab);
  const alarms = useUi((s) => s.alarms);
  const unacked = alarms.filter((a) => !a.acked).length;
  return (
    <aside className="side">
      <KpiPanel />
      <nav className="tabs">
        {(
          [
            ["alarms", `Alarms${unacked > 0 ? ` (${unacked})` : ""}`],
            ["orders", "Work orders"],
            ["faults", "Fault injection"],
            ["log", "Event log"],
          ] as const
        ).map(([id, label]) => (
          <button
            type="button"
            key={id}
            data-testid={`tab-${id}`}
            className={`${tab === id ? "on" : ""} ${id === "alarms" && unacked > 0 ? "alert" : ""}`}
            onClick={() => store.set({ tab: id })}
          >
            {label}
          </button>
        ))}
      </nav>
      <div className="tab-body">
        {tab === "alarms" && <AlarmList />}
        {tab === "orders" && <WorkOrders />}
        {tab === "faults" && <FaultPanel />}
        {tab === "log" && <EventLog />}
      </div>
    </aside>
  );
}

function KpiPanel() {
  const kpi = useUi((s) => s.status?.kpi ?? null);
  const history = useUi((s) => s.history);
  return (
    <section className="panel kpis" data-testid="kpis">
      <h2>Line performance</h2>
      <div className="tiles">
        <Tile label="Throughput" value={num(kpi?.throughputPerHour, 1)} unit="parts/h" />
        <Tile label="Line OEE" value={kpi ? `${(kpi.lineOee * 100).toFixed(0)}` : "–"} unit="%" />
        <Tile label="WIP" value={kpi ? String(kpi.wip) : "–"} unit="parts" />
        <Tile label="Good" value={kpi ? String(kpi.goodParts) : "–"} unit="parts" />
        <Tile label="Scrap" value={kpi ? String(kpi.scrappedParts) : "–"} unit="parts" />
        <Tile
          label="Lead time"
          value={kpi?.leadTimeMeanS == null ? "–" : (kpi.leadTimeMeanS / 60).toFixed(1)}
          unit="min"
        />
      </div>
      <TrendChart
        points={history}
        pick={pickThroughput}
        label="Throughput (parts/h, last hour)"
        format={fmtRate}
        colour="#46627d"
        testId="chart-throughput"
      />
      <TrendChart
        points={history}
        pick={pickOee}
        label="Line OEE"
        format={fmtPct}
        colour="#46627d"
        max={1}
        testId="chart-oee"
      />
      <TrendChart
        points={history}
        pick={pickWip}
        label="Work in progress (parts)"
        format={fmtInt}
        colour="#46627d"
        testId="chart-wip"
      />
    </section>
  );
}

function Tile(props: { label: string; value: string; unit: string }) {
  return (
    <div className="tile">
      <span>{props.label}</span>
      <b>{props.value}</b>
      <small>{props.unit}</small>
    </div>
  );
}

function severityClass(a: AlarmView): string {
  return a.severity >= 700 ? "high" : a.severity >= 400 ? "medium" : "low";
}

function AlarmList() {
  const alarms = useUi((s) => s.alarms);
  const layout = useUi((s) => s.layout);
  const sorted = useMemo(
    () => [...alarms].sort((a, b) => Number(a.acked) - Number(b.acked) || b.raisedUs - a.raisedUs),
    [alarms],
  );
  if (layout === null) return null;
  const unacked = alarms.filter((a) => !a.acked);
  return (
    <div className="alarms" data-testid="alarm-list">
      <div className="list-head">
        <span>
          {alarms.filter((a) => a.active).length} active · {unacked.length} unacknowledged
        </span>
        <button
          type="button"
          disabled={unacked.length === 0}
          onClick={() => {
            for (const a of unacked) void send({ type: "acknowledgeAlarm", alarm: a.id });
          }}
        >
          Acknowledge all
        </button>
      </div>
      {sorted.length === 0 && <p className="empty">No alarms.</p>}
      {sorted.map((a) => (
        <div
          key={a.id}
          className={`alarm ${severityClass(a)} ${a.acked ? "acked" : ""} ${a.active ? "active" : "cleared"}`}
          data-alarm={a.id}
        >
          <i className="sev" />
          <div className="what">
            <b>{a.message}</b>
            <small>
              {clockText(layout.startAtS, a.raisedUs)} · {a.code} · severity {a.severity} ·{" "}
              {a.active ? "active" : "cleared"}
            </small>
          </div>
          {!a.acked ? (
            <button
              type="button"
              data-testid={`ack-${a.id}`}
              onClick={() => void send({ type: "acknowledgeAlarm", alarm: a.id })}
            >
              Ack
            </button>
          ) : (
            <span className="acked-tag">acked</span>
          )}
        </div>
      ))}
    </div>
  );
}

function WorkOrders() {
  const orders = useUi((s) => s.orders);
  const layout = useUi((s) => s.layout);
  const erp = useUi((s) => s.status?.erp ?? null);
  const sorted = useMemo(() => {
    const rank = { inProgress: 0, released: 1, completed: 2, cancelled: 3 } as const;
    return [...orders].sort(
      (a, b) => rank[a.status] - rank[b.status] || (a.dueUs ?? Infinity) - (b.dueUs ?? Infinity),
    );
  }, [orders]);
  if (layout === null) return null;
  return (
    <div className="orders" data-testid="orders">
      <div className="list-head">
        <span>
          ERP: {erp?.queued ?? 0} waiting to dispatch · {erp?.active ?? 0} in production
        </span>
        <label
          className="toggle"
          title="The demo feeder releases new ERP orders so the workshop never runs dry"
        >
          <input
            type="checkbox"
            checked={erp?.feeder ?? false}
            onChange={(e) => void send({ type: "setFeeder", on: e.target.checked })}
          />
          demo feeder
        </label>
      </div>
      {sorted.length === 0 && <p className="empty">No work orders yet.</p>}
      {sorted.map((o) => {
        const done = o.quantity > 0 ? o.completed / o.quantity : 0;
        const started = o.quantity > 0 ? o.released / o.quantity : 0;
        return (
          <div key={o.id} className={`order ${o.status}`}>
            <div className="order-head">
              <b>{o.id}</b>
              <span>{o.product}</span>
              <em className={`status ${o.status}`}>{statusWord(o.status)}</em>
            </div>
            <div className="bar" title={`${o.completed} of ${o.quantity} done, ${o.released} started`}>
              <i className="started" style={{ width: `${started * 100}%` }} />
              <i className="done" style={{ width: `${done * 100}%` }} />
            </div>
            <small>
              {o.completed}/{o.quantity} good{o.scrapped > 0 ? ` · ${o.scrapped} scrap` : ""} · {o.released}{" "}
              started
              {o.dueUs !== null ? ` · due ${clockText(layout.startAtS, o.dueUs, false)}` : ""}
            </small>
          </div>
        );
      })}
    </div>
  );
}

function statusWord(s: string): string {
  return s === "inProgress" ? "in progress" : s;
}

function FaultPanel() {
  const layout = useUi((s) => s.layout);
  const preset = useUi((s) => s.faultEntity);
  const details = useUi((s) => s.details);
  if (layout === null) return null;
  return (
    <FaultForm key={`${layout.runId}:${preset ?? ""}`} layout={layout} preset={preset} details={details} />
  );
}

function FaultForm({
  layout,
  preset,
  details,
}: {
  layout: Layout;
  preset: string | null;
  details: ReadonlyMap<string, { alarm: string | null; task: string }>;
}) {
  const targets = layout.entities.filter((e) => e.faultable);
  const [entity, setEntity] = useState(preset ?? targets[0]?.id ?? "");
  const target = targets.find((e) => e.id === entity);
  const kind = target?.kind === "conveyor" ? "conveyor" : target?.stationKind;
  const faults = layout.faults.filter((f) => kind !== undefined && f.appliesTo.includes(kind));
  const [fault, setFault] = useState("");
  const chosen = faults.find((f) => f.id === fault) ?? faults[0];
  const [duration, setDuration] = useState<string>("");
  const durationS = duration === "" ? (chosen?.durationS ?? null) : Number(duration) * 60;
  const faulted = targets.filter((e) => /fault|down/.test(details.get(e.id)?.task ?? ""));
  return (
    <div className="faults" data-testid="fault-panel">
      <p className="hint">
        Fail a machine as a trainer would: the alarm appears here, over OPC UA and in the database.
      </p>
      <label>
        <span>Machine</span>
        <select data-testid="fault-entity" value={entity} onChange={(e) => setEntity(e.target.value)}>
          {targets.map((e) => (
            <option key={e.id} value={e.id}>
              {e.name} ({e.id})
            </option>
          ))}
        </select>
      </label>
      <label>
        <span>Fault</span>
        <select data-testid="fault-type" value={chosen?.id ?? ""} onChange={(e) => setFault(e.target.value)}>
          {faults.map((f) => (
            <option key={f.id} value={f.id}>
              {f.label}
            </option>
          ))}
        </select>
      </label>
      <label>
        <span>Duration</span>
        <input
          type="number"
          min={0.5}
          step={0.5}
          placeholder={chosen?.durationS == null ? "until cleared" : `${chosen.durationS / 60} min`}
          value={duration}
          onChange={(e) => setDuration(e.target.value)}
        />
        <small>min</small>
      </label>
      <button
        type="button"
        className="danger"
        data-testid="fault-inject"
        disabled={chosen === undefined}
        onClick={() =>
          chosen &&
          void send(
            {
              type: "injectFault",
              entity,
              fault: chosen.id,
              durationS: durationS !== null && durationS > 0 ? durationS : null,
            },
            `${chosen.label} injected on ${entity}`,
          )
        }
      >
        Inject fault
      </button>
      {faulted.length > 0 && (
        <div className="faulted">
          <h3>Down now</h3>
          {faulted.map((e) => (
            <div key={e.id} className="faulted-row">
              <span>
                {e.name} — {details.get(e.id)?.task}
              </span>
              <button
                type="button"
                onClick={() => void send({ type: "clearFault", entity: e.id }, `${e.id} cleared`)}
              >
                Clear
              </button>
            </div>
          ))}
        </div>
      )}
    </div>
  );
}

function EventLog() {
  const log = useUi((s) => s.log);
  const layout = useUi((s) => s.layout);
  if (layout === null) return null;
  return (
    <div className="log">
      {log.length === 0 && <p className="empty">Nothing yet.</p>}
      {[...log].reverse().map((l) => (
        <div key={l.n} className={`log-line ${l.tone}`}>
          <time>{clockText(layout.startAtS, l.tUs)}</time>
          <span>{l.text}</span>
        </div>
      ))}
    </div>
  );
}
