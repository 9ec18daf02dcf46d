import type { DType } from "../../util/dtype.js";
import { allocate } from "../../util/dtype.js";
import { NDArray } from "../ndarray.js";

/** Converts to another dtype (float -> int truncates toward zero, as PyTorch; bool is x != 0). */
export function cast(x: NDArray, dtype: DType): NDArray {
  if (x.dtype === dtype) return x;
  const src = x.data;
  const out = allocate(dtype, src.length);
  if (dtype === "bool") {
    for (let i = 0; i < src.length; i++) out[i] = src[i] !== 0 ? 1 : 0;
  } else if (dtype === "int32") {
    for (let i = 0; i < src.length; i++) out[i] = Math.trunc(src[i]);
  } else {
    out.set(src);
  }
  return new NDArray(out, x.shape);
}

export function copy(x: NDArray): NDArray {
  return new NDArray(x.data.slice(), x.shape);
}

export function fill(dtype: DType, shape: readonly number[], value: number): NDArray {
  const a = NDArray.empty(dtype, shape);
  if (value !== 0) a.data.fill(value);
  return a;
}
