import type { NDArray } from "../../backend/ndarray.js";
import { erf } from "../../backend/kernels/special.js";
import type { OpResult } from "../node.js";
import { pointwise } from "./math_unary.js";

/**
 * Activation functions of one input with their parameters, each as f and its derivative
 * df(x, y) side by side (values computed in double, rounded once to the dtype).
 */

const sigmoid = (v: number) => (v >= 0 ? 1 / (1 + Math.exp(-v)) : Math.exp(v) / (1 + Math.exp(v)));
/** log(1 + e^v) without overflow. */
const softplus1 = (v: number) => Math.max(v, 0) + Math.log1p(Math.exp(-Math.abs(v)));
const SQRT1_2 = Math.SQRT1_2;
const INV_SQRT_2PI = 1 / Math.sqrt(2 * Math.PI);
const K_TANH = Math.sqrt(2 / Math.PI);

/** x if x > 0 else slope * x; d = 1 or slope. */
export const leakyRelu = (x: NDArray, slope: number): OpResult =>
  pointwise(
    x,
    (v) => (v > 0 ? v : v * slope),
    (v) => (v > 0 ? 1 : slope),
  );

/** x if x > 0 else alpha (e^x - 1); d = 1 or alpha e^x. */
export const elu = (x: NDArray, alpha: number): OpResult =>
  pointwise(
    x,
    (v) => (v > 0 ? v : alpha * Math.expm1(v)),
    (v) => (v > 0 ? 1 : alpha * Math.exp(v)),
  );

/**
 * x Phi(x) with Phi the standard normal CDF ('none'), or its tanh approximation
 * 0.5 x (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3))) ('tanh').
 */
export function gelu(x: NDArray, approximate: "none" | "tanh"): OpResult {
  if (approximate === "none")
    return pointwise(
      x,
      (v) => 0.5 * v * (1 + erf(v * SQRT1_2)),
      (v) => 0.5 * (1 + erf(v * SQRT1_2)) + v * INV_SQRT_2PI * Math.exp(-0.5 * v * v),
    );
  const inner = (v: number) => K_TANH * (v + 0.044715 * v * v * v);
  return pointwise(
    x,
    (v) => 0.5 * v * (1 + Math.tanh(inner(v))),
    (v) => {
      const t = Math.tanh(inner(v));
      return 0.5 * (1 + t) + 0.5 * v * (1 - t * t) * K_TANH * (1 + 3 * 0.044715 * v * v);
    },
  );
}

/** x sigmoid(x); d = s (1 + x (1 - s)). */
export const silu = (x: NDArray): OpResult =>
  pointwise(
    x,
    (v) => v * sigmoid(v),
    (v) => {
      const s = sigmoid(v);
      return s * (1 + v * (1 - s));
    },
  );

/** log(1 + e^(beta x)) / beta, or x where beta x > threshold; d = sigmoid(beta x), or 1. */
export const softplus = (x: NDArray, beta: number, threshold: number): OpResult =>
  pointwise(
    x,
    (v) => (v * beta > threshold ? v : softplus1(v * beta) / beta),
    (v) => (v * beta > threshold ? 1 : sigmoid(v * beta)),
  );

/** x tanh(softplus(x)); d = tanh(sp) + x sigmoid(x) (1 - tanh(sp)^2). */
export const mish = (x: NDArray): OpResult =>
  pointwise(
    x,
    (v) => v * Math.tanh(softplus1(v)),
    (v) => {
      const t = Math.tanh(softplus1(v));
      return t + v * sigmoid(v) * (1 - t * t);
    },
  );

/** clamp(x, min, max); d = 1 strictly inside (min, max), 0 at and beyond the bounds (as PyTorch). */
export const hardtanh = (x: NDArray, min: number, max: number): OpResult =>
  pointwise(
    x,
    (v) => (v < min ? min : v > max ? max : v),
    (v) => (v > min && v < max ? 1 : 0),
    x.dtype,
  );

/** log sigmoid(x) = -softplus(-x); d = sigmoid(-x). */
export const logsigmoid = (x: NDArray): OpResult =>
  pointwise(
    x,
    (v) => -softplus1(-v),
    (v) => sigmoid(-v),
  );
