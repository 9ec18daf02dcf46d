/**
 * d2l (new edition, v1.0) 5.2 "Implementation of Multilayer Perceptrons"
 * (https://d2l.ai/chapter_multilayer-perceptrons/mlp-implementation.html), both halves:
 * 5.2.1 from scratch (W1, W2 ~ N(0, 0.01^2) scaled randn, zero biases, a hand-written ReLU) and
 * 5.2.2 concise (`Flatten, LazyLinear(256), ReLU, LazyLinear(10)`), each trained on
 * Fashion-MNIST with SGD at lr 0.1, batch size 256, 10 epochs.
 *
 * Run: npx tsx examples/d2l/ch5_2_mlp.ts [scratch|concise]   (both by default)
 */
import { nn, optim, randn, zeros, zerosLike, maximum, type Tensor } from "descent";
import { fashionMnist, fit, fitShown, type Classifier, type TrainingOptions } from "./d2l.js";
import { initLazy } from "./ch4_5_softmax_concise.js";
import { Printer, isMain, type Shown } from "./show.js";

const F = nn.functional;

// 5.2.1.1 Initializing Model Parameters
export class MLPScratch extends nn.Module implements Classifier {
  W1: nn.Parameter;
  b1: nn.Parameter;
  W2: nn.Parameter;
  b2: nn.Parameter;
  constructor(
    readonly numInputs: number,
    numOutputs: number,
    numHiddens: number,
    readonly lr: number,
    sigma = 0.01,
  ) {
    super();
    this.W1 = new nn.Parameter(randn(numInputs, numHiddens).mul(sigma));
    this.b1 = new nn.Parameter(zeros(numHiddens));
    this.W2 = new nn.Parameter(randn(numHiddens, numOutputs).mul(sigma));
    this.b2 = new nn.Parameter(zeros(numOutputs));
  }
  // 5.2.1.3 Model
  override forward(X: Tensor): Tensor {
    X = X.reshape(-1, this.numInputs);
    const H = relu(X.matmul(this.W1).add(this.b1));
    return H.matmul(this.W2).add(this.b2);
  }
  loss(YHat: Tensor, Y: Tensor): Tensor {
    return F.crossEntropy(YHat, Y);
  }
  configureOptimizers(): optim.SGD {
    return new optim.SGD(this.parameters(), { lr: this.lr });
  }
}

// 5.2.1.2 Model: ReLU as the book writes it, max(X, 0).
export function relu(X: Tensor): Tensor {
  const a = zerosLike(X);
  return maximum(X, a);
}

// 5.2.2 Concise Implementation
export class MLP extends nn.Module implements Classifier {
  net: nn.Sequential;
  constructor(
    numOutputs: number,
    numHiddens: number,
    readonly lr: number,
  ) {
    super();
    this.net = new nn.Sequential(
      new nn.Flatten(),
      new nn.LazyLinear(numHiddens),
      new nn.ReLU(),
      new nn.LazyLinear(numOutputs),
    );
  }
  override forward(X: Tensor): Tensor {
    return this.net.forward(X);
  }
  loss(YHat: Tensor, Y: Tensor): Tensor {
    return F.crossEntropy(YHat, Y);
  }
  configureOptimizers(): optim.SGD {
    return new optim.SGD(this.parameters(), { lr: this.lr });
  }
}

export function run(
  opts: TrainingOptions & { which?: "scratch" | "concise" } = {},
): Record<string, Shown> {
  const p = new Printer(opts.log);
  const data = opts.data ?? fashionMnist(256);
  const [X0, y0] = data.val[Symbol.iterator]().next().value as [Tensor, Tensor];
  let model: MLPScratch | MLP;
  if ((opts.which ?? "scratch") === "scratch") {
    // 5.2.1.4 Training
    model = new MLPScratch(784, 10, 256, 0.1);
    if (opts.init) model.loadStateDict(opts.init);
  } else {
    model = new MLP(10, 256, 0.1);
    if (opts.init) initLazy(model.net, opts.init, X0);
    else model.forward(X0);
  }
  const r = fit(model, data, opts.maxEpochs ?? 10, opts.log);
  for (const [k, v] of Object.entries(fitShown(r))) p.show(k, v);
  const preds = model.forward(X0).argmax(1);
  p.show("preds.shape", preds.shape);
  p.show("wrong predictions in the first validation batch", preds.ne(y0).sum().item());
  return p.shown;
}

if (isMain(import.meta.url)) {
  const which = process.argv[2];
  for (const w of ["scratch", "concise"] as const) {
    if (which !== undefined && which !== w) continue;
    console.log(`5.2 ${w}`);
    run({ which: w });
  }
}
