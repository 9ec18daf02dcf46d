import { fileURLToPath } from "node:url";
import { defineConfig } from "vite";

// Until the library is a workspace package, "descent" is its browser entry in this repository.
const browserEntry = fileURLToPath(new URL("../../src/browser.ts", import.meta.url));

export default defineConfig({
  root: fileURLToPath(new URL(".", import.meta.url)),
  base: "./",
  resolve: { alias: { descent: browserEntry } },
  worker: { format: "es" },
  build: { outDir: "dist", emptyOutDir: true, target: "es2022", reportCompressedSize: true },
  server: {
    host: "127.0.0.1",
    headers: {
      "Cross-Origin-Opener-Policy": "same-origin",
      "Cross-Origin-Embedder-Policy": "require-corp",
    },
  },
});
