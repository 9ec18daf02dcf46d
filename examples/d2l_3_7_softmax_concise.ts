/**
 * d2l 3.7, "Concise Implementation of Softmax Regression"
 * (https://d2l.ai/chapter_linear-networks/softmax-regression-concise.html): the model of
 * examples/d2l_3_6_softmax_scratch.ts from the library's layers,
 * `nn.Sequential(nn.Flatten(), nn.Linear(784, 10))` with weights from N(0, 0.01^2), trained on
 * logits with `nn.CrossEntropyLoss` (which takes the log-softmax itself, in the numerically stable
 * way: subtracting each row's maximum before exponentiating) and `optim.SGD` at lr 0.1, batch
 * size 256, 10 epochs.
 *
 * `descent run softmax-regression` runs this model and draws the book's figures.
 *
 * Run: npx tsx examples/d2l_3_7_softmax_concise.ts [--small]
 */
import { pathToFileURL } from "node:url";

import { Generator, nn, optim, train } from "descent";
import type { ExampleOptions } from "./d2l_data.js";
import { SMALL, epochLine, isSmall, loadDataFashionMnist, predictionLines } from "./d2l_data.js";
import type { RunResult } from "./d2l_3_6_softmax_scratch.js";

const { d2l } = train;

export function run(opts: ExampleOptions = {}): RunResult {
  const { small = false, log = console.log } = opts;
  const generator = new Generator(opts.seed ?? 0);
  const batchSize = small ? SMALL.batchSize : 256;
  const { trainIter, testIter, testSet, labels } = loadDataFashionMnist(batchSize, {
    small,
    generator,
  });

  // 3.7.1 Initializing model parameters: Flatten reshapes [N, 1, 28, 28] to [N, 784].
  const net = new nn.Sequential(new nn.Flatten(), new nn.Linear(784, 10, { generator }));
  for (const m of net.modules()) {
    if (m instanceof nn.Linear) nn.init.normal_(m.weight, 0, 0.01, generator); // init_weights
  }

  // 3.7.2 Softmax implementation revisited: the loss takes the logits. reduction "none" keeps
  // one loss per example; trainCh3 averages them before backward() when given an optimizer.
  const loss = new nn.CrossEntropyLoss({ reduction: "none" });

  // 3.7.3 Optimization algorithm
  const trainer = new optim.SGD(net.parameters(), { lr: 0.1 });

  // 3.7.4 Training
  const numEpochs = small ? SMALL.numEpochs : 10;
  const history = d2l.trainCh3(net, trainIter, testIter, loss, numEpochs, trainer, {
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
