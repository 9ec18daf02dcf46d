/**
 * `descent playground [--port N] [--dir DIR]`: serves the built playground page on 127.0.0.1
 * (cross-origin isolated) and prints its address; Ctrl-C stops it.
 */
import { existsSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import type { Command } from "commander";
import { InvalidArgumentError } from "commander";
import { serveStatic } from "../static_server.js";

/** The playground's build folder: the nearest packages/playground/dist above this file. */
export function findPlaygroundDist(from = dirname(fileURLToPath(import.meta.url))): string | null {
  for (let dir = from; ; dir = dirname(dir)) {
    for (const c of [
      join(dir, "packages", "playground", "dist"),
      join(dir, "playground", "dist"),
    ]) {
      if (existsSync(join(c, "index.html"))) return c;
    }
    if (dirname(dir) === dir) return null;
  }
}

function port(v: string): number {
  const n = Number(v);
  if (!/^\d+$/.test(v) || n > 65535)
    throw new InvalidArgumentError("--port must be an integer from 0 to 65535.");
  return n;
}

export function configure(cmd: Command): void {
  cmd
    .option("--port <n>", "port to listen on (default: a free one)", port, 0)
    .option("--dir <path>", "the built page's folder (default: packages/playground/dist)")
    .action(async (opts: { port: number; dir?: string }) => {
      const dir = opts.dir ? resolve(opts.dir) : findPlaygroundDist();
      if (!dir || !existsSync(join(dir, "index.html"))) {
        throw new Error(
          `playground: no built page at ${dir ?? "packages/playground/dist"} (index.html missing); run npm run build:web first`,
        );
      }
      const server = await serveStatic(dir, opts.port);
      process.stdout.write(`descent playground: ${server.url} (serving ${dir}; Ctrl-C stops it)\n`);
      await new Promise<void>((done) => {
        const stop = () => void server.close().then(done);
        process.once("SIGINT", stop);
        process.once("SIGTERM", stop);
      });
    });
}
