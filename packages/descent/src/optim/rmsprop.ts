import type { NDArray } from "../backend/ndarray.js";
import type { ParamState } from "./optimizer.js";
import { buffer, nextStep } from "./optimizer.js";
import type { OptimizerSpec } from "./declared.js";
import { DeclaredOptimizer, nonNegative } from "./declared.js";

/**
 * Options of `optim.RMSprop`; defaults as PyTorch: lr 0.01, alpha 0.99, eps 1e-8, weightDecay 0,
 * momentum 0, centered false, maximize false.
 */
export interface RMSpropOptions {
  lr: number;
  alpha: number;
  eps: number;
  weightDecay: number;
  momentum: number;
  centered: boolean;
  maximize: boolean;
}

/**
 * RMSprop, as `torch.optim.RMSprop`: divides the gradient by a running root mean square.
 *
 *     g = -grad if maximize else grad
 *     g = g + weightDecay * p                      (if weightDecay != 0)
 *     v = alpha * v + (1 - alpha) * g^2
 *     gAvg = alpha * gAvg + (1 - alpha) * g        (if centered)
 *     avg = sqrt(v - gAvg^2) if centered else sqrt(v)
 *     avg = avg + eps
 *     b = momentum * b + g / avg; p = p - lr * b   (if momentum > 0)
 *     p = p - lr * g / avg                         (otherwise)
 *
 * Defaults: lr 0.01, alpha 0.99, eps 1e-8, weightDecay 0, momentum 0, centered false.
 * PyTorch: `torch.optim.RMSprop(params, lr=0.01, alpha=0.99, ...)`.
 */
export class RMSprop extends DeclaredOptimizer<RMSpropOptions> {
  /** PyTorch's defaults and the options' ranges. */
  static readonly spec: OptimizerSpec<RMSpropOptions> = {
    name: "RMSprop",
    defaults: {
      lr: 1e-2,
      alpha: 0.99,
      eps: 1e-8,
      weightDecay: 0,
      momentum: 0,
      centered: false,
      maximize: false,
    },
    rules: nonNegative("alpha", "eps", "momentum", "weightDecay"),
  };

  protected update(
    p: NDArray["data"],
    grad: NDArray["data"],
    state: ParamState,
    o: RMSpropOptions,
  ): void {
    const { lr, alpha, eps, weightDecay: wd, momentum, centered, maximize } = o;
    nextStep(state);
    const v = buffer(state, "squareAvg", p);
    const gAvg = centered ? buffer(state, "gradAvg", p) : null;
    const b = momentum > 0 ? buffer(state, "momentumBuffer", p) : null;
    for (let i = 0; i < p.length; i++) {
      let g = maximize ? -grad[i] : grad[i];
      if (wd !== 0) g += wd * p[i];
      v[i] = alpha * v[i] + (1 - alpha) * g * g;
      let avg: number;
      if (gAvg) {
        gAvg[i] = alpha * gAvg[i] + (1 - alpha) * g;
        avg = Math.sqrt(v[i] - gAvg[i] * gAvg[i]);
      } else avg = Math.sqrt(v[i]);
      avg += eps;
      if (b) {
        b[i] = momentum * b[i] + g / avg;
        p[i] -= lr * b[i];
      } else p[i] -= (lr * g) / avg;
    }
  }
}
