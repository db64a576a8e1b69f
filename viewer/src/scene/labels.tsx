import { useFrame } from "@react-three/fiber";
import { useEffect, useMemo, useRef } from "react";
import { CanvasTexture, LinearFilter, type Sprite, SRGBColorSpace } from "three";
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
  const { conn } = useScene();
  const sprite = useRef<Sprite>(null);
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
  g.font = "600 42px system-ui, 'Segoe UI', Roboto, sans-serif";
  g.textBaseline = "top";
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
