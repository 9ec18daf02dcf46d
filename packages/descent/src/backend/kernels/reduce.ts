import type { DType } from "../../util/dtype.js";
import { allocate } from "../../util/dtype.js";
import { NDArray } from "../ndarray.js";

/**
 * Reductions along one dim. The input is viewed as [outer, R, inner] around that dim; the output
 * keeps the dim with size 1 (callers drop it when keepdim is false). A 0-d input is one element
 * along its only dim (0 or -1), as in PyTorch, and its output stays 0-d.
 */
export function splitAt(shape: readonly number[], dim: number): [number, number, number] {
  if (shape.length === 0) return [1, 1, 1];
  let outer = 1;
  let inner = 1;
  for (let i = 0; i < dim; i++) outer *= shape[i];
  for (let i = dim + 1; i < shape.length; i++) inner *= shape[i];
  return [outer, shape[dim], inner];
}

function keptShape(shape: readonly number[], dim: number): number[] {
  if (shape.length === 0) return [];
  const s = shape.slice();
  s[dim] = 1;
  return s;
}

export function sumDim(x: NDArray, dim: number, dtype: DType): NDArray {
  const [outer, r, inner] = splitAt(x.shape, dim);
  const o = allocate(dtype, outer * inner);
  const a = x.data;
  for (let p = 0; p < outer; p++) {
    const base = p * r * inner;
    const ob = p * inner;
    if (inner === 1) {
      let s = 0;
      for (let k = 0; k < r; k++) s += a[base + k];
      o[ob] = s;
    } else {
      for (let k = 0; k < r; k++) {
        const row = base + k * inner;
        for (let j = 0; j < inner; j++) o[ob + j] += a[row + j];
      }
    }
  }
  return new NDArray(o, keptShape(x.shape, dim));
}

export function sumAll(x: NDArray, dtype: DType): NDArray {
  const a = x.data;
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i];
  const o = allocate(dtype, 1);
  o[0] = s;
  return new NDArray(o, []);
}

/**
 * Max or min along a dim with the index of the first extreme (NaN wins, as in PyTorch).
 * Returns values in x's dtype and int32 indices, both with the dim kept as size 1.
 */
export function extremeDim(x: NDArray, dim: number, isMax: boolean): [NDArray, NDArray] {
  const [outer, r, inner] = splitAt(x.shape, dim);
  const vals = allocate(x.dtype, outer * inner);
  const idxs = new Int32Array(outer * inner);
  const a = x.data;
  for (let p = 0; p < outer; p++) {
    for (let j = 0; j < inner; j++) {
      const base = p * r * inner + j;
      let best = a[base];
      let bi = 0;
      if (best === best) {
        for (let k = 1; k < r; k++) {
          const v = a[base + k * inner];
          if (v !== v) {
            best = v;
            bi = k;
            break;
          }
          if (isMax ? v > best : v < best) {
            best = v;
            bi = k;
          }
        }
      }
      vals[p * inner + j] = best;
      idxs[p * inner + j] = bi;
    }
  }
  const shape = keptShape(x.shape, dim);
  return [new NDArray(vals, shape), new NDArray(idxs, shape)];
}

/** Backward of softmax from its output y: y * (g - sum(g * y)) along the dim. */
export function softmaxBackward(y: NDArray, g: NDArray, dim: number): NDArray {
  const [outer, r, inner] = splitAt(y.shape, dim);
  const o = allocate(g.dtype, g.size);
  const yd = y.data;
  const gd = g.data;
  for (let p = 0; p < outer; p++) {
    for (let j = 0; j < inner; j++) {
      const base = p * r * inner + j;
      let s = 0;
      for (let k = 0; k < r; k++) s += gd[base + k * inner] * yd[base + k * inner];
      for (let k = 0; k < r; k++) {
        const i = base + k * inner;
        o[i] = yd[i] * (gd[i] - s);
      }
    }
  }
  return new NDArray(o, y.shape);
}

/** Backward of log-softmax from its output y: g - exp(y) * sum(g) along the dim. */
export function logSoftmaxBackward(y: NDArray, g: NDArray, dim: number): NDArray {
  const [outer, r, inner] = splitAt(y.shape, dim);
  const o = allocate(g.dtype, g.size);
  const yd = y.data;
  const gd = g.data;
  for (let p = 0; p < outer; p++) {
    for (let j = 0; j < inner; j++) {
      const base = p * r * inner + j;
      let s = 0;
      for (let k = 0; k < r; k++) s += gd[base + k * inner];
      for (let k = 0; k < r; k++) {
        const i = base + k * inner;
        o[i] = gd[i] - Math.exp(yd[i]) * s;
      }
    }
  }
  return new NDArray(o, y.shape);
}
