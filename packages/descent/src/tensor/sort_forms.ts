import { NDArray } from "../backend/ndarray.js";
import { bincount as bincountKernel, histogram, sortDim } from "../backend/kernels/sort.js";
import { isFloat } from "../util/dtype.js";
import { fmtShape } from "../util/shape.js";
import { linspaceInto } from "../backend/kernels/range.js";

/** unique, bincount and histc on storage, with their argument checks (results not differentiable). */

export interface UniqueOptions {
  /** Also return, for each element, the index of its value in the result (x's shape). */
  returnInverse?: boolean;
  /** Also return how many times each value occurs. */
  returnCounts?: boolean;
}

/** [values] or [values, inverse?, counts?] for torch.unique(x, sorted=True) over all elements. */
export function unique(x: NDArray, opts: UniqueOptions): NDArray[] {
  const [v, i] = sortDim(x.reshaped([x.size]), 0, false);
  const vals: number[] = [];
  const counts: number[] = [];
  const inverse = NDArray.empty("int32", x.shape);
  for (let k = 0; k < v.size; k++) {
    const same =
      k > 0 &&
      (v.data[k] === v.data[k - 1] || (v.data[k] !== v.data[k] && v.data[k - 1] !== v.data[k - 1]));
    if (!same) {
      vals.push(v.data[k]);
      counts.push(0);
    }
    counts[counts.length - 1]++;
    inverse.data[i.data[k]] = vals.length - 1;
  }
  const values = NDArray.empty(x.dtype, [vals.length]);
  values.data.set(vals);
  const out = [values];
  if (opts.returnInverse) out.push(inverse);
  if (opts.returnCounts) out.push(new NDArray(Int32Array.from(counts), [counts.length]));
  return out;
}

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
