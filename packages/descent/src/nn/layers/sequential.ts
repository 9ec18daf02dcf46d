import type { Tensor } from "../../tensor/index.js";
import { Module } from "../module.js";

/**
 * Runs modules in order, each on the previous one's output. Children are named "0", "1", ...,
 * so parameters are `0.weight`, `0.bias`, ... as in PyTorch.
 *
 * @example
 * const net = new nn.Sequential(new nn.Flatten(), new nn.Linear(784, 10));
 */
export class Sequential extends Module {
  [index: number]: Module;
  readonly length: number;

  constructor(...modules: Module[]) {
    super();
    modules.forEach((m, i) => {
      if (!(m instanceof Module)) {
        throw new TypeError(`Sequential: argument ${i} is not a Module (got ${typeof m})`);
      }
      this[i] = m;
    });
    this.length = modules.length;
  }

  forward(x: Tensor): Tensor {
    for (let i = 0; i < this.length; i++) x = this[i].forward(x);
    return x;
  }

  *[Symbol.iterator](): Iterator<Module> {
    for (let i = 0; i < this.length; i++) yield this[i];
  }
}
