import type { NDArray } from "../backend/ndarray.js";
import type { OptionsInput, ParamState, Params } from "./optimizer.js";
import { Optimizer, buffer, checkOption, nextStep } from "./optimizer.js";

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
export class Adagrad extends Optimizer<AdagradOptions> {
  constructor(
    params: Params<AdagradOptions>,
    lr?: number | OptionsInput<AdagradOptions>,
    opts?: OptionsInput<AdagradOptions>,
  ) {
    const defaults = {
      lr: 1e-2,
      lrDecay: 0,
      weightDecay: 0,
      initialAccumulatorValue: 0,
      eps: 1e-10,
      maximize: false,
    };
    super(params, lr, opts, defaults, "Adagrad");
  }

  protected checkGroup(o: AdagradOptions): void {
    checkOption(o.lrDecay >= 0, "Adagrad", "lrDecay", o.lrDecay, ">= 0");
    checkOption(o.weightDecay >= 0, "Adagrad", "weightDecay", o.weightDecay, ">= 0");
    const a = o.initialAccumulatorValue;
    checkOption(a >= 0, "Adagrad", "initialAccumulatorValue", a, ">= 0");
    checkOption(o.eps >= 0, "Adagrad", "eps", o.eps, ">= 0");
  }

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
