import type { NDArray } from "../backend/ndarray.js";
import type { ParamState } from "./optimizer.js";
import { buffer, nextStep } from "./optimizer.js";
import type { OptimizerSpec } from "./declared.js";
import { DeclaredOptimizer, betaRules, nonNegative } from "./declared.js";

/**
 * Options of `optim.RAdam` (PyTorch's `betas` as beta1, beta2); defaults as PyTorch: lr 0.001,
 * betas (0.9, 0.999), eps 1e-8, weightDecay 0.
 */
export interface RAdamOptions {
  lr: number;
  beta1: number;
  beta2: number;
  eps: number;
  weightDecay: number;
}

/**
 * RAdam (rectified Adam), as `torch.optim.RAdam`: plain momentum while the variance estimate is
 * unreliable (rho_t <= 5), then Adam scaled by the rectification term r.
 *
 *     g = g + weightDecay * p                      (if weightDecay != 0)
 *     m = beta1 * m + (1 - beta1) * g
 *     v = beta2 * v + (1 - beta2) * g^2
 *     rhoInf = 2 / (1 - beta2) - 1
 *     rho_t = rhoInf - 2 t beta2^t / (1 - beta2^t)
 *     r = sqrt((rho_t - 4)(rho_t - 2) rhoInf / ((rhoInf - 4)(rhoInf - 2) rho_t))
 *     p = p - lr * m / (1 - beta1^t) * r * sqrt(1 - beta2^t) / (sqrt(v) + eps)   (rho_t > 5)
 *     p = p - lr * m / (1 - beta1^t)                                             (otherwise)
 *
 * Defaults: lr 0.001, betas [0.9, 0.999], eps 1e-8, weightDecay 0. PyTorch: `torch.optim.RAdam`.
 */
export class RAdam extends DeclaredOptimizer<RAdamOptions> {
  /** PyTorch's defaults and the options' ranges. */
  static readonly spec: OptimizerSpec<RAdamOptions> = {
    name: "RAdam",
    defaults: { lr: 1e-3, beta1: 0.9, beta2: 0.999, eps: 1e-8, weightDecay: 0 },
    rules: [...betaRules(), ...nonNegative("eps", "weightDecay")],
  };

  protected update(
    p: NDArray["data"],
    grad: NDArray["data"],
    state: ParamState,
    o: RAdamOptions,
  ): void {
    const { lr, beta1, beta2, eps, weightDecay: wd } = o;
    const m = buffer(state, "expAvg", p);
    const v = buffer(state, "expAvgSq", p);
    const t = nextStep(state);
    const bc1 = 1 - Math.pow(beta1, t);
    const bc2 = 1 - Math.pow(beta2, t);
    const rhoInf = 2 / (1 - beta2) - 1;
    const rhoT = rhoInf - (2 * t * Math.pow(beta2, t)) / bc2;
    const r =
      rhoT > 5
        ? Math.sqrt(((rhoT - 4) * (rhoT - 2) * rhoInf) / ((rhoInf - 4) * (rhoInf - 2) * rhoT))
        : 0;
    for (let i = 0; i < p.length; i++) {
      let g = grad[i];
      if (wd !== 0) g += wd * p[i];
      m[i] = beta1 * m[i] + (1 - beta1) * g;
      v[i] = beta2 * v[i] + (1 - beta2) * g * g;
      if (rhoT > 5) p[i] -= ((m[i] / bc1) * lr * r * Math.sqrt(bc2)) / (Math.sqrt(v[i]) + eps);
      else p[i] -= (m[i] / bc1) * lr;
    }
  }
}
