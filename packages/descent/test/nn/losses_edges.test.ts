import { test } from "node:test";
import assert from "node:assert/strict";

import { F, tensor, zeros } from "../../src/index.js";

/** Edge cases of the one-node losses, each as PyTorch 1.13 gives it. */

test("crossEntropy and nllLoss on an empty batch of [N, C, *] inputs: none [0, *], mean NaN, sum 0", () => {
  const x = zeros([0, 3, 2], { requiresGrad: true });
  const t = zeros([0, 2], { dtype: "int32" });
  const none = F.crossEntropy(x, t, { reduction: "none" });
  assert.deepEqual(none.shape, [0, 2]);
  assert.ok(Number.isNaN(F.crossEntropy(x, t).item()));
  assert.equal(F.crossEntropy(x, t, { reduction: "sum" }).item(), 0);
  const x5 = zeros([0, 3, 2, 2, 2]);
  const t5 = zeros([0, 2, 2, 2], { dtype: "int32" });
  assert.equal(F.nllLoss(x5, t5, { reduction: "sum" }).item(), 0);
  assert.deepEqual(F.nllLoss(x5, t5, { reduction: "none" }).shape, [0, 2, 2, 2]);
});

test("mseLoss promotes an int input or target to float, as PyTorch's, and refuses two ints", () => {
  const ints = tensor([1, 2], { dtype: "int32" });
  const l = F.mseLoss(ints, tensor([1.5, 2]));
  assert.equal(l.dtype, "float32");
  assert.equal(l.item(), 0.125);
  assert.equal(F.mseLoss(tensor([1.5, 2]), ints).item(), 0.125);
  assert.equal(F.mseLoss(ints, tensor([1.5, 2], { dtype: "float64" })).dtype, "float64");
  assert.throws(
    () => F.mseLoss(ints, ints),
    /mseLoss: input or target must be a float tensor, got int32 and int32/,
  );
});
