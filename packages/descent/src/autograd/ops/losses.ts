import { NDArray } from "../../backend/ndarray.js";
import { BCE_EPS } from "../../backend/kernels/reference.js";
import { kernels } from "../../backend/registry.js";
import { allocate, type DType, type TypedArray } from "../../util/dtype.js";
import type { OpResult } from "../node.js";
import { type LossReduction, lossSeed, lossTotal, rounder, scalarLoss } from "./loss_reduce.js";

export type { LossReduction } from "./loss_reduce.js";

/**
 * Loss primitives: each is one node with its reduction, as PyTorch's, and fused for numerical
 * stability (clamped logs, the log-sum-exp form of BCE with logits) and to keep the seed's
 * training loop to a few kernels. Sums and means round where the composed ops would.
 */

let scratch = new Float32Array(0);
/**
 * A scratch array of n elements for summed losses (read before the next call): float32 ones
 * share one array that never leaves this module.
 */
function bceScratch(dtype: DType, n: number): TypedArray {
  if (dtype !== "float32") return allocate(dtype, n);
  if (scratch.length < n) scratch = new Float32Array(Math.max(n, 2 * scratch.length));
  return scratch.length === n ? scratch : scratch.subarray(0, n);
}

/** logit(v) = ln(v / (1 - v)), each step rounded to the dtype, as PyTorch's `logit`. */
function logit(v: number, round: (a: number) => number): number {
  return round(Math.log(round(v / round(1 - v))));
}

/**
 * A binary cross-entropy's target gradient as PyTorch forms it: d(x[i]) times the upstream
 * gradient (g[i], or the one g of a reduced loss), times the weight, divided by `scale` (the
 * element count of a mean, 1 for a sum, 0 for no reduction), each step rounded to the dtype.
 */
function targetGrad(
  g: NDArray,
  x: NDArray,
  wd: TypedArray | undefined,
  scale: number,
  d: (v: number, i: number) => number,
): NDArray {
  const round = rounder(x.dtype);
  const out = NDArray.empty(x.dtype, x.shape);
  const o = out.data;
  const xd = x.data;
  const gd = g.data;
  for (let i = 0; i < o.length; i++) {
    let t = round(d(xd[i], i) * (scale === 0 ? gd[i] : gd[0]));
    if (wd) t = round(t * wd[i]);
    o[i] = scale > 1 ? round(t / scale) : t;
  }
  return out;
}

/**
 * BCE with logits' target gradient (see `targetGrad`): w (ln sigmoid(-x) - posWeight
 * ln sigmoid(x)), or -w x without posWeight; ln sigmoid(z) = min(z, 0) - ln(1 + e^-|z|), stable
 * at both ends, as PyTorch's log_sigmoid.
 */
function logitsTargetGrad(
  g: NDArray,
  x: NDArray,
  wd: TypedArray | undefined,
  pw: TypedArray | undefined,
  scale: number,
): NDArray {
  if (!pw) return targetGrad(g, x, wd, scale, (v) => -v);
  const round = rounder(x.dtype);
  const logSigmoid = (z: number) => round(Math.min(z, 0) - Math.log1p(Math.exp(-Math.abs(z))));
  return targetGrad(g, x, wd, scale, (v, i) =>
    round(logSigmoid(-v) - round(pw[i] * logSigmoid(v))),
  );
}

/**
 * Binary cross-entropy on probabilities: l = -w (y ln x + (1 - y) ln(1 - x)), each log clamped
 * at -100 as PyTorch does (ln(1 - x), not log1p(-x), as PyTorch 1.13's kernel).
 * dl/dx = w (x - y) / max(x (1 - x), eps); dl/dy = -w logit(x), unclamped (infinite at x = 0 or
 * 1), as PyTorch's (computed only when the target requires a gradient).
 * With reduction 'mean' or 'sum' the result is the scalar, rounded as the composed
 * `loss.sum().div(n)` rounds (fused for speed: one node instead of three on every step).
 * A target of exactly 0 or 1 takes one log, not two (the other term is exactly 0).
 * Returns null when the kernel found an x or y outside [0, 1] or NaN (the caller reports where).
 */
export function binaryCrossEntropy(
  x: NDArray,
  y: NDArray,
  w: NDArray | null,
  reduction: LossReduction = "none",
): OpResult | null {
  const n = x.size;
  const xd = x.data;
  const yd = y.data;
  const wd = w?.data;
  const round = rounder(x.dtype);
  const each = reduction === "none" ? NDArray.empty(x.dtype, x.shape) : null;
  let total = 0;
  // The kernel gives the unweighted losses and their sum (in float64, in order, as the loop below
  // sums); weights here. Summed losses go through a scratch array.
  const l = each ? each.data : bceScratch(x.dtype, n);
  const sum = kernels.binaryCrossEntropy(xd, yd, l);
  if (Number.isNaN(sum)) return null;
  if (!each && !wd) total = sum;
  else {
    for (let i = 0; i < n; i++) {
      const li = wd ? wd[i] * l[i] : l[i];
      if (each) l[i] = li;
      else total += round(li);
    }
  }
  const scale = reduction === "mean" ? n : 1;
  const out = each ?? scalarLoss(total, x.dtype, scale);
  return {
    out,
    backward: (g, needs) => {
      const gx = NDArray.empty(g.dtype, x.shape);
      const gd = g.data;
      const o = gx.data;
      const gy = needs[1] ? targetGrad(g, x, wd, each ? 0 : scale, (v) => -logit(v, round)) : null;
      if (!each) {
        // The composed mean hands each element g / n, rounded to the dtype.
        kernels.binaryCrossEntropyGrad(xd, yd, round(gd[0] / scale), o);
        if (wd) for (let i = 0; i < n; i++) o[i] *= wd[i];
        return [gx, gy];
      }
      for (let i = 0; i < n; i++) {
        const v = xd[i];
        const d = (gd[i] * (v - yd[i])) / Math.max((1 - v) * v, BCE_EPS);
        o[i] = wd ? wd[i] * d : d;
      }
      return [gx, gy];
    },
  };
}

/**
 * Binary cross-entropy on logits, in the stable form
 * l = w ((1 - y) x + L (ln(1 + e^-|x|) + max(-x, 0))), with L = 1 + (posWeight - 1) y.
 * dl/dx = w ((1 - y) - L (1 - sigmoid(x))); dl/dy = w (ln sigmoid(-x) - posWeight ln sigmoid(x)),
 * -w x without posWeight, as PyTorch's (only when the target requires a gradient).
 */
export function binaryCrossEntropyWithLogits(
  x: NDArray,
  y: NDArray,
  w: NDArray | null,
  posWeight: NDArray | null,
  reduction: LossReduction = "none",
): OpResult {
  const n = x.size;
  const each = NDArray.empty(x.dtype, x.shape);
  const e = each.data;
  const xd = x.data;
  const yd = y.data;
  const wd = w?.data;
  const pw = posWeight?.data;
  const lw = (i: number) => (pw ? 1 + (pw[i] - 1) * yd[i] : 1);
  for (let i = 0; i < n; i++) {
    const v = xd[i];
    const l = (1 - yd[i]) * v + lw(i) * (Math.log1p(Math.exp(-Math.abs(v))) + Math.max(-v, 0));
    e[i] = wd ? wd[i] * l : l;
  }
  const scale = reduction === "mean" ? n : 1;
  return {
    out: reduction === "none" ? each : lossTotal(e, n, x.dtype, scale),
    backward: (g, needs) => {
      const gy = needs[1] ? logitsTargetGrad(g, x, wd, pw, reduction === "none" ? 0 : scale) : null;
      const gx = NDArray.empty(g.dtype, x.shape);
      const g0 = reduction === "none" ? 0 : lossSeed(g, scale);
      for (let i = 0; i < n; i++) {
        const v = xd[i];
        const s = v >= 0 ? 1 / (1 + Math.exp(-v)) : Math.exp(v) / (1 + Math.exp(v));
        const d = (reduction === "none" ? g.data[i] : g0) * (1 - yd[i] - lw(i) * (1 - s));
        gx.data[i] = wd ? wd[i] * d : d;
      }
      return [gx, gy];
    },
  };
}

/**
 * Negative log-likelihood of class indices: for input log-probabilities [N, C, *] (or [C], one
 * sample) and target [N, *], l_i = -w[t_i] logp[i, t_i] (0 where t_i == ignoreIndex), reduced:
 * 'none' gives l (of the target's shape), 'sum' its sum, 'mean' its sum divided by
 * sum_i w[t_i] over the targets not ignored. dlogp[i, t_i] = -w[t_i] g_i.
 */
export function nllLoss(
  logp: NDArray,
  target: NDArray,
  weight: NDArray | null,
  ignoreIndex: number,
  reduction: LossReduction,
): OpResult {
  const single = logp.ndim === 1;
  const c = single ? logp.shape[0] : logp.shape[1];
  const nBatch = single ? 1 : logp.shape[0];
  const inner = logp.size / (nBatch * c);
  const round = rounder(logp.dtype);
  const none = reduction === "none";
  const each = none ? NDArray.empty(logp.dtype, target.shape) : null;
  const td = target.data;
  const ld = logp.data;
  const wd = weight?.data;
  let total = 0;
  let totalWeight = 0;
  for (let b = 0, i = 0; b < nBatch; b++) {
    for (let j = 0; j < inner; j++, i++) {
      const t = td[i];
      if (t === ignoreIndex) continue;
      const w = wd ? wd[t] : 1;
      totalWeight += w;
      // each loss rounded to the dtype, as the composition stores it before summing
      const l = round(-w * ld[(b * c + t) * inner + j]);
      if (each) each.data[i] = l;
      else total += l;
    }
  }
  // The composition divides by the weight sum as a tensor of the input's dtype.
  const scale = reduction === "mean" ? round(totalWeight) : 1;
  const out = each ?? scalarLoss(total, logp.dtype, scale);
  return {
    out,
    backward: (g) => {
      const gx = NDArray.empty(g.dtype, logp.shape);
      const gd = g.data;
      const o = gx.data;
      const g0 = none ? 0 : lossSeed(g, scale);
      for (let b = 0, i = 0; b < nBatch; b++) {
        for (let j = 0; j < inner; j++, i++) {
          const t = td[i];
          if (t === ignoreIndex) continue;
          o[(b * c + t) * inner + j] = -(wd ? wd[t] : 1) * (none ? gd[i] : g0);
        }
      }
      return [gx, null];
    },
  };
}

/**
 * Cross-entropy of logits x [N, C] against class indices t [N], in one pass: one node where
 * PyTorch has two (NllLossBackward0 over LogSoftmaxBackward0), fused for speed (the seed's
 * softmax program is 10 to 20% slower with the two nodes, which cost a log-softmax pass
 * forward and a second pass backward):
 * l_i = w[t_i] (log sum_c e^x[i, c] - x[i, t_i]), 0 where t_i == ignoreIndex; 'mean' divides the
 * sum by sum_i w[t_i]. dx[i, c] = g_i w[t_i] (p[i, c] - [c == t_i]), p the softmax, saved by the
 * forward. Rounds where the composition's ops round their results.
 */
export function crossEntropyIndices(
  x: NDArray,
  target: NDArray,
  weight: NDArray | null,
  ignoreIndex: number,
  reduction: LossReduction,
): OpResult {
  const [n, c] = x.shape;
  const xd = x.data;
  const td = target.data;
  const wd = weight?.data;
  const round = rounder(x.dtype);
  // p: the softmax of each row; lse: each row's max, then each row's log sum e^(x - max).
  const p = NDArray.empty(x.dtype, x.shape);
  const pd = p.data;
  const lse = allocate(x.dtype, 2 * n);
  kernels.softmaxRows(xd, n, c, pd, lse);
  const each = reduction === "none" ? NDArray.empty(x.dtype, [n]) : null;
  let total = 0;
  let totalWeight = 0;
  for (let i = 0; i < n; i++) {
    const t = td[i];
    if (t === ignoreIndex) continue;
    const w = wd ? wd[t] : 1;
    totalWeight += w;
    // -w * logSoftmax(x)[i, t], each rounded as the composed ops round them.
    const l = round(-w * round(xd[i * c + t] - lse[i] - lse[n + i]));
    if (each) each.data[i] = l;
    else total += l;
  }
  // The composition divides by the weight sum as a tensor of the input's dtype.
  const scale = reduction === "mean" ? round(totalWeight) : 1;
  const out = each ?? scalarLoss(total, x.dtype, scale);
  return {
    out,
    backward: (g) => {
      const gx = NDArray.empty(g.dtype, x.shape);
      const gd = g.data;
      const o = gx.data;
      const g0 = each ? 0 : round(gd[0] / scale);
      for (let i = 0, r = 0; i < n; i++, r += c) {
        const t = td[i];
        if (t === ignoreIndex) continue;
        const gi = (wd ? wd[t] : 1) * (each ? gd[i] : g0);
        for (let j = 0; j < c; j++) o[r + j] = gi * pd[r + j];
        o[r + t] = gi * (pd[r + t] - 1);
      }
      return [gx, null];
    },
  };
}
