import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { darkPixels, descent, jsonLines, pngInfo, tempDir } from "./helpers.js";

test("run seed-mlp: the seed's log lines, accuracy, and three charts as SVG and PNG", () => {
  const out = tempDir();
  const r = descent(["run", "seed-mlp", "--epochs", "200", "--out", out]);
  assert.equal(r.code, 0, r.stderr);
  const lines = r.stdout.trim().split("\n");
  assert.match(lines[0], /^Epoch \[100\/200\], Loss: \d\.\d{4}$/);
  assert.match(lines[1], /^Epoch \[200\/200\], Loss: \d\.\d{4}$/);
  assert.match(lines[2], /^Accuracy: \d{1,3}\.\d{2}%$/);
  assert.match(r.stdout, /Plots: .*seed-mlp-scatter\.\{svg,png\}/);
  assert.equal(r.stderr, "", "no progress bar in a pipe or in CI");
  for (const [chart, title] of [
    ["scatter", "Linear Classification"],
    ["boundary", "Linear Classification: decision regions"],
    ["loss", "Linear Classification: loss"],
  ]) {
    const svg = readFileSync(join(out, `seed-mlp-${chart}.svg`), "utf8");
    assert.match(svg, /^<svg[^>]*xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    assert.ok(svg.includes(title), `${chart}: title "${title}" in the SVG`);
    const png = pngInfo(join(out, `seed-mlp-${chart}.png`));
    assert.ok(png.width > 600 && png.height > 400, `${chart}: ${png.width}x${png.height}`);
    assert.ok(png.colours > 20, `${chart}: not blank (${png.colours} colours)`);
    // The title is rendered as text (glyphs from the shipped font): dark pixels in the top band.
    assert.ok(darkPixels(join(out, `seed-mlp-${chart}.png`), 0, 50) > 200, `${chart}: title drawn`);
  }
  assert.ok(readFileSync(join(out, "seed-mlp-scatter.svg"), "utf8").includes("predicted class"));
});

test("run seed-softmax: epoch lines with accuracy, as the seed prints them", () => {
  const r = descent(["run", "seed-softmax", "--epochs", "200", "--log-every", "50", "--no-plot"]);
  assert.equal(r.code, 0, r.stderr);
  const lines = r.stdout.trim().split("\n");
  assert.equal(lines.length, 5);
  for (let i = 0; i < 4; i++) {
    assert.match(
      lines[i],
      new RegExp(`^Epoch \\[${(i + 1) * 50}/200\\], Loss: \\d\\.\\d{4}, Accuracy: \\d+\\.\\d{2}%$`),
    );
  }
  assert.match(lines[4], /^Accuracy: \d+\.\d{2}%$/);
});

test("run --log-format jsonl: one JSON object per logged epoch, then the final accuracy", () => {
  const out = tempDir();
  const r = descent([
    "run",
    "seed-softmax",
    "--epochs",
    "30",
    "--log-every",
    "10",
    "--log-format",
    "jsonl",
    "--out",
    out,
  ]);
  assert.equal(r.code, 0, r.stderr);
  const objs = jsonLines(r.stdout);
  assert.equal(objs.length, 4);
  assert.deepEqual(
    objs.slice(0, 3).map((o) => o.epoch),
    [10, 20, 30],
  );
  for (const o of objs.slice(0, 3)) {
    assert.deepEqual(Object.keys(o), ["epoch", "loss", "accuracy"]);
    assert.equal(typeof o.loss, "number");
  }
  assert.equal(objs[3].final, true);
  assert.ok((objs[3].accuracy as number) > 0.5);
  assert.match(r.stderr, /Plots: /, "notes go to stderr, stdout stays JSON");
  const mlp = jsonLines(
    descent([
      "run",
      "seed-mlp",
      "--epochs",
      "2",
      "--log-every",
      "1",
      "--log-format",
      "jsonl",
      "--no-plot",
    ]).stdout,
  );
  assert.deepEqual(
    Object.keys(mlp[0]),
    ["epoch", "loss"],
    "no accuracy where the seed's text line has none",
  );
  assert.deepEqual(Object.keys(mlp[2]), ["final", "accuracy"]);
});

test("run: mini-batch, stochastic and Adam variants train", () => {
  for (const extra of [
    ["--batch-size", "32"],
    ["--batch-size", "1", "--lr", "0.01"],
    ["--optimizer", "adam", "--lr", "0.05", "--epochs", "40", "--log-every", "40"],
    ["--momentum", "0.9", "--epochs", "40", "--log-every", "40"],
  ]) {
    const args = [
      "run",
      "seed-softmax",
      "--epochs",
      "5",
      "--log-every",
      "5",
      "--log-format",
      "jsonl",
    ];
    const r = descent([...args, "--no-plot", ...extra]);
    assert.equal(r.code, 0, `${extra.join(" ")}: ${r.stderr}`);
    const [epoch, final] = jsonLines(r.stdout);
    assert.ok(epoch.epoch === 5 || epoch.epoch === 40);
    assert.ok((final.accuracy as number) > 0.7, `${extra.join(" ")}: accuracy ${final.accuracy}`);
  }
});

test("run linreg: d2l's linear regression recovers w = [2, -3.4], b = 4.2", () => {
  const out = tempDir();
  const r = descent(["run", "linreg", "--out", out, "--log-format", "jsonl"]);
  assert.equal(r.code, 0, r.stderr);
  const objs = jsonLines(r.stdout);
  assert.deepEqual(
    objs.slice(0, 3).map((o) => o.epoch),
    [1, 2, 3],
  );
  const final = objs[3] as { final: boolean; loss: number; w: number[]; b: number };
  assert.equal(final.final, true);
  assert.ok(final.loss < 1e-3, `loss ${final.loss}`);
  assert.ok(Math.abs(final.w[0] - 2) < 0.01 && Math.abs(final.w[1] + 3.4) < 0.01, `w ${final.w}`);
  assert.ok(Math.abs(final.b - 4.2) < 0.01, `b ${final.b}`);
  assert.ok(
    existsSync(join(out, "linreg-scatter.png")) && existsSync(join(out, "linreg-loss.svg")),
  );
  const text = descent(["run", "linreg", "--no-plot"]).stdout;
  assert.match(text, /^Epoch \[1\/3\], Loss: /);
  assert.match(text, /error in estimating w: \[/);
});

test("every command has --help", () => {
  for (const cmd of [[], ["start"], ["run"], ["train"], ["predict"], ["lr-sweep"]]) {
    const r = descent([...cmd, "--help"]);
    assert.equal(r.code, 0, `${cmd.join(" ")} --help: ${r.stderr}`);
    assert.match(r.stdout, /^Usage: descent/);
  }
  assert.match(descent(["run", "--help"]).stdout, /seed-mlp.*\n.*seed-softmax.*\n.*linreg/);
});
