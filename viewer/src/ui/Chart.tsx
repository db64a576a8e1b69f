import { useEffect, useRef, useState } from "react";
import type { KpiPoint } from "../../../protocol/index";

/**
 * A small trend chart on a canvas: value against simulated time, with a light grid, the current value
 * and the axis range. Redrawn when a status message adds a point (about twice a second).
 */
export function TrendChart(props: {
  points: KpiPoint[];
  pick: (p: KpiPoint) => number;
  label: string;
  format: (v: number) => string;
  colour: string;
  /** fixed top of the scale (e.g. 1 for OEE); automatic when absent */
  max?: number;
  testId?: string;
}) {
  const ref = useRef<HTMLCanvasElement>(null);
  const [size, setSize] = useState({ w: 300, h: 86 });
  useEffect(() => {
    const c = ref.current;
    if (c === null) return;
    const ro = new ResizeObserver(() => setSize({ w: c.clientWidth, h: c.clientHeight }));
    ro.observe(c);
    return () => ro.disconnect();
  }, []);
  const { points, pick, format, colour, max } = props;
  useEffect(() => {
    const c = ref.current;
    if (c === null) return;
    const dpr = window.devicePixelRatio || 1;
    c.width = Math.max(1, Math.round(size.w * dpr));
    c.height = Math.max(1, Math.round(size.h * dpr));
    const g = c.getContext("2d")!;
    g.setTransform(dpr, 0, 0, dpr, 0, 0);
    g.clearRect(0, 0, size.w, size.h);
    const padL = 4;
    const padR = 46;
    const padT = 6;
    const padB = 16;
    const w = size.w - padL - padR;
    const h = size.h - padT - padB;
    const vals = points.map(pick);
    let top = max ?? Math.max(1e-9, ...vals.map((v) => (Number.isFinite(v) ? v : 0)));
    if (max === undefined) top = niceCeil(top * 1.1);
    g.strokeStyle = "#d5d9dd";
    g.lineWidth = 1;
    g.font = "10px system-ui, sans-serif";
    g.fillStyle = "#6b737a";
    g.textBaseline = "middle";
    for (let k = 0; k <= 2; k++) {
      const y = padT + (h * k) / 2;
      g.beginPath();
      g.moveTo(padL, Math.round(y) + 0.5);
      g.lineTo(padL + w, Math.round(y) + 0.5);
      g.stroke();
      g.fillText(format(top * (1 - k / 2)), padL + w + 5, y);
    }
    if (points.length < 2) {
      g.fillText("collecting…", padL + 6, padT + h / 2);
      return;
    }
    const t0 = points[0]!.tUs;
    const t1 = points[points.length - 1]!.tUs;
    const span = Math.max(1, t1 - t0);
    const x = (t: number) => padL + ((t - t0) / span) * w;
    const y = (v: number) => padT + h - (Math.min(top, Math.max(0, v)) / top) * h;
    g.beginPath();
    points.forEach((p, i) => {
      const v = vals[i]!;
      if (i === 0) g.moveTo(x(p.tUs), y(v));
      else g.lineTo(x(p.tUs), y(v));
    });
    g.strokeStyle = colour;
    g.lineWidth = 1.6;
    g.stroke();
    g.lineTo(x(t1), padT + h);
    g.lineTo(x(t0), padT + h);
    g.closePath();
    g.fillStyle = `${colour}22`;
    g.fill();
    g.fillStyle = "#6b737a";
    g.textBaseline = "alphabetic";
    g.fillText(`${((t1 - t0) / 3.6e9).toFixed(1)} h shown`, padL + 2, size.h - 3);
  }, [points, pick, format, colour, max, size]);
  const last = points.length > 0 ? pick(points[points.length - 1]!) : Number.NaN;
  return (
    <div className="chart" data-testid={props.testId}>
      <div className="chart-head">
        <span>{props.label}</span>
        <b>{Number.isFinite(last) ? format(last) : "–"}</b>
      </div>
      <canvas ref={ref} />
    </div>
  );
}

function niceCeil(v: number): number {
  const e = 10 ** Math.floor(Math.log10(v));
  for (const m of [1, 2, 2.5, 5, 10]) if (v <= m * e) return m * e;
  return 10 * e;
}
