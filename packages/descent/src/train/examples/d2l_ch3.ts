/**
 * d2l's chapter-3 training utilities (sections 3.2 and 3.6), in descent: the hand-written
 * mini-batch `sgd`, `accuracy`, `evaluateAccuracy`, `trainEpochCh3`, `trainCh3` and
 * `predictCh3`. They accept a model either as an `nn.Module` or as a plain function of the
 * inputs (the from-scratch models are functions over tensors with `requiresGrad`), and an updater
 * either as an `optim.Optimizer` or as d2l's `updater(batchSize)` function.
 */
import { TensorDataset } from "../../data/dataset.js";
import { Module } from "../../nn/index.js";
import type { Optimizer } from "../../optim/index.js";
import type { Generator, Tensor } from "../../tensor/index.js";
import { noGrad, randperm } from "../../tensor/index.js";
import { fmtShape } from "../../util/shape.js";
import type { LossFn } from "../fit.js";
import { trainEpoch } from "../fit.js";
import { correctCount } from "../metrics.js";

/** A model: an `nn.Module`, or a function from inputs to outputs (d2l's `net(X)`). */
export type Net = Module | ((X: Tensor) => Tensor);

/** What updates the parameters: an optimizer, or d2l's `updater(batchSize)` (e.g. `sgd`). */
export type Updater = Optimizer | ((batchSize: number) => void);

/** Batches `[X, y]`, e.g. a `DataLoader` (iterated once per epoch). */
export type DataIter = Iterable<readonly Tensor[]>;

/** Runs `net` on `X`, whichever kind of model it is. */
export function forward(net: Net, X: Tensor): Tensor {
  return net instanceof Module ? net.forward(X) : net(X);
}

/**
 * Mini-batch stochastic gradient descent, d2l 3.2's `sgd(params, lr, batch_size)`: for each
 * parameter, `param -= lr * param.grad / batchSize`, then the gradient is zeroed. The loss it
 * follows is a sum over the batch (hence the division), and the update runs under `noGrad`.
 *
 * PyTorch (d2l):
 * ```python
 * def sgd(params, lr, batch_size):
 *     with torch.no_grad():
 *         for param in params:
 *             param -= lr * param.grad / batch_size
 *             param.grad.zero_()
 * ```
 */
export function sgd(params: readonly Tensor[], lr: number, batchSize: number): void {
  noGrad(() => {
    for (const param of params) {
      const grad = param.grad;
      if (grad === null) continue;
      param.sub_(grad.mul(lr / batchSize));
      grad.zero_();
    }
  });
}

/**
 * The number of correct predictions (argmax of each row of `yHat`): d2l 3.6's `accuracy`, which
 * counts, kept under the book's name. It is `train.correctCount`; `train.accuracy` is the fraction.
 */
export const accuracy: (yHat: Tensor, y: Tensor) => number = (yHat, y) => correctCount(yHat, y);

/** Whether `net` is a module in training mode; puts it in `mode` and returns the old one. */
function setMode(net: Net, training: boolean): boolean | null {
  if (!(net instanceof Module)) return null;
  const was = net.training;
  net.train(training);
  return was;
}

/** Fraction of correct predictions of `net` over `dataIter` (eval mode, no gradients). */
export function evaluateAccuracy(net: Net, dataIter: DataIter): number {
  const was = setMode(net, false);
  try {
    let correct = 0;
    let total = 0;
    noGrad(() => {
      for (const [X, y] of dataIter) {
        correct += accuracy(forward(net, X), y);
        total += y.numel();
      }
    });
    return total ? correct / total : NaN;
  } finally {
    if (was !== null) setMode(net, was);
  }
}

/** The per-example losses of a batch, checked: d2l's loops need one loss per example. */
function perExample(l: Tensor, n: number): Tensor {
  if (l.ndim !== 1 || l.shape[0] !== n) {
    throw new RangeError(
      `trainEpochCh3: the loss must give one value per example (shape [${n}]), got ${fmtShape(l.shape)}; ` +
        `use a loss with reduction "none", e.g. new nn.CrossEntropyLoss({ reduction: "none" })`,
    );
  }
  return l;
}

/**
 * One epoch of training, d2l 3.6's `train_epoch_ch3`, on the library's loop (`trainEpoch`, as
 * `fit`): for each batch, the per-example losses `l = loss(net(X), y)`; with an optimizer,
 * `zeroGrad`, `l.mean().backward()`, `step`; with an updater function, `l.sum().backward()` and
 * `updater(batchSize)`. Returns the mean training loss and the training accuracy over the epoch
 * (from the outputs before each update).
 */
export function trainEpochCh3(
  net: Net,
  trainIter: DataIter,
  loss: LossFn,
  updater: Updater,
): { loss: number; acc: number } {
  const was = setMode(net, true);
  try {
    const { lossSum, seen, correct } = trainEpoch(
      (X) => forward(net, X),
      trainIter,
      loss,
      (batchLoss, n) => {
        const l = perExample(batchLoss, n);
        if (typeof updater === "function") {
          l.sum().backward();
          updater(n);
        } else {
          updater.zeroGrad();
          l.mean().backward();
          updater.step();
        }
        return noGrad(() => l.sum().item());
      },
      {},
    );
    return { loss: seen ? lossSum / seen : NaN, acc: seen ? correct / seen : NaN };
  } finally {
    if (was !== null) setMode(net, was);
  }
}

/** One epoch of `trainCh3`: what d2l's `Animator` plots, plus the time the epoch took. */
export interface Ch3Epoch {
  /** 1-based. */
  epoch: number;
  epochs: number;
  trainLoss: number;
  trainAcc: number;
  testAcc: number;
  /** Seconds spent training this epoch (the test evaluation is not counted). */
  seconds: number;
  /** Training examples seen this epoch. */
  examples: number;
}

/** Options of `trainCh3`. */
export interface TrainCh3Options {
  /** Called after every epoch (d2l's `animator.add`). */
  onEpoch?: (e: Ch3Epoch) => void;
}

/**
 * Trains for `numEpochs` epochs and evaluates the test accuracy after each one, d2l 3.6's
 * `train_ch3(net, train_iter, test_iter, loss, num_epochs, updater)`. Returns one record per
 * epoch: training loss, training accuracy, test accuracy and time.
 *
 * ```ts
 * const history = trainCh3(net, data.train, data.test, crossEntropy, 10, (n) => sgd([W, b], 0.1, n));
 * ```
 */
export function trainCh3(
  net: Net,
  trainIter: DataIter,
  testIter: DataIter,
  loss: LossFn,
  numEpochs: number,
  updater: Updater,
  opts: TrainCh3Options = {},
): Ch3Epoch[] {
  if (!Number.isInteger(numEpochs) || numEpochs < 0) {
    throw new RangeError(`trainCh3: numEpochs must be a non-negative integer, got ${numEpochs}`);
  }
  const history: Ch3Epoch[] = [];
  for (let epoch = 1; epoch <= numEpochs; epoch++) {
    const t0 = performance.now();
    let examples = 0;
    const counted: DataIter = {
      *[Symbol.iterator]() {
        for (const batch of trainIter) {
          examples += batch[0].shape[0];
          yield batch;
        }
      },
    };
    const train = trainEpochCh3(net, counted, loss, updater);
    const seconds = (performance.now() - t0) / 1000;
    const testAcc = evaluateAccuracy(net, testIter);
    const e: Ch3Epoch = {
      epoch,
      epochs: numEpochs,
      trainLoss: train.loss,
      trainAcc: train.acc,
      testAcc,
      seconds,
      examples,
    };
    history.push(e);
    opts.onEpoch?.(e);
  }
  return history;
}

/** What `predictCh3` returns: the images and their true and predicted classes. */
export interface Ch3Predictions {
  /** The images, `[n, H, W]` row-major (the channel of `[n, 1, H, W]` dropped). */
  images: Float32Array;
  shape: [number, number, number];
  labels: number[];
  predictions: number[];
}

/**
 * Predicts the classes of `X` (images `[n, 1, H, W]` or `[n, H, W]`) with labels `y`, d2l 3.6's
 * `predict_ch3` (which shows the first images of the test set with their true and predicted
 * labels; drawing them is the caller's job, see `imageGridSpec` in src/plot).
 */
export function predictCh3(net: Net, X: Tensor, y: Tensor): Ch3Predictions {
  const was = setMode(net, false);
  try {
    const predictions = noGrad(() => Array.from(forward(net, X).argmax(1).toTypedArray(), Number));
    const [n] = X.shape;
    const [h, w] = X.shape.slice(-2);
    const images = Float32Array.from(X.toTypedArray(), Number);
    if (images.length !== n * h * w) {
      throw new RangeError(
        `predictCh3: X must be images [n, 1, H, W] or [n, H, W], got ${fmtShape(X.shape)}`,
      );
    }
    return {
      images,
      shape: [n, h, w],
      labels: Array.from(y.toTypedArray(), Number),
      predictions,
    };
  } finally {
    if (was !== null) setMode(net, was);
  }
}

/**
 * `n` samples of a data set drawn without replacement (a random subset, in random order), for
 * runs at reduced size; the whole set when `n` is at least its length.
 */
export function sampleDataset(ds: TensorDataset, n: number, generator?: Generator): TensorDataset {
  if (!Number.isInteger(n) || n < 1) {
    throw new RangeError(`sampleDataset: n must be a positive integer, got ${n}`);
  }
  if (n >= ds.length) return ds;
  const idx = randperm(ds.length, { generator }).narrow(0, 0, n);
  return new TensorDataset(...ds.tensors.map((t) => t.indexSelect(0, idx)));
}

/** `n` indices spread evenly over `0..length-1` (one of each class in a set sorted by class). */
export function spreadIndices(length: number, n: number): number[] {
  const k = Math.min(n, length);
  return Array.from({ length: k }, (_, i) => Math.floor((i * length) / k));
}
