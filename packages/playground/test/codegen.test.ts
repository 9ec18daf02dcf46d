/**
 * The exported programs: the descent TypeScript program of a run, run in Node, prints the page's
 * losses (the worker's Session on the same config) for the default configuration and for
 * configurations that use the generators, derived inputs, mini-batches and regularisation.
 * The PyTorch program is checked here for what it must contain; torch_golden.test.ts compares
 * the losses torch printed running it (recorded by scripts/torch_golden.ts) with the page's.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { Config } from "../src/core/config.js";
import { DEFAULT_CONFIG, normalize } from "../src/core/config.js";
import { toPyTorch, toTypeScript } from "../src/core/codegen.js";
import { makeDataSet, splitDataSet } from "../src/core/data.js";
import { presetById } from "../src/core/presets.js";
import { Session } from "../src/core/session.js";

const ROOT = fileURLToPath(new URL("../../..", import.meta.url));

/** The page's losses: the Session the worker runs, `epochs` epochs. */
function pageLosses(c: Config, epochs: number): { lines: string[]; nClasses: number } {
  const split = splitDataSet(makeDataSet(c.data), c.data.testRatio, c.data.seed);
  const s = new Session(c, split);
  for (let e = 0; e < epochs; e++) s.stepEpoch();
  const lines = s.history.map(
    (h) =>
      `epoch ${h.epoch}, train loss ${h.trainLoss.toFixed(6)}` +
      (h.testLoss === null ? "" : `, test loss ${h.testLoss.toFixed(6)}`),
  );
  return { lines, nClasses: split.nClasses };
}

/** Runs the exported program with tsx from a folder in the repository (where "descent" resolves). */
function runExported(source: string): string[] {
  mkdirSync(join(ROOT, ".tmp"), { recursive: true });
  const dir = mkdtempSync(join(ROOT, ".tmp", "export-"));
  try {
    const file = join(dir, "run.ts");
    writeFileSync(file, source);
    const out = execFileSync(process.execPath, ["--import", "tsx", file], {
      cwd: ROOT,
      encoding: "utf8",
      timeout: 60_000,
    });
    return out.trim().split("\n");
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const CASES: [string, Config, number][] = [
  ["the default configuration (the seed's 4-10-1 net)", DEFAULT_CONFIG, 30],
  ["the seed's softmax regression", presetById("seed-softmax")!.config, 10],
  [
    "XOR, derived inputs, mini-batches, Adam, L2",
    normalize({
      ...DEFAULT_CONFIG,
      data: { ...DEFAULT_CONFIG.data, name: "xor", nSamples: 200, noise: 0.1, seed: 3 },
      columns: [0, 1],
      derived: ["x1x2", "sinx1"],
      hidden: [5, 3],
      activations: ["tanh", "relu"],
      optimizer: "adam",
      lr: 0.03,
      batchSize: 16,
      regularizer: "l2",
      regRate: 0.001,
    }),
    5,
  ],
  [
    "the mixture-of-Gaussians regression, SGD with Nesterov momentum, L1",
    normalize({
      ...DEFAULT_CONFIG,
      data: {
        ...DEFAULT_CONFIG.data,
        name: "gaussians",
        nSamples: 150,
        noise: 0.05,
        seed: 1,
        testRatio: 0.3,
      },
      columns: [0, 1],
      hidden: [6],
      activations: ["tanh"],
      loss: "mse",
      momentum: 0.9,
      nesterov: true,
      lr: 0.05,
      batchSize: 10,
      regularizer: "l1",
      regRate: 0.0005,
    }),
    4,
  ],
  [
    "moons with dropout after two ReLU layers, mini-batches (the masks follow the seed)",
    normalize({
      ...DEFAULT_CONFIG,
      data: { ...DEFAULT_CONFIG.data, name: "moons", nSamples: 200, noise: 0.2, seed: 5 },
      columns: [0, 1],
      hidden: [8, 8],
      activations: ["relu", "relu"],
      dropout: 0.3,
      optimizer: "adam",
      lr: 0.01,
      batchSize: 32,
      initSeed: 7,
    }),
    4,
  ],
  [
    "the spiral without a test set",
    normalize({
      ...DEFAULT_CONFIG,
      data: {
        ...DEFAULT_CONFIG.data,
        name: "spiral",
        nSamples: 100,
        noise: 0.05,
        seed: 2,
        testRatio: 0,
      },
      columns: [0, 1],
      hidden: [4],
      activations: ["relu"],
      loss: "ce",
      optimizer: "adamw",
    }),
    5,
  ],
];

for (const [name, config, epochs] of CASES) {
  test(
    `the exported TypeScript program prints the page's losses: ${name}`,
    { timeout: 90_000 },
    () => {
      const page = pageLosses(config, epochs);
      const printed = runExported(toTypeScript(config, page.nClasses, epochs));
      assert.equal(printed.length, epochs);
      assert.deepEqual(printed, page.lines);
    },
  );
}

test("dropout in the exported programs: after each hidden activation, seeded in TypeScript", () => {
  const c = normalize({
    ...DEFAULT_CONFIG,
    hidden: [6, 4],
    activations: ["relu", "tanh"],
    dropout: 0.2,
    initSeed: 9,
  });
  const ts = toTypeScript(c, 2, 3);
  assert.match(ts, /const masks = new Generator\(11\);/);
  assert.match(
    ts,
    /new nn\.ReLU\(\),\n\s+new nn\.Dropout\(0\.2, \{ generator: masks \}\),\n\s+new nn\.Linear\(6, 4, \{ generator \}\),\n\s+new nn\.Tanh\(\),\n\s+new nn\.Dropout\(0\.2, \{ generator: masks \}\),\n\s+new nn\.Linear\(4, 1/,
  );
  const py = toPyTorch(c, 2, 3, null);
  assert.match(
    py,
    /nn\.ReLU\(\),\n\s+nn\.Dropout\(0\.2\),\n\s+nn\.Linear\(6, 4\),\n\s+nn\.Tanh\(\),\n\s+nn\.Dropout\(0\.2\),/,
  );
  assert.match(py, /torch\.manual_seed\(11\) {2}# dropout masks/);
  // no hidden layer, nothing to drop
  const flat = normalize({ ...c, hidden: [] });
  assert.doesNotMatch(toTypeScript(flat, 2, 3), /Dropout|masks/);
  assert.doesNotMatch(toPyTorch(flat, 2, 3, null), /Dropout|manual_seed\(11\)/);
});

test("the PyTorch program: same data, model, loss, optimizer and the page's initial weights", () => {
  const c = DEFAULT_CONFIG;
  const split = splitDataSet(makeDataSet(c.data), c.data.testRatio, c.data.seed);
  const w = new Session(c, split).weights();
  const py = toPyTorch(c, 2, 1000, { layers: w });
  assert.match(
    py,
    /make_classification\(n_samples=1000, n_features=4, n_informative=2, n_redundant=0,/,
  );
  assert.match(py, /random_state=42\)/);
  assert.match(py, /train_test_split\(X, y, test_size=0\.2, random_state=42\)/);
  assert.match(
    py,
    /nn\.Linear\(4, 10\),\n\s+nn\.Sigmoid\(\),\n\s+nn\.Linear\(10, 1\),\n\s+nn\.Sigmoid\(\),/,
  );
  assert.match(py, /criterion = nn\.BCELoss\(\)/);
  assert.match(py, /optimizer = optim\.SGD\(model\.parameters\(\), lr=0\.1\)/);
  assert.match(py, /for epoch in range\(1, 1001\):/);
  assert.ok(py.includes(`model[0].bias.copy_(torch.tensor([${Array.from(w[0].b).join(", ")}]))`));
  assert.ok(
    py.includes(`model[2].weight.copy_(torch.tensor([[${Array.from(w[1].w).join(", ")}]]))`),
  );
});
