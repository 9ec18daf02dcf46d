/** Runs the CLI as a user would (a child process) and checks the files it writes. */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { PNG } from "pngjs";

export const ROOT = fileURLToPath(new URL("../../..", import.meta.url));
const MAIN = join(ROOT, "packages/cli/src/main.ts");
/** tsx's loader by URL, so that the CLI can run from any working directory. */
export const TSX = import.meta.resolve("tsx");

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** `descent <args>` through tsx, with CI set (no progress bar) and pipes for stdout/stderr. */
export function descent(
  args: string[],
  opts: { cwd?: string; env?: NodeJS.ProcessEnv } = {},
): CliResult {
  const r = spawnSync(process.execPath, ["--import", TSX, MAIN, ...args], {
    cwd: opts.cwd ?? ROOT,
    env: { ...process.env, CI: "1", ...opts.env },
    encoding: "utf8",
    timeout: 120_000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

export function tempDir(prefix = "descent-cli-"): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** Decodes a PNG and counts its distinct colours (a blank image has one). */
export function pngInfo(path: string): { width: number; height: number; colours: number } {
  const png = PNG.sync.read(readFileSync(path));
  const seen = new Set<number>();
  const d = png.data;
  for (let i = 0; i < d.length; i += 4) {
    seen.add((d[i] << 24) | (d[i + 1] << 16) | (d[i + 2] << 8) | d[i + 3]);
    if (seen.size > 1000) break;
  }
  return { width: png.width, height: png.height, colours: seen.size };
}

/** Dark pixels in a horizontal band (rows y0..y1) of a PNG: text there makes some. */
export function darkPixels(path: string, y0: number, y1: number): number {
  const png = PNG.sync.read(readFileSync(path));
  let n = 0;
  for (let y = y0; y < Math.min(y1, png.height); y++) {
    for (let x = 0; x < png.width; x++) {
      const i = (y * png.width + x) * 4;
      if (png.data[i] < 80 && png.data[i + 1] < 80 && png.data[i + 2] < 80) n++;
    }
  }
  return n;
}

/** Parses JSON lines. */
export function jsonLines(text: string): Record<string, unknown>[] {
  return text
    .split("\n")
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as Record<string, unknown>);
}
