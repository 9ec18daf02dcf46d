import type { NDArray } from "../../backend/ndarray.js";
import { roundHalfEven } from "../../backend/kernels/special.js";
import type { OpResult } from "../node.js";
import { pointwise } from "./math_unary.js";

/**
 * Rounding to `decimals` decimal places, as PyTorch's kernel computes it in x's dtype: with
 * t = 10^|decimals| (in that dtype), round(x * t) / t, or round(x / t) * t for negative decimals,
 * halves to even; each step rounds to float32 for a float32 x, so the results are PyTorch's bit
 * for bit (a t that overflows float32 gives NaN, as there). Gradient 0.
 */
export function roundDecimals(x: NDArray, decimals: number): OpResult {
  const f32 = x.dtype === "float32";
  const r = (v: number) => (f32 ? Math.fround(v) : v);
  const t = r(Math.pow(10, Math.abs(decimals)));
  const f =
    decimals > 0
      ? (v: number) => roundHalfEven(r(v * t)) / t
      : (v: number) => roundHalfEven(r(v / t)) * t;
  return pointwise(x, f, undefined, x.dtype);
}
