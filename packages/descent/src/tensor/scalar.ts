import { NDArray } from "../backend/ndarray.js";
import type { DType } from "../util/dtype.js";
import { allocate, isFloat } from "../util/dtype.js";

/**
 * A Python-style scalar operand as a 0-d array, with PyTorch's rule: a number does not widen a
 * float tensor (float32 + 2.5 stays float32), but a fractional number makes an int tensor float32.
 */
export function scalarFor(like: DType, v: number): NDArray {
  let dtype: DType = like;
  if (!isFloat(like)) dtype = Number.isInteger(v) ? "int32" : "float32";
  if (typeof v !== "number") {
    throw new TypeError(`expected a number or a Tensor, got ${typeof v}`);
  }
  const a = allocate(dtype, 1);
  a[0] = v;
  return new NDArray(a, []);
}
