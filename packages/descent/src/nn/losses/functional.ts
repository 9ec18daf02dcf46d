import type { Tensor } from "../../tensor/index.js";
import { Tensor as T } from "../../tensor/index.js";
import * as L from "../../autograd/ops/losses.js";
import { mse, pointwiseLoss } from "../../autograd/ops/pointwise_loss.js";
import { fmtShape } from "../../util/shape.js";
import { checkFloat, promotedLossDtype, sameShape } from "./loss_checks.js";
import type { Reduction } from "./reduction.js";
import { checkReduction } from "./reduction.js";
import { scalarOp } from "./scalar_ops.js";

/**
 * Loss functions with PyTorch's semantics. input/target shapes are checked, not broadcast
 * silently. Each loss that is one node in PyTorch is one primitive here, its reduction included,
 * with PyTorch's name (MseLossBackward0, BinaryCrossEntropyWithLogitsBackward0, NllLossBackward0).
 */

/** The first index whose value is not in [0, 1] (NaN included), or -1; one loop per array type, each monomorphic. */
function outside01(a: Float32Array | Float64Array | Int32Array | Uint8Array): number {
  if (a instanceof Float32Array) return outside01F32(a);
  for (let i = 0; i < a.length; i++) if (!(a[i] >= 0 && a[i] <= 1)) return i;
  return -1;
}

function outside01F32(a: Float32Array): number {
  for (let i = 0; i < a.length; i++) if (!(a[i] >= 0 && a[i] <= 1)) return i;
  return -1;
}

/** Mean squared error: l = (x - y)^2, reduced. PyTorch: `F.mse_loss`. */
export function mseLoss(
  input: Tensor,
  target: Tensor,
  opts: { reduction?: Reduction } = {},
): Tensor {
  const r = checkReduction(opts.reduction ?? "mean", "mseLoss");
  sameShape(input, target, "mseLoss");
  const dtype = promotedLossDtype(input, target, "mseLoss");
  const [x, t] = [input.to(dtype), target.to(dtype)];
  const res = pointwiseLoss(x.value, t.value, mse(dtype), r);
  return T.apply("MseLossBackward0", res, [x, t]);
}

/** Options of `binaryCrossEntropy` and `nn.BCELoss`. */
export interface BCEOptions {
  /** Rescaling weight of each element, broadcast to the input's shape. */
  weight?: Tensor | null;
  reduction?: Reduction;
}

/**
 * Binary cross-entropy on probabilities: l = -w [y ln x + (1 - y) ln(1 - x)], logs clamped at
 * -100. input and target in [0, 1], same shape. PyTorch: `F.binary_cross_entropy`.
 */
export function binaryCrossEntropy(input: Tensor, target: Tensor, opts: BCEOptions = {}): Tensor {
  const op = "binaryCrossEntropy";
  const r = checkReduction(opts.reduction ?? "mean", op);
  sameShape(input, target, op);
  checkFloat(input, "input", op);
  const t = target.to(input.dtype);
  const w = opts.weight ? opts.weight.to(input.dtype).expand(input.shape) : null;
  // The kernel checks the range in its own pass; where it finds a value outside, say which.
  const res = L.binaryCrossEntropy(input.value, t.value, w?.value ?? null, r);
  if (res === null) {
    checkProbabilities(input, t, op);
    throw new Error(`${op}: the kernel reported values outside [0, 1] that a scan did not find`);
  }
  return T.apply("BinaryCrossEntropyBackward0", res, [input, t]);
}

/** Throws PyTorch's error for the first input, then target, element outside [0, 1] (or NaN). */
function checkProbabilities(input: Tensor, target: Tensor, op: string): void {
  const x = input.value.data;
  const i = outside01(x);
  if (i >= 0) {
    throw new RangeError(
      `${op}: all elements of input should be between 0 and 1, found ${x[i]} at flat index ${i} ` +
        "(pass probabilities, e.g. after sigmoid, or use binaryCrossEntropyWithLogits on raw scores)",
    );
  }
  const y = target.value.data;
  const j = outside01(y);
  if (j >= 0) {
    throw new RangeError(
      `${op}: all elements of target should be between 0 and 1, found ${y[j]} at flat index ${j}`,
    );
  }
}

/** Options of `binaryCrossEntropyWithLogits` and `nn.BCEWithLogitsLoss`. */
export interface BCEWithLogitsOptions extends BCEOptions {
  /** Weight of positive examples, per class (broadcast over the last dim). */
  posWeight?: Tensor | null;
}

/**
 * BCE on raw scores, fused with the sigmoid in the stable log-sum-exp form. PyTorch:
 * `F.binary_cross_entropy_with_logits`.
 */
export function binaryCrossEntropyWithLogits(
  input: Tensor,
  target: Tensor,
  opts: BCEWithLogitsOptions = {},
): Tensor {
  const op = "binaryCrossEntropyWithLogits";
  const r = checkReduction(opts.reduction ?? "mean", op);
  sameShape(input, target, op);
  checkFloat(input, "input", op);
  const t = target.to(input.dtype);
  const w = opts.weight ? opts.weight.to(input.dtype).expand(input.shape) : null;
  const pw = opts.posWeight ? opts.posWeight.to(input.dtype).expand(input.shape) : null;
  const res = L.binaryCrossEntropyWithLogits(
    input.value,
    t.value,
    w?.value ?? null,
    pw?.value ?? null,
    r,
  );
  return T.apply("BinaryCrossEntropyWithLogitsBackward0", res, [input, t]);
}

/** Options of `nllLoss` and `nn.NLLLoss`. */
export interface NLLOptions {
  /** Weight of each class, shape [C]. */
  weight?: Tensor | null;
  /** Target value that is ignored (contributes neither loss nor weight). Default -100. */
  ignoreIndex?: number;
  reduction?: Reduction;
}

/** Checks class-index targets: int32, shape [N, *] for input [N, C, *], values in 0..C-1. */
function checkIndexTarget(input: Tensor, target: Tensor, ignoreIndex: number, op: string): void {
  const c = input.shape[1];
  if (target.dtype !== "int32") {
    throw new TypeError(
      `${op}: expected class indices as an int32 tensor, got ${target.dtype} ` +
        `(create labels with { dtype: "int32" } or .long()` +
        (op === "crossEntropy"
          ? `; for class probabilities the target must have the input's shape ${fmtShape(input.shape)})`
          : ")"),
    );
  }
  const want = [input.shape[0], ...input.shape.slice(2)];
  if (target.shape.join() !== want.join()) {
    throw new RangeError(
      `${op}: target shape ${fmtShape(target.shape)} does not match input ${fmtShape(input.shape)}; expected ${fmtShape(want)}`,
    );
  }
  const d = target.value.data;
  for (let i = 0; i < d.length; i++) {
    if (d[i] !== ignoreIndex && (d[i] < 0 || d[i] >= c)) {
      throw new RangeError(
        `${op}: target ${d[i]} (at index ${i}) is out of bounds for ${c} classes; expected 0..${c - 1}` +
          (ignoreIndex < 0 || ignoreIndex >= c ? ` or ignoreIndex ${ignoreIndex}` : ""),
      );
    }
  }
}

function checkWeight(weight: Tensor | null | undefined, c: number, op: string): void {
  if (weight && (weight.ndim !== 1 || weight.shape[0] !== c)) {
    throw new RangeError(
      `${op}: weight must have shape [${c}] (one per class), got ${fmtShape(weight.shape)}`,
    );
  }
}

/** A 1-D input [C] is one sample: give it a batch dim. */
function batched(input: Tensor, target: Tensor): [Tensor, Tensor, boolean] {
  if (input.ndim !== 1) return [input, target, false];
  return [input.unsqueeze(0), target.ndim === 0 ? target.unsqueeze(0) : target.unsqueeze(0), true];
}

/**
 * Negative log-likelihood: l_i = -w[t_i] input[i, t_i]; 'mean' divides by the sum of the weights
 * of the non-ignored targets. input: [N, C, *] log-probabilities. PyTorch: `F.nll_loss`.
 */
export function nllLoss(input0: Tensor, target0: Tensor, opts: NLLOptions = {}): Tensor {
  const op = "nllLoss";
  const r = checkReduction(opts.reduction ?? "mean", op);
  const ignoreIndex = opts.ignoreIndex ?? -100;
  const [input, target] = batched(input0, target0);
  if (input.ndim < 2)
    throw new RangeError(`${op}: input must be [C] or [N, C, *], got ${fmtShape(input0.shape)}`);
  checkIndexTarget(input, target, ignoreIndex, op);
  checkWeight(opts.weight, input.shape[1], op);
  return nll(input0, target0, opts.weight ?? null, ignoreIndex, r);
}

/**
 * The NLL node on checked arguments, as PyTorch's graph: NllLossBackward0 for [C] and [N, C],
 * NllLoss2DBackward0 for [N, C, H, W]; other [N, C, *] are viewed as [N, C, 1, *] first (and a
 * 'none' result viewed back), as PyTorch's nll_loss_nd does.
 */
function nll(
  input: Tensor,
  target: Tensor,
  weight: Tensor | null,
  ignoreIndex: number,
  r: Reduction,
): Tensor {
  if (input.ndim === 3 || input.ndim > 4) {
    const [n, c] = input.shape;
    // the trailing dims' size written out (not -1), so that an empty batch views too
    const rest = input.shape.slice(2).reduce((a, b) => a * b, 1);
    const input4 = input.contiguous().view(n, c, 1, rest);
    const loss = nll(input4, target.contiguous().view(n, 1, rest), weight, ignoreIndex, r);
    return r === "none" ? loss.view(target.shape) : loss;
  }
  const w = weight ? weight.to(input.dtype).value : null;
  const res = L.nllLoss(input.value, target.value, w, ignoreIndex, r);
  const name = input.ndim > 2 ? "NllLoss2DBackward0" : "NllLossBackward0";
  return T.apply(name, res, [input, target]);
}

/** Options of `crossEntropy` and `nn.CrossEntropyLoss`. */
export interface CrossEntropyOptions extends NLLOptions {
  /** Mixes the target with the uniform distribution: (1 - eps) * target + eps / C. Default 0. */
  labelSmoothing?: number;
}

/**
 * Cross-entropy of raw scores (logits) against class indices or class probabilities:
 * logSoftmax followed by the negative log-likelihood. input: [C] or [N, C, *]; target: int32
 * [N, *] indices, or float probabilities of the input's shape. PyTorch: `F.cross_entropy`.
 */
export function crossEntropy(
  input0: Tensor,
  target0: Tensor,
  opts: CrossEntropyOptions = {},
): Tensor {
  const op = "crossEntropy";
  const r = checkReduction(opts.reduction ?? "mean", op);
  const eps = opts.labelSmoothing ?? 0;
  if (!(eps >= 0 && eps <= 1))
    throw new RangeError(`${op}: labelSmoothing must be between 0 and 1, got ${eps}`);
  checkFloat(input0, "input", op);
  const [input, target] = batched(input0, target0);
  if (input.ndim < 2)
    throw new RangeError(`${op}: input must be [C] or [N, C, *], got ${fmtShape(input0.shape)}`);
  const c = input.shape[1];
  checkWeight(opts.weight, c, op);
  const probabilities = target.dtype !== "int32" && target.shape.join() === input.shape.join();
  const ignoreIndex = opts.ignoreIndex ?? -100;
  if (!probabilities) checkIndexTarget(input, target, ignoreIndex, op);
  // PyTorch's graph: the loss over logSoftmax of the class dim (0 for one sample [C], else 1)
  const classDim = input0.ndim === 1 ? 0 : 1;
  if (!probabilities && eps === 0 && input0.ndim === 2) {
    // the seed's case: one fused node (PyTorch's NllLoss over LogSoftmax), see crossEntropyIndices
    const w = opts.weight ? opts.weight.to(input0.dtype).value : null;
    const res = L.crossEntropyIndices(input0.value, target0.value, w, ignoreIndex, r);
    return T.apply("NllLossBackward0", res, [input0, target0]);
  }
  const logp = input0.logSoftmax(classDim);
  const wShape = classDim === 0 ? [c] : [1, c, ...input0.shape.slice(2).map(() => 1)];
  const w = opts.weight ? opts.weight.to(input0.dtype).reshape(wShape) : null;
  if (probabilities) {
    // Class probabilities, as PyTorch composes them: -(logp t w).sum(), / (numel / C) for 'mean'
    let t = target0.to(input0.dtype);
    if (eps > 0) t = scalarOp(scalarOp(t, "mul", 1 - eps), "add", eps / c);
    let l = logp.mul(t);
    if (w) l = l.mul(w);
    if (r === "none") return l.sum(classDim).neg();
    const total = l.sum().neg();
    return r === "sum" ? total : scalarOp(total, "div", input0.numel() / c);
  }
  const loss = nll(logp, target0, opts.weight ?? null, ignoreIndex, r);
  if (eps === 0) return loss;
  // Label smoothing with index targets: PyTorch's formula, term by term.
  let smooth = (w ? logp.mul(w) : logp).sum(classDim).neg();
  const keep = target0.ne(ignoreIndex);
  smooth = smooth.mul(keep.to(smooth.dtype));
  let red: Tensor;
  if (r === "none") red = smooth;
  else if (r === "sum") red = smooth.sum();
  else {
    let denom = 0;
    const td = target.value.data;
    for (let i = 0; i < td.length; i++) {
      if (td[i] !== ignoreIndex) denom += opts.weight ? opts.weight.value.data[td[i]] : 1;
    }
    red = smooth.sum().div(denom);
  }
  return scalarOp(loss, "mul", 1 - eps).add(scalarOp(red, "mul", eps / c));
}
