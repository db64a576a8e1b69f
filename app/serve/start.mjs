// `npm start`: the first command of a fresh clone. Installs the dependencies when they are missing
// (tsx, which runs the TypeScript sources, is the marker), then runs `twin serve` in this process, so
// Ctrl+C and SIGTERM reach it directly. Plain JavaScript: nothing here may need what it installs.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
if (!existsSync(join(root, "node_modules", "tsx", "package.json"))) {
  process.stdout.write("twin: first start, installing dependencies (npm install)…\n");
  const npm = process.platform === "win32" ? "npm.cmd" : "npm";
  const r = spawnSync(npm, ["install", "--no-audit", "--no-fund"], {
    cwd: root,
    stdio: "inherit",
    shell: process.platform === "win32",
  });
  if (r.status !== 0) {
    process.stderr.write("twin: npm install failed; see the messages above\n");
    process.exit(r.status ?? 1);
  }
}
process.argv.splice(2, 0, "serve");
await import("../../bin/twin.js");
