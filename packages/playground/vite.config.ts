import { fileURLToPath } from "node:url";
import { defaultClientConditions, defineConfig } from "vite";

// "descent" is the workspace package; its descent-source condition lets Vite build from the
// library's TypeScript, so the page never runs a stale dist/.
export default defineConfig({
  root: fileURLToPath(new URL(".", import.meta.url)),
  base: "./",
  resolve: { conditions: ["descent-source", ...defaultClientConditions] },
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
