import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";

import { F, tensor, type Tensor } from "../../src/index.js";
import type { EncTensor } from "../helpers/torch_fixture.js";

/**
 * The dtypes of the regression losses against PyTorch 1.13 (test/fixtures/torch/loss_dtypes.json,
 * written by scripts/golden/torch_loss_dtypes.py): for l1, smooth L1, Huber and MSE, every
 * reduction and every mixed pair of float32, float64 and int32 sides, the result's dtype and
 * values and each float side's gradient, or the refusal where PyTorch refuses. Where PyTorch's own
 * backward fails on a mixed pair (its MSE and Huber kernels), descent's gradients are those of the
 * loss with the casts written out, which the fixture holds from PyTorch.
 */

type Enc = EncTensor & { values: number[] };
interface Case {
  loss: "l1Loss" | "smoothL1Loss" | "huberLoss" | "mseLoss";
  input: string;
  target: string;
  reduction: "mean" | "sum" | "none";
  error?: string;
  out?: Enc;
  gradInput?: Enc | null;
  gradTarget?: Enc | null;
}
const fixture = JSON.parse(
  readFileSync(new URL("../fixtures/torch/loss_dtypes.json", import.meta.url), "utf8"),
) as { x: number[][]; y: number[][]; cases: Case[] };

const make = (values: number[][], dtype: string): Tensor =>
  tensor(values, { dtype: dtype as "float32" | "float64" | "int32" });

/** Where descent differs on purpose: PyTorch's l1 of two int tensors is int64 for 'sum' and 'none'. */
const l1OfInts = (c: Case): boolean =>
  c.loss === "l1Loss" && c.input === "int32" && c.target === "int32";

const close = (got: Tensor, want: Enc, what: string): void => {
  assert.equal(got.dtype, want.dtype, `${what}: dtype`);
  assert.deepEqual(got.shape, want.shape, `${what}: shape`);
  const g = Array.from(got.flatten().tolist() as number[]);
  const tol = want.dtype === "float64" ? 1e-12 : 1e-6;
  g.forEach((v, i) =>
    assert.ok(
      Math.abs(v - want.values[i]) <= tol * (1 + Math.abs(want.values[i])),
      `${what}[${i}]: ${v}, PyTorch ${want.values[i]}`,
    ),
  );
};

test("regression losses on mixed dtypes: result dtype, values and gradients as PyTorch's", () => {
  let compared = 0;
  for (const c of fixture.cases) {
    const label = `${c.loss}(${c.input}, ${c.target}, ${c.reduction})`;
    const x = make(fixture.x, c.input);
    const y = make(fixture.y, c.target);
    if (x.dtype !== "int32") x.requiresGrad_(true);
    if (y.dtype !== "int32") y.requiresGrad_(true);
    const run = (): Tensor =>
      (F[c.loss] as (a: Tensor, b: Tensor, o: { reduction: string }) => Tensor)(x, y, {
        reduction: c.reduction,
      });
    if (c.error || l1OfInts(c)) {
      assert.throws(run, new RegExp(`${c.loss}: input (or target )?must be a float tensor`), label);
      continue;
    }
    const out = run();
    close(out, c.out!, `${label} out`);
    out.backward(c.reduction === "none" ? out.detach().mul(0).add(1) : undefined);
    if (c.gradInput) close(x.grad!, c.gradInput, `${label} input grad`);
    if (c.gradTarget) close(y.grad!, c.gradTarget, `${label} target grad`);
    compared++;
  }
  assert.ok(compared >= 50, `${compared} cases compared`);
});
