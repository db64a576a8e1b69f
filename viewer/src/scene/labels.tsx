import { useFrame, useThree } from "@react-three/fiber";
import { useEffect, useMemo, useRef } from "react";
import { CanvasTexture, LinearFilter, PerspectiveCamera, type Sprite, SRGBColorSpace, Vector3 } from "three";
import { stateName } from "../../../protocol/index";
import { store } from "../net/store";
import { useScene } from "./context";
import { PALETTE, STATE_LABEL, stateColour } from "./palette";

const W = 400;
const H = 112;

/**
 * A name plate above an entity: name and state (a robot's plate says what it is doing; the inspector
 * has the details), drawn into a small canvas that is
 * redrawn only when the text changes; the plate keeps its screen size at any zoom (a sprite without
 * size attenuation) and is drawn over the equipment so it stays readable.
 */
export function Label(props: {
  id: string;
  name: string;
  stateIndex: number;
  height: number;
  member?: boolean;
}) {
  const { conn, registry } = useScene();
  const sprite = useRef<Sprite>(null);
  useEffect(() => {
    const s = sprite.current;
    if (s === null) return;
    registry.labels.push(s);
    return () => {
      const i = registry.labels.indexOf(s);
      if (i >= 0) registry.labels.splice(i, 1);
    };
  }, [registry]);
  const { canvas, texture } = useMemo(() => {
    const c = document.createElement("canvas");
    c.width = W;
    c.height = H;
    const t = new CanvasTexture(c);
    t.colorSpace = SRGBColorSpace;
    t.minFilter = LinearFilter;
    t.generateMipmaps = false;
    return { canvas: c, texture: t };
  }, []);
  useEffect(() => () => texture.dispose(), [texture]);
  const shown = useRef({ code: -1, task: "", selected: false });
  useFrame(() => {
    const code = conn.states[props.stateIndex] ?? 0;
    const ui = store.get();
    const task = ui.details.get(props.id)?.task ?? "";
    const selected = ui.selected === props.id;
    const s = shown.current;
    if (s.code === code && s.task === task && s.selected === selected) return;
    s.code = code;
    s.task = task;
    s.selected = selected;
    draw(canvas, props.name, props.member ? task : stateText(code), "", code, selected, !!props.member);
    texture.needsUpdate = true;
  });
  return (
    <sprite
      ref={sprite}
      position={[0, 0, props.height]}
      scale={[0.117, 0.0328, 1]}
      renderOrder={10}
      center={[0.5, 0]}
    >
      <spriteMaterial map={texture} sizeAttenuation={false} depthTest={false} transparent />
    </sprite>
  );
}

const MAX_LABELS = 128;
const MAX_STEPS = 6;
const anchor = new Vector3();

/**
 * Keeps name plates from covering each other: every frame the plates are projected to the screen and,
 * nearest first, each one that would overlap a plate already placed is lifted by its own height until
 * it is free. Works from any camera angle; everything is preallocated.
 */
export function LabelDeclutter() {
  const { registry } = useScene();
  const { camera, size } = useThree();
  const buf = useMemo(
    () => ({
      x: new Float32Array(MAX_LABELS),
      y: new Float32Array(MAX_LABELS),
      z: new Float32Array(MAX_LABELS),
      order: new Int32Array(MAX_LABELS),
      placed: new Float32Array(MAX_LABELS * 4),
    }),
    [],
  );
  useFrame(() => {
    const labels = registry.labels;
    const n = Math.min(labels.length, MAX_LABELS);
    if (n === 0) return;
    const f = camera instanceof PerspectiveCamera ? 1 / Math.tan((camera.fov * Math.PI) / 360) : 1;
    for (let i = 0; i < n; i++) {
      labels[i]!.getWorldPosition(anchor);
      anchor.project(camera);
      buf.x[i] = ((anchor.x + 1) / 2) * size.width;
      buf.y[i] = ((1 - anchor.y) / 2) * size.height;
      buf.z[i] = anchor.z;
      buf.order[i] = i;
    }
    // nearest first (insertion sort: a dozen or two plates)
    for (let i = 1; i < n; i++) {
      const k = buf.order[i]!;
      let j = i - 1;
      while (j >= 0 && buf.z[buf.order[j]!]! > buf.z[k]!) {
        buf.order[j + 1] = buf.order[j]!;
        j--;
      }
      buf.order[j + 1] = k;
    }
    let placed = 0;
    for (let o = 0; o < n; o++) {
      const i = buf.order[o]!;
      const s = labels[i] as Sprite;
      if (buf.z[i]! > 1) continue;
      // sprite size in pixels without size attenuation: scale × focal factor × half the viewport height
      const w = s.scale.x * f * (size.height / 2);
      const h = s.scale.y * f * (size.height / 2);
      const x0 = buf.x[i]! - w / 2;
      const x1 = x0 + w;
      let step = 0;
      for (; step < MAX_STEPS; step++) {
        const y1 = buf.y[i]! - step * h * 1.06;
        const y0 = y1 - h;
        let hit = false;
        for (let p = 0; p < placed && !hit; p++) {
          const q = p * 4;
          hit =
            x0 < buf.placed[q + 2]! &&
            x1 > buf.placed[q]! &&
            y0 < buf.placed[q + 3]! &&
            y1 > buf.placed[q + 1]!;
        }
        if (!hit) break;
      }
      step = Math.min(step, MAX_STEPS - 1);
      s.center.y = -step * 1.06;
      const y1 = buf.y[i]! - step * h * 1.06;
      const q = placed * 4;
      buf.placed[q] = x0;
      buf.placed[q + 1] = y1 - h;
      buf.placed[q + 2] = x1;
      buf.placed[q + 3] = y1;
      placed++;
    }
  });
  return null;
}

function stateText(code: number): string {
  return STATE_LABEL[stateName(code)];
}

function draw(
  c: HTMLCanvasElement,
  name: string,
  line2: string,
  line3: string,
  code: number,
  selected: boolean,
  member: boolean,
): void {
  const g = c.getContext("2d")!;
  g.clearRect(0, 0, W, H);
  const colour = member ? PALETTE.bodyDark : stateColour(stateName(code));
  g.fillStyle = selected ? "rgba(231,240,252,0.96)" : "rgba(244,245,246,0.92)";
  roundRect(g, 2, 2, W - 4, H - 4, 10);
  g.fill();
  g.lineWidth = selected ? 5 : 2;
  g.strokeStyle = selected ? PALETTE.selection : "rgba(80,88,96,0.55)";
  g.stroke();
  g.fillStyle = colour;
  roundRect(g, 2, 2, 16, H - 4, 8);
  g.fill();
  g.fillStyle = "#1d2226";
  g.textBaseline = "top";
  // long names get a smaller font before they get an ellipsis
  let size = 42;
  do {
    g.font = `600 ${size}px system-ui, 'Segoe UI', Roboto, sans-serif`;
    size -= 2;
  } while (size >= 30 && g.measureText(name).width > W - 44);
  g.fillText(ellipsize(g, name, W - 44), 30, 8);
  g.font = "500 33px system-ui, 'Segoe UI', Roboto, sans-serif";
  g.fillStyle = member ? "#3b4248" : colour === PALETTE.idle || colour === PALETTE.off ? "#4a5258" : colour;
  const text = line3 !== "" ? `${line2} · ${line3}` : line2;
  g.fillText(ellipsize(g, text, W - 44), 30, 62);
}

function ellipsize(g: CanvasRenderingContext2D, text: string, width: number): string {
  if (g.measureText(text).width <= width) return text;
  let t = text;
  while (t.length > 1 && g.measureText(`${t}…`).width > width) t = t.slice(0, -1);
  return `${t}…`;
}

function roundRect(g: CanvasRenderingContext2D, x: number, y: number, w: number, h: number, r: number): void {
  g.beginPath();
  g.moveTo(x + r, y);
  g.arcTo(x + w, y, x + w, y + h, r);
  g.arcTo(x + w, y + h, x, y + h, r);
  g.arcTo(x, y + h, x, y, r);
  g.arcTo(x, y, x + w, y, r);
  g.closePath();
}
