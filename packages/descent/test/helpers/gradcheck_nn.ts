import assert from "node:assert/strict";

import type { Tensor } from "../../src/index.js";
import { noGrad, tensor } from "../../src/index.js";

/** Nested JSON numbers as the fixtures store them (a number for a 0-d tensor). */
export type Nested = number | Nested[];

/** The shape of a nested array (`[]` for a number). */
export function shapeOf(x: Nested): number[] {
  const s: number[] = [];
  let p: Nested = x;
  while (Array.isArray(p)) {
    s.push(p.length);
    p = p[0];
  }
  return s;
}

/** Row-major values of a nested array. */
export function flat(x: Nested): number[] {
  return Array.isArray(x) ? x.flatMap(flat) : [x];
}

/**
 * Asserts `actual` has the shape of `expected` and each value within atol + rtol * |expected|.
 * Returns the largest relative error |a - e| / |e| seen over the elements with |e| >= relFloor
 * (default: all nonzero ones).
 */
export function assertClose(
  actual: Tensor,
  expected: Nested,
  what: string,
  { rtol, atol, relFloor = 0 }: { rtol: number; atol: number; relFloor?: number },
): number {
  assert.deepEqual(actual.shape, shapeOf(expected), `${what}: shape`);
  const got = actual.toTypedArray();
  const want = flat(expected);
  let worst = 0;
  for (let i = 0; i < want.length; i++) {
    const a = Number(got[i]);
    const e = want[i];
    const err = Math.abs(a - e);
    if (e !== 0 && Math.abs(e) >= relFloor) worst = Math.max(worst, err / Math.abs(e));
    assert.ok(
      a === e || err <= atol + rtol * Math.abs(e),
      `${what}: element ${i} is ${a}, PyTorch gives ${e} (rtol ${rtol}, atol ${atol})`,
    );
  }
  return worst;
}

/**
 * Float64 central-difference gradient check of a scalar-valued `f` at `x`:
 * compares the gradient from `backward()` with (f(x + h e_i) - f(x - h e_i)) / 2h for every
 * element i. `x` is copied to a float64 leaf; `f` must return a 0-d tensor.
 */
export function gradcheck(
  f: (x: Tensor) => Tensor,
  x0: Tensor,
  what: string,
  { h = 1e-6, rtol = 1e-5, atol = 1e-7 } = {},
): void {
  const x = tensor(Array.from(x0.toTypedArray()), { dtype: "float64" })
    .reshape(x0.shape)
    .detach()
    .requiresGrad_();
  const y = f(x);
  assert.equal(y.dtype, "float64", `${what}: gradcheck needs a float64 result`);
  y.backward();
  const analytic = x.grad!.toTypedArray();
  const data = x.value.data;
  for (let i = 0; i < data.length; i++) {
    const v = data[i];
    data[i] = v + h;
    const fp = noGrad(() => f(x).item());
    data[i] = v - h;
    const fm = noGrad(() => f(x).item());
    data[i] = v;
    const numeric = (fp - fm) / (2 * h);
    const a = analytic[i];
    assert.ok(
      Math.abs(a - numeric) <= atol + rtol * Math.abs(numeric),
      `${what}: d/dx[${i}] is ${a} by backward but ${numeric} by central differences`,
    );
  }
}
