/**
 * What the d2l examples share: Fashion-MNIST as d2l's `load_data_fashion_mnist(batch_size)`, the
 * small size the tests run them at (`--small` on the command line, or `DESCENT_SMALL=1`), and the
 * line they print per epoch.
 */
import { Generator, data as dataApi, train } from "descent";
import { loadFashionMnist } from "descent/io";

/** The reduced size: 2000 training and 500 test images, batches of 32, 2 epochs (seconds). */
export const SMALL = { trainSize: 2000, testSize: 500, batchSize: 32, numEpochs: 2 } as const;

/** Whether the command line has `--small` or the environment `DESCENT_SMALL=1`. */
export function isSmall(
  argv: readonly string[] = process.argv.slice(2),
  env: NodeJS.ProcessEnv = process.env,
): boolean {
  return argv.includes("--small") || env.DESCENT_SMALL === "1";
}

/** Options every Fashion-MNIST example takes. */
export interface ExampleOptions {
  /** Train and test on a random subset (SMALL) instead of all 60 000 + 10 000 images. */
  small?: boolean;
  /** Seed of the initial weights, the subset and the shuffles (default 0). */
  seed?: number;
  /** Where the lines go (default console.log). */
  log?: (line: string) => void;
}

export interface FashionMnistIters {
  trainIter: dataApi.DataLoader;
  testIter: dataApi.DataLoader;
  testSet: dataApi.TensorDataset;
  labels: string[];
}

/**
 * d2l's `train_iter, test_iter = d2l.load_data_fashion_mnist(batch_size)`; with `small`, a random
 * subset of SMALL's size.
 */
export function loadDataFashionMnist(
  batchSize: number,
  opts: { small?: boolean; generator?: Generator } = {},
): FashionMnistIters {
  const generator = opts.generator ?? new Generator(0);
  const data = loadFashionMnist({ batchSize, generator });
  if (!opts.small) {
    return {
      trainIter: data.train,
      testIter: data.test,
      testSet: data.testSet,
      labels: data.labels,
    };
  }
  const trainSet = train.d2l.sampleDataset(data.trainSet, SMALL.trainSize, generator);
  const testSet = train.d2l.sampleDataset(data.testSet, SMALL.testSize, generator);
  return {
    trainIter: new dataApi.DataLoader(trainSet, { batchSize, shuffle: true, generator }),
    testIter: new dataApi.DataLoader(testSet, { batchSize }),
    testSet,
    labels: data.labels,
  };
}

/** `epoch 1, loss 0.7850, train acc 0.749, test acc 0.789` */
export function epochLine(e: train.d2l.Ch3Epoch): string {
  return (
    `epoch ${e.epoch}, loss ${e.trainLoss.toFixed(4)}, ` +
    `train acc ${e.trainAcc.toFixed(3)}, test acc ${e.testAcc.toFixed(3)}`
  );
}

/** d2l's `predict_ch3` as text: the first `n` test images' true and predicted labels. */
export function predictionLines(p: train.d2l.Ch3Predictions, labels: readonly string[]): string[] {
  const wrong = p.labels.filter((c, i) => p.predictions[i] !== c).length;
  return [
    `true:      ${p.labels.map((c) => labels[c].padEnd(11)).join("")}`.trimEnd(),
    `predicted: ${p.predictions.map((c) => labels[c].padEnd(11)).join("")}`.trimEnd(),
    `${p.labels.length - wrong} of ${p.labels.length} right`,
  ];
}
