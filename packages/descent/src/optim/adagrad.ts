import type { NDArray } from "../backend/ndarray.js";
import type { ParamState } from "./optimizer.js";
import { buffer, nextStep } from "./optimizer.js";
import type { OptimizerSpec } from "./declared.js";
import { DeclaredOptimizer, nonNegative } from "./declared.js";

/**
 * Options of `optim.Adagrad`; defaults as PyTorch: lr 0.01, lrDecay 0, weightDecay 0,
 * initialAccumulatorValue 0, eps 1e-10, maximize false.
 */
export interface AdagradOptions {
  lr: number;
  lrDecay: number;
  weightDecay: number;
  initialAccumulatorValue: number;
  eps: number;
  maximize: boolean;
}

/**
 * Adagrad, as `torch.optim.Adagrad`: each coordinate's step shrinks with its summed squared
 * gradients.
 *
 *     g = -grad if maximize else grad
 *     g = g + weightDecay * p                      (if weightDecay != 0)
 *     clr = lr / (1 + (t - 1) * lrDecay)
 *     s = s + g^2                                  (s starts at initialAccumulatorValue)
 *     p = p - clr * g / (sqrt(s) + eps)
 *
 * Defaults: lr 0.01, lrDecay 0, weightDecay 0, initialAccumulatorValue 0, eps 1e-10.
 * PyTorch: `torch.optim.Adagrad(params, lr=0.01, lr_decay=0, ...)`.
 */
export class Adagrad extends DeclaredOptimizer<AdagradOptions> {
  /** PyTorch's defaults and the options' ranges. */
  static readonly spec: OptimizerSpec<AdagradOptions> = {
    name: "Adagrad",
    defaults: {
      lr: 1e-2,
      lrDecay: 0,
      weightDecay: 0,
      initialAccumulatorValue: 0,
      eps: 1e-10,
      maximize: false,
    },
    rules: nonNegative("lrDecay", "weightDecay", "initialAccumulatorValue", "eps"),
  };

  protected update(
    p: NDArray["data"],
    grad: NDArray["data"],
    state: ParamState,
    o: AdagradOptions,
  ): void {
    const { lr, lrDecay, weightDecay: wd, eps, maximize } = o;
    const s = buffer(state, "sum", p, o.initialAccumulatorValue);
    const t = nextStep(state);
    const clr = lr / (1 + (t - 1) * lrDecay);
    for (let i = 0; i < p.length; i++) {
      let g = maximize ? -grad[i] : grad[i];
      if (wd !== 0) g += wd * p[i];
      s[i] += g * g;
      p[i] -= (clr * g) / (Math.sqrt(s[i]) + eps);
    }
  }
}
