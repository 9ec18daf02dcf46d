/**
 * PyTorch's beginner tutorials translated in examples/pytorch/: each program runs from the
 * starting weights PyTorch drew (or from numpy's RandomState, which both reproduce) and must print
 * what PyTorch 1.13 printed (packages/descent/scripts/golden/torch_tutorials.py exports it into
 * packages/descent/test/fixtures/torch/tutorials.json), line by line, every number within the
 * tolerance stated at its test.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { loadPt } from "descent/io";

import { compareLines } from "./pytorch_compare.js";
import type { Tolerance } from "./pytorch_compare.js";
import { run as polynomialNumpy } from "../examples/pytorch/polynomial_numpy.js";
import { run as polynomialTensor } from "../examples/pytorch/polynomial_tensor.js";
import { run as polynomialAutograd } from "../examples/pytorch/polynomial_autograd.js";
import { run as polynomialCustomFunction } from "../examples/pytorch/polynomial_custom_function.js";
import { run as polynomialNn } from "../examples/pytorch/polynomial_nn.js";
import { run as polynomialOptim } from "../examples/pytorch/polynomial_optim.js";
import { run as polynomialModule } from "../examples/pytorch/polynomial_module.js";
import { run as dynamicNet } from "../examples/pytorch/dynamic_net.js";
import { run as tensorqs } from "../examples/pytorch/tensorqs.js";
import { run as autogradqs } from "../examples/pytorch/autogradqs.js";
import { run as buildmodel } from "../examples/pytorch/buildmodel.js";
import { run as optimization } from "../examples/pytorch/optimization.js";
import { run as saveloadrun } from "../examples/pytorch/saveloadrun.js";
import { needsData } from "./needs_data.js";

interface Golden {
  init?: number[];
  seed?: number;
  steps?: number;
  draws?: string;
  numpy_seed?: number;
  lines: string[];
}
const fixture = JSON.parse(
  readFileSync(
    new URL("../packages/descent/test/fixtures/torch/tutorials.json", import.meta.url),
    "utf8",
  ),
) as Record<string, Golden>;

/** Runs `run` and returns what it printed, line by line (as the golden script captures print). */
function printed(run: (opts: { log: (l: string) => void }) => unknown): string[] {
  const lines: string[] = [];
  run({ log: (l) => lines.push(l) });
  return asPrinted(lines);
}

/** Calls to `log` as the lines of the text they print, without the final newlines. */
function asPrinted(calls: readonly string[]): string[] {
  return calls.join("\n").replace(/\n+$/, "").split("\n");
}

/**
 * float32 programs over 2000 steps: every printed loss and coefficient within 2e-6 relative
 * (about 17 float32 ulps; the largest difference seen is 7.4e-7) or 1e-6 absolute (the
 * coefficients that converge to 0, where both print rounding noise near 1e-9).
 */
const F32: Tolerance = { rtol: 2e-6, atol: 1e-6 };

test("polynomial_numpy (float64, plain arrays): numpy's 21 lines to 1e-12", () => {
  const g = fixture.polynomial_numpy;
  const lines = printed((o) => polynomialNumpy({ ...o, seed: g.seed }));
  compareLines(lines, g.lines, { rtol: 1e-12, atol: 1e-12 }, "polynomial_numpy");
});

for (const [name, run] of [
  ["polynomial_tensor", polynomialTensor],
  ["polynomial_autograd", polynomialAutograd],
  ["polynomial_custom_function", polynomialCustomFunction],
  ["polynomial_nn", polynomialNn],
  ["polynomial_module", polynomialModule],
] as const) {
  test(`${name}: PyTorch's 21 lines from its initial weights, to float32 rounding`, () => {
    const g = fixture[name];
    compareLines(
      printed((o) => run({ ...o, init: g.init })),
      g.lines,
      F32,
      name,
    );
  });
}

test("polynomial_optim (RMSprop): to float32 rounding while it converges, then within PyTorch's own float64 spread", () => {
  const g = fixture.polynomial_optim;
  const lines = printed((o) => polynomialOptim({ ...o, init: g.init }));
  // Steps 99..1199: the loss falls from 24 805 to 27, each line within 1e-5 relative.
  compareLines(lines.slice(0, 12), g.lines.slice(0, 12), { rtol: 1e-5, atol: 1e-6 }, "optim");
  // From about step 1200 RMSprop moves each weight by about lr = 1e-3 a step whatever the
  // gradient's size, so the weights near 0 oscillate and rounding decides the phase: PyTorch's
  // own float64 run of this program ends at loss 8.854 (float32: 8.881) with a = -4.4e-4
  // (float32: +5.3e-4). Here: the losses within 1 %, the coefficients within 2e-3.
  compareLines(lines.slice(12, 20), g.lines.slice(12, 20), { rtol: 0.01, atol: 0 }, "optim");
  compareLines(lines.slice(20), g.lines.slice(20), { rtol: 0, atol: 2e-3 }, "optim result");
});

test("dynamic_net: 6000 of the tutorial's 30 000 steps with Python's random draws, to float32 rounding", () => {
  const g = fixture.dynamic_net;
  let i = 0;
  const randint = () => Number(g.draws![i++]);
  const lines = printed((o) => dynamicNet({ ...o, init: g.init, steps: g.steps, randint }));
  compareLines(lines, g.lines, F32, "dynamic_net");
});

// ---- Learn the Basics: weights and random inputs from numpy's RandomState(0) on both sides ----

/** Numbers printed with 4 decimals (PyTorch's tensor text): equal to within the last digit. */
const PRINTED4: Tolerance = { rtol: 0, atol: 1.5e-4 };

test("tensorqs: PyTorch's lines, every number equal", () => {
  const g = fixture.tensorqs;
  const lines = printed((o) => tensorqs({ ...o, numpySeed: g.numpy_seed }));
  compareLines(lines, g.lines, { rtol: 0, atol: 0 }, "tensorqs");
});

test("autogradqs: PyTorch's gradients to the printed digit, and its gradFn names", () => {
  const g = fixture.autogradqs;
  const lines = printed((o) => autogradqs({ ...o, numpySeed: g.numpy_seed }));
  compareLines(lines, g.lines, PRINTED4, "autogradqs");
  assert.equal(lines[0], g.lines[0]); // Gradient function for z = <AddBackward0>
  // Gradient function for loss = <BinaryCrossEntropyWithLogitsBackward0>: the loss and its
  // reduction are one node, as PyTorch's
  assert.equal(lines[1], g.lines[1]);
  assert.deepEqual(
    lines.slice(8, 11).map((l) => l.toLowerCase()),
    g.lines.slice(8, 11).map((l) => l.toLowerCase()),
  ); // requires_grad: true, false, false
});

test("buildmodel: PyTorch's structure, prediction, layer outputs and parameters", () => {
  const g = fixture.buildmodel;
  const lines = printed((o) => buildmodel({ ...o, numpySeed: g.numpy_seed }));
  // hidden1 prints with 5 significant digits (1.4469e-04): 2e-4 relative; weights with 4 decimals
  compareLines(lines, g.lines, { rtol: 2e-4, atol: 1e-4 }, "buildmodel");
  // the module tree prints as PyTorch's, word for word
  assert.deepEqual(lines.slice(1, 11), g.lines.slice(1, 11));
});

// Trained once, compared in the two tests below (the save test uses the trained network).
let trained: { lines: string[]; result: ReturnType<typeof optimization> } | null = null;
const optimizationRun = () => {
  const calls: string[] = [];
  trained ??= {
    result: optimization({ small: true, numpySeed: 0, log: (l) => calls.push(l) }),
    lines: asPrinted(calls),
  };
  return trained;
};

test(
  "optimization at reduced size: every batch loss, test loss and accuracy as PyTorch's",
  needsData,
  () => {
    const g = fixture.optimization as Golden & {
      batch_losses: number[];
      correct: number[];
      test_losses: number[];
    };
    const { lines, result } = optimizationRun();
    // printed with 6 decimals
    compareLines(lines, g.lines, { rtol: 0, atol: 1.5e-6 }, "optimization");
    const close = (a: number[], e: number[], what: string) =>
      compareLines(a.map(String), e.map(String), { rtol: 1e-5, atol: 0 }, what);
    close(result.batchLosses, g.batch_losses, "batch losses"); // 20 batches
    close(result.testLosses, g.test_losses, "test losses");
    assert.deepEqual(result.correct, g.correct);
  },
);

test(
  "saveloadrun: savePt / loadPt round trip, PyTorch's prediction from the same weights",
  needsData,
  () => {
    const g = fixture.saveloadrun;
    const { result } = optimizationRun();
    const dir = mkdtempSync(join(tmpdir(), "descent-saveload-"));
    try {
      const lines = printed((o) => saveloadrun({ ...o, small: true, dir, model: result.model }));
      compareLines(lines, g.lines, PRINTED4, "saveloadrun");
      assert.equal(lines[1], g.lines[1]); // Predicted: "...", Actual: "..."
      assert.equal(lines.at(-1)!.toLowerCase(), g.lines.at(-1)!.toLowerCase());
      // the file holds the trained weights bit for bit
      const saved = loadPt(join(dir, "model_weights.pth"));
      for (const [k, v] of Object.entries(result.model.stateDict()))
        assert.deepEqual(saved[k].toTypedArray(), v.toTypedArray(), k);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
);
