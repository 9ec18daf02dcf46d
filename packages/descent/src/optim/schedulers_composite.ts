import { LRScheduler, perGroup } from "./scheduler_base.js";
import type { Optimizer } from "./optimizer.js";

/** Schedulers driven by a metric or by other schedulers: ReduceLROnPlateau, SequentialLR. */

export interface ReduceLROnPlateauOptions {
  /** "min" (default): the metric should fall (a loss); "max": rise (an accuracy). */
  mode?: "min" | "max";
  /** new lr = lr * factor (default 0.1), < 1. */
  factor?: number;
  /** Epochs without improvement before reducing (default 10). */
  patience?: number;
  /** Smallest change that counts as an improvement (default 1e-4), relative or absolute. */
  threshold?: number;
  thresholdMode?: "rel" | "abs";
  /** Epochs to wait after a reduction before counting again (default 0). */
  cooldown?: number;
  /** Lower bound of the rate, for all groups or one per group (default 0). */
  minLr?: number | number[];
  /** Reductions smaller than eps are skipped (default 1e-8). */
  eps?: number;
}

/**
 * Reduces the rate by `factor` when a metric has stopped improving for `patience` epochs: call
 * `step(metric)` after each validation. PyTorch: `ReduceLROnPlateau(optimizer, mode='min',
 * factor=0.1, patience=10, threshold=1e-4, threshold_mode='rel', cooldown=0, min_lr=0, eps=1e-8)`.
 */
export class ReduceLROnPlateau {
  readonly mode: "min" | "max";
  readonly factor: number;
  readonly patience: number;
  readonly threshold: number;
  readonly thresholdMode: "rel" | "abs";
  readonly cooldown: number;
  readonly minLrs: number[];
  readonly eps: number;
  best: number;
  numBadEpochs = 0;
  cooldownCounter = 0;
  lastEpoch = 0;

  constructor(
    readonly optimizer: Optimizer,
    opts: ReduceLROnPlateauOptions = {},
  ) {
    const op = "ReduceLROnPlateau";
    this.mode = opts.mode ?? "min";
    if (this.mode !== "min" && this.mode !== "max")
      throw new RangeError(`${op}: mode must be "min" or "max", got ${JSON.stringify(this.mode)}`);
    this.thresholdMode = opts.thresholdMode ?? "rel";
    if (this.thresholdMode !== "rel" && this.thresholdMode !== "abs")
      throw new RangeError(
        `${op}: thresholdMode must be "rel" or "abs", got ${JSON.stringify(this.thresholdMode)}`,
      );
    this.factor = opts.factor ?? 0.1;
    if (!(this.factor < 1))
      throw new RangeError(`${op}: factor should be < 1.0, got ${this.factor}`);
    this.patience = opts.patience ?? 10;
    this.threshold = opts.threshold ?? 1e-4;
    this.cooldown = opts.cooldown ?? 0;
    this.minLrs = perGroup(opts.minLr ?? 0, optimizer.paramGroups.length, "minLr", op);
    this.eps = opts.eps ?? 1e-8;
    this.best = this.mode === "min" ? Infinity : -Infinity;
  }

  private isBetter(a: number): boolean {
    const { best, threshold: th } = this;
    if (this.mode === "min")
      return this.thresholdMode === "rel" ? a < best * (1 - th) : a < best - th;
    return this.thresholdMode === "rel" ? a > best * (th + 1) : a > best + th;
  }

  /** Records this epoch's metric and reduces the rates if it has not improved for long enough. */
  step(metric: number | { item(): number }): void {
    const current = typeof metric === "number" ? metric : metric.item();
    if (typeof current !== "number" || Number.isNaN(current))
      throw new TypeError(
        `ReduceLROnPlateau.step: expected a number (the metric), got ${String(current)}`,
      );
    this.lastEpoch++;
    if (this.isBetter(current)) {
      this.best = current;
      this.numBadEpochs = 0;
    } else this.numBadEpochs++;
    if (this.cooldownCounter > 0) {
      this.cooldownCounter--;
      this.numBadEpochs = 0;
    }
    if (this.numBadEpochs > this.patience) {
      this.optimizer.paramGroups.forEach((g, i) => {
        const next = Math.max(g.lr * this.factor, this.minLrs[i]);
        if (g.lr - next > this.eps) g.lr = next;
      });
      this.cooldownCounter = this.cooldown;
      this.numBadEpochs = 0;
    }
  }

  /** The current rate of each group (`get_last_lr()`). */
  getLastLr(): number[] {
    return this.optimizer.paramGroups.map((g) => g.lr);
  }
}

/**
 * Runs schedulers one after another, switching at the milestone epochs (a warm-up then a decay):
 * at a milestone the next scheduler starts from its epoch 0. PyTorch:
 * `SequentialLR(optimizer, schedulers, milestones)`.
 *
 * @example
 * const warm = new optim.LinearLR(opt, { startFactor: 0.1, totalIters: 5 });
 * const decay = new optim.ExponentialLR(opt, 0.9);
 * const sched = new optim.SequentialLR(opt, [warm, decay], [5]);
 */
export class SequentialLR extends LRScheduler {
  constructor(
    optimizer: Optimizer,
    readonly schedulers: LRScheduler[],
    readonly milestones: number[],
  ) {
    super(optimizer);
    schedulers.forEach((s, i) => {
      if (!(s instanceof LRScheduler) || s.optimizer !== optimizer)
        throw new RangeError(
          `SequentialLR: scheduler ${i} must be a scheduler of the same optimizer as SequentialLR's`,
        );
    });
    if (milestones.length !== schedulers.length - 1)
      throw new RangeError(
        `SequentialLR: expects one milestone fewer than schedulers, got ${schedulers.length} schedulers and ${milestones.length} milestones`,
      );
    this.lastEpoch = 0;
    for (const g of this.groups) g.lr = g.initialLr!;
    for (const s of schedulers) s.lastEpoch--;
    schedulers[0].initialStep();
    this.setLrs(schedulers[0].getLastLr());
  }

  protected getLr(): number[] {
    return this.groups.map((g) => g.lr);
  }

  /**
   * Advances one epoch: steps the scheduler whose milestone has come, restarting it at a milestone.
   */
  override step(): void {
    this.lastEpoch++;
    const idx = this.milestones.filter((m) => m <= this.lastEpoch).length;
    const s = this.schedulers[idx];
    if (idx > 0 && this.milestones[idx - 1] === this.lastEpoch) s.stepTo(0);
    else s.step();
    this.setLrs(s.getLastLr());
  }
}
