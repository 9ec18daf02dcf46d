import type { NDArray } from "../backend/ndarray.js";
import type { ParamState } from "./optimizer.js";
import { buffer, nextStep } from "./optimizer.js";
import type { OptimizerSpec } from "./declared.js";
import { DeclaredOptimizer, betaRules, nonNegative } from "./declared.js";

/**
 * Options of `optim.Adamax` (PyTorch's `betas` as beta1, beta2); defaults as PyTorch: lr 0.002,
 * betas (0.9, 0.999), eps 1e-8, weightDecay 0, maximize false.
 */
export interface AdamaxOptions {
  lr: number;
  beta1: number;
  beta2: number;
  eps: number;
  weightDecay: number;
  maximize: boolean;
}

/**
 * Adamax, as `torch.optim.Adamax`: Adam with the infinity norm in place of the second moment.
 *
 *     g = -grad if maximize else grad
 *     g = g + weightDecay * p                      (if weightDecay != 0)
 *     m = beta1 * m + (1 - beta1) * g
 *     u = max(beta2 * u, |g| + eps)
 *     p = p - lr / (1 - beta1^t) * m / u
 *
 * Defaults: lr 0.002, betas [0.9, 0.999], eps 1e-8, weightDecay 0. PyTorch: `torch.optim.Adamax`.
 */
export class Adamax extends DeclaredOptimizer<AdamaxOptions> {
  /** PyTorch's defaults and the options' ranges. */
  static readonly spec: OptimizerSpec<AdamaxOptions> = {
    name: "Adamax",
    defaults: { lr: 2e-3, beta1: 0.9, beta2: 0.999, eps: 1e-8, weightDecay: 0, maximize: false },
    rules: [...betaRules(), ...nonNegative("eps", "weightDecay")],
  };

  protected update(
    p: NDArray["data"],
    grad: NDArray["data"],
    state: ParamState,
    o: AdamaxOptions,
  ): void {
    const { lr, beta1, beta2, eps, weightDecay: wd, maximize } = o;
    const m = buffer(state, "expAvg", p);
    const u = buffer(state, "expInf", p);
    const t = nextStep(state);
    const clr = lr / (1 - Math.pow(beta1, t));
    for (let i = 0; i < p.length; i++) {
      let g = maximize ? -grad[i] : grad[i];
      if (wd !== 0) g += wd * p[i];
      m[i] = beta1 * m[i] + (1 - beta1) * g;
      u[i] = Math.max(beta2 * u[i], Math.abs(g) + eps);
      p[i] -= (clr * m[i]) / u[i];
    }
  }
}
