/**
 * "Learn the Basics", Optimizing Model Parameters
 * (https://pytorch.org/tutorials/beginner/basics/optimization_tutorial.html).
 *
 * The network of buildmodel.ts trained on Fashion-MNIST with `nn.CrossEntropyLoss` and
 * `optim.SGD` at lr 1e-3, batches of 64 in file order: a train loop that prints the loss every
 * 100 batches and a test loop that prints the accuracy and average loss, for 10 epochs (with
 * `--small`: 640 training and 200 test images, 2 epochs, in seconds).
 *
 * Run: npx tsx examples/pytorch/optimization.ts [--small]
 */
import { DataLoader, data, noGrad, nn, optim } from "descent";
import type { Tensor } from "descent";
import type { BasicsOptions } from "./buildmodel.js";
import { NeuralNetwork } from "./buildmodel.js";
import { SMALL, fashionMnist, initFromRandomState } from "./fashion_mnist.js";
import { isMain } from "./options.js";

export interface OptimizationOptions extends BasicsOptions {
  /** Train and test on SMALL's subset for SMALL's epochs. */
  small?: boolean;
}

/** Python's f"{v:>{width}f}": six decimals, right-aligned. */
const f = (v: number, width: number) => v.toFixed(6).padStart(width);

/** The trained model, and every batch's loss and each epoch's test results (for the tests). */
export interface RunResult {
  model: NeuralNetwork;
  batchLosses: number[];
  /** Test images classified right, per epoch. */
  correct: number[];
  testLosses: number[];
}

export function run(opts: OptimizationOptions = {}): RunResult {
  const log = opts.log ?? console.log;
  const small = opts.small ?? false;
  const { trainingData, testData } = fashionMnist(small);

  const trainDataloader = new DataLoader(trainingData, { batchSize: 64 });
  const testDataloader = new DataLoader(testData, { batchSize: 64 });

  const model = new NeuralNetwork();
  if (opts.numpySeed !== undefined)
    initFromRandomState(model, new data.RandomState(opts.numpySeed));

  // Hyperparameters
  const learningRate = 1e-3;
  const batchSize = 64;
  const batchLosses: number[] = [];
  const [corrects, testLosses]: number[][] = [[], []];

  function trainLoop(
    dataloader: DataLoader,
    model: nn.Module,
    lossFn: nn.CrossEntropyLoss,
    optimizer: optim.Optimizer,
  ): void {
    const size = dataloader.dataset.length;
    // Set the model to training mode - important for batch normalization and dropout layers
    // Unnecessary in this situation but added for best practices
    model.train();
    let batch = 0;
    for (const [X, y] of dataloader as Iterable<Tensor[]>) {
      // Compute prediction and loss
      const pred = model.forward(X);
      const loss = lossFn.forward(pred, y);

      // Backpropagation
      optimizer.zeroGrad();
      loss.backward();
      optimizer.step();

      batchLosses.push(loss.item());
      if (batch % 100 === 0) {
        const current = batch * batchSize + X.shape[0];
        log(
          `loss: ${f(loss.item(), 7)}  [${String(current).padStart(5)}/${String(size).padStart(5)}]`,
        );
      }
      batch++;
    }
  }

  function testLoop(dataloader: DataLoader, model: nn.Module, lossFn: nn.CrossEntropyLoss): void {
    // Set the model to evaluation mode - important for batch normalization and dropout layers
    model.eval();
    const size = dataloader.dataset.length;
    const numBatches = dataloader.length;
    let testLoss = 0;
    let correct = 0;

    // Evaluating the model with noGrad ensures that no gradients are computed during test mode
    noGrad(() => {
      for (const [X, y] of dataloader as Iterable<Tensor[]>) {
        const pred = model.forward(X);
        testLoss += lossFn.forward(pred, y).item();
        correct += pred.argmax(1).eq(y).float().sum().item();
      }
    });

    corrects.push(correct);
    testLoss /= numBatches;
    testLosses.push(testLoss);
    correct /= size;
    log(`Test Error: \n Accuracy: ${(100 * correct).toFixed(1)}%, Avg loss: ${f(testLoss, 8)} \n`);
  }

  const lossFn = new nn.CrossEntropyLoss();
  const optimizer = new optim.SGD(model.parameters(), { lr: learningRate });

  const epochs = small ? SMALL.epochs : 10;
  for (let t = 0; t < epochs; t++) {
    log(`Epoch ${t + 1}\n-------------------------------`);
    trainLoop(trainDataloader, model, lossFn, optimizer);
    testLoop(testDataloader, model, lossFn);
  }
  log("Done!");
  return { model, batchLosses, correct: corrects, testLosses };
}

if (isMain(import.meta.url)) run({ small: process.argv.includes("--small") });
