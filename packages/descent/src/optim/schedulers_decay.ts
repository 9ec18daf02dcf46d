import { LRScheduler, perGroup, positiveInt } from "./scheduler_base.js";
import type { Optimizer } from "./optimizer.js";

/** Schedulers that multiply the rate by a factor: StepLR, MultiStepLR, ExponentialLR, LinearLR, LambdaLR. */

/** Multiplies the rate by gamma every stepSize epochs. PyTorch: `StepLR(optimizer, step_size, gamma=0.1)`. */
export class StepLR extends LRScheduler {
  constructor(
    optimizer: Optimizer,
    readonly stepSize: number,
    readonly gamma = 0.1,
  ) {
    super(optimizer);
    positiveInt(stepSize, "stepSize", "StepLR");
    this.initialStep();
  }
  protected getLr(): number[] {
    const e = this.lastEpoch;
    return this.groups.map((g) => (e === 0 || e % this.stepSize !== 0 ? g.lr : g.lr * this.gamma));
  }
  protected override closedForm(): number[] {
    const k = Math.floor(this.lastEpoch / this.stepSize);
    return this.baseLrs.map((b) => b * Math.pow(this.gamma, k));
  }
}

/**
 * Multiplies the rate by gamma at each milestone epoch (by gamma^k for a milestone listed k
 * times). PyTorch: `MultiStepLR(optimizer, milestones, gamma=0.1)`.
 */
export class MultiStepLR extends LRScheduler {
  readonly milestones: number[];
  constructor(
    optimizer: Optimizer,
    milestones: number[],
    readonly gamma = 0.1,
  ) {
    super(optimizer);
    if (!Array.isArray(milestones) || !milestones.every((m) => Number.isInteger(m) && m >= 0))
      throw new RangeError(
        `MultiStepLR: milestones must be a list of epoch numbers, got ${String(milestones)}`,
      );
    this.milestones = [...milestones].sort((a, b) => a - b);
    this.initialStep();
  }
  protected getLr(): number[] {
    const k = this.milestones.filter((m) => m === this.lastEpoch).length;
    return this.groups.map((g) => (k === 0 ? g.lr : g.lr * Math.pow(this.gamma, k)));
  }
  protected override closedForm(): number[] {
    const k = this.milestones.filter((m) => m <= this.lastEpoch).length;
    return this.baseLrs.map((b) => b * Math.pow(this.gamma, k));
  }
}

/** Multiplies the rate by gamma every epoch. PyTorch: `ExponentialLR(optimizer, gamma)`. */
export class ExponentialLR extends LRScheduler {
  constructor(
    optimizer: Optimizer,
    readonly gamma: number,
  ) {
    super(optimizer);
    this.initialStep();
  }
  protected getLr(): number[] {
    return this.groups.map((g) => (this.lastEpoch === 0 ? g.lr : g.lr * this.gamma));
  }
  protected override closedForm(): number[] {
    return this.baseLrs.map((b) => b * Math.pow(this.gamma, this.lastEpoch));
  }
}

/** Options of `LinearLR`, as PyTorch's keywords. */
export interface LinearLROptions {
  /** Factor at epoch 0 (default 1/3), in [0, 1]. */
  startFactor?: number;
  /** Factor from epoch totalIters on (default 1), in [0, 1]. */
  endFactor?: number;
  /** Epochs of the ramp (default 5). */
  totalIters?: number;
}

/**
 * Multiplies the base rate by a factor going linearly from startFactor to endFactor over
 * totalIters epochs (a warm-up): lr_t = base (s + (e - s) min(t, T) / T), in PyTorch's recursive
 * form. PyTorch: `LinearLR(optimizer, start_factor=1/3, end_factor=1.0, total_iters=5)`.
 */
export class LinearLR extends LRScheduler {
  readonly startFactor: number;
  readonly endFactor: number;
  readonly totalIters: number;
  constructor(optimizer: Optimizer, opts: LinearLROptions = {}) {
    super(optimizer);
    this.startFactor = opts.startFactor ?? 1 / 3;
    this.endFactor = opts.endFactor ?? 1;
    this.totalIters = opts.totalIters ?? 5;
    for (const [k, v] of [
      ["startFactor", this.startFactor],
      ["endFactor", this.endFactor],
    ] as const) {
      if (!(v >= 0 && v <= 1))
        throw new RangeError(`LinearLR: ${k} must be between 0 and 1, got ${v}`);
    }
    if (this.startFactor === 0)
      throw new RangeError("LinearLR: startFactor must be > 0 (the rate would stay 0)");
    positiveInt(this.totalIters, "totalIters", "LinearLR");
    this.initialStep();
  }
  protected getLr(): number[] {
    const { startFactor: s, endFactor: e, totalIters: T } = this;
    const t = this.lastEpoch;
    if (t === 0) return this.groups.map((g) => g.lr * s);
    if (t > T) return this.groups.map((g) => g.lr);
    return this.groups.map((g) => g.lr * (1 + (e - s) / (T * s + (t - 1) * (e - s))));
  }
  protected override closedForm(): number[] {
    const { startFactor: s, endFactor: e, totalIters: T } = this;
    return this.baseLrs.map((b) => b * (s + ((e - s) * Math.min(T, this.lastEpoch)) / T));
  }
}

/**
 * Sets each group's rate to base * lrLambda(epoch), one function for all groups or one per
 * group. PyTorch: `LambdaLR(optimizer, lr_lambda)`.
 */
export class LambdaLR extends LRScheduler {
  /** One factor function per parameter group (`lr_lambdas`). */
  readonly lrLambdas: ((epoch: number) => number)[];
  constructor(
    optimizer: Optimizer,
    lrLambda: ((epoch: number) => number) | ((epoch: number) => number)[],
  ) {
    super(optimizer);
    this.lrLambdas = perGroup(lrLambda, optimizer.paramGroups.length, "lrLambda", "LambdaLR");
    if (!this.lrLambdas.every((f) => typeof f === "function"))
      throw new TypeError(
        "LambdaLR: lrLambda must be a function of the epoch (or one per param group)",
      );
    this.initialStep();
  }
  protected getLr(): number[] {
    return this.baseLrs.map((b, i) => b * this.lrLambdas[i](this.lastEpoch));
  }
}
