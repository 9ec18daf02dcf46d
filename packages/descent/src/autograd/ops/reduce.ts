import { NDArray } from "../../backend/ndarray.js";
import * as R from "../../backend/kernels/reduce.js";
import { binary, DIV, expandTo } from "../../backend/kernels/binary.js";
import { allocate } from "../../util/dtype.js";
import { scatterAdd } from "../../backend/kernels/movement.js";
import { kernels } from "../../backend/registry.js";
import type { DType } from "../../util/dtype.js";
import { OUT, type OpResult } from "../node.js";

/** Reductions. `dims` are already normalised and sorted by the caller. */

function dropDims(shape: readonly number[], dims: readonly number[]): number[] {
  return shape.filter((_, i) => !dims.includes(i));
}

/** sum over `dims` (all when empty); dx = g broadcast back over the reduced dims. */
export function sum(x: NDArray, dims: readonly number[], keepdim: boolean, dtype: DType): OpResult {
  let out: NDArray;
  const all = dims.length === 0 || dims.length >= x.ndim; // (a 0-d x has dims [0])
  if (all) {
    out = R.sumAll(x, dtype);
    if (keepdim) out = out.reshaped(x.shape.map(() => 1));
  } else {
    out = x;
    for (const d of dims) out = R.sumDim(out, d, dtype);
    if (!keepdim) out = out.reshaped(dropDims(x.shape, dims));
  }
  const keptShape = x.shape.map((s, i) => (all || dims.includes(i) ? 1 : s));
  return {
    out,
    backward: (g) => [expandTo(g.reshaped(keptShape), x.shape, "sum")],
    saves: [],
  };
}

/** mean over `dims` (all when empty): the sum divided by the count; dx = g / n broadcast back. */
export function mean(x: NDArray, dims: readonly number[], keepdim: boolean): OpResult {
  const all = dims.length === 0 || dims.length >= x.ndim;
  const n = all ? x.size : dims.reduce((p, d) => p * x.shape[d], 1);
  const s = sum(x, dims, keepdim, x.dtype);
  const count = new NDArray(allocate(x.dtype, 1).fill(n), []);
  return {
    out: binary(s.out, count, DIV, x.dtype, "mean"),
    backward: (g, needs) => s.backward(binary(g, count, DIV, g.dtype, "mean"), needs),
  };
}

/**
 * max / min along one dim with the index of the first extreme; the gradient goes to that index.
 * Returns the values' result; indices come separately (they are not differentiable).
 */
export function extremeDim(
  x: NDArray,
  dim: number,
  keepdim: boolean,
  isMax: boolean,
): { result: OpResult; indices: NDArray } {
  const [vals, idx] = R.extremeDim(x, dim, isMax);
  const shape = keepdim ? vals.shape : dropDims(x.shape, [dim]);
  return {
    result: {
      out: vals.reshaped(shape),
      backward: (g) => [scatterAdd(g.reshaped(idx.shape), x.shape, dim, idx)],
    },
    indices: idx.reshaped(shape),
  };
}

/** max / min of all elements; the gradient is split evenly among ties, as PyTorch. */
export function extremeAll(x: NDArray, isMax: boolean): OpResult {
  if (x.size === 0) {
    throw new RangeError(`${isMax ? "max" : "min"}: cannot reduce an empty tensor without a dim`);
  }
  const [v] = R.extremeDim(x.reshaped([x.size]), 0, isMax);
  const m = v.data[0];
  return {
    out: v.reshaped([]),
    backward: (g) => {
      const out = NDArray.empty(g.dtype, x.shape);
      let count = 0;
      for (let i = 0; i < x.size; i++)
        if (x.data[i] === m || (m !== m && x.data[i] !== x.data[i])) count++;
      const share = g.data[0] / count;
      for (let i = 0; i < x.size; i++)
        if (x.data[i] === m || (m !== m && x.data[i] !== x.data[i])) out.data[i] = share;
      return [out];
    },
  };
}

/** softmax along `dim`, stable; dx = y * (g - sum(g * y)). */
export function softmax(x: NDArray, dim: number, dtype: DType): OpResult {
  const out = softmaxDim(x, dim, false, dtype);
  return { out, backward: (g) => [R.softmaxBackward(out, g, dim)], saves: [OUT] };
}

/** log-softmax along `dim` (x - max - log sum exp); dx = g - softmax * sum(g). */
export function logSoftmax(x: NDArray, dim: number, dtype: DType): OpResult {
  const out = softmaxDim(x, dim, true, dtype);
  return { out, backward: (g) => [R.logSoftmaxBackward(out, g, dim)], saves: [OUT] };
}

/** (log-)softmax of x along `dim` into a new array of `dtype`. */
function softmaxDim(x: NDArray, dim: number, log: boolean, dtype: DType): NDArray {
  const [outer, r, inner] = R.splitAt(x.shape, dim);
  const out = new NDArray(allocate(dtype, x.size), x.shape);
  kernels.softmax(x.data, outer, r, inner, log, out.data);
  return out;
}
