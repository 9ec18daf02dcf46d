import type { NDArray } from "../../backend/ndarray.js";
import { narrow, scatterAdd } from "../../backend/kernels/movement.js";
import { sortDim } from "../../backend/kernels/sort.js";
import type { OpResult } from "../node.js";

/**
 * Sorting and selection along a dim: the values are differentiable (each gradient goes back to
 * the index its value came from), the int32 indices are not.
 */

/** The first `count` entries of each lane after a stable sort, from `start`; dim kept. */
export function sortedSlice(
  x: NDArray,
  dim: number,
  descending: boolean,
  start: number,
  count: number,
): { result: OpResult; indices: NDArray } {
  const [v, i] = sortDim(x, dim, descending);
  const idx = narrow(i, dim, start, count);
  return {
    result: {
      out: narrow(v, dim, start, count),
      backward: (g) => [scatterAdd(g, x.shape, dim, idx)],
    },
    indices: idx,
  };
}
