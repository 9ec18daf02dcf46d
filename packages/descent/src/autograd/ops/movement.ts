import type { NDArray } from "../../backend/ndarray.js";
import * as M from "../../backend/kernels/movement.js";
import type { OpResult } from "../node.js";

/**
 * Movement ops that copy (views are made by the tensor layer on shared storage). Shapes and dims
 * are validated by the tensor layer before they get here.
 */

/** Concatenation along `dim`; each input gets its slice of g. */
export function cat(xs: readonly NDArray[], dim: number): OpResult {
  const out = M.cat(xs, dim);
  return {
    out,
    saves: [],
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
    saves: [],
  };
}
