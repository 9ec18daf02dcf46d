import type { Tensor } from "../tensor/index.js";
import { Tensor as T } from "../tensor/index.js";
import { linear as linearOp } from "../autograd/ops/matmul.js";
import { fromTypedArray } from "../tensor/index.js";
import { fmtShape } from "../util/shape.js";

/**
 * `nn.functional` (import as F): the operations behind the layers, as plain functions.
 * Losses are in ./losses/functional.ts and re-exported here.
 */

/**
 * y = x W^T + b. input: [N, *, inFeatures], weight: [outFeatures, inFeatures], bias: [outFeatures].
 * PyTorch: `torch.nn.functional.linear`.
 */
export function linear(input: Tensor, weight: Tensor, bias: Tensor | null = null): Tensor {
  const inF = weight.shape[1];
  const got = input.shape[input.ndim - 1];
  if (weight.ndim !== 2) {
    throw new RangeError(
      `linear: weight must be 2-D [outFeatures, inFeatures], got ${fmtShape(weight.shape)}`,
    );
  }
  if (input.ndim === 0 || got !== inF) {
    throw new RangeError(
      `linear: input has ${input.ndim === 0 ? "no" : got} features but the layer expects ${inF} ` +
        `(input shape ${fmtShape(input.shape)}, weight ${fmtShape(weight.shape)})`,
    );
  }
  if (bias && (bias.ndim !== 1 || bias.shape[0] !== weight.shape[0])) {
    throw new RangeError(
      `linear: bias shape ${fmtShape(bias.shape)} does not match weight ${fmtShape(weight.shape)} (expected [${weight.shape[0]}])`,
    );
  }
  const dt = weight.dtype;
  const x = input.dtype === dt ? input : input.to(dt);
  const inputs = bias ? [x, weight, bias] : [x, weight];
  // One node, PyTorch's AddmmBackward0 (MmBackward0 without a bias), with the weight as it is
  // where PyTorch has a TBackward0 below it: fused for speed.
  const name = bias ? "AddmmBackward0" : "MmBackward0";
  return T.apply(name, linearOp(x.value, weight.value, bias?.value ?? null), inputs);
}

/** 1 / (1 + e^-x) elementwise (`torch.nn.functional.sigmoid`). */
export const sigmoid = (x: Tensor): Tensor => x.sigmoid();
/** tanh(x) elementwise (`torch.nn.functional.tanh`). */
export const tanh = (x: Tensor): Tensor => x.tanh();
/** max(x, 0) elementwise (`torch.nn.functional.relu`). */
export const relu = (x: Tensor): Tensor => x.relu();
/** softmax along `dim`: exp(x_i) / sum_j exp(x_j), computed stably. */
export const softmax = (x: Tensor, dim: number): Tensor => x.softmax(dim);
/** log-softmax along `dim`: x_i - log sum_j exp(x_j), computed stably. */
export const logSoftmax = (x: Tensor, dim: number): Tensor => x.logSoftmax(dim);
/** Dimensions startDim..endDim merged into one (`torch.flatten`). */
export const flatten = (x: Tensor, startDim = 0, endDim = -1): Tensor =>
  x.flatten(startDim, endDim);

export * from "./losses/functional.js";
export * from "./functional_activation.js";
export * from "./losses/pointwise.js";

/**
 * One-hot encoding: for integer class labels of any shape, an int32 tensor of shape
 * `[...x.shape, numClasses]` with 1 at each label's class and 0 elsewhere; `numClasses` -1
 * (the default) takes the largest label plus one. PyTorch: `torch.nn.functional.one_hot`
 * (which returns int64; descent's integer dtype is int32).
 */
export function oneHot(x: Tensor, numClasses = -1): Tensor {
  if (x.dtype !== "int32") {
    throw new TypeError(
      `oneHot: labels must be an int32 tensor of class indices, got ${x.dtype} of shape ${fmtShape(x.shape)} (use x.int() or tensor(..., { dtype: "int32" }))`,
    );
  }
  if (!Number.isInteger(numClasses) || numClasses < -1) {
    throw new RangeError(
      `oneHot: numClasses must be a whole number >= 1, or -1 to infer it, got ${numClasses}`,
    );
  }
  const labels = x.toTypedArray();
  let min = Infinity;
  let max = -1;
  for (const v of labels) {
    if (v < min) min = v;
    if (v > max) max = v;
  }
  if (min < 0) throw new RangeError(`oneHot: class values must be non-negative, got ${min}`);
  let n = numClasses;
  if (n === -1) {
    if (labels.length === 0) {
      throw new RangeError("oneHot: cannot infer numClasses from an empty tensor; pass numClasses");
    }
    n = max + 1;
  } else if (max >= n) {
    throw new RangeError(`oneHot: class values must be smaller than numClasses ${n}, got ${max}`);
  }
  const out = new Int32Array(labels.length * n);
  for (let i = 0; i < labels.length; i++) out[i * n + labels[i]] = 1;
  return fromTypedArray(out, [...x.shape, n]);
}
