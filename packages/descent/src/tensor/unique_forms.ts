import { NDArray } from "../backend/ndarray.js";
import { indexSelect } from "../backend/kernels/movement.js";
import { sortDim } from "../backend/kernels/sort.js";
import { fmtShape, normalizeDim, stridesOf } from "../util/shape.js";

/** torch.unique over all elements or over slices along a dim (results not differentiable). */

export interface UniqueOptions {
  /**
   * Whether to sort the result ascending (default true). descent always returns it sorted,
   * which PyTorch's `sorted=False` also allows (its order is then unspecified).
   */
  sorted?: boolean;
  /** Also return, for each element (or each slice along `dim`), the index of its value in the result. */
  returnInverse?: boolean;
  /** Also return how many times each value (or slice) occurs. */
  returnCounts?: boolean;
  /**
   * The dim whose slices are compared (whole sub-tensors, in lexicographic order); all elements,
   * flattened, when absent.
   */
  dim?: number | null;
}

const KEYS = new Set(["sorted", "returnInverse", "returnCounts", "dim"]);

/** [values] or [values, inverse?, counts?] as torch.unique(x, sorted, return_inverse, return_counts, dim). */
export function unique(x: NDArray, opts: UniqueOptions): NDArray[] {
  if (typeof opts !== "object" || opts === null)
    throw new TypeError(
      `unique: expected an options object { sorted, returnInverse, returnCounts, dim }, got ${String(opts)}`,
    );
  for (const k of Object.keys(opts))
    if (!KEYS.has(k))
      throw new TypeError(
        `unique: unknown option ${JSON.stringify(k)} (options: ${[...KEYS].join(", ")})`,
      );
  const dim = opts.dim ?? null;
  const flat = dim === null;
  const d = flat ? 0 : normalizeDim(dim, x.ndim, "unique");
  const xs = flat ? x.reshaped([x.size]) : x;
  const n = xs.shape[d];
  if (!flat && n > 0 && x.size === 0)
    throw new RangeError(
      `unique: input of shape ${fmtShape(x.shape)} has a 0-sized dim other than dim ${dim}, so its slices cannot be compared`,
    );
  const { order, groups } = flat ? sortedElements(xs) : sortedSlices(xs, d);
  // groups[k]: the position in `order` where the k-th distinct value starts
  const counts = groups.map((s, k) => (groups[k + 1] ?? order.length) - s);
  const firsts = groups.map((s) => order[s]);
  const inverse = NDArray.empty("int32", flat ? x.shape : [n]);
  groups.forEach((s, k) => {
    for (let j = s; j < s + counts[k]; j++) inverse.data[order[j]] = k;
  });
  const out = [indexSelect(xs, d, firsts)];
  if (opts.returnInverse) out.push(inverse);
  if (opts.returnCounts) out.push(new NDArray(Int32Array.from(counts), [counts.length]));
  return out;
}

type Groups = { order: number[]; groups: number[] };

/** The elements' indices in sorted order (stable, NaN last), split where the value changes. */
function sortedElements(x: NDArray): Groups {
  const [v, i] = sortDim(x, 0, false);
  const groups: number[] = [];
  // NaN differs from everything, itself included (each NaN is its own value, as in PyTorch)
  for (let k = 0; k < v.size; k++) if (k === 0 || v.data[k] !== v.data[k - 1]) groups.push(k);
  return { order: Array.from(i.data), groups };
}

/**
 * The slices along `d` in lexicographic order (stable, NaN last), split where a slice changes.
 * A slice's elements are compared in the order PyTorch flattens them: that of x.transpose(d, 0).
 */
function sortedSlices(x: NDArray, d: number): Groups {
  const n = x.shape[d];
  const strides = stridesOf(x.shape);
  // dims of x.transpose(d, 0) after the first, as dims of x
  const rest = x.shape.map((_, k) => (k === d ? 0 : k)).slice(1);
  const offs = offsetsOf(
    rest.map((k) => x.shape[k]),
    rest.map((k) => strides[k]),
  );
  const a = x.data;
  const sd = strides[d];
  const m = offs.length;
  const cmp = (s: number, t: number) => {
    for (let j = 0; j < m; j++) {
      const u = a[offs[j] + s * sd];
      const w = a[offs[j] + t * sd];
      if (u !== w && (u === u || w === w)) return u !== u ? 1 : w !== w ? -1 : u - w;
    }
    return 0;
  };
  const order = Array.from({ length: n }, (_, k) => k).sort(cmp);
  const same = (s: number, t: number) => {
    for (let j = 0; j < m; j++) if (a[offs[j] + s * sd] !== a[offs[j] + t * sd]) return false;
    return true;
  };
  const groups: number[] = [];
  for (let k = 0; k < n; k++) if (k === 0 || !same(order[k], order[k - 1])) groups.push(k);
  return { order, groups };
}

/** The offsets of every index of `shape` (row-major) under `strides`. */
function offsetsOf(shape: number[], strides: number[]): number[] {
  let offs = [0];
  shape.forEach((size, k) => {
    const next: number[] = [];
    for (const o of offs) for (let i = 0; i < size; i++) next.push(o + i * strides[k]);
    offs = next;
  });
  return offs;
}
