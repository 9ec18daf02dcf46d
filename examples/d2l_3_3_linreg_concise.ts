/**
 * d2l 3.3, "Concise Implementation of Linear Regression"
 * (https://d2l.ai/chapter_linear-regression/linear-regression-concise.html): the model of
 * examples/d2l_3_2_linreg_scratch.ts with the library's pieces: a `DataLoader` over a
 * `TensorDataset` for the mini-batches, `nn.Sequential(nn.Linear(2, 1))` for the model,
 * `nn.MSELoss` for the loss and `optim.SGD` for the updates (batch size 10, lr 0.03, 3 epochs).
 * `nn.MSELoss` is the mean of (y_hat - y)^2, without 3.2's factor 1/2, so its values are about
 * twice the from-scratch ones.
 *
 * Run: npx tsx examples/d2l_3_3_linreg_concise.ts
 * (`descent run linreg` trains the same model from the command line.)
 */
import { pathToFileURL } from "node:url";

import { Generator, data, nn, noGrad, optim, tensor } from "descent";
import type { RunOptions, RunResult } from "./d2l_3_2_linreg_scratch.js";

export function run(opts: RunOptions = {}): RunResult {
  const { log = console.log } = opts;
  const generator = new Generator(opts.seed ?? 0);

  // 3.3.1 Generating the dataset
  const trueW = tensor([2, -3.4]);
  const trueB = 4.2;
  const { X: features, y: labels } = data.syntheticData(trueW, trueB, 1000, { generator });

  // 3.3.2 Reading the dataset: d2l's load_array is a DataLoader over a TensorDataset.
  const batchSize = 10;
  const dataIter = new data.DataLoader(new data.TensorDataset(features, labels), {
    batchSize,
    shuffle: true,
    generator,
  });

  // 3.3.3 Defining the model: one fully connected layer, 2 inputs, 1 output.
  const fc = new nn.Linear(2, 1, { generator });
  const net = new nn.Sequential(fc);

  // 3.3.4 Initializing model parameters: weight ~ N(0, 0.01^2), bias 0 (in place, untracked).
  nn.init.normal_(fc.weight, 0, 0.01, generator);
  nn.init.zeros_(fc.bias!);

  // 3.3.5 Defining the loss function
  const loss = new nn.MSELoss();

  // 3.3.6 Defining the optimization algorithm
  const trainer = new optim.SGD(net.parameters(), { lr: 0.03 });

  // 3.3.7 Training
  const numEpochs = 3;
  const losses: number[] = [];
  for (let epoch = 0; epoch < numEpochs; epoch++) {
    for (const [X, y] of dataIter) {
      const l = loss.forward(net.forward(X), y);
      trainer.zeroGrad();
      l.backward();
      trainer.step();
    }
    const l = noGrad(() => loss.forward(net.forward(features), labels));
    losses.push(l.item());
    log(`epoch ${epoch + 1}, loss ${l.item().toFixed(6)}`);
  }

  const w = fc.weight.data;
  const b = fc.bias!.data;
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
