import { NDArray } from "../../backend/ndarray.js";
import { allocate, floatTypeOf } from "../../util/dtype.js";
import { erf } from "../../util/special.js";
import type { OpResult } from "../node.js";

/**
 * Elementwise activations beyond relu/sigmoid/tanh: y = f(x), dx = g * f'(x), each written once
 * as the pair (f, f') and computed in double, rounded to the output's dtype.
 */

/** y = f(x), dx = g * df(x), for an elementwise f with derivative df. */
function pointwise(x: NDArray, f: (v: number) => number, df: (v: number) => number): OpResult {
  const dtype = floatTypeOf(x.dtype);
  const out = new NDArray(allocate(dtype, x.size), x.shape);
  const a = x.data;
  const o = out.data;
  for (let i = 0; i < a.length; i++) o[i] = f(a[i]);
  return {
    out,
    backward: (g) => {
      const r = new NDArray(allocate(g.dtype, g.size), g.shape);
      const gd = g.data;
      for (let i = 0; i < gd.length; i++) r.data[i] = gd[i] * df(a[i]);
      return [r];
    },
  };
}

const sigmoid = (v: number): number =>
  v >= 0 ? 1 / (1 + Math.exp(-v)) : Math.exp(v) / (1 + Math.exp(v));
/** log(1 + e^v) without overflow. */
const softplus1 = (v: number): number => Math.max(v, 0) + Math.log1p(Math.exp(-Math.abs(v)));

/** x if x > 0 else slope * x; dx = 1 or slope. */
export const leakyRelu = (x: NDArray, slope: number): OpResult =>
  pointwise(
    x,
    (v) => (v > 0 ? v : v * slope),
    (v) => (v > 0 ? 1 : slope),
  );

/** x if x > 0 else alpha (e^x - 1); dx = 1 or alpha e^x. */
export const elu = (x: NDArray, alpha: number): OpResult =>
  pointwise(
    x,
    (v) => (v > 0 ? v : alpha * Math.expm1(v)),
    (v) => (v > 0 ? 1 : alpha * Math.exp(v)),
  );

const SQRT1_2 = Math.SQRT1_2;
const INV_SQRT_2PI = 1 / Math.sqrt(2 * Math.PI);
const K = Math.sqrt(2 / Math.PI);
const C = 0.044715;

/** x Phi(x) = x/2 (1 + erf(x / sqrt 2)); dx = Phi(x) + x phi(x). */
export const gelu = (x: NDArray): OpResult =>
  pointwise(
    x,
    (v) => 0.5 * v * (1 + erf(v * SQRT1_2)),
    (v) => 0.5 * (1 + erf(v * SQRT1_2)) + v * INV_SQRT_2PI * Math.exp(-0.5 * v * v),
  );

/** x/2 (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3))); dx from the product and chain rules. */
export const geluTanh = (x: NDArray): OpResult =>
  pointwise(
    x,
    (v) => 0.5 * v * (1 + Math.tanh(K * (v + C * v * v * v))),
    (v) => {
      const t = Math.tanh(K * (v + C * v * v * v));
      return 0.5 * (1 + t) + 0.5 * v * (1 - t * t) * K * (1 + 3 * C * v * v);
    },
  );

/** x sigmoid(x); dx = s (1 + x (1 - s)). */
export const silu = (x: NDArray): OpResult =>
  pointwise(
    x,
    (v) => v * sigmoid(v),
    (v) => {
      const s = sigmoid(v);
      return s * (1 + v * (1 - s));
    },
  );

/** log(1 + e^(beta x)) / beta, or x where beta x > threshold; dx = sigmoid(beta x) or 1. */
export const softplus = (x: NDArray, beta: number, threshold: number): OpResult =>
  pointwise(
    x,
    (v) => (v * beta > threshold ? v : softplus1(v * beta) / beta),
    (v) => (v * beta > threshold ? 1 : sigmoid(v * beta)),
  );

/** x tanh(softplus(x)); dx = t + x sigmoid(x) (1 - t^2), t = tanh(softplus(x)). */
export const mish = (x: NDArray): OpResult =>
  pointwise(
    x,
    (v) => v * Math.tanh(softplus1(v)),
    (v) => {
      const t = Math.tanh(softplus1(v));
      return t + v * sigmoid(v) * (1 - t * t);
    },
  );

/** min(max(x, lo), hi); dx = 1 strictly inside (lo, hi), 0 at and beyond the bounds (PyTorch's). */
export const hardtanh = (x: NDArray, lo: number, hi: number): OpResult =>
  pointwise(
    x,
    (v) => (v < lo ? lo : v > hi ? hi : v),
    (v) => (v > lo && v < hi ? 1 : 0),
  );

/** log sigmoid(x) = -softplus(-x); dx = sigmoid(-x). */
export const logsigmoid = (x: NDArray): OpResult =>
  pointwise(
    x,
    (v) => -softplus1(-v),
    (v) => sigmoid(-v),
  );

/** x * mask, the mask holding 0 or 1 / (1 - p); dx = g * mask. */
export function dropout(x: NDArray, mask: NDArray): OpResult {
  const out = new NDArray(allocate(x.dtype, x.size), x.shape);
  for (let i = 0; i < x.size; i++) out.data[i] = x.data[i] * mask.data[i];
  return {
    out,
    backward: (g) => {
      const r = new NDArray(allocate(g.dtype, g.size), g.shape);
      for (let i = 0; i < g.size; i++) r.data[i] = g.data[i] * mask.data[i];
      return [r];
    },
  };
}
