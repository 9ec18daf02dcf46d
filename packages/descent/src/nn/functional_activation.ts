import type { Tensor } from "../tensor/index.js";
import { Tensor as T, defaultGenerator } from "../tensor/index.js";
import * as A from "../autograd/ops/activation.js";
import { NDArray } from "../backend/ndarray.js";
import type { Generator } from "../util/random/generator.js";

/** Activations and dropout as functions (`F.leakyRelu`, ...), with PyTorch's defaults. */

/** x if x > 0 else negativeSlope * x. PyTorch: `F.leaky_relu(x, negative_slope=0.01)`. */
export const leakyRelu = (x: Tensor, negativeSlope = 0.01): Tensor =>
  T.apply("LeakyReluBackward0", A.leakyRelu(x.value, negativeSlope), [x]);

/** x if x > 0 else alpha (e^x - 1). PyTorch: `F.elu(x, alpha=1.0)`. */
export const elu = (x: Tensor, alpha = 1): Tensor =>
  T.apply("EluBackward0", A.elu(x.value, alpha), [x]);

/**
 * x Phi(x), Phi the standard normal CDF; `approximate: "tanh"` uses
 * x/2 (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3))). PyTorch: `F.gelu(x, approximate='none')`.
 */
export function gelu(x: Tensor, opts: { approximate?: "none" | "tanh" } = {}): Tensor {
  const a = opts.approximate ?? "none";
  if (a !== "none" && a !== "tanh")
    throw new TypeError(`gelu: approximate must be 'none' or 'tanh', got ${JSON.stringify(a)}`);
  return T.apply("GeluBackward0", a === "tanh" ? A.geluTanh(x.value) : A.gelu(x.value), [x]);
}

/** x sigmoid(x) (swish). PyTorch: `F.silu`. */
export const silu = (x: Tensor): Tensor => T.apply("SiluBackward0", A.silu(x.value), [x]);

/**
 * log(1 + e^(beta x)) / beta, linear (x) where beta x > threshold.
 * PyTorch: `F.softplus(x, beta=1, threshold=20)`.
 */
export const softplus = (x: Tensor, opts: { beta?: number; threshold?: number } = {}): Tensor =>
  T.apply("SoftplusBackward0", A.softplus(x.value, opts.beta ?? 1, opts.threshold ?? 20), [x]);

/** x tanh(softplus(x)). PyTorch: `F.mish`. */
export const mish = (x: Tensor): Tensor => T.apply("MishBackward0", A.mish(x.value), [x]);

/** min(max(x, minVal), maxVal). PyTorch: `F.hardtanh(x, min_val=-1.0, max_val=1.0)`. */
export function hardtanh(x: Tensor, minVal = -1, maxVal = 1): Tensor {
  if (!(maxVal > minVal))
    throw new RangeError(`hardtanh: maxVal (${maxVal}) must be greater than minVal (${minVal})`);
  return T.apply("HardtanhBackward0", A.hardtanh(x.value, minVal, maxVal), [x]);
}

/** min(max(x, 0), 6). PyTorch: `F.relu6`. */
export const relu6 = (x: Tensor): Tensor => hardtanh(x, 0, 6);

/** log sigmoid(x) = -softplus(-x), computed stably. PyTorch: `F.logsigmoid`. */
export const logsigmoid = (x: Tensor): Tensor =>
  T.apply("LogSigmoidBackward0", A.logsigmoid(x.value), [x]);

/** x / (1 + |x|). PyTorch: `F.softsign`. */
export const softsign = (x: Tensor): Tensor => x.div(x.abs().add(1));

/** Options of `F.dropout`, as PyTorch's keywords. */
export interface DropoutOptions {
  /** Zero elements with probability p (default 0.5). */
  p?: number;
  /** Drop only when true (default true); false returns the input, as in eval(). */
  training?: boolean;
  /** Source of the mask (default: the default generator, see `manualSeed`). */
  generator?: Generator;
}

/**
 * Zeroes each element with probability p and scales the others by 1 / (1 - p), so that the
 * expected value is unchanged; the identity when `training` is false or p = 0.
 * PyTorch: `F.dropout(x, p=0.5, training=True)`.
 */
export function dropout(x: Tensor, opts: DropoutOptions = {}): Tensor {
  const p = checkP(opts.p ?? 0.5, "dropout");
  if (x.dtype !== "float32" && x.dtype !== "float64")
    throw new TypeError(`dropout: input must be a float tensor, got ${x.dtype} (use .float())`);
  if (opts.training === false || p === 0) return x;
  const g = opts.generator ?? defaultGenerator;
  const mask = NDArray.empty(x.dtype === "float64" ? "float64" : "float32", x.shape);
  const scale = p === 1 ? 0 : 1 / (1 - p);
  const m = mask.data;
  // keep with probability 1 - p: u in [0, 1) below 1 - p
  for (let i = 0; i < m.length; i++) m[i] = g.random() < 1 - p ? scale : 0;
  // PyTorch 1.13 on the CPU multiplies by the mask: MulBackward0
  return T.apply("MulBackward0", A.dropout(x.value, mask), [x]);
}

/** A dropout probability: a number in [0, 1]. */
export function checkP(p: number, op: string): number {
  if (typeof p !== "number" || !(p >= 0 && p <= 1))
    throw new RangeError(`${op}: dropout probability has to be between 0 and 1, but got ${p}`);
  return p;
}
