import { allocate } from "../../util/dtype.js";
import { numelOf } from "../../util/shape.js";
import { NDArray } from "../ndarray.js";
import { splitAt } from "./reduce.js";

/** Elements start..start+length-1 along `dim` (torch.narrow). */
export function narrow(x: NDArray, dim: number, start: number, length: number): NDArray {
  const [outer, r, inner] = splitAt(x.shape, dim);
  const shape = x.shape.slice();
  shape[dim] = length;
  const o = allocate(x.dtype, outer * length * inner);
  for (let p = 0; p < outer; p++) {
    const src = (p * r + start) * inner;
    o.set(x.data.subarray(src, src + length * inner), p * length * inner);
  }
  return new NDArray(o, shape);
}

/** Concatenates along `dim`; shapes must agree elsewhere (checked by the caller). */
export function cat(xs: readonly NDArray[], dim: number): NDArray {
  const shape = xs[0].shape.slice();
  shape[dim] = xs.reduce((s, x) => s + x.shape[dim], 0);
  const [outer, , inner] = splitAt(shape, dim);
  const o = allocate(xs[0].dtype, numelOf(shape));
  let off = 0;
  for (const x of xs) {
    const chunk = x.shape[dim] * inner;
    for (let p = 0; p < outer; p++) {
      o.set(x.data.subarray(p * chunk, (p + 1) * chunk), p * shape[dim] * inner + off);
    }
    off += chunk;
  }
  return new NDArray(o, shape);
}

/** Rows (or slices along `dim`) picked by integer indices: torch.index_select. */
export function indexSelect(x: NDArray, dim: number, index: ArrayLike<number>): NDArray {
  const [outer, r, inner] = splitAt(x.shape, dim);
  const n = index.length;
  const shape = x.shape.slice();
  shape[dim] = n;
  const o = allocate(x.dtype, outer * n * inner);
  const a = x.data;
  for (let p = 0; p < outer; p++) {
    for (let k = 0; k < n; k++) {
      const src = (p * r + index[k]) * inner;
      const dst = (p * n + k) * inner;
      if (inner === 1) o[dst] = a[src];
      else o.set(a.subarray(src, src + inner), dst);
    }
  }
  return new NDArray(o, shape);
}

/** Adds slices of `g` back at their indices (index_select's backward; repeated indices add up). */
export function indexAdd(
  g: NDArray,
  shape: readonly number[],
  dim: number,
  index: ArrayLike<number>,
): NDArray {
  const [outer, r, inner] = splitAt(shape, dim);
  const n = index.length;
  const o = allocate(g.dtype, numelOf(shape));
  const gd = g.data;
  for (let p = 0; p < outer; p++) {
    for (let k = 0; k < n; k++) {
      const dst = (p * r + index[k]) * inner;
      const src = (p * n + k) * inner;
      for (let j = 0; j < inner; j++) o[dst + j] += gd[src + j];
    }
  }
  return new NDArray(o, shape.slice());
}

/** Scatter-adds `g` into zeros of `shape` at `index` along `dim` (max/min along a dim's backward). */
export function scatterAdd(
  g: NDArray,
  shape: readonly number[],
  dim: number,
  index: NDArray,
): NDArray {
  const [outer, r, inner] = splitAt(shape, dim);
  const [, n] = splitAt(index.shape, dim);
  const o = allocate(g.dtype, numelOf(shape));
  const gd = g.data;
  const id = index.data;
  for (let p = 0; p < outer; p++)
    for (let k = 0; k < n; k++)
      for (let j = 0; j < inner; j++) {
        const t = (p * n + k) * inner + j;
        o[(p * r + id[t]) * inner + j] += gd[t];
      }
  return new NDArray(o, shape.slice());
}
