import type { Module } from "../nn/index.js";
import type { Optimizer } from "../optim/index.js";
import type { Generator, Tensor } from "../tensor/index.js";
import { noGrad, randperm } from "../tensor/index.js";
import { fmtShape } from "../util/shape.js";
import type { ClassifyOptions } from "./metrics.js";
import { correctCount } from "./metrics.js";

/** A loss: a function or a loss module (`new nn.BCELoss()`), called as loss(outputs, targets). */
export type LossFn =
  | ((input: Tensor, target: Tensor) => Tensor)
  | {
      /** The loss of the outputs against the targets. */
      forward(input: Tensor, target: Tensor): Tensor;
    };

/** What one epoch did. `loss` is the mean of its batches' losses, weighted by batch size. */
export interface EpochLog {
  /** 1-based. */
  epoch: number;
  epochs: number;
  loss: number;
  /** Fraction correct over the epoch's batches (from the outputs before each step), if asked. */
  accuracy?: number;
  valLoss?: number;
  valAccuracy?: number;
  /** Seconds since `fit` started. */
  elapsed: number;
}

/** Losses and metrics per epoch, as Keras's History: index i is epoch i + 1. */
export interface History {
  loss: number[];
  accuracy: number[];
  valLoss: number[];
  valAccuracy: number[];
}

/** Options of `fit`: the loss, the optimizer, the data, and the schedule. */
export interface FitOptions {
  lossFn: LossFn;
  optimizer: Optimizer;
  /** Inputs [N, ...] and targets [N, ...]: batched by `batchSize`. */
  x?: Tensor;
  y?: Tensor;
  /** Or any iterable of [input, target] batches, iterated once per epoch (a DataLoader). */
  loader?: Iterable<readonly [Tensor, Tensor]>;
  epochs: number;
  /**
   * "full" (default): batch gradient descent, one step an epoch on all N rows, as the seed;
   * 1: stochastic gradient descent; n: mini-batch gradient descent.
   */
  batchSize?: number | "full";
  /** Shuffle the rows each epoch when batching (default true; no effect with "full"). */
  shuffle?: boolean;
  /** Source of the shuffles (default: the default generator). */
  generator?: Generator;
  /** Also compute accuracy (binary: outputs >= threshold; multiclass: argmax). */
  accuracy?: boolean | ClassifyOptions;
  /**
   * With `accuracy`, measure it only on epochs divisible by this (default 1: every epoch), as the
   * seed's loop prints it every 100; the other epochs' `history.accuracy` is NaN and their log has
   * none.
   */
  accuracyEvery?: number;
  /** Held-out data, evaluated after each epoch (loss and, with `accuracy`, accuracy). */
  validation?: { x: Tensor; y: Tensor };
  /** Called after every epoch, e.g. to log or draw progress. */
  onEpoch?: (log: EpochLog) => void;
}

/**
 * A loss became NaN or infinite: training stops at once, before the step that would spread it into
 * the weights. Carries the epoch (1-based), the learning rate and the history so far.
 */
export class NonFiniteLossError extends Error {
  constructor(
    readonly epoch: number,
    readonly value: number,
    readonly lr: number,
    readonly history: History,
  ) {
    super(
      `loss became ${Number.isNaN(value) ? "NaN" : "infinite"} at epoch ${epoch}; ` +
        `the learning rate ${lr} is probably too large`,
    );
    this.name = "NonFiniteLossError";
  }
}

/** Calls a loss function or module. */
export function applyLoss(lossFn: LossFn, input: Tensor, target: Tensor): Tensor {
  return typeof lossFn === "function" ? lossFn(input, target) : lossFn.forward(input, target);
}

/**
 * Trains `model` for `epochs` epochs: for each batch, forward, loss, `zeroGrad`, `backward`,
 * `step` (the seed's loop), and returns the History. Throws NonFiniteLossError, naming the epoch
 * and the learning rate, as soon as a batch's loss is NaN or infinite.
 *
 * @example
 * const history = fit(model, { lossFn: new nn.BCELoss(), optimizer, x: X, y, epochs: 1000 });
 *
 * PyTorch: the hand-written loop of the seed (`for epoch in range(num_epochs): ...`).
 */
export function fit(model: Module, opts: FitOptions): History {
  const { lossFn, optimizer, epochs } = opts;
  if (!Number.isInteger(epochs) || epochs < 0) {
    throw new RangeError(`fit: epochs must be a non-negative integer, got ${epochs}`);
  }
  const batches = batchSource(opts);
  const acc = opts.accuracy ? (opts.accuracy === true ? {} : opts.accuracy) : null;
  const every = opts.accuracyEvery ?? 1;
  if (!Number.isInteger(every) || every < 1) {
    throw new RangeError(`fit: accuracyEvery must be a positive integer, got ${every}`);
  }
  const history: History = { loss: [], accuracy: [], valLoss: [], valAccuracy: [] };
  const t0 = performance.now();
  for (let epoch = 1; epoch <= epochs; epoch++) {
    model.train();
    const measure = acc !== null && epoch % every === 0;
    const { lossSum, seen, correct } = trainEpoch(
      (x) => model.forward(x),
      batches(),
      lossFn,
      (loss, n) => {
        const value = loss.item();
        if (!Number.isFinite(value)) {
          throw new NonFiniteLossError(epoch, value, optimizer.paramGroups[0].lr, history);
        }
        optimizer.zeroGrad();
        loss.backward();
        optimizer.step();
        return value * n;
      },
      measure ? acc : undefined,
    );
    const log: EpochLog = {
      epoch,
      epochs,
      loss: seen ? lossSum / seen : NaN,
      elapsed: (performance.now() - t0) / 1000,
    };
    history.loss.push(log.loss);
    if (measure) log.accuracy = seen ? correct / seen : NaN;
    if (acc) history.accuracy.push(log.accuracy ?? NaN);
    if (opts.validation) {
      const v = evaluate(model, opts.validation.x, opts.validation.y, lossFn, acc ?? undefined);
      history.valLoss.push((log.valLoss = v.loss));
      if (acc) history.valAccuracy.push((log.valAccuracy = v.accuracy ?? NaN));
    }
    opts.onEpoch?.(log);
  }
  return history;
}

/** What one pass of `trainEpoch` over the batches adds up. */
export interface EpochSums {
  /** The sum of the batches' losses, as each batch's `step` returned it. */
  lossSum: number;
  /** Rows seen. */
  seen: number;
  /** Rows predicted right (from the outputs before each step); 0 without classify options. */
  correct: number;
}

/**
 * The training loop's one pass over the batches, shared by `fit` and d2l's `trainEpochCh3`: for
 * each batch, `forward`, the loss, then `step(loss, batchSize)`, which runs backward and the
 * update and returns the batch's share of the loss sum (the caller's convention: the mean times
 * the batch size for `fit`, the per-example sum for d2l). Counts correct rows when `acc` is given.
 */
export function trainEpoch(
  forward: (x: Tensor) => Tensor,
  batches: Iterable<readonly Tensor[]>,
  lossFn: LossFn,
  step: (loss: Tensor, batchSize: number) => number,
  acc?: ClassifyOptions,
): EpochSums {
  const sums: EpochSums = { lossSum: 0, seen: 0, correct: 0 };
  for (const [xb, yb] of batches) {
    const outputs = forward(xb);
    const n = xb.shape[0] ?? 1;
    sums.lossSum += step(applyLoss(lossFn, outputs, yb), n);
    sums.seen += n;
    if (acc) sums.correct += correctCount(outputs, yb, acc);
  }
  return sums;
}

/**
 * Loss (and, given classify options, accuracy) of `model` on (x, y) in eval mode without
 * gradients; restores the previous mode.
 */
export function evaluate(
  model: Module,
  x: Tensor,
  y: Tensor,
  lossFn: LossFn,
  acc?: ClassifyOptions,
): { loss: number; accuracy?: number } {
  const wasTraining = model.training;
  model.eval();
  try {
    return noGrad(() => {
      const out = model.forward(x);
      const loss = applyLoss(lossFn, out, y).item();
      const n = x.shape[0] ?? 0;
      return acc ? { loss, accuracy: n ? correctCount(out, y, acc) / n : NaN } : { loss };
    });
  } finally {
    model.train(wasTraining);
  }
}

/** A function giving one epoch's batches. */
function batchSource(opts: FitOptions): () => Iterable<readonly [Tensor, Tensor]> {
  if (opts.loader) {
    if (opts.x || opts.y) throw new Error("fit: pass either x and y or loader, not both");
    const loader = opts.loader;
    return () => loader;
  }
  const { x, y } = opts;
  if (!x || !y) throw new Error("fit: pass x and y (inputs and targets), or a loader");
  const n = x.shape[0];
  if (x.ndim === 0 || y.ndim === 0 || y.shape[0] !== n) {
    throw new RangeError(
      `fit: x and y must have the same number of rows (x ${fmtShape(x.shape)}, y ${fmtShape(y.shape)})`,
    );
  }
  const bs = opts.batchSize ?? "full";
  if (bs !== "full" && (!Number.isInteger(bs) || bs <= 0)) {
    throw new RangeError(`fit: batchSize must be "full" or a positive integer, got ${bs}`);
  }
  if (bs === "full" || bs >= n) return () => [[x, y]];
  const shuffle = opts.shuffle ?? true;
  return function* () {
    const order = shuffle
      ? Array.from(randperm(n, { generator: opts.generator }).toTypedArray())
      : null;
    for (let start = 0; start < n; start += bs) {
      const end = Math.min(start + bs, n);
      if (!order) {
        yield [x.slice(start, end), y.slice(start, end)];
      } else {
        const idx = order.slice(start, end);
        yield [x.indexSelect(0, idx), y.indexSelect(0, idx)];
      }
    }
  };
}
