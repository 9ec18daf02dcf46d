import { NDArray } from "../../backend/ndarray.js";
import { expandTo, sumToShape } from "../../backend/kernels/binary.js";
import { cast, copy, fill as fillKernel } from "../../backend/kernels/cast.js";
import type { DType } from "../../util/dtype.js";
import { isFloat } from "../../util/dtype.js";
import { numelOf } from "../../util/shape.js";
import type { OpResult } from "../node.js";

/**
 * Indexing and writing primitives over flat element positions: `positions[i]` is where the i-th
 * element of the result sits in the (contiguous) input. Advanced indexing, gather, scatter,
 * index_put and index_add all reduce to these two (the tensor layer works out the positions).
 */

/** The elements of `x` at `positions`, in `shape` (torch.take); dx = g added back there. */
export function take(x: NDArray, positions: Int32Array, shape: readonly number[]): OpResult {
  const out = NDArray.empty(x.dtype, shape);
  const a = x.data;
  for (let i = 0; i < positions.length; i++) out.data[i] = a[positions[i]];
  return {
    out,
    backward: (g) => {
      const gx = NDArray.empty(g.dtype, x.shape);
      for (let i = 0; i < positions.length; i++) gx.data[positions[i]] += g.data[i];
      return [gx];
    },
    saves: [],
  };
}

/**
 * A copy of `x` with `value` (broadcast to `shape`, the shape of the positions) written at
 * `positions`, or added there with `accumulate` (index_put). dx = g, zero where written unless
 * accumulating; dvalue = g at the positions, summed back to value's shape.
 */
export function put(
  x: NDArray,
  positions: Int32Array,
  shape: readonly number[],
  value: NDArray,
  accumulate: boolean,
): OpResult {
  const out = copy(x);
  const v = expandTo(cast(value, x.dtype), shape, "put").data;
  const o = out.data;
  if (accumulate) for (let i = 0; i < positions.length; i++) o[positions[i]] += v[i];
  else for (let i = 0; i < positions.length; i++) o[positions[i]] = v[i];
  return {
    out,
    backward: (g) => {
      const gx = accumulate ? g : copy(g);
      if (!accumulate) for (let i = 0; i < positions.length; i++) gx.data[positions[i]] = 0;
      if (!isFloat(value.dtype)) return [gx, null];
      const gv = NDArray.empty(g.dtype, shape);
      for (let i = 0; i < positions.length; i++) gv.data[i] = g.data[positions[i]];
      return [gx, sumToShape(cast(gv, value.dtype), value.shape)];
    },
    saves: [],
  };
}

/** A tensor of `shape` filled with `value` that replaces an old one (whose gradient is 0). */
export function fill(dtype: DType, shape: readonly number[], value: number): OpResult {
  return { out: fillKernel(dtype, shape, value), backward: () => [null], saves: [] };
}

/** Samples `draw()` in a tensor of `shape` that replaces an old one (normal_, uniform_). */
export function sample(dtype: DType, shape: readonly number[], draw: () => number): OpResult {
  const out = NDArray.empty(dtype, shape);
  for (let i = 0; i < out.size; i++) out.data[i] = draw();
  return { out, backward: () => [null], saves: [] };
}

/** `src` broadcast to `shape` in `dtype`, replacing an old tensor (copy_): dsrc = g summed back. */
export function copyFrom(src: NDArray, shape: readonly number[], dtype: DType): OpResult {
  const out = expandTo(cast(src, dtype), shape, "copy_");
  return {
    out: out === src ? copy(src) : out,
    backward: (g) => [null, isFloat(src.dtype) ? sumToShape(cast(g, src.dtype), src.shape) : null],
    saves: [],
  };
}

/**
 * Flat positions in a contiguous tensor of shape `xShape` of the elements of a grid of shape
 * `grid` (no larger than xShape in any dim), with the coordinate along `dim` replaced by
 * `pick(i, c)` (i: the grid element's flat index, c: its coordinate along dim).
 */
export function gridPositions(
  xShape: readonly number[],
  grid: readonly number[],
  dim: number,
  pick: (i: number, c: number) => number,
): Int32Array {
  const nd = grid.length;
  const strides = new Array<number>(nd);
  for (let d = nd - 1, acc = 1; d >= 0; d--) {
    strides[d] = acc;
    acc *= xShape[d];
  }
  const n = numelOf(grid);
  const out = new Int32Array(n);
  const idx = new Array<number>(nd).fill(0);
  for (let i = 0; i < n; i++) {
    let p = 0;
    for (let d = 0; d < nd; d++) p += (d === dim ? pick(i, idx[d]) : idx[d]) * strides[d];
    out[i] = p;
    for (let d = nd - 1; d >= 0; d--) {
      if (++idx[d] < grid[d]) break;
      idx[d] = 0;
    }
  }
  return out;
}
