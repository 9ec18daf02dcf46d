/**
 * The seed's second program, corrected: the model returns raw scores (logits) and
 * CrossEntropyLoss applies the (log-)softmax itself, as d2l's softmax regression does
 * (`nn.Sequential(nn.Flatten(), nn.Linear(784, 10))` with `nn.CrossEntropyLoss()`). Everything else
 * (data, loss, SGD lr 0.1, 1000 full-batch epochs, the printed lines) is examples/seed_softmax.ts.
 *
 * Compared with the seed's softmax-then-CrossEntropy, the loss is the true cross-entropy of the
 * model's probabilities (it can approach 0 instead of stopping above ln(1 + 2/e) ≈ 0.551) and the
 * gradient is the plain softmax(z) - onehot(y), not squashed by a second softmax's Jacobian.
 * Predictions are the same argmax: softmax does not change the order of the scores.
 *
 * Run: npx tsx examples/seed_softmax_logits.ts
 */
import { pathToFileURL } from "node:url";

import { Generator, defaultGenerator, nn, type Tensor } from "descent";
import type { RunOptions, RunResult } from "./seed_softmax.js";
import { train } from "./seed_softmax.js";

export class SoftmaxRegression extends nn.Module {
  fc: nn.Linear;

  constructor(generator: Generator = defaultGenerator) {
    super();
    this.fc = new nn.Linear(4, 3, { generator }); // input 4, output 3
  }

  /** Logits [N, 3]; probabilities are `F.softmax(model.forward(x), 1)` when needed. */
  forward(x: Tensor): Tensor {
    return this.fc.forward(x);
  }
}

export function run(opts: RunOptions = {}): RunResult {
  const generator = opts.seed === undefined ? defaultGenerator : new Generator(opts.seed);
  return train(new SoftmaxRegression(generator), opts);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) run();
