/**
 * d2l 4.2, "Implementation of Multilayer Perceptrons from Scratch"
 * (https://d2l.ai/chapter_multilayer-perceptrons/mlp-implementation.html), one step beyond
 * chapter 3: the same data, loss and training loop as softmax regression, with one hidden layer
 * of 256 ReLU units between the inputs and the outputs (784 -> 256 -> 10). W1 and W2 are drawn
 * from N(0, 0.01^2), the biases start at 0; `nn.CrossEntropyLoss` and `optim.SGD` at lr 0.1,
 * batch size 256, 10 epochs.
 *
 * Why the hidden layer matters: softmax regression's scores are linear in the pixels, so it can
 * only separate the classes with hyperplanes; the ReLU layer lets the model combine features
 * (a collar and sleeves, a sole and a heel) before scoring, and it beats the linear model's test
 * accuracy (compare the last lines with examples/d2l_3_6_softmax_scratch.ts). The book's concise
 * version (4.3) is `descent run mlp`; this one is `descent run mlp --from-scratch`.
 *
 * Run: npx tsx examples/d2l_4_2_mlp.ts [--small]
 */
import { pathToFileURL } from "node:url";

import { Generator, nn, optim, randn, train, zeros, zerosLike, type Tensor } from "descent";
import type { ExampleOptions } from "./d2l_data.js";
import { SMALL, epochLine, isSmall, loadDataFashionMnist, predictionLines } from "./d2l_data.js";
import type { RunResult } from "./d2l_3_6_softmax_scratch.js";

const { d2l } = train;

// 4.2.2 Activation function: ReLU(x) = max(x, 0), elementwise.
export function relu(X: Tensor): Tensor {
  const a = zerosLike(X);
  return X.maximum(a);
}

export function run(opts: ExampleOptions = {}): RunResult {
  const { small = false, log = console.log } = opts;
  const generator = new Generator(opts.seed ?? 0);
  const batchSize = small ? SMALL.batchSize : 256;
  const { trainIter, testIter, testSet, labels } = loadDataFashionMnist(batchSize, {
    small,
    generator,
  });

  // 4.2.1 Initializing model parameters: one hidden layer of 256 units.
  const numInputs = 784;
  const numOutputs = 10;
  const numHiddens = 256;
  const W1 = randn([numInputs, numHiddens], { generator }).mul(0.01).requiresGrad_();
  const b1 = zeros([numHiddens], { requiresGrad: true });
  const W2 = randn([numHiddens, numOutputs], { generator }).mul(0.01).requiresGrad_();
  const b2 = zeros([numOutputs], { requiresGrad: true });
  const params = [W1, b1, W2, b2];

  // 4.2.3 Model: flatten each image, the hidden layer, then the output layer (logits).
  const net = (X: Tensor): Tensor => {
    X = X.reshape(-1, numInputs);
    const H = relu(X.matmul(W1).add(b1)); // here `matmul` is the @ of the book
    return H.matmul(W2).add(b2);
  };

  // 4.2.4 Loss function: the library's cross-entropy on logits (one value per example).
  const loss = new nn.CrossEntropyLoss({ reduction: "none" });

  // 4.2.5 Training
  const numEpochs = small ? SMALL.numEpochs : 10;
  const lr = 0.1;
  const updater = new optim.SGD(params, { lr });
  const history = d2l.trainCh3(net, trainIter, testIter, loss, numEpochs, updater, {
    onEpoch: (e) => log(epochLine(e)),
  });

  const [X, y] = testSet.tensors;
  const idx = d2l.spreadIndices(testSet.length, 6);
  const predictions = d2l.predictCh3(net, X.indexSelect(0, idx), y.indexSelect(0, idx));
  for (const line of predictionLines(predictions, labels)) log(line);
  return { history, predictions };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  run({ small: isSmall() });
}
