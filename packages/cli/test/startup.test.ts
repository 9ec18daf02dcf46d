/**
 * The CLI loads only what a command needs: `--help` and `--version` load no command module and
 * not the library; `run seed-mlp --no-plot` loads no chart code (the plots, the renderer, vega,
 * resvg). Checked by recording every module URL the child process loads (a loader hook), with a
 * plotting run as the control that the recorder sees chart code when it is there.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { ROOT, TSX, tempDir } from "./helpers.js";

const RECORDER = join(ROOT, "packages/cli/test/fixtures/record_loads.mjs");
const MAIN = join(ROOT, "packages/cli/src/main.ts");

/** The module URLs `descent <args>` loads (exit code checked). */
function loadedBy(args: string[]): string[] {
  const log = join(tempDir("descent-loads-"), "loads.txt");
  const r = spawnSync(process.execPath, ["--import", TSX, "--import", RECORDER, MAIN, ...args], {
    cwd: ROOT,
    env: { ...process.env, CI: "1", DESCENT_LOAD_LOG: log },
    encoding: "utf8",
    timeout: 120_000,
  });
  assert.equal(r.status, 0, `descent ${args.join(" ")}: ${r.stderr}`);
  return readFileSync(log, "utf8").trim().split("\n");
}

const CHART_CODE =
  /\/node_modules\/(vega|vega-[^/]+|@resvg|dejavu-fonts-ttf)\/|\/packages\/cli\/src\/(plots|render)\.ts$|\/packages\/cli\/src\/plot\//;
const LIBRARY = /\/packages\/descent\/|\/node_modules\/descent\//;
const COMMAND_MODULES = /\/packages\/cli\/src\/(commands\/(?!index\.ts)|examples\/|session\.ts)/;

const matching = (urls: string[], re: RegExp): string[] => urls.filter((u) => re.test(u));

test("descent --help and --version load neither the library nor any command's module", () => {
  for (const flag of ["--help", "--version"]) {
    const urls = loadedBy([flag]);
    assert.ok(
      urls.some((u) => u.endsWith("/packages/cli/src/main.ts")),
      `${flag}: recorder`,
    );
    assert.deepEqual(matching(urls, LIBRARY), [], flag);
    assert.deepEqual(matching(urls, COMMAND_MODULES), [], flag);
    assert.deepEqual(matching(urls, CHART_CODE), [], flag);
  }
});

test("descent run seed-mlp --no-plot loads no chart code; with plots it does", () => {
  const args = ["run", "seed-mlp", "--epochs", "1", "--log-every", "1"];
  const noPlot = loadedBy([...args, "--no-plot"]);
  assert.ok(
    noPlot.some((u) => u.endsWith("/packages/cli/src/session.ts")),
    "recorder",
  );
  assert.deepEqual(matching(noPlot, CHART_CODE), []);

  const plotted = loadedBy([...args, "--out", tempDir()]);
  const charts = matching(plotted, CHART_CODE).join("\n");
  assert.match(charts, /\/render\.ts$/m);
  assert.match(charts, /\/node_modules\/vega\//);
});
