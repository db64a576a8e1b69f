import { existsSync, readdirSync, statSync } from "node:fs";
import { join, resolve } from "node:path";
import { ServeError } from "./errors";

/** What the built viewer depends on: its sources and the protocol it speaks. */
const SOURCES = ["viewer/src", "viewer/index.html", "viewer/vite.config.ts", "protocol"];

/** Newest modification time (ms) of the files under the given paths, skipping tests. */
export function newestSource(rootDir: string, paths: readonly string[] = SOURCES): number {
  let newest = 0;
  const visit = (p: string) => {
    if (!existsSync(p)) return;
    const st = statSync(p);
    if (st.isDirectory()) {
      for (const f of readdirSync(p)) visit(join(p, f));
    } else if (!/\.test\.tsx?$/.test(p)) newest = Math.max(newest, st.mtimeMs);
  };
  for (const p of paths) visit(resolve(rootDir, p));
  return newest;
}

/** True when `distDir/index.html` is missing or older than any viewer or protocol source. */
export function viewerIsStale(rootDir: string, distDir: string): boolean {
  const index = resolve(rootDir, distDir, "index.html");
  if (!existsSync(index)) return true;
  return statSync(index).mtimeMs < newestSource(rootDir);
}

/**
 * Builds the viewer with Vite when it is missing or stale (the first `npm start` of a fresh clone).
 * Returns true when it built. Vite is a development dependency: without it a missing viewer is an error
 * that says how to get one, and a stale one is served as it is.
 */
export async function ensureViewer(
  rootDir: string,
  distDir: string,
  log: (l: string) => void,
): Promise<boolean> {
  if (!viewerIsStale(rootDir, distDir)) return false;
  const missing = !existsSync(resolve(rootDir, distDir, "index.html"));
  if (!existsSync(resolve(rootDir, "viewer/vite.config.ts"))) {
    if (missing)
      throw new ServeError(
        "SERVE_ERR_VIEWER_BUILD",
        `no viewer in ${distDir} and no viewer sources to build it from`,
      );
    return false;
  }
  let vite: typeof import("vite");
  try {
    vite = await import("vite");
  } catch {
    if (missing)
      throw new ServeError(
        "SERVE_ERR_VIEWER_BUILD",
        "the viewer is not built and Vite is not installed: run npm install",
      );
    log("viewer sources changed but Vite is not installed: serving the old build");
    return false;
  }
  log(missing ? "building the viewer (first start)…" : "viewer sources changed: rebuilding the viewer…");
  const started = performance.now();
  try {
    await vite.build({
      configFile: resolve(rootDir, "viewer/vite.config.ts"),
      logLevel: "warn",
      build: { outDir: resolve(rootDir, distDir), emptyOutDir: true },
    });
  } catch (e) {
    throw new ServeError("SERVE_ERR_VIEWER_BUILD", e instanceof Error ? e.message : String(e));
  }
  log(`viewer built in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  return true;
}
