import * as R from "../autograd/ops/reduce.js";
import * as Sc from "../autograd/ops/scan.js";
import { floatTypeOf } from "../util/dtype.js";
import { normalizeDim } from "../util/shape.js";
import * as S from "./shapes.js";
import * as RF from "./reduce_forms.js";
import type { VarOptions } from "./reduce_forms.js";
import { Tensor, type Methods, type ValuesIndices } from "./core.js";

/**
 * Tensor's reductions and scans: sums, means, extremes, softmax, variance, norms, products.
 * Declared on Tensor by declaration merging; ./tensor.ts installs them on its prototype.
 */
declare module "./core.js" {
  interface Tensor {
    /**
     * The sum over `dim` (one, several, or all when left out), keeping them as size 1 with `keepdim`
     * (`torch.sum`); bool sums to int32.
     */
    sum(dim?: number | number[] | null, keepdim?: boolean): Tensor;
    /**
     * The mean over `dim` (one, several, or all when left out) of a floating-point tensor, as
     * `torch.mean`.
     */
    mean(dim?: number | number[] | null, keepdim?: boolean): Tensor;
    /** The largest element (`torch.max(x)`). */
    max(): Tensor;
    /**
     * The largest values along `dim` and where they are, as (values, indices) (`torch.max(x, dim)`).
     */
    max(dim: number, keepdim?: boolean): ValuesIndices;
    /** The smallest element (`torch.min(x)`). */
    min(): Tensor;
    /**
     * The smallest values along `dim` and where they are, as (values, indices) (`torch.min(x, dim)`).
     */
    min(dim: number, keepdim?: boolean): ValuesIndices;
    /** The index of the largest element, in the flattened tensor or along `dim` (`torch.argmax`). */
    argmax(dim?: number, keepdim?: boolean): Tensor;
    /** The index of the smallest element, in the flattened tensor or along `dim` (`torch.argmin`). */
    argmin(dim?: number, keepdim?: boolean): Tensor;
    /** e^x_i / sum_j e^x_j along `dim`, computed stably (`torch.softmax`). */
    softmax(dim: number): Tensor;
    /** x_i - log(sum_j e^x_j) along `dim`, computed stably (`torch.log_softmax`). */
    logSoftmax(dim: number): Tensor;
    /**
     * Variance over `dim` (all when absent): sum((x - mean)^2) / (N - correction), correction 1
     * (Bessel's) by default; `unbiased: false` is correction 0. PyTorch: `Tensor.var`.
     */
    var(dim?: number | number[] | null, opts?: VarOptions): Tensor;
    /** sqrt(var): the standard deviation over `dim`, correction 1 by default. PyTorch: `Tensor.std`. */
    std(dim?: number | number[] | null, opts?: VarOptions): Tensor;
    /**
     * The p-norm over `dim` (all when absent): (sum |x|^p)^(1/p); p = 2 or 'fro' (default) is the
     * Euclidean / Frobenius norm, 1 the sum of |x|, Infinity the largest |x|. PyTorch: `Tensor.norm`.
     */
    norm(p?: number | "fro", dim?: number | number[] | null, keepdim?: boolean): Tensor;
    /** The p-norm of `this - other` (broadcast), p = 2 by default. PyTorch: `Tensor.dist`. */
    dist(other: Tensor, p?: number): Tensor;
    /** The product of the elements, or along `dim`. PyTorch: `Tensor.prod`. */
    prod(dim?: number | null, keepdim?: boolean): Tensor;
    /** out[i] = x[0] + ... + x[i] along `dim`. PyTorch: `Tensor.cumsum`. */
    cumsum(dim: number): Tensor;
    /** out[i] = x[0] * ... * x[i] along `dim`. PyTorch: `Tensor.cumprod`. */
    cumprod(dim: number): Tensor;
    /** log(sum(exp(x))) over `dim` (one or several), computed stably. PyTorch: `Tensor.logsumexp`. */
    logsumexp(dim: number | number[], keepdim?: boolean): Tensor;
    /** Whether every element (or every one along `dim`) is nonzero; bool. PyTorch: `Tensor.all`. */
    all(dim?: number, keepdim?: boolean): Tensor;
    /** Whether some element (or some along `dim`) is nonzero; bool. PyTorch: `Tensor.any`. */
    any(dim?: number, keepdim?: boolean): Tensor;
  }
}

/** The methods declared above, which ./tensor.ts installs on Tensor's prototype. */
export const reduceMethods: Methods = {
  sum(dim, keepdim = false) {
    const dims = S.reduceDims(dim, this.ndim, "sum");
    return Tensor.apply(
      dim === undefined || dim === null ? "SumBackward0" : "SumBackward1",
      R.sum(this.value, dims, keepdim, this.dtype === "bool" ? "int32" : this.dtype),
      [this],
    );
  },
  mean(dim, keepdim = false) {
    S.checkFloatReduce(this.dtype, "mean");
    const dims = S.reduceDims(dim, this.ndim, "mean");
    const name = dim === undefined || dim === null ? "MeanBackward0" : "MeanBackward1";
    return Tensor.apply(name, R.mean(this.value, dims, keepdim), [this]);
  },
  max: max as Tensor["max"],
  min: min as Tensor["min"],
  argmax(dim, keepdim = false) {
    return argExtreme(this, true, dim, keepdim, "argmax");
  },
  argmin(dim, keepdim = false) {
    return argExtreme(this, false, dim, keepdim, "argmin");
  },
  softmax(dim) {
    const d = normalizeDim(dim, this.ndim, "softmax");
    return Tensor.apply("SoftmaxBackward0", R.softmax(this.value, d, floatTypeOf(this.dtype)), [
      this,
    ]);
  },
  logSoftmax(dim) {
    const d = normalizeDim(dim, this.ndim, "logSoftmax");
    return Tensor.apply(
      "LogSoftmaxBackward0",
      R.logSoftmax(this.value, d, floatTypeOf(this.dtype)),
      [this],
    );
  },
  var(dim, opts = {}) {
    return Tensor.fused("VarBackward0", [this], (x) => RF.variance(x, dim, opts, "var"));
  },
  std(dim, opts = {}) {
    // PyTorch's gradient where the std is 0 (a constant lane) is 0, not sqrt's 0/0: the lanes
    // with variance 0 take sqrt of 1 (gradient finite) and then 0 in place of it.
    return Tensor.fused("StdBackward0", [this], (x) => {
      const v = RF.variance(x, dim, opts, "std");
      const nonzero = v.ne(0);
      return v.where(nonzero, 1).sqrt().where(nonzero, 0);
    });
  },
  norm(p = "fro", dim, keepdim = false) {
    return Tensor.apply("NormBackward1", RF.norm(this, p, dim, keepdim), [this]);
  },
  dist(other, p = 2) {
    const o = S.checkTensor(other, "dist");
    return Tensor.fused("DistBackward0", [this, o], (a, b) => a.sub(b).norm(p));
  },
  prod(dim, keepdim = false) {
    const d = dim === undefined || dim === null ? null : normalizeDim(dim, this.ndim, "prod");
    const dtype = this.dtype === "bool" ? "int32" : this.dtype;
    return Tensor.apply(
      d === null ? "ProdBackward0" : "ProdBackward1",
      Sc.prod(this.value, d, keepdim, dtype),
      [this],
    );
  },
  cumsum(dim) {
    const d = normalizeDim(dim, this.ndim, "cumsum");
    const dtype = this.dtype === "bool" ? "int32" : this.dtype;
    return Tensor.apply("CumsumBackward0", Sc.cumsum(this.value, d, dtype), [this]);
  },
  cumprod(dim) {
    const d = normalizeDim(dim, this.ndim, "cumprod");
    const dtype = this.dtype === "bool" ? "int32" : this.dtype;
    return Tensor.apply("CumprodBackward0", Sc.cumprod(this.value, d, dtype), [this]);
  },
  logsumexp(dim, keepdim = false) {
    if (Array.isArray(dim))
      return Tensor.fused("LogsumexpBackward0", [this], (x) => RF.logsumexpDims(x, dim, keepdim));
    const d = normalizeDim(dim, this.ndim, "logsumexp");
    const r = Sc.logsumexp(this.value, d, keepdim, floatTypeOf(this.dtype));
    return Tensor.apply("LogsumexpBackward0", r, [this]);
  },
  all(dim, keepdim = false) {
    return new Tensor(RF.anyAll(this.value, dim, keepdim, true));
  },
  any(dim, keepdim = false) {
    return new Tensor(RF.anyAll(this.value, dim, keepdim, false));
  },
};

function max(this: Tensor, dim?: number, keepdim = false): Tensor | ValuesIndices {
  return extreme(this, true, dim, keepdim);
}

function min(this: Tensor, dim?: number, keepdim = false): Tensor | ValuesIndices {
  return extreme(this, false, dim, keepdim);
}

/** max or min (`name` says which op the user called, for messages: argmax names itself). */
function extreme(
  t: Tensor,
  isMax: boolean,
  dim: number | undefined,
  keepdim: boolean,
  name?: string,
): Tensor | ValuesIndices {
  const op = isMax ? "max" : "min";
  const node = isMax ? "MaxBackward" : "MinBackward";
  const said = name ?? op;
  if (dim === undefined) return Tensor.apply(`${node}1`, R.extremeAll(t.value, isMax), [t]);
  const d = normalizeDim(dim, t.ndim, said);
  S.checkNonEmptyDim(t.value, d, said);
  const { result, indices } = R.extremeDim(t.value, d, keepdim, isMax);
  const values = Tensor.apply(`${node}0`, result, [t]);
  const idx = new Tensor(indices);
  return Object.assign([values, idx] as [Tensor, Tensor], { values, indices: idx });
}

function argExtreme(
  t: Tensor,
  isMax: boolean,
  dim: number | undefined,
  keepdim: boolean,
  op: string,
) {
  const x = dim === undefined ? t.flatten() : t;
  return (extreme(x, isMax, dim ?? 0, dim === undefined ? false : keepdim, op) as ValuesIndices)
    .indices;
}
