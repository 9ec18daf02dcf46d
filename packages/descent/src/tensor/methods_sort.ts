import * as So from "../autograd/ops/sort.js";
import { normalizeDim } from "../util/shape.js";
import * as S from "./shapes.js";
import * as SortF from "./sort_forms.js";
import type { SortOptions, UniqueOptions } from "./sort_forms.js";
import { Tensor, type Methods, type ValuesIndices } from "./core.js";

/**
 * Tensor's sorting and selection methods (over autograd/ops/sort.ts).
 * Declared on Tensor by declaration merging; ./tensor.ts installs them on its prototype.
 */
declare module "./core.js" {
  interface Tensor {
    /**
     * Each lane along `dim` (default last) sorted, stably (ties keep their order), NaN last (first
     * when descending); (values, indices). `x.sort({ dim, descending, stable })` is PyTorch's
     * keyword form. PyTorch: `Tensor.sort`.
     */
    sort(dim?: number | SortOptions, descending?: boolean): ValuesIndices;
    /** The indices that sort each lane along `dim` (stably; options as `sort`'s). PyTorch: `Tensor.argsort`. */
    argsort(dim?: number | SortOptions, descending?: boolean): Tensor;
    /** The k largest (or smallest) entries along `dim`, in order; (values, indices). PyTorch: `Tensor.topk`. */
    topk(k: number, dim?: number, largest?: boolean): ValuesIndices;
    /** The k-th smallest entry (k from 1) along `dim`; (values, indices). PyTorch: `Tensor.kthvalue`. */
    kthvalue(k: number, dim?: number, keepdim?: boolean): ValuesIndices;
    /** The lower median of all elements. PyTorch: `Tensor.median()`. */
    median(): Tensor;
    /** The lower median along `dim` with its index, as (values, indices). PyTorch: `Tensor.median(dim)`. */
    median(dim: number, keepdim?: boolean): ValuesIndices;
    /**
     * The sorted distinct values (or distinct slices along `dim`), with each element's (slice's)
     * position in them and their counts as asked; NaNs are each distinct. PyTorch: `torch.unique`.
     */
    unique(opts?: UniqueOptions): Tensor | Tensor[];
    /** Counts of each non-negative integer (sums of `weights` if given). PyTorch: `Tensor.bincount`. */
    bincount(weights?: Tensor | null, minlength?: number): Tensor;
    /** Counts in `bins` equal bins between min and max (the data's range when both are 0). PyTorch: `Tensor.histc`. */
    histc(bins?: number, min?: number, max?: number): Tensor;
  }
}

/** The methods declared above, which ./tensor.ts installs on Tensor's prototype. */
export const sortMethods: Methods = {
  sort(dim = -1, descending = false) {
    const o = SortF.sortArgs(dim, descending, this.ndim, "sort");
    return sorted(this, o.node, o.dim, o.descending, 0, this.value.shape[o.dim] ?? 1, true);
  },
  argsort(dim = -1, descending = false) {
    const o = SortF.sortArgs(dim, descending, this.ndim, "argsort");
    return this.sort(o.dim, o.descending).indices;
  },
  topk(k, dim = -1, largest = true) {
    const d = normalizeDim(dim, this.ndim, "topk");
    S.checkCount(k, this.value.shape[d] ?? 1, 0, "topk", this.value);
    return sorted(this, "TopkBackward0", d, largest, 0, k, true);
  },
  kthvalue(k, dim = -1, keepdim = false) {
    const d = normalizeDim(dim, this.ndim, "kthvalue");
    S.checkCount(k, this.value.shape[d] ?? 1, 1, "kthvalue", this.value);
    return sorted(this, "KthvalueBackward0", d, false, k - 1, 1, keepdim);
  },
  median: median as Tensor["median"],
  unique(opts = {}) {
    const r = SortF.unique(this.value, opts).map((a) => new Tensor(a));
    return r.length === 1 ? r[0] : r;
  },
  bincount(weights = null, minlength = 0) {
    return new Tensor(SortF.bincount(this.value, weights?.value ?? null, minlength));
  },
  histc(bins = 100, min = 0, max = 0) {
    return new Tensor(SortF.histc(this.value, bins, min, max));
  },
};

function median(this: Tensor, dim?: number, keepdim = false): Tensor | ValuesIndices {
  if (dim === undefined) {
    // over the flattened values, as one node on this tensor (PyTorch's MedianBackward0)
    const flat = this.value.reshaped([this.numel()]);
    S.checkNonEmptyDim(flat, 0, "median");
    const { result } = So.sortedSlice(flat, 0, false, Math.floor((flat.size - 1) / 2), 1);
    const shape = this.shape;
    return Tensor.apply(
      "MedianBackward0",
      {
        out: result.out.reshaped([]),
        backward: (g, n) => [result.backward(g.reshaped([1]), n)[0]!.reshaped(shape)],
      },
      [this],
    );
  }
  return medianOf(this, "MedianBackward1", normalizeDim(dim, this.ndim, "median"), keepdim);
}

function medianOf(t: Tensor, name: string, d: number, keepdim: boolean): ValuesIndices {
  S.checkNonEmptyDim(t.value, d, "median");
  return sorted(t, name, d, false, Math.floor(((t.value.shape[d] ?? 1) - 1) / 2), 1, keepdim);
}

/** `count` entries from `start` of each sorted lane as (values, indices), the values recorded as `name`. */
function sorted(
  t: Tensor,
  name: string,
  d: number,
  descending: boolean,
  start: number,
  count: number,
  keepdim: boolean,
): ValuesIndices {
  const { result, indices } = So.sortedSlice(t.value, d, descending, start, count);
  // a 0-d tensor's one lane gives 0-d results, as PyTorch's
  const shape =
    t.ndim === 0 ? [] : keepdim ? result.out.shape : result.out.shape.filter((_, i) => i !== d);
  const values = Tensor.apply(
    name,
    {
      out: result.out.reshaped(shape),
      backward: (g, n) => result.backward(g.reshaped(result.out.shape), n),
    },
    [t],
  );
  const idx = new Tensor(indices.reshaped(shape));
  return Object.assign([values, idx] as [Tensor, Tensor], { values, indices: idx });
}
