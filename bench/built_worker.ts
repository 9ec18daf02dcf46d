/**
 * The bench's workers as a user's program runs: plain JavaScript under `node`, without tsx's
 * loader hooks (which slow a fresh process's first epochs: bench/README.md), importing `descent` as
 * installed (packages/descent/dist: Node's bundle). esbuild bundles the worker's own TypeScript
 * (bench/common.ts, serve.ts...) into one file under node_modules/.cache, where `descent`,
 * `@tensorflow/*` and the other packages resolve from the repository's node_modules; the
 * library's source, which the worker loads only without `--built`, stays out of the file.
 */
import { mkdirSync } from "node:fs";
import { join } from "node:path";

/** Bundles bench/workloads/`script` (a .ts file) and returns the .mjs file's path. */
export async function buildWorker(root: string, script: string): Promise<string> {
  const { build } = await import("esbuild");
  const dir = join(root, "node_modules", ".cache", "descent-bench");
  mkdirSync(dir, { recursive: true });
  const outfile = join(dir, script.replace(/\.ts$/, ".mjs"));
  await build({
    entryPoints: [join(root, "bench", "workloads", script)],
    bundle: true,
    format: "esm",
    platform: "node",
    target: "node20",
    packages: "external",
    outfile,
    logLevel: "error",
    plugins: [
      {
        name: "library-source-external",
        setup(b) {
          b.onResolve({ filter: /packages\/descent\/src\// }, (args) => ({
            path: args.path,
            external: true,
          }));
        },
      },
    ],
  });
  return outfile;
}
