import type { DType } from "../../util/dtype.js";
import { allocate } from "../../util/dtype.js";
import { NDArray } from "../ndarray.js";
import { splitAt } from "./reduce.js";

/**
 * Kernels that work lane by lane along one dim: scans (cumulative sum and product) and the
 * reductions whose gradient needs the whole lane (product, log-sum-exp). A lane is the r values
 * at offset `start`, `start + step`, ... of the [outer, r, inner] view around the dim.
 */

/** Calls fn(start, step, r) for every lane of `shape` along `dim`. */
export function forEachLane(
  shape: readonly number[],
  dim: number,
  fn: (start: number, step: number, r: number, lane: number) => void,
): void {
  const [outer, r, inner] = splitAt(shape, dim);
  for (let p = 0; p < outer; p++)
    for (let j = 0; j < inner; j++) fn(p * r * inner + j, inner, r, p * inner + j);
}

/** An output with one value per lane: x's shape with `dim` kept as size 1 (a 0-d x: 0-d). */
function laneOut(x: NDArray, dim: number, dtype: DType): NDArray {
  const [outer, , inner] = splitAt(x.shape, dim);
  const shape = x.shape.map((v, i) => (i === dim ? 1 : v));
  return new NDArray(allocate(dtype, outer * inner), shape);
}

/** out[k] = x[0] + ... + x[k] along dim (reverse: x[k] + ... + x[r-1]), accumulated in double. */
export function cumsum(x: NDArray, dim: number, dtype: DType, reverse = false): NDArray {
  const o = allocate(dtype, x.size);
  const a = x.data;
  forEachLane(x.shape, dim, (s, st, r) => {
    let acc = 0;
    for (let k = 0; k < r; k++) {
      const i = s + (reverse ? r - 1 - k : k) * st;
      acc += a[i];
      o[i] = acc;
    }
  });
  return new NDArray(o, x.shape);
}

/** out[k] = x[0] * ... * x[k] along dim, accumulated in double. */
export function cumprod(x: NDArray, dim: number, dtype: DType): NDArray {
  const o = allocate(dtype, x.size);
  const a = x.data;
  forEachLane(x.shape, dim, (s, st, r) => {
    let acc = 1;
    for (let k = 0; k < r; k++) {
      acc *= a[s + k * st];
      o[s + k * st] = acc;
    }
  });
  return new NDArray(o, x.shape);
}

/**
 * The gradient of cumprod: dx[i] = sum over j >= i of g[j] * prod of x[k] for k <= j, k != i,
 * written with running products so that zeros in x need no division.
 */
export function cumprodBackward(x: NDArray, g: NDArray, dim: number): NDArray {
  const o = allocate(g.dtype, x.size);
  const a = x.data;
  const gd = g.data;
  forEachLane(x.shape, dim, (s, st, r) => {
    let before = 1; // prod of x[k] for k < i
    for (let i = 0; i < r; i++) {
      let sum = 0;
      let after = before; // prod of x[k] for k <= j, k != i
      for (let j = i; j < r; j++) {
        if (j > i) after *= a[s + j * st];
        sum += gd[s + j * st] * after;
      }
      o[s + i * st] = sum;
      before *= a[s + i * st];
    }
  });
  return new NDArray(o, x.shape);
}

/** The product of each lane (the dim kept as size 1); and each element's product of the others. */
export function prodDim(x: NDArray, dim: number, dtype: DType): NDArray {
  const out = laneOut(x, dim, dtype);
  const o = out.data;
  const a = x.data;
  forEachLane(x.shape, dim, (s, st, r, lane) => {
    let acc = 1;
    for (let k = 0; k < r; k++) acc *= a[s + k * st];
    o[lane] = acc;
  });
  return out;
}

/** d prod / dx[i] = the product of the lane's other elements (prefix times suffix: exact with zeros). */
export function prodOthers(x: NDArray, dim: number, dtype: DType): NDArray {
  const o = allocate(dtype, x.size);
  const a = x.data;
  forEachLane(x.shape, dim, (s, st, r) => {
    let before = 1;
    for (let k = 0; k < r; k++) {
      o[s + k * st] = before;
      before *= a[s + k * st];
    }
    let after = 1;
    for (let k = r - 1; k >= 0; k--) {
      o[s + k * st] *= after;
      after *= a[s + k * st];
    }
  });
  return new NDArray(o, x.shape);
}

/** log(sum(exp(x))) of each lane, as max + log(sum(exp(x - max))) (an all -inf lane gives -inf). */
export function logsumexpDim(x: NDArray, dim: number, dtype: DType): NDArray {
  const out = laneOut(x, dim, dtype);
  const o = out.data;
  const a = x.data;
  forEachLane(x.shape, dim, (s, st, r, lane) => {
    let m = -Infinity;
    for (let k = 0; k < r; k++) m = Math.max(m, a[s + k * st]);
    if (!Number.isFinite(m)) {
      o[lane] = m === m ? m : NaN;
      return;
    }
    let sum = 0;
    for (let k = 0; k < r; k++) sum += Math.exp(a[s + k * st] - m);
    o[lane] = m + Math.log(sum);
  });
  return out;
}

/** Whether any (or all) of each lane's values is nonzero: a bool array with the dim kept. */
export function anyAllDim(x: NDArray, dim: number, all: boolean): NDArray {
  const out = laneOut(x, dim, "bool");
  const o = out.data;
  const a = x.data;
  forEachLane(x.shape, dim, (s, st, r, lane) => {
    let hit = all;
    for (let k = 0; k < r && hit === all; k++) if ((a[s + k * st] !== 0) !== all) hit = !all;
    o[lane] = hit ? 1 : 0;
  });
  return out;
}
