/**
 * Writes the JavaScript that Node loads (the `node` export condition) into dist/node/: one ES
 * module per public entry (`index.js` for `descent`, `io/index.js` for `descent/io`) plus the
 * chunk they share (`chunks/`), so that the two entries share one copy of every module (one
 * `Tensor` class, one grad mode).
 *
 * Why: Node loads tsc's ~150 small modules markedly slower than the same code in a few files (it
 * resolves, reads and compiles each; bench/README.md has the figures), and every program that
 * imports descent pays that at start-up. Bundlers for the browser keep tsc's one file per source
 * (`dist/*.js`, the `default` condition), which they tree-shake module by module: a page that
 * uses two layers does not ship the rest. Both come from the same source in one build; types are
 * tsc's `.d.ts` for both.
 *
 * Run: part of `npm run build`, after tsc.
 */
import { build } from "esbuild";
import { fileURLToPath } from "node:url";

const here = (path: string): string => fileURLToPath(new URL(path, import.meta.url));

await build({
  entryPoints: [here("../src/index.ts"), here("../src/io/index.ts")],
  outbase: here("../src"),
  outdir: here("../dist/node"),
  chunkNames: "chunks/[name]-[hash]",
  bundle: true,
  splitting: true,
  format: "esm",
  platform: "node",
  target: "es2022",
  sourcemap: true,
  // Keep names readable in stack traces and class names (`Tensor`, `Linear`), as tsc's output did.
  minify: false,
  logLevel: "warning",
  // tensor.ts's bare imports of the method families exist for tsc's .d.ts (see there); the
  // bundle keeps the methods through the named imports, so esbuild's notice that it drops the
  // bare ones is expected, not a problem to show on every build.
  logOverride: { "ignored-bare-import": "silent" },
});
