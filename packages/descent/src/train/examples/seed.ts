/**
 * The seed's two models and data (shared/seed): the parameter names are the seed's, so the state
 * dicts have PyTorch's keys (`fc1.weight, fc1.bias, fc2.weight, fc2.bias` and `fc.weight, fc.bias`)
 * and load weights saved from the seed's PyTorch classes.
 */
import { makeClassification } from "../../data/index.js";
import { Linear, Module, Sigmoid } from "../../nn/index.js";
import type { Generator, Tensor } from "../../tensor/index.js";

/** Where the initial weights come from (default: the default generator). */
export interface InitOptions {
  generator?: Generator;
}

/**
 * The seed's two-layer network: fc1 = Linear(4, 10), sigmoid, fc2 = Linear(10, 1), sigmoid.
 * input: [N, 4]; output: [N, 1], probabilities of class 1 (for BCELoss).
 */
export class LinearNet extends Module {
  fc1: Linear;
  fc2: Linear;
  sigmoid = new Sigmoid();

  constructor(opts: InitOptions = {}) {
    super();
    this.fc1 = new Linear(4, 10, { generator: opts.generator });
    this.fc2 = new Linear(10, 1, { generator: opts.generator });
  }

  forward(x: Tensor): Tensor {
    x = this.fc1.forward(x);
    x = this.sigmoid.forward(x);
    x = this.fc2.forward(x);
    x = this.sigmoid.forward(x);
    return x;
  }
}

/**
 * The seed's softmax regression: fc = Linear(4, 3), then softmax over dim 1. The seed feeds these
 * probabilities to CrossEntropyLoss (which applies log-softmax again); kept as written, so the
 * losses match the seed's. input: [N, 4]; output: [N, 3].
 */
export class SoftmaxNet extends Module {
  fc: Linear;

  constructor(opts: InitOptions = {}) {
    super();
    this.fc = new Linear(4, 3, { generator: opts.generator });
  }

  forward(x: Tensor): Tensor {
    return this.fc.forward(x).softmax(1);
  }
}

/**
 * The seed's data: `make_classification(n_samples=1000, n_features=4, n_informative=2,
 * n_redundant=0, random_state=42)`, the same numbers as scikit-learn's, X float32 [1000, 4] and
 * y int32 [1000] (labels 0 and 1).
 */
export function seedData(): { X: Tensor; y: Tensor } {
  return makeClassification({
    nSamples: 1000,
    nFeatures: 4,
    nInformative: 2,
    nRedundant: 0,
    randomState: 42,
  });
}
