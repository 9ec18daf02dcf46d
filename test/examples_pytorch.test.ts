/**
 * PyTorch's beginner tutorials translated in examples/pytorch/: each program runs from the
 * starting weights PyTorch drew (or from numpy's RandomState, which both reproduce) and must print
 * what PyTorch 1.13 printed (packages/descent/scripts/golden/torch_tutorials.py exports it into
 * packages/descent/test/fixtures/torch/tutorials.json), line by line, every number within the
 * tolerance stated at its test.
 */
import { test } from "node:test";
import { readFileSync } from "node:fs";

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

interface Golden {
  init?: number[];
  seed?: number;
  steps?: number;
  draws?: string;
  lines: string[];
}
const fixture = JSON.parse(
  readFileSync(
    new URL("../packages/descent/test/fixtures/torch/tutorials.json", import.meta.url),
    "utf8",
  ),
) as Record<string, Golden>;

/** Runs `run` and returns what it printed. */
function printed(run: (opts: { log: (l: string) => void }) => unknown): string[] {
  const lines: string[] = [];
  run({ log: (l) => lines.push(l) });
  return lines;
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
