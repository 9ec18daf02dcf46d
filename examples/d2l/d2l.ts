/**
 * The parts of the book's `d2l` library that chapters 4 and 5 (new edition) lean on, written out
 * as a learner would: `FashionMNIST` as two DataLoaders, `Classifier.accuracy`, and
 * `Trainer.fit` (per epoch: train on every batch, then evaluate every validation batch without
 * gradients). The book plots the losses; these programs print them, one line per epoch, and keep
 * every training batch's loss for the tests.
 */
import type { Tensor, data } from "descent";
import { noGrad, type optim } from "descent";
import { loadFashionMnist } from "descent/io";

export interface DataLoaders {
  train: data.DataLoader;
  val: data.DataLoader;
}

/** d2l.FashionMNIST(batch_size): shuffled training batches, validation batches in order. */
export function fashionMnist(batchSize = 256): DataLoaders {
  const d = loadFashionMnist({ batchSize });
  return { train: d.train, val: d.test };
}

/** What Trainer.fit needs of a model (d2l.Classifier's methods). */
export interface Classifier {
  forward(X: Tensor): Tensor;
  loss(YHat: Tensor, Y: Tensor): Tensor;
  configureOptimizers(): Pick<optim.Optimizer, "step" | "zeroGrad">;
  /** nn.Module's train(mode): dropout acts only in training mode. */
  train?(mode?: boolean): unknown;
}

/** d2l.Classifier.accuracy: the fraction of rows whose largest score is the true class. */
export function accuracy(YHat: Tensor, Y: Tensor): number {
  const preds = YHat.reshape(-1, YHat.shape[YHat.shape.length - 1]).argmax(1);
  return preds.eq(Y.reshape(-1).to(preds.dtype)).to("float32").mean().item();
}

export interface Epoch {
  epoch: number;
  /** Mean training loss over the epoch's batches. */
  trainLoss: number;
  /** Mean validation loss and accuracy over the validation batches. */
  valLoss: number;
  valAcc: number;
}

export interface FitResult {
  epochs: Epoch[];
  /** Every training batch's loss, in order. */
  batchLosses: number[];
}

/** d2l.Trainer(max_epochs).fit(model, data), printing one line per epoch. */
export function fit(
  model: Classifier,
  loaders: DataLoaders,
  maxEpochs: number,
  log: (line: string) => void = console.log,
): FitResult {
  const optimizer = model.configureOptimizers();
  const epochs: Epoch[] = [];
  const batchLosses: number[] = [];
  for (let epoch = 1; epoch <= maxEpochs; epoch++) {
    model.train?.(true);
    const first = batchLosses.length;
    for (const [X, Y] of loaders.train) {
      const loss = model.loss(model.forward(X), Y);
      optimizer.zeroGrad();
      loss.backward();
      optimizer.step();
      batchLosses.push(loss.item());
    }
    model.train?.(false);
    let valLoss = 0;
    let valAcc = 0;
    let n = 0;
    noGrad(() => {
      for (const [X, Y] of loaders.val) {
        const YHat = model.forward(X);
        valLoss += model.loss(YHat, Y).item();
        valAcc += accuracy(YHat, Y);
        n++;
      }
    });
    const losses = batchLosses.slice(first);
    const e = {
      epoch,
      trainLoss: losses.reduce((a, b) => a + b, 0) / losses.length,
      valLoss: valLoss / n,
      valAcc: valAcc / n,
    };
    epochs.push(e);
    log(
      `epoch ${epoch}, train_loss ${e.trainLoss.toFixed(4)}, ` +
        `val_loss ${e.valLoss.toFixed(4)}, val_acc ${e.valAcc.toFixed(3)}`,
    );
  }
  return { epochs, batchLosses };
}

/** Options of the training programs: the book's data and settings unless the test gives others. */
export interface TrainingOptions {
  log?: (line: string) => void;
  /** Data loaders instead of Fashion-MNIST at the book's batch size. */
  data?: DataLoaders;
  /** Epochs instead of the book's 10. */
  maxEpochs?: number;
  /** Initial parameters by name, instead of the book's random draw. */
  init?: Record<string, Tensor>;
}

/** The printed numbers of a training run, for Printer. */
export function fitShown(r: FitResult): Record<string, number[]> {
  return {
    "batch losses": r.batchLosses,
    train_loss: r.epochs.map((e) => e.trainLoss),
    val_loss: r.epochs.map((e) => e.valLoss),
    val_acc: r.epochs.map((e) => e.valAcc),
  };
}
