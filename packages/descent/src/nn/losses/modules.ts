import type { Tensor } from "../../tensor/index.js";
import { Module } from "../module.js";
import type {
  BCEOptions,
  BCEWithLogitsOptions,
  CrossEntropyOptions,
  NLLOptions,
} from "./functional.js";
import * as F from "./functional.js";
import type { KLReduction } from "./pointwise.js";
import * as P from "./pointwise.js";
import { zeros } from "../../tensor/index.js";
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
  /** The (reduced) squared error (input - target)^2; input and target of one shape. */
  forward(input: Tensor, target: Tensor): Tensor {
    return F.mseLoss(input, target, { reduction: this.reduction });
  }
}

/** Binary cross-entropy on probabilities (after a sigmoid). PyTorch: `nn.BCELoss()`. */
export class BCELoss extends Loss {
  constructor(readonly opts: BCEOptions = {}) {
    super(opts.reduction, "BCELoss");
  }
  /**
   * The (reduced) binary cross-entropy of probabilities `input` against 0/1 (or soft) `target` of
   * the same shape.
   */
  forward(input: Tensor, target: Tensor): Tensor {
    return F.binaryCrossEntropy(input, target, { ...this.opts, reduction: this.reduction });
  }
}

/** Sigmoid + binary cross-entropy in one stable step. PyTorch: `nn.BCEWithLogitsLoss()`. */
export class BCEWithLogitsLoss extends Loss {
  constructor(readonly opts: BCEWithLogitsOptions = {}) {
    super(opts.reduction, "BCEWithLogitsLoss");
  }
  /**
   * The (reduced) binary cross-entropy of sigmoid(`input`) against `target` of the same shape,
   * computed from the logits.
   */
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
  /**
   * The (reduced) cross-entropy of raw scores [N, C] (or [C]) against class indices [N] (int32) or
   * class probabilities [N, C].
   */
  forward(input: Tensor, target: Tensor): Tensor {
    return F.crossEntropy(input, target, { ...this.opts, reduction: this.reduction });
  }
}

/** Negative log-likelihood of log-probabilities. PyTorch: `nn.NLLLoss()`. */
export class NLLLoss extends Loss {
  constructor(readonly opts: NLLOptions = {}) {
    super(opts.reduction, "NLLLoss");
  }
  /**
   * The (reduced) negative log-likelihood of log-probabilities [N, C] at the class indices `target`
   * [N].
   */
  forward(input: Tensor, target: Tensor): Tensor {
    return F.nllLoss(input, target, { ...this.opts, reduction: this.reduction });
  }
}

/** Mean absolute error. PyTorch: `nn.L1Loss()`. */
export class L1Loss extends Loss {
  constructor(opts: { reduction?: Reduction } = {}) {
    super(opts.reduction, "L1Loss");
  }
  /** The (reduced) absolute error |input - target|. */
  forward(input: Tensor, target: Tensor): Tensor {
    return P.l1Loss(input, target, { reduction: this.reduction });
  }
}

/** Squared error below beta, absolute error above. PyTorch: `nn.SmoothL1Loss(beta=1.0)`. */
export class SmoothL1Loss extends Loss {
  readonly beta: number;
  constructor(opts: { reduction?: Reduction; beta?: number } = {}) {
    super(opts.reduction, "SmoothL1Loss");
    this.beta = opts.beta ?? 1;
    P.smoothL1Loss(zeros([0]), zeros([0]), { beta: this.beta }); // validates beta now
  }
  /** The (reduced) smooth L1 error of input against target. */
  forward(input: Tensor, target: Tensor): Tensor {
    return P.smoothL1Loss(input, target, { reduction: this.reduction, beta: this.beta });
  }
}

/** Squared error below delta, delta-scaled absolute error above. PyTorch: `nn.HuberLoss(delta=1.0)`. */
export class HuberLoss extends Loss {
  readonly delta: number;
  constructor(opts: { reduction?: Reduction; delta?: number } = {}) {
    super(opts.reduction, "HuberLoss");
    this.delta = opts.delta ?? 1;
    P.huberLoss(zeros([0]), zeros([0]), { delta: this.delta }); // validates delta now
  }
  /** The (reduced) Huber error of input against target. */
  forward(input: Tensor, target: Tensor): Tensor {
    return P.huberLoss(input, target, { reduction: this.reduction, delta: this.delta });
  }
}

/**
 * KL divergence of a target distribution from log-probabilities (use `reduction: "batchmean"`
 * for the divergence itself). PyTorch: `nn.KLDivLoss(reduction='mean', log_target=False)`.
 */
export class KLDivLoss extends Module {
  readonly reduction: KLReduction;
  readonly logTarget: boolean;
  constructor(opts: { reduction?: KLReduction; logTarget?: boolean } = {}) {
    super();
    const r = opts.reduction ?? "mean";
    this.reduction = r === "batchmean" ? r : checkReduction(r, "KLDivLoss");
    this.logTarget = opts.logTarget ?? false;
  }
  forward(input: Tensor, target: Tensor): Tensor {
    return P.klDiv(input, target, { reduction: this.reduction, logTarget: this.logTarget });
  }
}

/** Ranking loss max(0, -y (x1 - x2) + margin). PyTorch: `nn.MarginRankingLoss(margin=0.0)`. */
export class MarginRankingLoss extends Module {
  readonly reduction: Reduction;
  readonly margin: number;
  constructor(opts: { reduction?: Reduction; margin?: number } = {}) {
    super();
    this.reduction = checkReduction(opts.reduction ?? "mean", "MarginRankingLoss");
    this.margin = opts.margin ?? 0;
  }
  forward(input1: Tensor, input2: Tensor, target: Tensor): Tensor {
    return P.marginRankingLoss(input1, input2, target, {
      reduction: this.reduction,
      margin: this.margin,
    });
  }
}

/** Multi-label one-versus-all logistic loss. PyTorch: `nn.MultiLabelSoftMarginLoss(weight=None)`. */
export class MultiLabelSoftMarginLoss extends Loss {
  readonly weight: Tensor | null;
  constructor(opts: { reduction?: Reduction; weight?: Tensor | null } = {}) {
    super(opts.reduction, "MultiLabelSoftMarginLoss");
    this.weight = opts.weight ?? null;
  }
  /** The (reduced) loss of scores [N, C] against 0/1 labels [N, C], averaged over the C classes. */
  forward(input: Tensor, target: Tensor): Tensor {
    return P.multilabelSoftMarginLoss(input, target, {
      reduction: this.reduction,
      weight: this.weight,
    });
  }
}
