import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";

import { F, tensor, type Tensor } from "../../src/index.js";
import { decode, type EncTensor, toTensor } from "../helpers/torch_fixture.js";

/**
 * The binary cross-entropies' target gradients against PyTorch 1.13
 * (test/fixtures/torch/bce_target_grad.json, written by scripts/golden/torch_bce_target_grad.py):
 * probabilities and logits, every reduction, with and without weight and pos_weight, float32 and
 * float64, the loss and both gradients, infinities included (the target gradient of a
 * probability at 0 or 1 is infinite in PyTorch too).
 */

type Enc = EncTensor & { dtype: "float32" | "float64" };
interface Case {
  loss: "binaryCrossEntropy" | "binaryCrossEntropyWithLogits";
  reduction: "mean" | "sum" | "none";
  dtype: "float32" | "float64";
  weighted: boolean;
  posWeight: boolean;
  x: Enc;
  out: Enc;
  gradInput: Enc;
  gradTarget: Enc;
  upstream: Enc | null;
}
const fixture = JSON.parse(
  readFileSync(new URL("../fixtures/torch/bce_target_grad.json", import.meta.url), "utf8"),
) as { target: number[][]; weight: number[][]; posWeight: number[]; cases: Case[] };

/**
 * Within `ulps` units in the last place of the dtype: PyTorch's logs and divisions may round
 * apart; the input's gradient with pos_weight is formed in float64 here and rounded once (up
 * to ~20 ulps from PyTorch's steps).
 */
function close(got: Tensor, want: Enc, what: string, ulps = 4): void {
  assert.equal(got.dtype, want.dtype, `${what}: dtype`);
  assert.deepEqual(got.shape, want.shape, `${what}: shape`);
  const eps = want.dtype === "float32" ? 2 ** -23 : 2 ** -52;
  const g = got.flatten().tolist() as number[];
  want.values.map(decode).forEach((w, i) => {
    if (!Number.isFinite(w))
      return assert.ok(Object.is(g[i], w), `${what}[${i}]: ${g[i]}, PyTorch ${w}`);
    assert.ok(
      Math.abs(g[i] - w) <= ulps * eps * Math.abs(w) + 1e-300,
      `${what}[${i}]: ${g[i]}, PyTorch ${w}`,
    );
  });
}

test("binary cross-entropies: the target's gradient, and the input's, as PyTorch's", () => {
  for (const c of fixture.cases) {
    const label = `${c.loss} ${c.reduction} ${c.dtype}${c.weighted ? " weighted" : ""}${c.posWeight ? " pos_weight" : ""}`;
    const x = toTensor(c.x, true);
    const y = tensor(fixture.target, { dtype: c.dtype }).requiresGrad_(true);
    const weight = c.weighted ? tensor(fixture.weight, { dtype: c.dtype }) : undefined;
    const out =
      c.loss === "binaryCrossEntropy"
        ? F.binaryCrossEntropy(x, y, { weight, reduction: c.reduction })
        : F.binaryCrossEntropyWithLogits(x, y, {
            weight,
            posWeight: c.posWeight ? tensor(fixture.posWeight, { dtype: c.dtype }) : undefined,
            reduction: c.reduction,
          });
    close(out, c.out, `${label}: loss`, 16);
    out.backward(c.upstream ? toTensor(c.upstream) : undefined);
    close(x.grad!, c.gradInput, `${label}: input's gradient`, 64);
    close(y.grad!, c.gradTarget, `${label}: target's gradient`);
  }
});

test("a target that needs no gradient gets none, and costs none", () => {
  const x = tensor([0.2, 0.7]).requiresGrad_(true);
  const y = tensor([0, 1]);
  F.binaryCrossEntropy(x, y).backward();
  assert.equal(y.grad, null);
  assert.ok(x.grad);
});
