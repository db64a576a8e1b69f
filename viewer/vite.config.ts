import { fileURLToPath } from "node:url";
import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

const root = fileURLToPath(new URL(".", import.meta.url));

/**
 * The viewer's build: `npm run build:viewer` (or `twin serve`, which builds it when missing) writes
 * viewer/dist, which the twin's HTTP server serves. `npx vite --config viewer/vite.config.ts` runs a
 * dev server that proxies the twin's API and Socket.IO from a `twin serve` on port 8080.
 */
export default defineConfig({
  root,
  base: "./",
  plugins: [react()],
  build: {
    outDir: "dist",
    emptyOutDir: true,
    chunkSizeWarningLimit: 2500,
    sourcemap: false,
  },
  server: {
    proxy: {
      "/api": "http://127.0.0.1:8080",
      "/socket.io": { target: "ws://127.0.0.1:8080", ws: true },
    },
  },
});
