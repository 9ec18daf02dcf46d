import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, symlinkSync } from "node:fs";
import { join } from "node:path";
import { progressWanted } from "../src/progress.js";
import { ROOT, descent, pngInfo, tempDir } from "./helpers.js";

test("start: both of the seed's programs, their lines, accuracy and plots in ./out", () => {
  const cwd = tempDir();
  const r = descent(["start", "--epochs", "200"], { cwd });
  assert.equal(r.code, 0, r.stderr);
  const [mlp, softmax] = r.stdout.split("\n\n");
  assert.match(mlp, /^== seed-mlp: /);
  assert.match(
    mlp,
    /\nEpoch \[100\/200\], Loss: \d\.\d{4}\nEpoch \[200\/200\], Loss: \d\.\d{4}\nAccuracy: \d+\.\d{2}%\n/,
  );
  assert.match(
    mlp,
    /Plots: out\/seed-mlp-scatter\.\{svg,png\}, out\/seed-mlp-boundary\.\{svg,png\}, out\/seed-mlp-loss\.\{svg,png\}/,
  );
  assert.match(softmax, /^== seed-softmax: /);
  assert.match(softmax, /\nEpoch \[200\/200\], Loss: \d\.\d{4}, Accuracy: \d+\.\d{2}%\n/);
  for (const name of ["seed-mlp", "seed-softmax"]) {
    for (const chart of ["scatter", "boundary", "loss"]) {
      assert.ok(existsSync(join(cwd, "out", `${name}-${chart}.svg`)), `${name}-${chart}.svg`);
      assert.ok(
        pngInfo(join(cwd, "out", `${name}-${chart}.png`)).colours > 20,
        `${name}-${chart}.png`,
      );
    }
  }
});

test("the CLI starts through a symlink, as npm's bin link runs it", () => {
  const link = join(tempDir(), "descent.ts");
  symlinkSync(join(ROOT, "packages/cli/src/main.ts"), link);
  const r = spawnSync(process.execPath, ["--import", "tsx", link, "--help"], {
    cwd: ROOT,
    encoding: "utf8",
  });
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /^Usage: descent/);
});

test("the progress bar is drawn only on a terminal and never in CI", () => {
  assert.equal(progressWanted({ isTTY: true }, {}), true);
  assert.equal(progressWanted({ isTTY: true }, { CI: "true" }), false);
  assert.equal(progressWanted({ isTTY: false }, {}), false);
  assert.equal(progressWanted({}, {}), false);
});

test("on a terminal, the bar shows epoch, loss, speed and time left on stderr", (t) => {
  const script = spawnSync("script", ["--version"], { encoding: "utf8" });
  if (script.error) return t.skip("no `script` command to make a pseudo-terminal");
  const cmd = `${process.execPath} --import tsx packages/cli/src/main.ts run seed-mlp --epochs 3000 --no-plot --log-every 3000 >/dev/null`;
  const env = { ...process.env };
  delete env.CI;
  const r = spawnSync("script", ["-qec", cmd, "/dev/null"], {
    cwd: ROOT,
    encoding: "utf8",
    env,
    timeout: 120_000,
  });
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /epoch \d+\/3000 .* loss \d\.\d{4} \| [\d.]+ epochs\/s \| .* left/);
});
