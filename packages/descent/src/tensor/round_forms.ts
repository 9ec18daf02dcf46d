import type { NDArray } from "../backend/ndarray.js";
import type { OpResult } from "../autograd/node.js";
import { roundDecimals } from "../autograd/ops/round.js";
import { isFloat } from "../util/dtype.js";

/** `round(decimals)`'s argument checks, over the primitive in autograd/ops/round.ts. */
export function round(x: NDArray, decimals: number): OpResult {
  if (!Number.isInteger(decimals))
    throw new TypeError(`round: decimals must be an integer, got ${String(decimals)}`);
  if (!isFloat(x.dtype))
    throw new TypeError(
      `round: decimals needs a float tensor, got ${x.dtype} (use .float() first, or round() without decimals)`,
    );
  return roundDecimals(x, decimals);
}
