/**
 * d2l (new edition, v1.0) 4.4 "Softmax Regression Implementation from Scratch"
 * (https://d2l.ai/chapter_linear-classification/softmax-regression-scratch.html): the softmax,
 * the model (W ~ N(0, 0.01^2) of shape [784, 10], b = 0), the cross-entropy loss, and training on
 * Fashion-MNIST with SGD at lr 0.1, batch size 256, 10 epochs; then the predictions on a
 * validation batch. `torch.rand((2, 5))` is given by the test (option `X`) to compare the
 * softmax's digits with PyTorch's.
 *
 * Run: npx tsx examples/d2l/ch4_4_softmax_scratch.ts
 */
import { normal, optim, rand, tensor, zeros, type Tensor } from "descent";
import { fashionMnist, fit, fitShown, type Classifier, type TrainingOptions } from "./d2l.js";
import { Printer, isMain, type Shown } from "./show.js";

// 4.4.1 The Softmax
export function softmax(X: Tensor): Tensor {
  const XExp = X.exp();
  const partition = XExp.sum(1, true);
  return XExp.div(partition); // the broadcasting mechanism is applied here
}

// 4.4.2 The Model
export class SoftmaxRegressionScratch implements Classifier {
  W: Tensor;
  b: Tensor;
  constructor(
    numInputs: number,
    numOutputs: number,
    readonly lr: number,
    sigma = 0.01,
  ) {
    this.W = normal(0, sigma, [numInputs, numOutputs]).requiresGrad_();
    this.b = zeros(numOutputs, { requiresGrad: true });
  }
  parameters(): Tensor[] {
    return [this.W, this.b];
  }
  forward(X: Tensor): Tensor {
    X = X.reshape(-1, this.W.shape[0]);
    return softmax(X.matmul(this.W).add(this.b));
  }
  // 4.4.3 The Cross-Entropy Loss
  loss(yHat: Tensor, y: Tensor): Tensor {
    return crossEntropy(yHat, y);
  }
  configureOptimizers(): optim.SGD {
    return new optim.SGD(this.parameters(), { lr: this.lr });
  }
}

export function crossEntropy(yHat: Tensor, y: Tensor): Tensor {
  const rows = Array.from({ length: yHat.shape[0] }, (_, i) => i);
  return yHat.get(rows, y).log().neg().mean();
}

export function run(opts: TrainingOptions & { X?: Tensor } = {}): Record<string, Shown> {
  const p = new Printer(opts.log);
  let X = tensor([
    [1.0, 2.0, 3.0],
    [4.0, 5.0, 6.0],
  ]);
  p.show("X.sum(0, keepdims=True)", X.sum(0, true));
  p.show("X.sum(1, keepdims=True)", X.sum(1, true));
  X = opts.X ?? rand([2, 5]);
  const XProb = softmax(X);
  p.show("X_prob", XProb);
  p.show("X_prob.sum(1)", XProb.sum(1));

  const y = tensor([0, 2], { dtype: "int32" }); // JavaScript numbers make float32 tensors
  const yHat = tensor([
    [0.1, 0.3, 0.6],
    [0.3, 0.2, 0.5],
  ]);
  p.show("y_hat[[0, 1], y]", yHat.get([0, 1], y));
  p.show("cross_entropy(y_hat, y)", crossEntropy(yHat, y));

  // 4.4.4 Training
  const data = opts.data ?? fashionMnist(256);
  const model = new SoftmaxRegressionScratch(784, 10, 0.1);
  if (opts.init) [model.W, model.b] = [opts.init.W, opts.init.b].map((t) => t.requiresGrad_());
  const r = fit(model, data, opts.maxEpochs ?? 10, opts.log);
  for (const [k, v] of Object.entries(fitShown(r))) p.show(k, v);

  // 4.4.5 Prediction: the first validation batch.
  const [Xv, yv] = data.val[Symbol.iterator]().next().value as [Tensor, Tensor];
  const preds = model.forward(Xv).argmax(1);
  p.show("preds.shape", preds.shape);
  p.show("wrong predictions in the first validation batch", preds.ne(yv).sum().item());
  return p.shown;
}

if (isMain(import.meta.url)) run();
