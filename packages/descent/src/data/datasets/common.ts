import { fromTypedArray } from "../../tensor/index.js";
import type { Tensor } from "../../tensor/index.js";
import type { RandomState } from "../../util/random/random_state.js";

/** What every generator's array core returns: row-major `X` of shape [nSamples, nFeatures]. */
export interface DatasetArrays<Y extends Int32Array | Float64Array = Int32Array | Float64Array> {
  X: Float64Array;
  y: Y;
  nSamples: number;
  nFeatures: number;
}

/** The `randomState` option of every generator: a seed, a RandomState, or null (unseeded). */
export type RandomStateLike = number | RandomState | null;

/** Options the tensor-returning wrappers add to the array cores. */
export interface TensorDatasetOptions {
  /** Float type of X (and of regression targets): "float32" (default) or "float64". */
  dtype?: "float32" | "float64";
}

/** A float tensor of `shape` from float64 values, cast to `dtype` (float32 by default). */
export function floatTensor(
  values: Float64Array,
  shape: number[],
  dtype: "float32" | "float64" = "float32",
): Tensor {
  if (dtype !== "float32" && dtype !== "float64") {
    throw new TypeError(`datasets: dtype must be "float32" or "float64", got ${String(dtype)}`);
  }
  return fromTypedArray(dtype === "float64" ? values : Float32Array.from(values), shape);
}

/** An int32 label tensor of shape [n]. */
export function labelTensor(y: Int32Array): Tensor {
  return fromTypedArray(y, [y.length]);
}

/**
 * scikit-learn's `utils.shuffle(X, y, random_state=rs)`: one permutation of the rows, applied to
 * both (`indices = arange(n); rs.shuffle(indices)`). `X` has rows of `xCols`, `y` of `yCols`.
 */
export function shuffleRows<Y extends Int32Array | Float64Array>(
  rs: RandomState,
  X: Float64Array,
  xCols: number,
  y: Y,
  yCols = 1,
): { X: Float64Array; y: Y } {
  const n = y.length / yCols;
  const idx = rs.permutation(n);
  return { X: takeRows(X, xCols, idx), y: takeRows(y, yCols, idx) };
}

/** Rows `idx` of a row-major array with `cols` columns: `a[idx]`. */
export function takeRows<A extends Int32Array | Float64Array>(
  a: A,
  cols: number,
  idx: ArrayLike<number>,
): A {
  const out = new (a.constructor as new (n: number) => A)(idx.length * cols);
  for (let i = 0; i < idx.length; i++) {
    out.set(a.subarray(idx[i] * cols, idx[i] * cols + cols), i * cols);
  }
  return out;
}

/** Columns permuted in place: `X[:, :] = X[:, idx]` for a row-major [rows, cols] array. */
export function permuteColumns(X: Float64Array, cols: number, idx: ArrayLike<number>): void {
  const row = new Float64Array(cols);
  for (let r = 0; r < X.length; r += cols) {
    for (let c = 0; c < cols; c++) row[c] = X[r + idx[c]];
    X.set(row, r);
  }
}

/**
 * `np.linspace(start, stop, num, endpoint)` computed as numpy does: `i * step + start` with
 * `step = (stop - start) / div` (`div = num - 1` or `num`), and `stop` written last when
 * `endpoint`.
 */
export function linspace(start: number, stop: number, num: number, endpoint = true): Float64Array {
  const div = endpoint ? num - 1 : num;
  const delta = stop - start;
  const out = new Float64Array(num);
  const step = delta / div;
  for (let i = 0; i < num; i++) {
    if (div <= 0) out[i] = i * delta;
    else if (step === 0) out[i] = (i / div) * delta;
    else out[i] = i * step;
    out[i] += start;
  }
  if (endpoint && num > 1) out[num - 1] = stop;
  return out;
}

/** Checks that `value` is an integer >= `min`; names the option in the error. */
export function checkInt(op: string, name: string, value: number, min = 0): number {
  if (!Number.isInteger(value) || value < min) {
    throw new RangeError(`${op}: ${name} must be an integer >= ${min}, got ${value}`);
  }
  return value;
}
