import type { Tensor } from "../../tensor/index.js";
import { Module } from "../module.js";
import type {
  BCEOptions,
  BCEWithLogitsOptions,
  CrossEntropyOptions,
  NLLOptions,
} from "./functional.js";
import * as F from "./functional.js";
import type { Reduction } from "./reduction.js";
import { checkReduction } from "./reduction.js";

/** Loss modules: `criterion.forward(outputs, targets)`. Options as in PyTorch, camelCase. */

abstract class Loss extends Module {
  readonly reduction: Reduction;
  constructor(reduction: Reduction | undefined, op: string) {
    super();
    this.reduction = checkReduction(reduction ?? "mean", op);
  }
  abstract override forward(input: Tensor, target: Tensor): Tensor;
}

/** Mean squared error, mean over all elements by default. PyTorch: `nn.MSELoss()`. */
export class MSELoss extends Loss {
  constructor(opts: { reduction?: Reduction } = {}) {
    super(opts.reduction, "MSELoss");
  }
  forward(input: Tensor, target: Tensor): Tensor {
    return F.mseLoss(input, target, { reduction: this.reduction });
  }
}

/** Binary cross-entropy on probabilities (after a sigmoid). PyTorch: `nn.BCELoss()`. */
export class BCELoss extends Loss {
  constructor(readonly opts: BCEOptions = {}) {
    super(opts.reduction, "BCELoss");
  }
  forward(input: Tensor, target: Tensor): Tensor {
    return F.binaryCrossEntropy(input, target, { ...this.opts, reduction: this.reduction });
  }
}

/** Sigmoid + binary cross-entropy in one stable step. PyTorch: `nn.BCEWithLogitsLoss()`. */
export class BCEWithLogitsLoss extends Loss {
  constructor(readonly opts: BCEWithLogitsOptions = {}) {
    super(opts.reduction, "BCEWithLogitsLoss");
  }
  forward(input: Tensor, target: Tensor): Tensor {
    return F.binaryCrossEntropyWithLogits(input, target, {
      ...this.opts,
      reduction: this.reduction,
    });
  }
}

/** logSoftmax + NLL on raw scores. PyTorch: `nn.CrossEntropyLoss()`. */
export class CrossEntropyLoss extends Loss {
  constructor(readonly opts: CrossEntropyOptions = {}) {
    super(opts.reduction, "CrossEntropyLoss");
  }
  forward(input: Tensor, target: Tensor): Tensor {
    return F.crossEntropy(input, target, { ...this.opts, reduction: this.reduction });
  }
}

/** Negative log-likelihood of log-probabilities. PyTorch: `nn.NLLLoss()`. */
export class NLLLoss extends Loss {
  constructor(readonly opts: NLLOptions = {}) {
    super(opts.reduction, "NLLLoss");
  }
  forward(input: Tensor, target: Tensor): Tensor {
    return F.nllLoss(input, target, { ...this.opts, reduction: this.reduction });
  }
}
