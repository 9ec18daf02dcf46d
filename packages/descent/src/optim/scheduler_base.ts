import type { Optimizer, ParamGroup } from "./optimizer.js";

/**
 * Learning-rate schedulers, as `torch.optim.lr_scheduler`: call `step()` once per epoch (or per
 * batch for OneCycleLR), after `optimizer.step()`. As in PyTorch, a scheduler takes its initial
 * step when constructed (lastEpoch becomes 0; LinearLR and OneCycleLR change the rate then),
 * records each group's starting rate as `initialLr` (its `baseLrs`), and most compute the new
 * rate from the current one, so that schedulers can be chained.
 */
export abstract class LRScheduler {
  /** The number of `step()` calls since the initial one (0 after construction). */
  lastEpoch = -1;
  readonly baseLrs: number[];
  private lastLrs: number[] = [];

  constructor(readonly optimizer: Optimizer) {
    if (!optimizer || !Array.isArray(optimizer.paramGroups))
      throw new TypeError(`${new.target.name}: expected an optimizer, got ${typeof optimizer}`);
    for (const g of optimizer.paramGroups) g.initialLr ??= g.lr;
    this.baseLrs = optimizer.paramGroups.map((g) => g.initialLr!);
  }

  /**
   * PyTorch's initial step: each subclass calls it last in its constructor (and SequentialLR
   * on its first scheduler).
   */
  initialStep(): void {
    this.step();
  }

  /** The new rate of each group at `lastEpoch` (PyTorch's `get_lr`). */
  protected abstract getLr(): number[];

  /** The rate of each group at `lastEpoch` from the base rates, where the schedule has one. */
  protected closedForm(): number[] | null {
    return null;
  }

  protected get groups(): ParamGroup[] {
    return this.optimizer.paramGroups;
  }

  /**
   * Advances one epoch (one batch for OneCycleLR) and sets each group's rate; call after
   * `optimizer.step()`.
   */
  step(): void {
    this.lastEpoch++;
    this.setLrs(this.getLr());
  }

  /**
   * Jumps to `epoch` (PyTorch's deprecated `step(epoch)`, which SequentialLR uses at its
   * milestones): the closed form where the schedule has one, else the recursive rule.
   */
  stepTo(epoch: number): void {
    this.lastEpoch = epoch;
    this.setLrs(this.closedForm() ?? this.getLr());
  }

  protected setLrs(lrs: number[]): void {
    this.groups.forEach((g, i) => (g.lr = lrs[i]));
    this.lastLrs = lrs.slice();
  }

  /** The rates the last step set, one per group. */
  getLastLr(): number[] {
    return this.lastLrs.slice();
  }
}

/** A positive integer option, or a RangeError naming the scheduler. */
export function positiveInt(v: number, name: string, op: string): number {
  if (!Number.isInteger(v) || v <= 0)
    throw new RangeError(`${op}: ${name} must be a positive integer, got ${v}`);
  return v;
}

/** One value per param group: a number for all, or an array of the groups' length. */
export function perGroup<T>(v: T | T[], n: number, name: string, op: string): T[] {
  if (!Array.isArray(v)) return Array.from({ length: n }, () => v);
  if (v.length !== n)
    throw new RangeError(
      `${op}: expected ${n} values for ${name} (one per param group), got ${v.length}`,
    );
  return v;
}
