import { NDArray } from "../backend/ndarray.js";
import type { OptimizerSpec } from "./declared.js";
import { DeclaredOptimizer, betaRules, nonNegative } from "./declared.js";

/** Options of `optim.Adam` and `optim.AdamW`, with PyTorch's defaults. */
export interface AdamOptions {
  lr: number;
  beta1: number;
  beta2: number;
  eps: number;
  weightDecay: number;
  amsgrad: boolean;
  maximize: boolean;
}

/**
 * Adam, as `torch.optim.Adam` (with `decoupled` false) and `torch.optim.AdamW` (true):
 *
 *     g = -grad if maximize else grad
 *     p = p * (1 - lr * weightDecay)               (AdamW)
 *     g = g + weightDecay * p                      (Adam, if weightDecay != 0)
 *     m = m + (1 - beta1) * (g - m)
 *     v = beta2 * v + (1 - beta2) * g^2
 *     vmax = max(vmax, v); use vmax for v          (if amsgrad)
 *     p = p - lr / (1 - beta1^t) * m / (sqrt(v) / sqrt(1 - beta2^t) + eps)
 *
 * PyTorch's `betas: (b1, b2)` are `betas: [b1, b2]` or `beta1`, `beta2` here.
 */
export class Adam extends DeclaredOptimizer<AdamOptions> {
  protected decoupled = false;

  /** PyTorch's defaults and the options' ranges. */
  static readonly spec: OptimizerSpec<AdamOptions> = {
    name: "Adam",
    defaults: {
      lr: 1e-3,
      beta1: 0.9,
      beta2: 0.999,
      eps: 1e-8,
      weightDecay: 0,
      amsgrad: false,
      maximize: false,
    },
    rules: [...betaRules(), ...nonNegative("eps", "weightDecay")],
  };

  protected update(
    p: NDArray["data"],
    grad: NDArray["data"],
    state: Record<string, NDArray | number>,
    o: AdamOptions,
  ): void {
    const n = p.length;
    const dtype = p instanceof Float64Array ? "float64" : "float32";
    if (state.step === undefined) {
      state.step = 0;
      state.expAvg = NDArray.empty(dtype, [n]);
      state.expAvgSq = NDArray.empty(dtype, [n]);
      if (o.amsgrad) state.maxExpAvgSq = NDArray.empty(dtype, [n]);
    }
    const t = (state.step as number) + 1;
    state.step = t;
    const m = (state.expAvg as NDArray).data;
    const v = (state.expAvgSq as NDArray).data;
    const vmax = o.amsgrad ? (state.maxExpAvgSq as NDArray).data : null;
    const { lr, beta1, beta2, eps, weightDecay: wd, maximize } = o;
    const stepSize = lr / (1 - Math.pow(beta1, t));
    const bc2Sqrt = Math.sqrt(1 - Math.pow(beta2, t));
    if (this.decoupled && wd !== 0) for (let i = 0; i < n; i++) p[i] *= 1 - lr * wd;
    for (let i = 0; i < n; i++) {
      let g = maximize ? -grad[i] : grad[i];
      if (!this.decoupled && wd !== 0) g += wd * p[i];
      m[i] += (1 - beta1) * (g - m[i]);
      v[i] = beta2 * v[i] + (1 - beta2) * g * g;
      let vi = v[i];
      if (vmax) {
        if (vi > vmax[i]) vmax[i] = vi;
        vi = vmax[i];
      }
      p[i] -= (stepSize * m[i]) / (Math.sqrt(vi) / bc2Sqrt + eps);
    }
  }
}

/** Adam with decoupled weight decay (default 0.01), as `torch.optim.AdamW`. */
export class AdamW extends Adam {
  protected override decoupled = true;

  /** Adam's, with weightDecay 0.01. */
  static override readonly spec: OptimizerSpec<AdamOptions> = {
    ...Adam.spec,
    name: "AdamW",
    defaults: { ...Adam.spec.defaults, weightDecay: 1e-2 },
  };
}
