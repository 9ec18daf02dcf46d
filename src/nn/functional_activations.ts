import type { Tensor } from "../tensor/index.js";
import { Tensor as T } from "../tensor/index.js";
import * as Act from "../autograd/ops/activation.js";
import { checkTensor } from "../tensor/shapes.js";

/**
 * Activation functions of `nn.functional` (as F): elementwise, any shape, differentiable, each
 * one autograd node named as PyTorch's.
 */

function checkNumber(v: unknown, name: string, op: string): number {
  if (typeof v !== "number" || Number.isNaN(v))
    throw new TypeError(`${op}: ${name} must be a number, got ${String(v)}`);
  return v;
}

/**
 * x if x > 0, else negativeSlope * x (default 0.01). PyTorch: `F.leaky_relu(input, negative_slope)`.
 */
export function leakyRelu(x: Tensor, negativeSlope = 0.01): Tensor {
  const s = checkNumber(negativeSlope, "negativeSlope", "leakyRelu");
  return T.apply("LeakyReluBackward0", Act.leakyRelu(checkTensor(x, "leakyRelu").value, s), [x]);
}

/** x if x > 0, else alpha (e^x - 1) (alpha 1). PyTorch: `F.elu(input, alpha)`. */
export function elu(x: Tensor, alpha = 1): Tensor {
  return T.apply(
    "EluBackward0",
    Act.elu(checkTensor(x, "elu").value, checkNumber(alpha, "alpha", "elu")),
    [x],
  );
}

/**
 * x Phi(x), Phi the standard normal CDF; with `approximate: 'tanh'`,
 * 0.5 x (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3))). PyTorch: `F.gelu(input, approximate='none')`.
 */
export function gelu(x: Tensor, opts: { approximate?: "none" | "tanh" } = {}): Tensor {
  const a = opts.approximate ?? "none";
  if (a !== "none" && a !== "tanh")
    throw new RangeError(`gelu: approximate must be 'none' or 'tanh', got ${String(a)}`);
  return T.apply("GeluBackward0", Act.gelu(checkTensor(x, "gelu").value, a), [x]);
}

/** x sigmoid(x) (also called swish). PyTorch: `F.silu`. */
export const silu = (x: Tensor): Tensor =>
  T.apply("SiluBackward0", Act.silu(checkTensor(x, "silu").value), [x]);

/**
 * log(1 + e^(beta x)) / beta, and x itself where beta x > threshold (beta 1, threshold 20).
 * PyTorch: `F.softplus(input, beta, threshold)`.
 */
export function softplus(x: Tensor, beta = 1, threshold = 20): Tensor {
  const b = checkNumber(beta, "beta", "softplus");
  const t = checkNumber(threshold, "threshold", "softplus");
  return T.apply("SoftplusBackward0", Act.softplus(checkTensor(x, "softplus").value, b, t), [x]);
}

/** x tanh(softplus(x)). PyTorch: `F.mish`. */
export const mish = (x: Tensor): Tensor =>
  T.apply("MishBackward0", Act.mish(checkTensor(x, "mish").value), [x]);

/** clamp(x, minVal, maxVal) (defaults -1, 1), gradient 1 strictly inside. PyTorch: `F.hardtanh`. */
export function hardtanh(x: Tensor, minVal = -1, maxVal = 1): Tensor {
  const lo = checkNumber(minVal, "minVal", "hardtanh");
  const hi = checkNumber(maxVal, "maxVal", "hardtanh");
  if (lo > hi)
    throw new RangeError(`hardtanh: minVal (${lo}) must not be greater than maxVal (${hi})`);
  return T.apply("HardtanhBackward0", Act.hardtanh(checkTensor(x, "hardtanh").value, lo, hi), [x]);
}

/** min(max(x, 0), 6). PyTorch: `F.relu6`. */
export const relu6 = (x: Tensor): Tensor => hardtanh(x, 0, 6);

/** log(sigmoid(x)), computed without overflow. PyTorch: `F.logsigmoid`. */
export const logsigmoid = (x: Tensor): Tensor =>
  T.apply("LogSigmoidBackward0", Act.logsigmoid(checkTensor(x, "logsigmoid").value), [x]);

/** x / (1 + |x|). PyTorch: `F.softsign`. */
export const softsign = (x: Tensor): Tensor => checkTensor(x, "softsign").div(x.abs().add(1));
