import { NDArray } from "../../backend/ndarray.js";
import * as S from "../../backend/kernels/scan.js";
import { binary, expandTo, MUL } from "../../backend/kernels/binary.js";
import type { DType } from "../../util/dtype.js";
import type { OpResult } from "../node.js";

/** Scans and lane reductions (dims are normalised by the caller); forward and backward side by side. */

/** The result shape of a reduction along `dim`: kept as 1, or dropped. */
const reduced = (shape: readonly number[], dim: number, keepdim: boolean) =>
  shape.flatMap((v, i) => (i !== dim ? [v] : keepdim ? [1] : []));

/** Cumulative sum along dim; dx = the reverse cumulative sum of g. */
export function cumsum(x: NDArray, dim: number, dtype: DType): OpResult {
  return { out: S.cumsum(x, dim, dtype), backward: (g) => [S.cumsum(g, dim, g.dtype, true)] };
}

/** Cumulative product along dim; dx[i] = sum over j >= i of g[j] prod_{k <= j, k != i} x[k]. */
export function cumprod(x: NDArray, dim: number, dtype: DType): OpResult {
  return { out: S.cumprod(x, dim, dtype), backward: (g) => [S.cumprodBackward(x, g, dim)] };
}

/** Product along dim (all elements when dim is null); dx = g * the product of the others. */
export function prod(x: NDArray, dim: number | null, keepdim: boolean, dtype: DType): OpResult {
  const xs = dim === null ? x.reshaped([x.size]) : x;
  const d = dim ?? 0;
  const p = S.prodDim(xs, d, dtype);
  const shape = dim === null ? (keepdim ? x.shape.map(() => 1) : []) : reduced(x.shape, d, keepdim);
  return {
    out: p.reshaped(shape),
    backward: (g) => {
      const ge = expandTo(g.reshaped(p.shape), xs.shape, "prod");
      return [binary(ge, S.prodOthers(xs, d, g.dtype), MUL, g.dtype, "prod").reshaped(x.shape)];
    },
  };
}

/** log sum exp along dim, stably; dx = g * exp(x - out) (the softmax). */
export function logsumexp(x: NDArray, dim: number, keepdim: boolean, dtype: DType): OpResult {
  const l = S.logsumexpDim(x, dim, dtype);
  return {
    out: l.reshaped(reduced(x.shape, dim, keepdim)),
    backward: (g) => {
      const ge = expandTo(g.reshaped(l.shape), x.shape, "logsumexp");
      const le = expandTo(l, x.shape, "logsumexp");
      const o = NDArray.empty(g.dtype, x.shape);
      for (let i = 0; i < o.size; i++) o.data[i] = ge.data[i] * Math.exp(x.data[i] - le.data[i]);
      return [o];
    },
  };
}

/**
 * The lower (tril) or upper (triu) triangle of the last two dims, from `diagonal` (0 the main
 * diagonal, positive above it); the rest zero. dx = g with the same mask.
 */
export function triangle(x: NDArray, diagonal: number, lower: boolean): OpResult {
  const [rows, cols] = x.shape.slice(-2);
  const keep = (i: number) => {
    const c = i % cols;
    const r = Math.floor(i / cols) % rows;
    return lower ? c - r <= diagonal : c - r >= diagonal;
  };
  const mask = (a: NDArray) => {
    const o = NDArray.empty(a.dtype, a.shape);
    for (let i = 0; i < a.size; i++) if (keep(i)) o.data[i] = a.data[i];
    return o;
  };
  return { out: mask(x), backward: (g) => [mask(g)] };
}
