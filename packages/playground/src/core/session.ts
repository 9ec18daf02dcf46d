/**
 * One training run of a Config on a Split: the seed's loop (forward, loss, zeroGrad, backward,
 * step) one mini-batch at a time, with the library's DataLoader, layers, losses and optimizers.
 * Runs in the page's Web Worker, and in Node for the tests and the exported program's check.
 */
import { DataLoader, Generator, TensorDataset, fromTypedArray, noGrad } from "descent";
import type { Tensor } from "descent";
import type { Config } from "./config.js";
import { inputCount, outputUnits } from "./config.js";
import type { Split, Table } from "./data.js";
import { inputs } from "./data.js";
import type { Built, Loss } from "./model.js";
import { buildLoss, buildModel, buildOptimizer, penalty } from "./model.js";

export interface EpochStats {
  epoch: number;
  trainLoss: number;
  testLoss: number | null;
  trainAcc: number | null;
  testAcc: number | null;
}

/** Why training stopped: the loss became NaN or infinite, or grew without bound. */
export interface Divergence {
  epoch: number;
  lr: number;
  loss: number;
}

/** A loss that is not finite, or 10 times the first epoch's (and above 1), has diverged. */
export function divergence(history: readonly EpochStats[], lr: number): Divergence | null {
  const first = history[0]?.trainLoss;
  for (const h of history) {
    const l = h.trainLoss;
    if (!Number.isFinite(l) || (l > 10 * first && l > 1)) return { epoch: h.epoch, lr, loss: l };
  }
  return null;
}

interface Tensors {
  x: Tensor;
  y: Tensor;
  labels: Int32Array | Float32Array;
  n: number;
}

export class Session {
  readonly built: Built;
  readonly nOut: number;
  readonly history: EpochStats[] = [];
  epoch = 0;
  /** Updates made in the current epoch. */
  batch = 0;
  private readonly loss: Loss;
  private readonly optimizer;
  private readonly train: Tensors;
  private readonly test: Tensors;
  private readonly loader: DataLoader;
  private iter: Iterator<Tensor[]> | null = null;
  private lossSum = 0;
  private seen = 0;

  constructor(
    readonly config: Config,
    readonly split: Split,
  ) {
    this.nOut = outputUnits(config, split.nClasses);
    this.built = buildModel(config, inputCount(config), this.nOut);
    this.loss = buildLoss(config);
    this.optimizer = buildOptimizer(config, this.built.model);
    this.train = this.tensors(split.train);
    this.test = this.tensors(split.test);
    const n = this.train.n;
    const batchSize = config.batchSize === 0 ? n : Math.min(config.batchSize, n);
    this.loader = new DataLoader(new TensorDataset(this.train.x, this.train.y), {
      batchSize,
      shuffle: batchSize < n,
      generator: new Generator(config.initSeed + 1),
    });
  }

  private tensors(t: Table): Tensors {
    const w = inputCount(this.config);
    const x = fromTypedArray(inputs(t.X, t.n, t.d, this.config), [t.n, w]);
    const y =
      this.config.loss === "ce"
        ? fromTypedArray(Int32Array.from(t.y), [t.n])
        : fromTypedArray(Float32Array.from(t.y), [t.n, 1]);
    return { x, y, labels: t.y, n: t.n };
  }

  /** Updates per epoch. */
  get batchesPerEpoch(): number {
    return this.loader.length;
  }

  /** One update on the next mini-batch; returns the epoch's stats when this update ended one. */
  stepBatch(): EpochStats | null {
    if (!this.iter) this.iter = this.loader[Symbol.iterator]();
    const next = this.iter.next();
    if (next.done) throw new Error("Session: the loader ended early");
    const [xb, yb] = next.value;
    const { model } = this.built;
    model.train();
    const out = model.forward(xb);
    const dataLoss = this.loss(out, yb);
    const reg = penalty(this.config, this.built);
    const total = reg ? dataLoss.add(reg) : dataLoss;
    this.optimizer.zeroGrad();
    total.backward();
    this.optimizer.step();
    this.lossSum += dataLoss.item() * xb.shape[0];
    this.seen += xb.shape[0];
    this.batch++;
    if (this.batch < this.loader.length) return null;
    return this.endEpoch();
  }

  /** The rest of the current epoch (a whole one at an epoch boundary). */
  stepEpoch(): EpochStats {
    for (;;) {
      const s = this.stepBatch();
      if (s) return s;
    }
  }

  private endEpoch(): EpochStats {
    this.epoch++;
    const trainLoss = this.lossSum / this.seen;
    this.iter = null;
    this.batch = this.lossSum = this.seen = 0;
    const tr = this.evaluate(this.train);
    const te = this.test.n > 0 ? this.evaluate(this.test) : null;
    const stats: EpochStats = {
      epoch: this.epoch,
      trainLoss,
      testLoss: te ? te.loss : null,
      trainAcc: tr.acc,
      testAcc: te ? te.acc : null,
    };
    this.history.push(stats);
    return stats;
  }

  /** Loss and accuracy on a whole table, in eval mode without gradients. */
  private evaluate(t: Tensors): { loss: number; acc: number | null } {
    const { model } = this.built;
    model.eval();
    return noGrad(() => {
      const out = model.forward(t.x);
      const loss = this.loss(out, t.y).item();
      if (this.split.nClasses === 0) return { loss, acc: null };
      const pred = this.predictClasses(out);
      let right = 0;
      for (let i = 0; i < t.n; i++) if (pred[i] === t.labels[i]) right++;
      return { loss, acc: right / t.n };
    });
  }

  /** Class of each row: argmax over outputs, or output >= 0.5 for one output. */
  predictClasses(out: Tensor): Int32Array {
    if (this.nOut > 1) return Int32Array.from(out.argmax(1).toTypedArray());
    return Int32Array.from(out.toTypedArray(), (v) => (v >= 0.5 ? 1 : 0));
  }

  /** The model's inputs for raw rows X [n, d]: [n, inputs]. */
  inputValues(X: Float32Array, n: number): Float32Array {
    return inputs(X, n, this.split.train.d, this.config);
  }

  /**
   * What the heat map shows for raw rows X [n, d]: class probabilities (logits go through the
   * library's softmax), or the output itself (sigmoid probability, regression value).
   */
  outputs(X: Float32Array, n: number): Float32Array {
    const { model } = this.built;
    model.eval();
    return noGrad(() => {
      let out = model.forward(fromTypedArray(this.inputValues(X, n), [n, inputCount(this.config)]));
      if (this.config.loss === "ce" && this.config.output !== "softmax") out = out.softmax(1);
      return out.toTypedArray() as Float32Array;
    });
  }

  /** Each layer's unit values for raw rows: [n, units] per Linear layer, after its activation. */
  unitValues(X: Float32Array, n: number): Float32Array[] {
    const { model, layers } = this.built;
    model.eval();
    return noGrad(() => {
      let x = fromTypedArray(this.inputValues(X, n), [n, inputCount(this.config)]);
      const units: Float32Array[] = [];
      const keep = new Set(layers.map((l) => l.outputIndex));
      for (let i = 0; i < model.length; i++) {
        x = model[i].forward(x);
        if (keep.has(i)) units.push(Float32Array.from(x.toTypedArray()));
      }
      return units;
    });
  }

  /** Weights [out, in] and biases of every Linear layer, copied. */
  weights(): { w: Float32Array; b: Float32Array }[] {
    const sd = this.built.model.stateDict();
    return this.built.layers.map(({ index }) => ({
      w: Float32Array.from(sd[`${index}.weight`].toTypedArray()),
      b: Float32Array.from(sd[`${index}.bias`].toTypedArray()),
    }));
  }

  stateDict(): Record<string, Tensor> {
    return this.built.model.stateDict();
  }
}
