/**
 * Rendering quality: antialiasing, shadows and pixel ratio. A software renderer (SwiftShader, llvmpipe:
 * a headless browser or a PC without GPU drivers) draws every pixel on the CPU, so it gets the light
 * settings; a GPU gets everything. `?quality=high` or `?quality=low` in the URL decides by hand.
 */
export interface Quality {
  level: "high" | "low";
  antialias: boolean;
  shadows: boolean;
  /** device pixel ratio range */
  dpr: [number, number];
}

export function detectQuality(): Quality {
  const params = new URLSearchParams(window.location.search);
  const forced = params.get("quality");
  const software = forced === null ? softwareRenderer() : forced === "low";
  // a CPU rasteriser is bound by pixels shaded: three quarters of the resolution, no MSAA, no shadows
  const q: Quality = software
    ? { level: "low", antialias: false, shadows: false, dpr: [0.75, 0.75] }
    : { level: "high", antialias: true, shadows: true, dpr: [1, 2] };
  const dpr = Number(params.get("dpr"));
  if (dpr > 0 && dpr <= 3) q.dpr = [dpr, dpr];
  return q;
}

function softwareRenderer(): boolean {
  try {
    const c = document.createElement("canvas");
    const gl = c.getContext("webgl2") ?? c.getContext("webgl");
    if (gl === null) return true;
    const info = gl.getExtension("WEBGL_debug_renderer_info");
    const name = info === null ? "" : String(gl.getParameter(info.UNMASKED_RENDERER_WEBGL));
    gl.getExtension("WEBGL_lose_context")?.loseContext();
    return /swiftshader|llvmpipe|software|basic render/i.test(name);
  } catch {
    return true;
  }
}
