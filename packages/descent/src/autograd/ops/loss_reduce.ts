import { NDArray } from "../../backend/ndarray.js";
import type { DType, TypedArray } from "../../util/dtype.js";

/**
 * The reduction inside a loss primitive: each loss is one node with its reduction, as in
 * PyTorch, and sums and scales its per-element losses where the composed `loss.sum()` or
 * `loss.mean()` would round them, so that values and gradients are those of the composition.
 */

/** How a loss primitive reduces its per-element losses (PyTorch's `reduction`). */
export type LossReduction = "mean" | "sum" | "none";

/** Rounding to the result dtype, so that fused sums round where the composed ops did. */
export const rounder = (dtype: DType): ((v: number) => number) =>
  dtype === "float32" ? Math.fround : (v) => v;

/**
 * The 0-d loss: the double sum of n per-element losses (already rounded to the dtype, as the
 * composition stores them), rounded, divided by `scale` (n for 'mean', 1 for 'sum'; a weight
 * sum for a weighted mean) and rounded again, as `loss.sum().div(scale)` gives.
 */
export function lossTotal(each: TypedArray, n: number, dtype: DType, scale: number): NDArray {
  let total = 0;
  for (let i = 0; i < n; i++) total += each[i];
  return scalarLoss(total, dtype, scale);
}

/** The 0-d loss from a double sum already taken: `total` rounded to the dtype, over `scale`. */
export function scalarLoss(total: number, dtype: DType, scale: number): NDArray {
  const out = NDArray.empty(dtype, []);
  out.data[0] = rounder(dtype)(total) / scale;
  return out;
}

/** The gradient that the composed reduction hands each element: g / scale, rounded to the dtype. */
export function lossSeed(g: NDArray, scale: number): number {
  return rounder(g.dtype)(g.data[0] / scale);
}
