import type { Optimizer } from "./optimizer.js";

/**
 * Learning-rate schedulers, as `torch.optim.lr_scheduler`: call `step()` once per epoch, after
 * `optimizer.step()`. Each computes the new rate from the current one (PyTorch's closed or
 * recursive form), so schedulers can be chained.
 */
export abstract class LRScheduler {
  lastEpoch = 0;
  readonly baseLrs: number[];

  constructor(readonly optimizer: Optimizer) {
    this.baseLrs = optimizer.paramGroups.map((g) => g.options.lr);
  }

  protected abstract nextLr(lr: number, base: number): number;

  step(): void {
    this.lastEpoch++;
    this.optimizer.paramGroups.forEach((g, i) => {
      g.options.lr = this.nextLr(g.options.lr, this.baseLrs[i]);
    });
  }

  getLastLr(): number[] {
    return this.optimizer.paramGroups.map((g) => g.options.lr);
  }
}

/** Multiplies the rate by gamma every stepSize epochs. */
export class StepLR extends LRScheduler {
  constructor(
    optimizer: Optimizer,
    readonly stepSize: number,
    readonly gamma = 0.1,
  ) {
    super(optimizer);
    if (!Number.isInteger(stepSize) || stepSize <= 0)
      throw new RangeError(`StepLR: stepSize must be a positive integer, got ${stepSize}`);
  }
  protected nextLr(lr: number): number {
    return this.lastEpoch % this.stepSize === 0 ? lr * this.gamma : lr;
  }
}

/** Multiplies the rate by gamma every epoch. */
export class ExponentialLR extends LRScheduler {
  constructor(
    optimizer: Optimizer,
    readonly gamma: number,
  ) {
    super(optimizer);
  }
  protected nextLr(lr: number): number {
    return lr * this.gamma;
  }
}

/**
 * Cosine annealing from the base rate down to etaMin over tMax epochs:
 * lr_t = etaMin + (base - etaMin) (1 + cos(pi t / tMax)) / 2, in PyTorch's recursive form.
 */
export class CosineAnnealingLR extends LRScheduler {
  constructor(
    optimizer: Optimizer,
    readonly tMax: number,
    readonly etaMin = 0,
  ) {
    super(optimizer);
    if (!(tMax > 0)) throw new RangeError(`CosineAnnealingLR: tMax must be positive, got ${tMax}`);
  }
  protected nextLr(lr: number, base: number): number {
    const t = this.lastEpoch;
    const T = this.tMax;
    const e = this.etaMin;
    if ((t - 1 - T) % (2 * T) === 0) return lr + ((base - e) * (1 - Math.cos(Math.PI / T))) / 2;
    return (
      ((1 + Math.cos((Math.PI * t) / T)) / (1 + Math.cos((Math.PI * (t - 1)) / T))) * (lr - e) + e
    );
  }
}
