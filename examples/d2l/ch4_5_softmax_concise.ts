/**
 * d2l (new edition, v1.0) 4.5 "Concise Implementation of Softmax Regression"
 * (https://d2l.ai/chapter_linear-classification/softmax-regression-concise.html):
 * `nn.Sequential(nn.Flatten(), nn.LazyLinear(10))`, `F.cross_entropy` on the logits (the stable
 * LogSumExp form of 4.5.2), `torch.optim.SGD` at lr 0.1, batch size 256, 10 epochs.
 *
 * Run: npx tsx examples/d2l/ch4_5_softmax_concise.ts
 */
import { nn, optim, type Tensor } from "descent";
import { fashionMnist, fit, fitShown, type Classifier, type TrainingOptions } from "./d2l.js";
import { Printer, isMain, type Shown } from "./show.js";

const F = nn.functional;

// 4.5.1 Defining the Model
export class SoftmaxRegression extends nn.Module implements Classifier {
  net: nn.Sequential;
  constructor(
    numOutputs: number,
    readonly lr: number,
  ) {
    super();
    this.net = new nn.Sequential(new nn.Flatten(), new nn.LazyLinear(numOutputs));
  }
  override forward(X: Tensor): Tensor {
    return this.net.forward(X);
  }
  // 4.5.2 Softmax Revisited: cross-entropy straight from the logits.
  loss(YHat: Tensor, Y: Tensor, averaged = true): Tensor {
    YHat = YHat.reshape(-1, YHat.shape[YHat.shape.length - 1]);
    Y = Y.reshape(-1);
    return F.crossEntropy(YHat, Y, { reduction: averaged ? "mean" : "none" });
  }
  configureOptimizers(): optim.SGD {
    return new optim.SGD(this.parameters(), { lr: this.lr });
  }
}

/**
 * Gives a lazy network the test's initial parameters: one forward pass fixes the shapes (what
 * the book's first training batch does), then the state dict is loaded.
 */
export function initLazy(net: nn.Module, init: Record<string, Tensor>, X: Tensor): void {
  net.forward(X);
  net.loadStateDict(init);
}

export function run(opts: TrainingOptions = {}): Record<string, Shown> {
  const p = new Printer(opts.log);
  // 4.5.3 Training
  const data = opts.data ?? fashionMnist(256);
  const model = new SoftmaxRegression(10, 0.1);
  const [X0, y0] = data.val[Symbol.iterator]().next().value as [Tensor, Tensor];
  if (opts.init) initLazy(model.net, opts.init, X0);
  else model.forward(X0); // the lazy layer takes its shape before the optimizer sees it
  const r = fit(model, data, opts.maxEpochs ?? 10, opts.log);
  for (const [k, v] of Object.entries(fitShown(r))) p.show(k, v);
  const preds = model.forward(X0).argmax(1);
  p.show("preds.shape", preds.shape);
  p.show("wrong predictions in the first validation batch", preds.ne(y0).sum().item());
  return p.shown;
}

if (isMain(import.meta.url)) run();
