/**
 * d2l (new edition, v1.0) 5.6 "Dropout" (https://d2l.ai/chapter_multilayer-perceptrons/dropout.html):
 * 5.6.4 `dropout_layer` from scratch, tried on a 2 x 8 tensor at p = 0, 0.5 and 1; the model
 * with two hidden layers of 256 units and dropout after each (5.6.4.2, from scratch, and 5.6.5,
 * with `nn.Dropout`), trained on Fashion-MNIST with SGD at lr 0.1, batch size 256, 10 epochs.
 *
 * The masks come from `torch.rand`, whose draws descent cannot repeat: the test compares the
 * printed p = 0 and p = 1 results exactly, checks that every p = 0.5 element is 0 or 2x, and
 * compares the training runs with PyTorch's at dropout 0 (options `dropout1`, `dropout2`) while
 * checking the p = 0.5 runs by their statistics.
 *
 * Run: npx tsx examples/d2l/ch5_6_dropout.ts [scratch|concise]   (both by default)
 */
import { arange, nn, optim, rand, zerosLike, type Tensor } from "descent";
import { fashionMnist, fit, fitShown, type Classifier, type TrainingOptions } from "./d2l.js";
import { initLazy } from "./ch4_5_softmax_concise.js";
import { Printer, isMain, type Shown } from "./show.js";

const F = nn.functional;

// 5.6.4 Implementation from Scratch
export function dropoutLayer(X: Tensor, dropout: number): Tensor {
  if (!(dropout >= 0 && dropout <= 1))
    throw new RangeError(`dropout must be in [0, 1], got ${dropout}`);
  if (dropout === 1) return zerosLike(X);
  const mask = rand(X.shape).gt(dropout).to("float32");
  return mask.mul(X).div(1.0 - dropout);
}

interface Hparams {
  numOutputs: number;
  numHiddens1: number;
  numHiddens2: number;
  dropout1: number;
  dropout2: number;
  lr: number;
}

// 5.6.4.2 Defining the Model
export class DropoutMLPScratch extends nn.Module implements Classifier {
  lin1: nn.LazyLinear;
  lin2: nn.LazyLinear;
  lin3: nn.LazyLinear;
  relu = new nn.ReLU();
  constructor(readonly h: Hparams) {
    super();
    this.lin1 = new nn.LazyLinear(h.numHiddens1);
    this.lin2 = new nn.LazyLinear(h.numHiddens2);
    this.lin3 = new nn.LazyLinear(h.numOutputs);
  }
  override forward(X: Tensor): Tensor {
    let H1 = this.relu.forward(this.lin1.forward(X.reshape(X.shape[0], -1)));
    if (this.training) H1 = dropoutLayer(H1, this.h.dropout1);
    let H2 = this.relu.forward(this.lin2.forward(H1));
    if (this.training) H2 = dropoutLayer(H2, this.h.dropout2);
    return this.lin3.forward(H2);
  }
  loss(YHat: Tensor, Y: Tensor): Tensor {
    return F.crossEntropy(YHat, Y);
  }
  configureOptimizers(): optim.SGD {
    return new optim.SGD(this.parameters(), { lr: this.h.lr });
  }
}

// 5.6.5 Concise Implementation
export class DropoutMLP extends nn.Module implements Classifier {
  net: nn.Sequential;
  constructor(readonly h: Hparams) {
    super();
    this.net = new nn.Sequential(
      new nn.Flatten(),
      new nn.LazyLinear(h.numHiddens1),
      new nn.ReLU(),
      new nn.Dropout(h.dropout1),
      new nn.LazyLinear(h.numHiddens2),
      new nn.ReLU(),
      new nn.Dropout(h.dropout2),
      new nn.LazyLinear(h.numOutputs),
    );
  }
  override forward(X: Tensor): Tensor {
    return this.net.forward(X);
  }
  loss(YHat: Tensor, Y: Tensor): Tensor {
    return F.crossEntropy(YHat, Y);
  }
  configureOptimizers(): optim.SGD {
    return new optim.SGD(this.parameters(), { lr: this.h.lr });
  }
}

export interface DropoutOptions extends TrainingOptions {
  which?: "scratch" | "concise";
  /** The two dropout probabilities (the book's 0.5 and 0.5 by default). */
  dropout1?: number;
  dropout2?: number;
}

export function run(opts: DropoutOptions = {}): Record<string, Shown> {
  const p = new Printer(opts.log);
  const X = arange(16, { dtype: "float32" }).reshape(2, 8);
  p.show("dropout_p = 0", dropoutLayer(X, 0));
  const half = dropoutLayer(X, 0.5);
  // every element is 0 or 2X (descent has no `|` for bool tensors: h (h - 2X) = 0 says it)
  p.show(
    "dropout_p = 0.5: every element 0 or 2 X",
    half
      .mul(half.sub(X.mul(2)))
      .eq(0)
      .all(),
  );
  p.show("dropout_p = 1", dropoutLayer(X, 1));

  const hparams: Hparams = {
    numOutputs: 10,
    numHiddens1: 256,
    numHiddens2: 256,
    dropout1: opts.dropout1 ?? 0.5,
    dropout2: opts.dropout2 ?? 0.5,
    lr: 0.1,
  };
  const data = opts.data ?? fashionMnist(256);
  const [X0, y0] = data.val[Symbol.iterator]().next().value as [Tensor, Tensor];
  const model =
    (opts.which ?? "scratch") === "scratch"
      ? new DropoutMLPScratch(hparams)
      : new DropoutMLP(hparams);
  if (opts.init) initLazy(model, opts.init, X0);
  else model.forward(X0);
  const r = fit(model, data, opts.maxEpochs ?? 10, opts.log);
  for (const [k, v] of Object.entries(fitShown(r))) p.show(k, v);
  model.eval();
  const preds = model.forward(X0).argmax(1);
  p.show("preds.shape", preds.shape);
  p.show("wrong predictions in the first validation batch", preds.ne(y0).sum().item());
  return p.shown;
}

if (isMain(import.meta.url)) {
  const which = process.argv[2];
  for (const w of ["scratch", "concise"] as const) {
    if (which !== undefined && which !== w) continue;
    console.log(`5.6 ${w}`);
    run({ which: w });
  }
}
