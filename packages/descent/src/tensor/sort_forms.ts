import { NDArray } from "../backend/ndarray.js";
import { bincount as bincountKernel, histogram } from "../backend/kernels/sort.js";
import { isFloat } from "../util/dtype.js";
import { fmtShape, normalizeDim } from "../util/shape.js";
import { linspaceInto } from "../backend/kernels/range.js";

/** bincount and histc on storage, with their argument checks (results not differentiable). */

export { unique } from "./unique_forms.js";

/** PyTorch's keyword form of sort and argsort: `x.sort({ dim: 0, descending: true, stable: true })`. */
export interface SortOptions {
  /** The dim whose lanes are sorted (default -1, the last). */
  dim?: number;
  /** Largest first (default false). */
  descending?: boolean;
  /**
   * Keep equal elements in their original order. descent's sort is always stable, so `true` and
   * `false` give the same result; PyTorch's default unstable sort may order ties differently.
   */
  stable?: boolean;
}

const SORT_KEYS = ["dim", "descending", "stable"];

/** The dim (normalised), direction and node name of sort / argsort from `(dim, descending)` or `({ ... })`. */
export function sortArgs(
  dim: number | SortOptions,
  descending: boolean,
  ndim: number,
  op: string,
): { dim: number; descending: boolean; node: string } {
  const o: SortOptions = typeof dim === "object" && dim !== null ? dim : { dim, descending };
  for (const k of Object.keys(o))
    if (!SORT_KEYS.includes(k))
      throw new TypeError(
        `${op}: unknown option ${JSON.stringify(k)} (options: ${SORT_KEYS.join(", ")})`,
      );
  for (const k of ["descending", "stable"] as const)
    if (o[k] !== undefined && typeof o[k] !== "boolean")
      throw new TypeError(`${op}: ${k} must be true or false, got ${String(o[k])}`);
  const d = o.dim ?? -1;
  if (typeof d !== "number") throw new TypeError(`${op}: dim must be a number, got ${String(d)}`);
  return {
    dim: normalizeDim(d, Math.max(ndim, 1), op),
    descending: o.descending ?? false,
    // PyTorch's sort with `stable` given is its other overload, whose node is SortBackward1
    node: o.stable === undefined ? "SortBackward0" : "SortBackward1",
  };
}
export type { UniqueOptions } from "./unique_forms.js";

/** torch.bincount: x 1-D of non-negative integers; int32 counts, or sums of float weights. */
export function bincount(x: NDArray, weights: NDArray | null, minlength: number): NDArray {
  if (x.ndim !== 1 || isFloat(x.dtype))
    throw new RangeError(
      `bincount: expected a 1-D tensor of non-negative integers, got ${x.dtype} of shape ${fmtShape(x.shape)}`,
    );
  for (let i = 0; i < x.size; i++)
    if (x.data[i] < 0)
      throw new RangeError(`bincount: values must be non-negative, got ${x.data[i]} at index ${i}`);
  if (weights && (weights.ndim !== 1 || weights.size !== x.size))
    throw new RangeError(
      `bincount: weights must have the input's shape ${fmtShape(x.shape)}, got ${fmtShape(weights.shape)}`,
    );
  if (!Number.isInteger(minlength) || minlength < 0)
    throw new RangeError(`bincount: minlength must be a non-negative integer, got ${minlength}`);
  return bincountKernel(
    x,
    weights,
    minlength,
    weights ? (weights.dtype === "float64" ? "float64" : "float32") : "int32",
  );
}

/** torch.histc: float x; bins between min and max (x's own range when min = max). */
export function histc(x: NDArray, bins: number, min: number, max: number): NDArray {
  if (!isFloat(x.dtype))
    throw new TypeError(`histc: expected a float tensor, got ${x.dtype} (use .float() first)`);
  if (!Number.isInteger(bins) || bins <= 0)
    throw new RangeError(`histc: bins must be a positive integer, got ${bins}`);
  if (min > max) throw new RangeError(`histc: max (${max}) must be larger than min (${min})`);
  let [lo, hi] = [min, max];
  if (lo === hi && x.size > 0) {
    lo = Infinity;
    hi = -Infinity;
    for (let i = 0; i < x.size; i++) {
      lo = Math.min(lo, x.data[i]);
      hi = Math.max(hi, x.data[i]);
    }
  }
  if (lo === hi) {
    lo -= 1;
    hi += 1;
  }
  const edges = NDArray.empty(x.dtype, [bins + 1]);
  linspaceInto(edges, lo, hi, bins + 1);
  return histogram(x, edges.data, x.dtype);
}
