/**
 * d2l 3.2, "Linear Regression Implementation from Scratch"
 * (https://d2l.ai/chapter_linear-regression/linear-regression-scratch.html), section by section:
 * a synthetic data set y = X w + b + noise with w = [2, -3.4] and b = 4.2, a data iterator, the
 * parameters as plain tensors with `requiresGrad`, a hand-written model (`linreg`), loss
 * (`squaredLoss`) and optimizer (`sgd`, under `noGrad`), and the training loop: batch size 10,
 * learning rate 0.03, 3 epochs. It prints the loss after each epoch and the error in the
 * estimated w and b, as the book does:
 *
 *     epoch 1, loss 0.036282
 *     epoch 2, loss 0.000141
 *     epoch 3, loss 0.000049
 *     error in estimating w: tensor([-0.0006, -0.0001], grad_fn=<SubBackward>)
 *     error in estimating b: tensor([0.0007], grad_fn=<SubBackward>)
 *
 * Run: npx tsx examples/d2l_3_2_linreg_scratch.ts
 * Use: import { run } from "./d2l_3_2_linreg_scratch.js"; run({ seed: 1, log: () => {} })
 */
import { pathToFileURL } from "node:url";

import { Generator, data, noGrad, randn, randperm, tensor, zeros, type Tensor } from "descent";

// 3.2.1 Generating the dataset: y = X w + b + eps, eps ~ N(0, 0.01^2), 1000 examples.
// (`data.syntheticData` is d2l's `synthetic_data`; see src/data/datasets/synthetic.ts.)

// 3.2.2 Reading the dataset: shuffled mini-batches of `batchSize` examples.
export function* dataIter(
  batchSize: number,
  features: Tensor,
  labels: Tensor,
  generator: Generator,
): IterableIterator<[Tensor, Tensor]> {
  const numExamples = features.shape[0];
  const indices = randperm(numExamples, { generator }); // examples in random order
  for (let i = 0; i < numExamples; i += batchSize) {
    const batchIndices = indices.narrow(0, i, Math.min(batchSize, numExamples - i));
    yield [features.indexSelect(0, batchIndices), labels.indexSelect(0, batchIndices)];
  }
}

// 3.2.4 Defining the model: the linear regression model.
export function linreg(X: Tensor, w: Tensor, b: Tensor): Tensor {
  return X.matmul(w).add(b);
}

// 3.2.5 Defining the loss function: squared loss, one value per example.
export function squaredLoss(yHat: Tensor, y: Tensor): Tensor {
  return yHat.sub(y.reshape(yHat.shape)).square().div(2);
}

// 3.2.6 Defining the optimization algorithm: minibatch stochastic gradient descent. The loss is a
// sum over the batch, so the step divides by the batch size; noGrad keeps the update itself out of
// the graph, and the gradients are zeroed for the next batch.
export function sgd(params: Tensor[], lr: number, batchSize: number): void {
  noGrad(() => {
    for (const param of params) {
      param.sub_(param.grad!.mul(lr / batchSize));
      param.grad!.zero_();
    }
  });
}

export interface RunOptions {
  /** Seed of the data, the initial weights and the shuffles (default 0). */
  seed?: number;
  log?: (line: string) => void;
}

export interface RunResult {
  /** Mean squared loss over the whole data set after each epoch. */
  losses: number[];
  w: number[];
  b: number;
  /** true - estimated. */
  errorW: number[];
  errorB: number;
}

export function run(opts: RunOptions = {}): RunResult {
  const { log = console.log } = opts;
  const generator = new Generator(opts.seed ?? 0);

  // 3.2.1 Generating the dataset
  const trueW = tensor([2, -3.4]);
  const trueB = 4.2;
  const { X: features, y: labels } = data.syntheticData(trueW, trueB, 1000, { generator });

  // 3.2.3 Initializing model parameters: w ~ N(0, 0.01^2), b = 0, both tracked by autograd.
  const w = randn([2, 1], { generator }).mul(0.01).requiresGrad_();
  const b = zeros([1], { requiresGrad: true });

  // 3.2.7 Training
  const lr = 0.03;
  const numEpochs = 3;
  const batchSize = 10;
  const net = linreg;
  const loss = squaredLoss;
  const losses: number[] = [];
  for (let epoch = 0; epoch < numEpochs; epoch++) {
    for (const [X, y] of dataIter(batchSize, features, labels, generator)) {
      const l = loss(net(X, w, b), y); // minibatch loss in X and y
      // l has shape [batchSize, 1]: sum it to a scalar, then compute the gradient on [w, b]
      l.sum().backward();
      sgd([w, b], lr, batchSize); // update the parameters using their gradient
    }
    const trainL = noGrad(() => loss(net(features, w, b), labels));
    losses.push(trainL.mean().item());
    log(`epoch ${epoch + 1}, loss ${trainL.mean().item().toFixed(6)}`);
  }

  const errorW = trueW.sub(w.reshape(trueW.shape));
  const errorB = b.rsub(trueB);
  log(`error in estimating w: ${errorW}`);
  log(`error in estimating b: ${errorB}`);
  return {
    losses,
    w: Array.from(w.toTypedArray(), Number),
    b: b.item(),
    errorW: Array.from(errorW.toTypedArray(), Number),
    errorB: errorB.item(),
  };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) run();
