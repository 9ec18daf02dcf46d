import { NDArray } from "../../backend/ndarray.js";
import { expandTo } from "../../backend/kernels/binary.js";
import { allocate } from "../../util/dtype.js";
import { numelOf } from "../../util/shape.js";

/**
 * The gradient of a p-norm y = (sum |x|^p)^(1/p) over some dims, as PyTorch's `norm_backward`,
 * so that an all-zero lane (y = 0) gets a zero gradient where the chain rule through sqrt or pow
 * would give 0/0 = NaN. `y` and `g` have the kept-dims shape (1 for every reduced dim).
 *
 *     p = 0:           0
 *     p = 1:           sign(x) * g
 *     p = +-Infinity:  sign(x) * g / k where |x| = y (k such entries in the lane: ties share), else 0
 *     p < 1:           sign(x) |x|^(p-1) * g * y^(1-p)            (0 where x = 0)
 *     1 < p < 2:       sign(x) |x|^(p-1) * g / y^(p-1)            (0 where y = 0)
 *     p >= 2:          x |x|^(p-2) * g / y^(p-1)                  (0 where y = 0; p = 2: x g / y)
 */
export function normBackward(x: NDArray, y: NDArray, g: NDArray, p: number): NDArray {
  const ye = expandTo(y, x.shape, "norm").data;
  const ge = expandTo(g, x.shape, "norm").data;
  const xd = x.data;
  const o = allocate(g.dtype, x.size);
  if (p === 0) return new NDArray(o, x.shape.slice());
  const sign = (v: number) => (v > 0 ? 1 : v < 0 ? -1 : 0);
  if (p === Infinity || p === -Infinity) {
    const count = tiesPerLane(x, y);
    for (let i = 0; i < o.length; i++) {
      const a = Math.abs(xd[i]);
      if (a === ye[i] || a !== a) o[i] = (sign(xd[i]) * ge[i]) / count[i];
    }
  } else if (p === 1) {
    for (let i = 0; i < o.length; i++) o[i] = sign(xd[i]) * ge[i];
  } else if (p < 1) {
    for (let i = 0; i < o.length; i++)
      if (xd[i] !== 0)
        o[i] = sign(xd[i]) * Math.pow(Math.abs(xd[i]), p - 1) * ge[i] * Math.pow(ye[i], 1 - p);
  } else {
    for (let i = 0; i < o.length; i++) {
      if (ye[i] === 0) continue;
      const s = p === 2 ? ge[i] / ye[i] : ge[i] / Math.pow(ye[i], p - 1);
      const a = Math.abs(xd[i]);
      o[i] = (p < 2 ? sign(xd[i]) * Math.pow(a, p - 1) : xd[i] * Math.pow(a, p - 2)) * s;
    }
  }
  return new NDArray(o, x.shape.slice());
}

/** For each element of x, how many elements of its lane have |x| = y (or are NaN). */
function tiesPerLane(x: NDArray, y: NDArray): Float64Array {
  const lane = laneIndex(x.shape, y.shape);
  const counts = new Float64Array(numelOf(y.shape));
  for (let i = 0; i < x.size; i++) {
    const a = Math.abs(x.data[i]);
    if (a === y.data[lane[i]] || a !== a) counts[lane[i]]++;
  }
  return Float64Array.from(lane, (l) => counts[l]);
}

/** The flat index into the kept-dims shape `kept` of each element of `shape`. */
function laneIndex(shape: readonly number[], kept: readonly number[]): Int32Array {
  const n = numelOf(shape);
  const out = new Int32Array(n);
  const strides: number[] = new Array(kept.length);
  for (let d = kept.length - 1, s = 1; d >= 0; d--) {
    strides[d] = kept[d] === 1 ? 0 : s;
    s *= kept[d];
  }
  const idx = new Array<number>(shape.length).fill(0);
  for (let i = 0, at = 0; i < n; i++) {
    out[i] = at;
    for (let d = shape.length - 1; d >= 0; d--) {
      idx[d]++;
      at += strides[d];
      if (idx[d] < shape[d]) break;
      at -= strides[d] * idx[d];
      idx[d] = 0;
    }
  }
  return out;
}
