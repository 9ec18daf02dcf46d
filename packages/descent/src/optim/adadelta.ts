import type { NDArray } from "../backend/ndarray.js";
import type { ParamState } from "./optimizer.js";
import { buffer, nextStep } from "./optimizer.js";
import type { OptimizerSpec } from "./declared.js";
import { DeclaredOptimizer, nonNegative } from "./declared.js";

/**
 * Options of `optim.Adadelta`; defaults as PyTorch: lr 1, rho 0.9, eps 1e-6, weightDecay 0,
 * maximize false.
 */
export interface AdadeltaOptions {
  lr: number;
  rho: number;
  eps: number;
  weightDecay: number;
  maximize: boolean;
}

/**
 * Adadelta, as `torch.optim.Adadelta`: steps scaled by the ratio of running RMS of past updates
 * and of gradients.
 *
 *     g = -grad if maximize else grad
 *     g = g + weightDecay * p                      (if weightDecay != 0)
 *     v = rho * v + (1 - rho) * g^2
 *     d = sqrt(u + eps) / sqrt(v + eps) * g
 *     u = rho * u + (1 - rho) * d^2
 *     p = p - lr * d
 *
 * Defaults: lr 1, rho 0.9, eps 1e-6, weightDecay 0. PyTorch: `torch.optim.Adadelta`.
 */
export class Adadelta extends DeclaredOptimizer<AdadeltaOptions> {
  /** PyTorch's defaults and the options' ranges. */
  static readonly spec: OptimizerSpec<AdadeltaOptions> = {
    name: "Adadelta",
    defaults: { lr: 1, rho: 0.9, eps: 1e-6, weightDecay: 0, maximize: false },
    rules: [
      ["rho", (v) => v >= 0 && v <= 1, "0 <= rho <= 1"],
      ...nonNegative("eps", "weightDecay"),
    ],
  };

  protected update(
    p: NDArray["data"],
    grad: NDArray["data"],
    state: ParamState,
    o: AdadeltaOptions,
  ): void {
    const { lr, rho, eps, weightDecay: wd, maximize } = o;
    nextStep(state);
    const v = buffer(state, "squareAvg", p);
    const u = buffer(state, "accDelta", p);
    for (let i = 0; i < p.length; i++) {
      let g = maximize ? -grad[i] : grad[i];
      if (wd !== 0) g += wd * p[i];
      v[i] = rho * v[i] + (1 - rho) * g * g;
      const d = (Math.sqrt(u[i] + eps) / Math.sqrt(v[i] + eps)) * g;
      u[i] = rho * u[i] + (1 - rho) * d * d;
      p[i] -= lr * d;
    }
  }
}
