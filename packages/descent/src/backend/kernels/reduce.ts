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

/** A backend's softmax over the rows of x [n, c], with each row's max and log-sum (see Backend). */
export type SoftmaxRows = (
  x: Float32Array,
  n: number,
  c: number,
  out: Float32Array,
  lse: Float32Array | null,
) => void;

/**
 * Numerically stable softmax (or log-softmax) along a dim: subtract the max first. `exp` is a
 * backend's float32 exp over an array, and `rows` its softmax over rows, used for float32 outputs
 * where given.
 */
export function softmaxDim(
  x: NDArray,
  dim: number,
  log: boolean,
  dtype: DType,
  exp?: (x: Float32Array, out: Float32Array) => void,
  rows?: SoftmaxRows,
): NDArray {
  const [outer, r, inner] = splitAt(x.shape, dim);
  const a = x.data;
  if (rows && inner === 1 && dtype === "float32" && a instanceof Float32Array) {
    // Along the last dim of float32: the backend's row kernel (log: x - logsumexp).
    const o = new Float32Array(x.size);
    if (!log) {
      rows(a, outer, r, o, null);
      return new NDArray(o, x.shape);
    }
    const lse = new Float32Array(2 * outer);
    rows(a, outer, r, o, lse);
    for (let p = 0, i = 0; p < outer; p++) {
      const m = lse[p];
      const ls = lse[outer + p];
      for (let k = 0; k < r; k++, i++) o[i] = a[i] - m - ls;
    }
    return new NDArray(o, x.shape);
  }
  // e holds x - max, then e^(x - max); it becomes the output for softmax.
  const e = allocate(dtype, x.size);
  const maxes = new Float64Array(outer * inner);
  for (let p = 0; p < outer; p++) {
    for (let j = 0; j < inner; j++) {
      const base = p * r * inner + j;
      let m = -Infinity;
      for (let k = 0; k < r; k++) {
        const v = a[base + k * inner];
        if (v > m || v !== v) m = v;
      }
      if (m === -Infinity) m = 0;
      maxes[p * inner + j] = m;
      for (let k = 0; k < r; k++) e[base + k * inner] = a[base + k * inner] - m;
    }
  }
  if (exp && e instanceof Float32Array) exp(e, e);
  else for (let i = 0; i < e.length; i++) e[i] = Math.exp(e[i]);
  const o = log ? allocate(dtype, x.size) : e;
  for (let p = 0; p < outer; p++) {
    for (let j = 0; j < inner; j++) {
      const base = p * r * inner + j;
      let s = 0;
      for (let k = 0; k < r; k++) s += e[base + k * inner];
      if (log) {
        const m = maxes[p * inner + j];
        const lse = Math.log(s);
        for (let k = 0; k < r; k++) o[base + k * inner] = a[base + k * inner] - m - lse;
      } else {
        for (let k = 0; k < r; k++) o[base + k * inner] /= s;
      }
    }
  }
  return new NDArray(o, x.shape);
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
