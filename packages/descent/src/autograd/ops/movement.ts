import type { NDArray } from "../../backend/ndarray.js";
import * as M from "../../backend/kernels/movement.js";
import { expandTo, sumToShape } from "../../backend/kernels/binary.js";
import type { OpResult } from "../node.js";

/** Movement ops. Shapes and dims are validated by the tensor layer before they get here. */

/** Same data, new shape (no copy); dx = g reshaped back. */
export function reshape(x: NDArray, shape: readonly number[]): OpResult {
  return { out: x.reshaped(shape), backward: (g) => [g.reshaped(x.shape)] };
}

/** Dims reordered; dx = g permuted by the inverse permutation. */
export function permute(x: NDArray, perm: readonly number[]): OpResult {
  const inv = new Array<number>(perm.length);
  perm.forEach((p, i) => (inv[p] = i));
  return { out: M.permute(x, perm), backward: (g) => [M.permute(g, inv)] };
}

/** Broadcast to a larger shape (materialised); dx = g summed back. */
export function expand(x: NDArray, shape: readonly number[]): OpResult {
  return { out: expandTo(x, shape, "expand"), backward: (g) => [sumToShape(g, x.shape)] };
}

/** A slice along one dim; dx = g placed back into zeros. */
export function narrow(x: NDArray, dim: number, start: number, length: number): OpResult {
  return {
    out: M.narrow(x, dim, start, length),
    backward: (g) => [M.narrowBackward(g, x.shape, dim, start)],
  };
}

/** Concatenation along `dim`; each input gets its slice of g. */
export function cat(xs: readonly NDArray[], dim: number): OpResult {
  const out = M.cat(xs, dim);
  return {
    out,
    backward: (g) => {
      let start = 0;
      return xs.map((x) => {
        const gi = M.narrow(g, dim, start, x.shape[dim]);
        start += x.shape[dim];
        return gi;
      });
    },
  };
}

/** Slices at integer indices along `dim`; dx = g added back at those indices. */
export function indexSelect(x: NDArray, dim: number, index: ArrayLike<number>): OpResult {
  return {
    out: M.indexSelect(x, dim, index),
    backward: (g) => [M.indexAdd(g, x.shape, dim, index)],
  };
}

/** torch.gather along `dim`; dx = g scattered (added) back. */
export function gather(x: NDArray, dim: number, index: NDArray): OpResult {
  return {
    out: M.gather(x, dim, index),
    backward: (g) => [M.scatterAdd(g, x.shape, dim, index), null],
  };
}
