import { NDArray } from "../../backend/ndarray.js";
import type { OpResult } from "../node.js";

/**
 * Fused loss primitives. Each is fused for numerical stability (clamped logs, the log-sum-exp
 * form of BCE with logits) and to keep the seed's training loop to a few kernels.
 * They return the per-element loss; reduction is done by the caller.
 */

/** PyTorch's eps in BCE's backward: 1e-12 as a float32 (its kernel uses that, also for float64). */
const BCE_EPS = Math.fround(1e-12);

/**
 * Binary cross-entropy on probabilities: l = -w (y ln x + (1 - y) ln(1 - x)), each log clamped
 * at -100 as PyTorch does (ln(1 - x), not log1p(-x), as PyTorch 1.13's kernel).
 * dl/dx = w (x - y) / max(x (1 - x), eps).
 */
export function binaryCrossEntropy(x: NDArray, y: NDArray, w: NDArray | null): OpResult {
  const n = x.size;
  const out = NDArray.empty(x.dtype, x.shape);
  const xd = x.data;
  const yd = y.data;
  const wd = w?.data;
  for (let i = 0; i < n; i++) {
    const lx = Math.max(Math.log(xd[i]), -100);
    const l1x = Math.max(Math.log(1 - xd[i]), -100);
    const l = -(yd[i] * lx + (1 - yd[i]) * l1x);
    out.data[i] = wd ? wd[i] * l : l;
  }
  return {
    out,
    backward: (g) => {
      const gx = NDArray.empty(g.dtype, x.shape);
      for (let i = 0; i < n; i++) {
        const v = xd[i];
        const d = (g.data[i] * (v - yd[i])) / Math.max((1 - v) * v, BCE_EPS);
        gx.data[i] = wd ? wd[i] * d : d;
      }
      return [gx, null];
    },
  };
}

/**
 * Binary cross-entropy on logits, in the stable form
 * l = w ((1 - y) x + L (ln(1 + e^-|x|) + max(-x, 0))), with L = 1 + (posWeight - 1) y.
 * dl/dx = w ((1 - y) - L (1 - sigmoid(x))).
 */
export function binaryCrossEntropyWithLogits(
  x: NDArray,
  y: NDArray,
  w: NDArray | null,
  posWeight: NDArray | null,
): OpResult {
  const n = x.size;
  const out = NDArray.empty(x.dtype, x.shape);
  const xd = x.data;
  const yd = y.data;
  const wd = w?.data;
  const pw = posWeight?.data;
  const lw = (i: number) => (pw ? 1 + (pw[i] - 1) * yd[i] : 1);
  for (let i = 0; i < n; i++) {
    const v = xd[i];
    const l = (1 - yd[i]) * v + lw(i) * (Math.log1p(Math.exp(-Math.abs(v))) + Math.max(-v, 0));
    out.data[i] = wd ? wd[i] * l : l;
  }
  return {
    out,
    backward: (g) => {
      const gx = NDArray.empty(g.dtype, x.shape);
      for (let i = 0; i < n; i++) {
        const v = xd[i];
        const s = v >= 0 ? 1 / (1 + Math.exp(-v)) : Math.exp(v) / (1 + Math.exp(v));
        const d = g.data[i] * (1 - yd[i] - lw(i) * (1 - s));
        gx.data[i] = wd ? wd[i] * d : d;
      }
      return [gx, null, null];
    },
  };
}

/**
 * Negative log-likelihood of class indices: for input log-probabilities [N, C, *] and target
 * [N, *], l_i = -w[t_i] logp[i, t_i] (0 where t_i == ignoreIndex). Returns the per-sample loss
 * [N, *] and the per-sample weights (for the weighted mean).
 */
export function nllLoss(
  logp: NDArray,
  target: NDArray,
  weight: NDArray | null,
  ignoreIndex: number,
): { result: OpResult; weights: NDArray } {
  const c = logp.shape[1];
  const nBatch = logp.shape[0];
  const inner = logp.size / (nBatch * c);
  const out = NDArray.empty(logp.dtype, target.shape);
  const ws = NDArray.empty(logp.dtype, target.shape);
  const td = target.data;
  for (let b = 0; b < nBatch; b++) {
    for (let j = 0; j < inner; j++) {
      const i = b * inner + j;
      const t = td[i];
      if (t === ignoreIndex) continue;
      const w = weight ? weight.data[t] : 1;
      ws.data[i] = w;
      out.data[i] = -w * logp.data[(b * c + t) * inner + j];
    }
  }
  return {
    weights: ws,
    result: {
      out,
      backward: (g) => {
        const gx = NDArray.empty(g.dtype, logp.shape);
        for (let b = 0; b < nBatch; b++) {
          for (let j = 0; j < inner; j++) {
            const i = b * inner + j;
            const t = td[i];
            if (t === ignoreIndex) continue;
            gx.data[(b * c + t) * inner + j] = -ws.data[i] * g.data[i];
          }
        }
        return [gx, null];
      },
    },
  };
}
