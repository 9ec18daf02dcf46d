import { LRScheduler, perGroup, positiveInt } from "./scheduler_base.js";
import type { Optimizer } from "./optimizer.js";

/** Schedulers that anneal along a curve: CosineAnnealingLR, CosineAnnealingWarmRestarts, OneCycleLR. */

const cosine = (base: number, etaMin: number, t: number, T: number): number =>
  etaMin + ((base - etaMin) * (1 + Math.cos((Math.PI * t) / T))) / 2;

/**
 * Cosine annealing from the base rate down to etaMin over tMax epochs:
 * lr_t = etaMin + (base - etaMin) (1 + cos(pi t / tMax)) / 2, in PyTorch's recursive form.
 * PyTorch: `CosineAnnealingLR(optimizer, T_max, eta_min=0)`.
 */
export class CosineAnnealingLR extends LRScheduler {
  constructor(
    optimizer: Optimizer,
    readonly tMax: number,
    readonly etaMin = 0,
  ) {
    super(optimizer);
    if (!(tMax > 0)) throw new RangeError(`CosineAnnealingLR: tMax must be positive, got ${tMax}`);
    this.initialStep();
  }
  protected getLr(): number[] {
    const t = this.lastEpoch;
    const T = this.tMax;
    const e = this.etaMin;
    return this.groups.map((g, i) => {
      if (t === 0) return g.lr;
      if ((t - 1 - T) % (2 * T) === 0)
        return g.lr + ((this.baseLrs[i] - e) * (1 - Math.cos(Math.PI / T))) / 2;
      return (
        ((1 + Math.cos((Math.PI * t) / T)) / (1 + Math.cos((Math.PI * (t - 1)) / T))) * (g.lr - e) +
        e
      );
    });
  }
  protected override closedForm(): number[] {
    return this.baseLrs.map((b) => cosine(b, this.etaMin, this.lastEpoch, this.tMax));
  }
}

/**
 * Cosine annealing with warm restarts (SGDR): lr = etaMin + (base - etaMin)(1 + cos(pi tCur / tI)) / 2,
 * where tCur counts epochs since the last restart and the period tI starts at t0 and is
 * multiplied by tMult at each restart. PyTorch:
 * `CosineAnnealingWarmRestarts(optimizer, T_0, T_mult=1, eta_min=0)`.
 */
export class CosineAnnealingWarmRestarts extends LRScheduler {
  readonly tMult: number;
  readonly etaMin: number;
  /** Epochs since the last restart, and the current period. */
  tCur = -1;
  tI: number;
  constructor(
    optimizer: Optimizer,
    readonly t0: number,
    opts: { tMult?: number; etaMin?: number } = {},
  ) {
    super(optimizer);
    positiveInt(t0, "t0", "CosineAnnealingWarmRestarts");
    this.tMult = opts.tMult ?? 1;
    if (!Number.isInteger(this.tMult) || this.tMult < 1)
      throw new RangeError(
        `CosineAnnealingWarmRestarts: tMult must be an integer >= 1, got ${this.tMult}`,
      );
    this.etaMin = opts.etaMin ?? 0;
    this.tI = t0;
    this.initialStep();
  }
  protected getLr(): number[] {
    return this.baseLrs.map((b) => cosine(b, this.etaMin, this.tCur, this.tI));
  }
  /**
   * Advances one epoch, restarting the cosine when tCur reaches the period (the period then grows
   * by tMult).
   */
  override step(): void {
    if (this.lastEpoch < 0) return this.stepTo(0);
    this.tCur++;
    if (this.tCur >= this.tI) {
      this.tCur -= this.tI;
      this.tI *= this.tMult;
    }
    this.lastEpoch++;
    this.setLrs(this.getLr());
  }
  override stepTo(epoch: number): void {
    const { t0, tMult } = this;
    if (epoch >= t0) {
      if (tMult === 1) this.tCur = epoch % t0;
      else {
        const n = Math.floor(Math.log((epoch / t0) * (tMult - 1) + 1) / Math.log(tMult));
        this.tCur = epoch - (t0 * (Math.pow(tMult, n) - 1)) / (tMult - 1);
        this.tI = t0 * Math.pow(tMult, n);
      }
    } else {
      this.tI = t0;
      this.tCur = epoch;
    }
    this.lastEpoch = Math.floor(epoch);
    this.setLrs(this.getLr());
  }
}

/** Options of `OneCycleLR`, as PyTorch's keywords (besides maxLr). */
export interface OneCycleLROptions {
  /** Steps in the cycle; or give epochs and stepsPerEpoch. */
  totalSteps?: number;
  epochs?: number;
  stepsPerEpoch?: number;
  /** Fraction of the cycle spent increasing the rate (default 0.3). */
  pctStart?: number;
  /** "cos" (default) or "linear". */
  annealStrategy?: "cos" | "linear";
  /** Cycle momentum (or Adam's beta1) inversely to the rate (default true). */
  cycleMomentum?: boolean;
  baseMomentum?: number | number[];
  maxMomentum?: number | number[];
  /** initial rate = maxLr / divFactor (default 25). */
  divFactor?: number;
  /** final rate = initial rate / finalDivFactor (default 1e4). */
  finalDivFactor?: number;
  /** Three phases (up, down to the initial rate, annihilation) instead of two (default false). */
  threePhase?: boolean;
}

interface Phase {
  end: number;
  lr: ["initial" | "max" | "min", "initial" | "max" | "min"];
  momentum: ["max" | "base", "max" | "base"];
}

/**
 * The 1cycle policy: the rate rises from maxLr / divFactor to maxLr over pctStart of the cycle,
 * then anneals to initial / finalDivFactor (cosine or linear), while momentum goes the other way;
 * call `step()` after every batch. PyTorch: `OneCycleLR(optimizer, max_lr, total_steps=None, ...)`.
 */
export class OneCycleLR extends LRScheduler {
  readonly totalSteps: number;
  private readonly phases: Phase[];
  private readonly anneal: (start: number, end: number, pct: number) => number;
  private readonly lrs: { initial: number; max: number; min: number }[];
  private readonly momenta: { max: number; base: number }[] | null;
  private readonly momentumKey: "momentum" | "beta1";

  constructor(optimizer: Optimizer, maxLr: number | number[], opts: OneCycleLROptions = {}) {
    super(optimizer);
    const op = "OneCycleLR";
    if (opts.totalSteps !== undefined)
      this.totalSteps = positiveInt(opts.totalSteps, "totalSteps", op);
    else if (opts.epochs !== undefined && opts.stepsPerEpoch !== undefined)
      this.totalSteps =
        positiveInt(opts.epochs, "epochs", op) *
        positiveInt(opts.stepsPerEpoch, "stepsPerEpoch", op);
    else throw new RangeError(`${op}: give either totalSteps or (epochs and stepsPerEpoch)`);
    const pct = opts.pctStart ?? 0.3;
    if (!(pct >= 0 && pct <= 1))
      throw new RangeError(`${op}: pctStart must be between 0 and 1, got ${pct}`);
    const strategy = opts.annealStrategy ?? "cos";
    if (strategy !== "cos" && strategy !== "linear")
      throw new RangeError(
        `${op}: annealStrategy must be "cos" or "linear", got ${JSON.stringify(strategy)}`,
      );
    this.anneal =
      strategy === "cos"
        ? (s, e, p) => e + ((s - e) / 2) * (Math.cos(Math.PI * p) + 1)
        : (s, e, p) => (e - s) * p + s;
    const N = this.totalSteps;
    this.phases = opts.threePhase
      ? [
          { end: pct * N - 1, lr: ["initial", "max"], momentum: ["max", "base"] },
          { end: 2 * pct * N - 2, lr: ["max", "initial"], momentum: ["base", "max"] },
          { end: N - 1, lr: ["initial", "min"], momentum: ["max", "max"] },
        ]
      : [
          { end: pct * N - 1, lr: ["initial", "max"], momentum: ["max", "base"] },
          { end: N - 1, lr: ["max", "min"], momentum: ["base", "max"] },
        ];
    const n = optimizer.paramGroups.length;
    const div = opts.divFactor ?? 25;
    const finalDiv = opts.finalDivFactor ?? 1e4;
    this.lrs = perGroup(maxLr, n, "maxLr", op).map((max) => ({
      initial: max / div,
      max,
      min: max / div / finalDiv,
    }));
    this.groups.forEach((g, i) => (g.initialLr = this.baseLrs[i] = this.lrs[i].initial));
    const defaults = optimizer.defaults as Record<string, unknown>;
    this.momentumKey = "beta1" in defaults ? "beta1" : "momentum";
    if (opts.cycleMomentum ?? true) {
      if (!("momentum" in defaults) && !("beta1" in defaults))
        throw new RangeError(
          `${op}: optimizer must support momentum (or beta1) with cycleMomentum`,
        );
      const maxM = perGroup(opts.maxMomentum ?? 0.95, n, "maxMomentum", op);
      const baseM = perGroup(opts.baseMomentum ?? 0.85, n, "baseMomentum", op);
      this.momenta = maxM.map((max, i) => ({ max, base: baseM[i] }));
      this.groups.forEach((g, i) => ((g as Record<string, unknown>)[this.momentumKey] = maxM[i]));
    } else this.momenta = null;
    this.initialStep();
  }

  protected getLr(): number[] {
    const t = this.lastEpoch;
    if (t > this.totalSteps)
      throw new RangeError(
        `OneCycleLR: tried to step ${t + 1} times; the specified number of total steps is ${this.totalSteps}`,
      );
    return this.groups.map((g, i) => {
      let start = 0;
      for (let k = 0; k < this.phases.length; k++) {
        const ph = this.phases[k];
        if (t <= ph.end || k === this.phases.length - 1) {
          const pct = (t - start) / (ph.end - start);
          const L = this.lrs[i];
          if (this.momenta) {
            const M = this.momenta[i];
            const m = this.anneal(M[ph.momentum[0]], M[ph.momentum[1]], pct);
            (g as Record<string, unknown>)[this.momentumKey] = m;
          }
          return this.anneal(L[ph.lr[0]], L[ph.lr[1]], pct);
        }
        start = ph.end;
      }
      return g.lr;
    });
  }
}
