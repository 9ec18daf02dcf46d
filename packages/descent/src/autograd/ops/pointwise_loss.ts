import { NDArray } from "../../backend/ndarray.js";
import { allocate, floatTypeOf } from "../../util/dtype.js";
import type { OpResult } from "../node.js";
import { type LossReduction, lossSeed, lossTotal, rounder } from "./loss_reduce.js";

/**
 * Elementwise losses of (input, target) of one shape: l = f(x, y) with dl/dx and dl/dy written
 * beside f, computed in double and rounded to the dtype. One node per loss with its reduction,
 * as PyTorch's (MseLossBackward0, SmoothL1LossBackward0, HuberLossBackward0, XlogyBackward0).
 */
export interface PointwiseLoss {
  f: (x: number, y: number) => number;
  dx: (x: number, y: number) => number;
  dy: (x: number, y: number) => number;
}

/**
 * The loss of each element pair, reduced: 'none' gives l of x's shape, 'sum' and 'mean' the 0-d
 * sum or mean, rounded as `l.sum()` and `l.mean()` round (see loss_reduce.ts).
 */
export function pointwiseLoss(
  x: NDArray,
  y: NDArray,
  l: PointwiseLoss,
  reduction: LossReduction = "none",
): OpResult {
  const dtype = floatTypeOf(x.dtype);
  const n = x.size;
  const each = new NDArray(allocate(dtype, n), x.shape);
  const a = x.data;
  const b = y.data;
  const e = each.data;
  for (let i = 0; i < n; i++) e[i] = l.f(a[i], b[i]);
  const scale = reduction === "mean" ? n : 1;
  const out = reduction === "none" ? each : lossTotal(e, n, dtype, scale);
  const grad = (g: NDArray, d: (x: number, y: number) => number): NDArray => {
    const r = new NDArray(allocate(g.dtype, n), x.shape);
    const o = r.data;
    if (reduction === "none") for (let i = 0; i < n; i++) o[i] = g.data[i] * d(a[i], b[i]);
    else {
      const g0 = lossSeed(g, scale);
      for (let i = 0; i < n; i++) o[i] = g0 * d(a[i], b[i]);
    }
    return r;
  };
  return {
    out,
    backward: (g, needs) => [needs[0] ? grad(g, l.dx) : null, needs[1] ? grad(g, l.dy) : null],
  };
}

/**
 * (x - y)^2, with x - y rounded to the dtype first, as PyTorch's kernel and the composed
 * `d.mul(d)` round it; d/dx = 2 (x - y), d/dy = -2 (x - y).
 */
export function mse(dtype: "float32" | "float64"): PointwiseLoss {
  const round = rounder(dtype);
  return {
    f: (x, y) => {
      const d = round(x - y);
      return d * d;
    },
    dx: (x, y) => 2 * round(x - y),
    dy: (x, y) => -2 * round(x - y),
  };
}

/**
 * xlogy(x, y) = x ln y, 0 where x = 0 (NaN where y is); PyTorch's `torch.xlogy`, for KL
 * divergence's y ln y. d/dx = ln y (0 where x = 0), d/dy = x / y.
 */
export const XLOGY: PointwiseLoss = {
  f: (x, y) => (y !== y ? NaN : x === 0 ? 0 : x * Math.log(y)),
  dx: (x, y) => (x === 0 ? 0 : Math.log(y)),
  dy: (x, y) => x / y,
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
