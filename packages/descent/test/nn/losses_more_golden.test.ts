/**
 * L1Loss, SmoothL1Loss, HuberLoss, KLDivLoss, MarginRankingLoss and MultiLabelSoftMarginLoss
 * against PyTorch (test/fixtures/torch/layers.json, written by scripts/golden/torch_layers.py):
 * every reduction, forward values and the gradients of each float input, in float64; the
 * functional forms equal the modules; float64 gradient checks; errors for bad input.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";

import type { Tensor } from "../../src/index.js";
import { nn, tensor } from "../../src/index.js";
import type { Nested } from "../helpers/gradcheck_nn.js";
import { assertClose, gradcheck } from "../helpers/gradcheck_nn.js";

interface LossCase {
  name: string;
  loss: string;
  reduction: string;
  options: Record<string, unknown>;
  inputs: Nested[];
  gradOutput: Nested | null;
  output: Nested;
  grads: (Nested | null)[];
}
const fx = JSON.parse(
  readFileSync(new URL("../fixtures/torch/layers.json", import.meta.url), "utf8"),
) as { torch: string; losses: LossCase[] };

const F64 = { dtype: "float64" } as const;
const TOL = { rtol: 1e-12, atol: 1e-14 };
type Ctor = new (opts: object) => nn.Module;
const F = nn.functional as unknown as Record<string, (...a: unknown[]) => Tensor>;
const FUNCTIONAL: Record<string, string> = {
  L1Loss: "l1Loss",
  SmoothL1Loss: "smoothL1Loss",
  HuberLoss: "huberLoss",
  KLDivLoss: "klDiv",
  MarginRankingLoss: "marginRankingLoss",
  MultiLabelSoftMarginLoss: "multilabelSoftMarginLoss",
};

function options(c: LossCase): Record<string, unknown> {
  const o: Record<string, unknown> = { ...c.options, reduction: c.reduction };
  if (Array.isArray(o.weight)) o.weight = tensor(o.weight as number[], F64);
  return o;
}

for (const c of fx.losses) {
  test(`${c.loss} ${c.name}: value and gradients match PyTorch ${fx.torch}`, () => {
    const inputs = c.inputs.map((v, i) =>
      c.grads[i] === null ? tensor(v as number[], F64) : tensor(v as number[], F64).requiresGrad_(),
    );
    const crit = new (nn as unknown as Record<string, Ctor>)[c.loss](options(c));
    const y = crit.forward(...inputs);
    assertClose(y, c.output, `${c.name} output`, TOL);
    if (c.gradOutput === null) y.backward();
    else y.backward(tensor(c.gradOutput as number[], F64));
    c.grads.forEach((g, i) => {
      if (g !== null) assertClose(inputs[i].grad!, g, `${c.name} grad of input ${i}`, TOL);
    });
    const f = F[FUNCTIONAL[c.loss]](...inputs.map((t) => t.detach()), options(c));
    assertClose(f, c.output, `${c.name} functional`, TOL);
  });
}

for (const c of fx.losses.filter((c) => c.reduction === "sum" && !c.name.includes("zero"))) {
  test(`${c.loss} ${c.name}: float64 gradient check of each float input`, () => {
    const crit = new (nn as unknown as Record<string, Ctor>)[c.loss](options(c));
    const inputs = c.inputs.map((v) => tensor(v as number[], F64));
    c.grads.forEach((g, i) => {
      if (g === null) return;
      // nudge away from the kinks the fixtures sit on (|d| = 0, |d| = beta)
      const x = inputs[i].add(0.0123);
      const f = (v: Tensor) => crit.forward(...inputs.map((t, j) => (j === i ? v : t)));
      gradcheck(f, x, `${c.name} input ${i}`);
    });
  });
}

test("losses: bad input gets an error naming the op and the fix", () => {
  const x = tensor([
    [1, 2],
    [3, 4],
  ]);
  const cases: [() => unknown, RegExp][] = [
    [
      () => new nn.L1Loss().forward(x, tensor([1, 2])),
      /l1Loss: target shape \[2\] differs from input shape \[2, 2\]/,
    ],
    [
      () => new nn.SmoothL1Loss({ beta: -1 }),
      /smoothL1Loss: beta must be a finite number >= 0, got -1/,
    ],
    [() => new nn.HuberLoss({ delta: 0 }), /huberLoss: delta must be > 0/],
    [
      () => new nn.KLDivLoss({ reduction: "avg" as never }),
      /KLDivLoss: reduction must be 'mean', 'sum' or 'none'/,
    ],
    [
      () => new nn.MarginRankingLoss().forward(x, x, tensor([1, -1])),
      /marginRankingLoss: input1 \[2, 2\], input2 \[2, 2\] and target \[2\] must have the same shape/,
    ],
    [
      () => new nn.MultiLabelSoftMarginLoss().forward(tensor([1, 2]), tensor([1, 0])),
      /multilabelSoftMarginLoss: input must be \[N, C\], got \[2\]/,
    ],
    [
      () =>
        new nn.L1Loss().forward(
          x.int(),
          tensor(
            [
              [1, 2],
              [3, 4],
            ],
            { dtype: "int32" },
          ),
        ),
      /l1Loss: input or target must be a float tensor, got int32 and int32/,
    ],
    [
      () => new nn.HuberLoss().forward(x.int(), x),
      /huberLoss: input must be a float tensor, got int32 \(use \.float\(\)\)/,
    ],
  ];
  for (const [f, re] of cases) assert.throws(f, re);
});

test("loss modules print as PyTorch's", () => {
  for (const name of Object.keys(FUNCTIONAL))
    assert.equal(new (nn as unknown as Record<string, Ctor>)[name]({}).toString(), `${name}()`);
});
