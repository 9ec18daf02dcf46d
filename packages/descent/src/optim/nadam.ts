import type { NDArray } from "../backend/ndarray.js";
import type { ParamState } from "./optimizer.js";
import { buffer, nextStep } from "./optimizer.js";
import type { OptimizerSpec } from "./declared.js";
import { DeclaredOptimizer, betaRules, nonNegative } from "./declared.js";

/**
 * Options of `optim.NAdam` (PyTorch's `betas` as beta1, beta2); defaults as PyTorch: lr 0.002,
 * betas (0.9, 0.999), eps 1e-8, weightDecay 0, momentumDecay 0.004.
 */
export interface NAdamOptions {
  lr: number;
  beta1: number;
  beta2: number;
  eps: number;
  weightDecay: number;
  momentumDecay: number;
}

/**
 * NAdam (Adam with Nesterov momentum), as `torch.optim.NAdam` in PyTorch 1.13:
 *
 *     g = g + weightDecay * p                      (if weightDecay != 0)
 *     mu_t = beta1 * (1 - 0.5 * 0.96^(t * momentumDecay))
 *     mu_{t+1} = beta1 * (1 - 0.5 * 0.96^((t + 1) * momentumDecay))
 *     P = P * mu_t                                 (P starts at 1; float32 as in PyTorch)
 *     Pn = P * mu_t * mu_{t+1}                     (PyTorch 1.13's product, mu_t counted twice)
 *     m = beta1 * m + (1 - beta1) * g
 *     v = beta2 * v + (1 - beta2) * g^2
 *     d = sqrt(v / (1 - beta2^t)) + eps
 *     p = p - lr * (1 - mu_t) / (1 - P) * g / d - lr * mu_{t+1} / (1 - Pn) * m / d
 *
 * Defaults: lr 0.002, betas [0.9, 0.999], eps 1e-8, weightDecay 0, momentumDecay 0.004.
 * PyTorch: `torch.optim.NAdam`.
 */
export class NAdam extends DeclaredOptimizer<NAdamOptions> {
  /** PyTorch's defaults and the options' ranges. */
  static readonly spec: OptimizerSpec<NAdamOptions> = {
    name: "NAdam",
    defaults: {
      lr: 2e-3,
      beta1: 0.9,
      beta2: 0.999,
      eps: 1e-8,
      weightDecay: 0,
      momentumDecay: 4e-3,
    },
    rules: [...betaRules(), ...nonNegative("eps", "weightDecay", "momentumDecay")],
  };

  protected update(
    p: NDArray["data"],
    grad: NDArray["data"],
    state: ParamState,
    o: NAdamOptions,
  ): void {
    const { lr, beta1, beta2, eps, weightDecay: wd, momentumDecay: psi } = o;
    const m = buffer(state, "expAvg", p);
    const v = buffer(state, "expAvgSq", p);
    const t = nextStep(state);
    const bc2 = 1 - Math.pow(beta2, t);
    const mu = beta1 * (1 - 0.5 * Math.pow(0.96, t * psi));
    const muNext = beta1 * (1 - 0.5 * Math.pow(0.96, (t + 1) * psi));
    // PyTorch keeps P in a float32 tensor: each product rounds, with the factor cast to float32.
    const f = Math.fround;
    const P = f(((state.muProduct as number | undefined) ?? 1) * f(mu));
    state.muProduct = P;
    const Pn = f(f(P * f(mu)) * f(muNext));
    const c1 = (lr * (1 - mu)) / (1 - P);
    const c2 = (lr * muNext) / (1 - Pn);
    for (let i = 0; i < p.length; i++) {
      let g = grad[i];
      if (wd !== 0) g += wd * p[i];
      m[i] = beta1 * m[i] + (1 - beta1) * g;
      v[i] = beta2 * v[i] + (1 - beta2) * g * g;
      const d = Math.sqrt(v[i] / bc2) + eps;
      p[i] -= (c1 * g) / d;
      p[i] -= (c2 * m[i]) / d;
    }
  }
}
