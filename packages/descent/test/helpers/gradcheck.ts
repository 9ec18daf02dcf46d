import assert from "node:assert/strict";

import type { Tensor } from "../../src/tensor/index.js";
import { Generator, fromTypedArray, noGrad, randn } from "../../src/tensor/index.js";
import { numelOf } from "../../src/util/shape.js";

export interface GradcheckOptions {
  /** Step of the central difference (PyTorch's gradcheck default). */
  eps?: number;
  atol?: number;
  rtol?: number;
  /** Seed of the random weights that reduce the output to a scalar. */
  seed?: number;
}

/**
 * Central-difference gradient check in float64, like `torch.autograd.gradcheck`: with fixed random
 * weights w of the output's shape, compares the gradient that backward gives for
 * L = sum(fn(...inputs) * w) with (L(x + eps) - L(x - eps)) / (2 eps), element by element, for every
 * input that requires grad. Inputs that require grad must be float64 leaves; their `.grad` is
 * reset first. Throws an AssertionError naming the input and the element that disagree.
 */
export function gradcheck(
  fn: (...xs: Tensor[]) => Tensor,
  inputs: Tensor[],
  opts: GradcheckOptions = {},
): void {
  const { eps = 1e-6, atol = 1e-5, rtol = 1e-3, seed = 0 } = opts;
  const checked = inputs.filter((x) => x.requiresGrad);
  assert.ok(checked.length > 0, "gradcheck: no input requires grad");
  for (const x of checked) {
    assert.equal(x.dtype, "float64", "gradcheck: inputs that require grad must be float64");
    assert.ok(x.isLeaf, "gradcheck: inputs must be leaves");
    x.grad = null;
  }
  const out = fn(...inputs);
  assert.equal(out.dtype, "float64", "gradcheck: the output must be float64");
  const w = randn(out.shape, { dtype: "float64", generator: new Generator(seed) });
  const loss = (o: Tensor) => o.mul(w).sum();
  loss(out).backward();
  const lossAt = () => noGrad(() => loss(fn(...inputs)).item());

  checked.forEach((x, k) => {
    const analytic = x.grad;
    assert.ok(analytic !== null, `gradcheck: input ${k} got no gradient`);
    assert.deepEqual(
      analytic.shape,
      x.shape,
      `gradcheck: gradient of input ${k} has the wrong shape`,
    );
    assert.equal(analytic.dtype, "float64", `gradcheck: gradient of input ${k} is not float64`);
    const a = analytic.toTypedArray();
    const data = x.value.data;
    for (let i = 0; i < data.length; i++) {
      const orig = data[i];
      data[i] = orig + eps;
      const up = lossAt();
      data[i] = orig - eps;
      const down = lossAt();
      data[i] = orig;
      const numeric = (up - down) / (2 * eps);
      assert.ok(
        Math.abs(a[i] - numeric) <= atol + rtol * Math.abs(numeric),
        `gradcheck: input ${k} (shape [${x.shape.join(", ")}]) element ${i}: ` +
          `backward gives ${a[i]}, central difference ${numeric}`,
      );
    }
  });
}

/** A float64 tensor that requires grad, uniform in [lo, hi); with `away`, |v| >= away (off kinks). */
export function rand64(
  shape: number[],
  g: Generator,
  { lo = -2, hi = 2, away = 0 }: { lo?: number; hi?: number; away?: number } = {},
): Tensor {
  const data = new Float64Array(numelOf(shape));
  for (let i = 0; i < data.length; i++) {
    const v = lo + (hi - lo) * g.random();
    data[i] = away > 0 && Math.abs(v) < away ? (v < 0 ? -away : away) + v : v;
  }
  return fromTypedArray(data, shape, { requiresGrad: true });
}
