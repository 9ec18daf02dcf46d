import { NDArray } from "../backend/ndarray.js";
import type { Tensor } from "../tensor/index.js";
import type { OptimizerSpec } from "./declared.js";
import { DeclaredOptimizer, nonNegative } from "./declared.js";

/** Options of `optim.SGD`, with PyTorch's defaults (lr has none). */
export interface SGDOptions {
  lr: number;
  momentum: number;
  dampening: number;
  weightDecay: number;
  nesterov: boolean;
  maximize: boolean;
}

/**
 * Stochastic gradient descent, optionally with momentum, as `torch.optim.SGD`:
 *
 *     g = -grad if maximize else grad
 *     g = g + weightDecay * p                      (if weightDecay != 0)
 *     b = g (first step) | momentum * b + (1 - dampening) * g   (if momentum != 0)
 *     g = g + momentum * b if nesterov else b      (if momentum != 0)
 *     p = p - lr * g
 *
 * Defaults: lr 0.001 (PyTorch 2's), momentum 0, dampening 0, weightDecay 0, nesterov false.
 */
export class SGD extends DeclaredOptimizer<SGDOptions> {
  /** PyTorch's defaults and the options' ranges. */
  static readonly spec: OptimizerSpec<SGDOptions> = {
    name: "SGD",
    defaults: {
      lr: 1e-3,
      momentum: 0,
      dampening: 0,
      weightDecay: 0,
      nesterov: false,
      maximize: false,
    },
    rules: nonNegative("momentum", "weightDecay"),
  };

  protected override checkGroup(o: SGDOptions): void {
    super.checkGroup(o);
    if (o.nesterov && (o.momentum <= 0 || o.dampening !== 0)) {
      throw new RangeError("SGD: nesterov momentum requires a momentum > 0 and zero dampening");
    }
  }

  protected update(
    p: NDArray["data"],
    grad: NDArray["data"],
    state: Record<string, NDArray | number>,
    o: SGDOptions,
  ): void {
    const { lr, momentum: mu, dampening, weightDecay: wd, nesterov, maximize } = o;
    const n = p.length;
    if (mu === 0 && wd === 0 && !maximize) {
      // Plain SGD in its own loop: twice as fast as the general one below.
      for (let i = 0; i < n; i++) p[i] -= lr * grad[i];
      return;
    }
    if (mu === 0) {
      for (let i = 0; i < n; i++) {
        let g = maximize ? -grad[i] : grad[i];
        if (wd !== 0) g += wd * p[i];
        p[i] -= lr * g;
      }
      return;
    }
    let buf = state.momentumBuffer as NDArray | undefined;
    const first = buf === undefined;
    if (!buf)
      state.momentumBuffer = buf = NDArray.empty(
        p instanceof Float64Array ? "float64" : "float32",
        [n],
      );
    const b = buf.data;
    for (let i = 0; i < n; i++) {
      let g = maximize ? -grad[i] : grad[i];
      if (wd !== 0) g += wd * p[i];
      b[i] = first ? g : mu * b[i] + (1 - dampening) * g;
      const d = nesterov ? g + mu * b[i] : b[i];
      p[i] -= lr * d;
    }
  }
}

export type { Tensor };
