import type { DType } from "../../util/dtype.js";
import { allocate } from "../../util/dtype.js";
import { NDArray } from "../ndarray.js";
import { forEachLane } from "./scan.js";

/** Sorting along a dim, and counting into bins. */

/** a before b ascending, NaN last (as PyTorch); ties keep their order (the sort is stable). */
const ascending = (a: number, b: number) => (a !== a ? (b !== b ? 0 : 1) : b !== b ? -1 : a - b);

/**
 * Each lane along `dim` sorted (stably; NaN counts as the largest), with the int32 index each
 * value came from.
 */
export function sortDim(x: NDArray, dim: number, descending: boolean): [NDArray, NDArray] {
  const values = NDArray.empty(x.dtype, x.shape);
  const indices = NDArray.empty("int32", x.shape);
  const a = x.data;
  forEachLane(x.shape, dim, (s, st, r) => {
    const order = Array.from({ length: r }, (_, k) => k);
    order.sort((i, j) =>
      descending
        ? ascending(a[s + j * st], a[s + i * st])
        : ascending(a[s + i * st], a[s + j * st]),
    );
    order.forEach((k, pos) => {
      values.data[s + pos * st] = a[s + k * st];
      indices.data[s + pos * st] = k;
    });
  });
  return [values, indices];
}

/** Counts of the non-negative integers in x (weighted: sums of weights), at least `minlength` bins. */
export function bincount(
  x: NDArray,
  weights: NDArray | null,
  minlength: number,
  dtype: DType,
): NDArray {
  let n = minlength;
  for (let i = 0; i < x.size; i++) n = Math.max(n, x.data[i] + 1);
  const o = allocate(dtype, n);
  for (let i = 0; i < x.size; i++) o[x.data[i]] += weights ? weights.data[i] : 1;
  return new NDArray(o, [n]);
}

/**
 * Counts of x's values in `edges.length - 1` equal bins between the first and last edge (values
 * outside are ignored; the last edge falls in the last bin), by binary search over the edges.
 */
export function histogram(x: NDArray, edges: ArrayLike<number>, dtype: DType): NDArray {
  const bins = edges.length - 1;
  const o = allocate(dtype, bins);
  const lo = edges[0];
  const hi = edges[bins];
  for (let i = 0; i < x.size; i++) {
    const v = x.data[i];
    if (!(v >= lo && v <= hi)) continue;
    let l = 0;
    let r = bins; // the bin is the last edge index l with edges[l] <= v
    while (r - l > 1) {
      const m = (l + r) >> 1;
      if (edges[m] <= v) l = m;
      else r = m;
    }
    o[l]++;
  }
  return new NDArray(o, [bins]);
}
