import { NDArray } from "../../backend/ndarray.js";
import { allocate, floatTypeOf } from "../../util/dtype.js";
import type { OpResult } from "../node.js";

/**
 * Elementwise losses of (input, target) of one shape: l = f(x, y) with dl/dx and dl/dy written
 * beside f, computed in double and rounded to the dtype. One node per loss, as PyTorch's.
 */
export interface PointwiseLoss {
  f: (x: number, y: number) => number;
  dx: (x: number, y: number) => number;
  dy: (x: number, y: number) => number;
}

export function pointwiseLoss(x: NDArray, y: NDArray, l: PointwiseLoss): OpResult {
  const dtype = floatTypeOf(x.dtype);
  const out = new NDArray(allocate(dtype, x.size), x.shape);
  const a = x.data;
  const b = y.data;
  for (let i = 0; i < a.length; i++) out.data[i] = l.f(a[i], b[i]);
  const grad = (g: NDArray, d: (x: number, y: number) => number): NDArray => {
    const r = new NDArray(allocate(g.dtype, g.size), g.shape);
    for (let i = 0; i < r.size; i++) r.data[i] = g.data[i] * d(a[i], b[i]);
    return r;
  };
  return { out, backward: (g) => [grad(g, l.dx), grad(g, l.dy)] };
}

/** |x - y|; d/dx = sign(x - y) (0 at 0). */
export const L1: PointwiseLoss = {
  f: (x, y) => Math.abs(x - y),
  dx: (x, y) => Math.sign(x - y),
  dy: (x, y) => -Math.sign(x - y),
};

/** 0.5 d^2 / beta where |d| < beta, else |d| - beta / 2 (d = x - y); beta 0 is L1. */
export function smoothL1(beta: number): PointwiseLoss {
  const dx = (x: number, y: number) => {
    const d = x - y;
    return d <= -beta ? -1 : d >= beta ? 1 : d / beta; // PyTorch's order: -1 at d = 0 when beta = 0
  };
  return {
    f: (x, y) => {
      const d = Math.abs(x - y);
      return d < beta ? (0.5 * d * d) / beta : d - 0.5 * beta;
    },
    dx,
    dy: (x, y) => dx(y, x), // PyTorch's: the input's formula with the roles swapped
  };
}

/** 0.5 d^2 where |d| < delta, else delta (|d| - delta / 2) (d = x - y). */
export function huber(delta: number): PointwiseLoss {
  const dx = (x: number, y: number) => {
    const d = x - y;
    return d < -delta ? -delta : d > delta ? delta : d;
  };
  return {
    f: (x, y) => {
      const d = Math.abs(x - y);
      return d < delta ? 0.5 * d * d : delta * (d - 0.5 * delta);
    },
    dx,
    dy: (x, y) => dx(y, x),
  };
}

/** y (ln y - x), 0 where y = 0 (x: log-probabilities, y: probabilities). */
export const KL_DIV: PointwiseLoss = {
  f: (x, y) => (y === 0 ? 0 : y * Math.log(y)) - y * x,
  dx: (_x, y) => -y,
  dy: (x, y) => (y === 0 ? NaN : Math.log(y) + 1 - x), // NaN at y = 0, as PyTorch's xlogy
};

/** e^y (y - x) (x and y both log-probabilities). */
export const KL_DIV_LOG_TARGET: PointwiseLoss = {
  f: (x, y) => Math.exp(y) * (y - x),
  dx: (_x, y) => -Math.exp(y),
  dy: (x, y) => Math.exp(y) * (y - x + 1),
};
