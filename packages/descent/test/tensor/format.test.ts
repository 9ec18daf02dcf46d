import { test } from "node:test";
import assert from "node:assert/strict";

import type { Tensor } from "../../src/tensor/index.js";
import { fromTypedArray, ones, tensor } from "../../src/tensor/index.js";
import { allocate } from "../../src/util/dtype.js";
import { numelOf } from "../../src/util/shape.js";
import { fixture, toTensor } from "../helpers/torch_fixture.js";
import type { FormatCase } from "../helpers/torch_fixture.js";

/** toString against PyTorch's str(t) for the same values (fixture from scripts/golden/torch_ops.py). */

function build(c: FormatCase): Tensor {
  if (c.values)
    return toTensor({ shape: c.shape, values: c.values, dtype: c.dtype }, c.requires_grad);
  // arange(n) * mul + add, computed in the tensor's dtype as PyTorch does.
  const { n, mul, add } = c.arange!;
  const data = allocate(c.dtype ?? "float32", n);
  const round = data instanceof Float32Array ? Math.fround : (v: number) => v;
  for (let i = 0; i < n; i++) data[i] = round(round(i * mul) + add);
  assert.equal(numelOf(c.shape), n);
  return fromTypedArray(data, c.shape, { requiresGrad: c.requires_grad });
}

for (const c of fixture.format) {
  test(`toString: ${c.name}`, () => {
    assert.equal(build(c).toString(), c.str);
  });
}

test("a tensor with a grad_fn prints it, as PyTorch (descent's names have no version suffix)", () => {
  const y = tensor([1, 2], { requiresGrad: true }).mul(2);
  assert.equal(y.toString(), "tensor([2., 4.], grad_fn=<MulBackward>)");
});

test("int32 prints its dtype, which PyTorch's default int64 would not", () => {
  assert.equal(tensor([1, 2], { dtype: "int32" }).toString(), "tensor([1, 2], dtype=torch.int32)");
});

test("util.inspect and template strings use the same text", async () => {
  const { inspect } = await import("node:util");
  const t = ones(2);
  assert.equal(inspect(t), "tensor([1., 1.])");
  assert.equal(`${t}`, "tensor([1., 1.])");
});
