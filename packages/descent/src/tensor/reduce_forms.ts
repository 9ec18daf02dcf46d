import type { NDArray } from "../backend/ndarray.js";
import { anyAllDim } from "../backend/kernels/scan.js";
import { fmtShape, normalizeDim } from "../util/shape.js";
import { normBackward } from "../autograd/ops/norm.js";
import { noGrad } from "../autograd/grad_mode.js";
import type { OpResult } from "../autograd/node.js";
import { OUT } from "../autograd/node.js";
import type { Tensor } from "./tensor.js";
import { checkFloatReduce, reduceDims } from "./shapes.js";

/**
 * The reductions that are compositions of other ops (each recorded as one node by the Tensor
 * method that calls it), and their argument checks. Tensor is imported as a type only: these
 * call its methods.
 */

export interface VarOptions {
  /** Subtracted from the count in the divisor: 1 (Bessel's correction, the default) or 0. */
  correction?: number;
  /** PyTorch's older flag: true is correction 1, false correction 0. */
  unbiased?: boolean;
  keepdim?: boolean;
}

/** The count of elements reduced over `dims` ([] is all). */
function countOf(x: Tensor, dims: readonly number[]): number {
  return dims.length === 0 ? x.numel() : dims.reduce((p, d) => p * x.shape[d], 1);
}

/** sum((x - mean)^2) / (N - correction) over `dim`. */
export function variance(
  x: Tensor,
  dim: number | number[] | null | undefined,
  opts: VarOptions,
  op: string,
): Tensor {
  checkFloatReduce(x.dtype, op);
  const dims = reduceDims(dim, x.ndim, op);
  const correction = opts.correction ?? (opts.unbiased === false ? 0 : 1);
  if (typeof correction !== "number" || correction < 0)
    throw new RangeError(`${op}: correction must be a non-negative number, got ${correction}`);
  const d = x.sub(x.mean(dims, true));
  return d
    .mul(d)
    .sum(dims, opts.keepdim ?? false)
    .div(Math.max(0, countOf(x, dims) - correction));
}

/**
 * (sum |x|^p)^(1/p) over `dim`; p 'fro' or 2, 1, Infinity, -Infinity, 0 (count of nonzeros): the
 * value from a composition run without recording, the gradient from PyTorch's formula
 * (`normBackward`), which gives an all-zero lane a zero gradient rather than NaN.
 */
export function norm(
  x: Tensor,
  p: number | "fro",
  dim: number | number[] | null | undefined,
  keepdim: boolean,
): OpResult {
  checkFloatReduce(x.dtype, "norm");
  if (p !== "fro" && typeof p !== "number")
    throw new TypeError(`norm: p must be a number or 'fro', got ${String(p)}`);
  const dims = reduceDims(dim, x.ndim, "norm");
  const y = noGrad(() => normValue(x, p === "fro" ? 2 : p, dims)).value;
  const xv = x.value;
  const shape = keepdim
    ? y.shape
    : x.shape.filter((_, i) => !(dims.length === 0 || dims.includes(i)));
  return {
    out: y.reshaped(shape),
    backward: (g) => [normBackward(xv, y, g.reshaped(y.shape), p === "fro" ? 2 : p)],
    saves: [0, OUT],
  };
}

/** The p-norm over `dims` ([] is all), dims kept. */
function normValue(x: Tensor, p: number, dims: number[]): Tensor {
  const all = dims.length === 0 ? [...x.shape.keys()] : dims;
  const a = x.abs();
  if (p === Infinity || p === -Infinity) {
    let m = a;
    for (const d of all.slice().reverse())
      m = p > 0 ? m.max(d, true).values : m.min(d, true).values;
    return m;
  }
  if (p === 0) return a.ne(0).to(x.dtype).sum(all, true);
  if (p === 1) return a.sum(all, true);
  if (p === 2) return x.mul(x).sum(all, true).sqrt();
  return a
    .pow(p)
    .sum(all, true)
    .pow(1 / p);
}

/** logsumexp over several dims: one dim after another (exact: each step is a log-sum-exp). */
export function logsumexpDims(x: Tensor, dims: number[], keepdim: boolean): Tensor {
  const ds = reduceDims(dims, x.ndim, "logsumexp");
  let r = x;
  for (const d of ds) r = r.logsumexp(d, true);
  return keepdim ? r : r.reshape(x.shape.filter((_, i) => !ds.includes(i)));
}

/** any / all over all elements or along one dim: a bool array. */
export function anyAll(
  x: NDArray,
  dim: number | undefined,
  keepdim: boolean,
  all: boolean,
): NDArray {
  const op = all ? "all" : "any";
  if (dim === undefined) return anyAllDim(x.reshaped([x.size]), 0, all).reshaped([]);
  const d = normalizeDim(dim, x.ndim, op);
  const r = anyAllDim(x, d, all);
  return keepdim ? r : r.reshaped(x.shape.filter((_, i) => i !== d));
}

/** The sum of a matrix's main diagonal. */
export function trace(x: Tensor): Tensor {
  matrixArg(x, "trace", true);
  const [n, m] = x.shape;
  const diag = Array.from({ length: Math.min(n, m) }, (_, i) => i * m + i);
  return x
    .reshape(n * m)
    .indexSelect(0, diag)
    .sum();
}

/** Checks that x has at least two dims (exactly two when `exact`), for the matrix ops. */
export function matrixArg(x: Tensor, op: string, exact = false): Tensor {
  if (exact ? x.ndim !== 2 : x.ndim < 2)
    throw new RangeError(
      `${op}: expected a ${exact ? "2-D" : "matrix or batch of matrices (at least 2-D)"} tensor, got shape ${fmtShape(x.shape)}`,
    );
  return x;
}

/** Checks the ranks and inner sizes of dot (1, 1), mv (2, 1), bmm (3, 3) and outer (1, 1). */
export function checkLinalg(a: Tensor, b: Tensor, op: string, ra: number, rb: number): Tensor {
  const shapes = `${fmtShape(a.shape)} and ${fmtShape(b.shape)}`;
  if (a.ndim !== ra || b.ndim !== rb)
    throw new RangeError(`${op}: expected ${ra}-D and ${rb}-D tensors, got shapes ${shapes}`);
  if (op === "outer") return a;
  const k1 = a.shape[a.ndim - 1];
  const k2 = b.ndim === 1 ? b.shape[0] : b.shape[b.ndim - 2];
  if (k1 !== k2)
    throw new RangeError(
      `${op}: inner sizes differ (${k1} vs ${k2}) for shapes ${shapes}; they must be equal`,
    );
  if (op === "bmm" && a.shape[0] !== b.shape[0])
    throw new RangeError(
      `bmm: batch sizes differ (${a.shape[0]} vs ${b.shape[0]}) for shapes ${shapes}; bmm does not broadcast (use matmul)`,
    );
  return a;
}
