import { join } from "node:path";
import { type BrowserContext, chromium, type Page } from "playwright-core";

/**
 * Debian's headless Chromium as the tests and benchmarks run it: WebGL through SwiftShader (so no
 * `--disable-software-rasterizer`), nothing that reaches the network on its own.
 */
export const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

export interface OpenChromium {
  browser: BrowserContext;
  page: Page;
  /** console errors and uncaught page errors, as they come */
  consoleErrors: string[];
}

/** A browser with its profile in `dir`/chromium, its first page, collecting the page's errors. */
export async function openChromium(
  dir: string,
  viewport: { width: number; height: number },
): Promise<OpenChromium> {
  const browser = await chromium.launchPersistentContext(join(dir, "chromium"), {
    executablePath: "/usr/bin/chromium",
    args: CHROMIUM_ARGS,
    viewport,
  });
  const page = browser.pages()[0] ?? (await browser.newPage());
  const consoleErrors: string[] = [];
  page.on("console", (m) => {
    if (m.type() === "error") consoleErrors.push(m.text());
  });
  page.on("pageerror", (e) => consoleErrors.push(`page error: ${e.message}`));
  return { browser, page, consoleErrors };
}
