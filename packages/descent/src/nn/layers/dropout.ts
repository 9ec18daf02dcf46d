import type { Tensor } from "../../tensor/index.js";
import type { Generator } from "../../util/random/generator.js";
import { checkP, dropout } from "../functional_activation.js";
import { Module } from "../module.js";
import { pyFloat } from "../repr.js";

/**
 * During training, zeroes each element with probability p and scales the rest by 1 / (1 - p);
 * the identity after `eval()`. The mask comes from `generator` (default: the default generator,
 * so `manualSeed` makes it reproducible).
 *
 * @example
 * const net = new nn.Sequential(new nn.Linear(784, 256), new nn.ReLU(), new nn.Dropout(0.5));
 *
 * PyTorch: `nn.Dropout(p=0.5)`.
 */
export class Dropout extends Module {
  readonly generator: Generator | undefined;

  constructor(
    readonly p = 0.5,
    opts: { generator?: Generator } = {},
  ) {
    super();
    checkP(p, "Dropout");
    this.generator = opts.generator;
  }

  forward(x: Tensor): Tensor {
    return dropout(x, { p: this.p, training: this.training, generator: this.generator });
  }

  override extraRepr(): string {
    return `p=${pyFloat(this.p)}, inplace=False`;
  }
}
