import { test } from "node:test";
import assert from "node:assert/strict";

import { DataLoader } from "../../src/data/dataloader.js";
import type { Dataset } from "../../src/data/dataset.js";
import { TensorDataset } from "../../src/data/dataset.js";
import type { Tensor } from "../../src/tensor/index.js";
import { arange, Generator, manualSeed, randn, tensor } from "../../src/tensor/index.js";
import * as nn from "../../src/nn/index.js";
import * as optim from "../../src/optim/index.js";

/** X: [n, 2] with row i = [i, 10 i]; y: [n] int32 with y[i] = i. */
function rows(n: number): TensorDataset {
  const X = arange(0, n)
    .reshape(n, 1)
    .mul(tensor([1, 10]));
  const y = arange(0, n, 1, { dtype: "int32" });
  return new TensorDataset(X, y);
}

/** The sample ids of one epoch, batch by batch (from y). */
function epoch(loader: DataLoader): number[][] {
  return [...loader].map(([, y]) => Array.from(y.toTypedArray()));
}

test("TensorDataset: length, get, and a clear error for mismatched first dims", () => {
  const ds = rows(5);
  assert.equal(ds.length, 5);
  const [x3, y3] = ds.get(3);
  assert.deepEqual(x3.tolist(), [3, 30]);
  assert.equal(y3.item(), 3);
  assert.deepEqual(ds.get(-1)[1].item(), 4);
  assert.equal(String(ds), "TensorDataset([5, 2], [5])");
  assert.throws(() => new TensorDataset(arange(0, 6).reshape(3, 2), arange(0, 4)), {
    message:
      "TensorDataset: size mismatch between tensors: tensor 0 has 3 samples (shape [3, 2]), tensor 1 has 4 (shape [4]); all tensors must have the same first dimension",
  });
  assert.throws(() => new TensorDataset(), /at least one tensor/);
  assert.throws(() => new TensorDataset(tensor(1)), /tensor 0 is a scalar/);
});

test("DataLoader: batch count and shapes for several N / batchSize / dropLast", () => {
  const cases: [number, number, boolean, number[]][] = [
    // n, batchSize, dropLast, batch sizes
    [10, 3, false, [3, 3, 3, 1]],
    [10, 3, true, [3, 3, 3]],
    [10, 5, false, [5, 5]],
    [10, 5, true, [5, 5]],
    [10, 1, false, Array(10).fill(1)],
    [10, 10, false, [10]],
    [10, 64, false, [10]],
    [10, 64, true, []],
    [7, 2, false, [2, 2, 2, 1]],
    [0, 4, false, []],
  ];
  for (const [n, batchSize, dropLast, sizes] of cases) {
    for (const shuffle of [false, true]) {
      const loader = new DataLoader(rows(n), {
        batchSize,
        dropLast,
        shuffle,
        generator: new Generator(1),
      });
      const what = `n=${n} batchSize=${batchSize} dropLast=${dropLast} shuffle=${shuffle}`;
      assert.equal(loader.length, sizes.length, what);
      const batches = [...loader];
      assert.deepEqual(
        batches.map(([x]) => x.shape),
        sizes.map((b) => [b, 2]),
        what,
      );
      assert.deepEqual(
        batches.map(([, y]) => [y.shape, y.dtype]),
        sizes.map((b) => [[b], "int32"]),
        what,
      );
    }
  }
});

test("DataLoader: without shuffle, batches are the samples in order and rows stay together", () => {
  const loader = new DataLoader(rows(5), { batchSize: 2 });
  const batches = [...loader];
  assert.deepEqual(
    batches.map(([x]) => x.tolist()),
    [
      [
        [0, 0],
        [1, 10],
      ],
      [
        [2, 20],
        [3, 30],
      ],
      [[4, 40]],
    ],
  );
  assert.deepEqual(epoch(loader), [[0, 1], [2, 3], [4]]);
});

test("DataLoader: shuffling visits every sample exactly once per epoch, in a new order each epoch", () => {
  const n = 53;
  const loader = new DataLoader(rows(n), {
    batchSize: 8,
    shuffle: true,
    generator: new Generator(7),
  });
  const orders: number[][] = [];
  for (let e = 0; e < 4; e++) {
    const batches = [...loader];
    for (const [x, y] of batches) {
      // features stay with their label: x = [i, 10 i] for y = i
      const ys = Array.from(y.toTypedArray());
      assert.deepEqual(
        x.tolist(),
        ys.map((i) => [i, 10 * i]),
      );
    }
    const order = batches.flatMap(([, y]) => Array.from(y.toTypedArray()));
    assert.deepEqual(
      [...order].sort((a, b) => a - b),
      Array.from({ length: n }, (_, i) => i),
      `epoch ${e} visits every sample once`,
    );
    orders.push(order);
  }
  for (let e = 1; e < orders.length; e++) assert.notDeepEqual(orders[e], orders[e - 1]);
  assert.notDeepEqual(
    orders[0],
    Array.from({ length: n }, (_, i) => i),
  );
});

test("DataLoader: the same seed gives the same sequence of epochs; dropLast drops a random remainder", () => {
  const make = (seed: number): DataLoader =>
    new DataLoader(rows(20), { batchSize: 6, shuffle: true, generator: new Generator(seed) });
  const a = make(3);
  const b = make(3);
  const c = make(4);
  const epochsA = [epoch(a), epoch(a), epoch(a)];
  assert.deepEqual([epoch(b), epoch(b), epoch(b)], epochsA);
  assert.notDeepEqual(epoch(c), epochsA[0]);

  const dropped = new DataLoader(rows(20), {
    batchSize: 6,
    shuffle: true,
    dropLast: true,
    generator: new Generator(3),
  });
  const ids = epoch(dropped);
  assert.equal(ids.length, 3);
  assert.deepEqual(ids, epochsA[0].slice(0, 3)); // the same permutation, last batch dropped
  assert.equal(new Set(ids.flat()).size, 18);
});

test("DataLoader: without a generator, shuffles come from the default generator (manualSeed)", () => {
  const loader = new DataLoader(rows(30), { batchSize: 30, shuffle: true });
  manualSeed(11);
  const first = epoch(loader);
  manualSeed(11);
  assert.deepEqual(epoch(loader), first);
});

test("DataLoader: batch gradient descent, SGD and mini-batches are batchSize N, 1 and between", () => {
  const ds = rows(12);
  assert.equal(new DataLoader(ds, { batchSize: ds.length }).length, 1); // batch GD: one update an epoch
  assert.equal(new DataLoader(ds, { batchSize: 1 }).length, 12); // SGD: one update a sample
  assert.equal(new DataLoader(ds, { batchSize: 4 }).length, 3); // mini-batch
  assert.equal(new DataLoader(ds).batchSize, 1); // PyTorch's default
});

test("DataLoader: a generic Dataset is stacked sample by sample, single tensors too", () => {
  const pairs: Dataset<Tensor[]> = {
    length: 5,
    get: (i) => [tensor([i, i * i]), tensor(i % 2, { dtype: "int32" })],
  };
  const batches = [...new DataLoader(pairs, { batchSize: 2 })];
  assert.equal(batches.length, 3);
  assert.deepEqual(batches[1][0].tolist(), [
    [2, 4],
    [3, 9],
  ]);
  assert.deepEqual(batches[1][1].tolist(), [0, 1]);
  assert.equal(batches[1][1].dtype, "int32");

  const singles: Dataset<Tensor> = { length: 3, get: (i) => tensor([i]) };
  const [only] = [...new DataLoader(singles, { batchSize: 3 })];
  assert.equal(only.length, 1);
  assert.deepEqual(only[0].tolist(), [[0], [1], [2]]);

  const shuffled = new DataLoader(pairs, {
    batchSize: 5,
    shuffle: true,
    generator: new Generator(2),
  });
  const [[x, y]] = [...shuffled];
  const ids = (x.tolist() as number[][]).map((r) => r[0]);
  assert.deepEqual([...ids].sort(), [0, 1, 2, 3, 4]);
  assert.deepEqual(
    y.tolist(),
    ids.map((i) => i % 2),
  );
});

test("DataLoader: bad options and bad samples are clear errors", () => {
  assert.throws(() => new DataLoader(rows(3), { batchSize: 0 }), {
    message: "DataLoader: batchSize should be a positive integer value, but got batchSize=0",
  });
  assert.throws(() => new DataLoader(rows(3), { batchSize: 2.5 }), /batchSize=2.5/);
  assert.throws(() => new DataLoader({} as Dataset), /integer `length` and a `get\(i\)` method/);
  const bad: Dataset<Tensor[]> = {
    length: 2,
    get: (i) => (i === 0 ? [tensor([1])] : [tensor([1]), tensor([2])]),
  };
  assert.throws(() => [...new DataLoader(bad, { batchSize: 2 })], {
    message:
      "DataLoader: sample 1 has 2 fields but sample 0 has 1; every sample must have the same structure",
  });
  const notTensor = { length: 1, get: () => [1, 2] } as unknown as Dataset<Tensor[]>;
  assert.throws(
    () => [...new DataLoader(notTensor)],
    /field 0 of sample 0 is number; expected a Tensor/,
  );
});

test("DataLoader: the doc example trains a linear model with mini-batch SGD", () => {
  const g = new Generator(0);
  const X = randn([200, 2], { generator: g });
  const y = X.matmul(tensor([[2], [-3.4]])).add(4.2); // y = X w + b, [200, 1]
  const model = new nn.Linear(2, 1);
  const lossFn = new nn.MSELoss();
  const optimizer = new optim.SGD(model.parameters(), { lr: 0.1 });
  const loader = new DataLoader(new TensorDataset(X, y), {
    batchSize: 32,
    shuffle: true,
    generator: new Generator(0),
  });
  assert.equal(loader.length, 7); // ceil(200 / 32)
  const before = lossFn.forward(model.forward(X), y).item();
  for (let epoch = 0; epoch < 10; epoch++) {
    for (const [xb, yb] of loader) {
      optimizer.zeroGrad();
      lossFn.forward(model.forward(xb), yb).backward();
      optimizer.step();
    }
  }
  const after = lossFn.forward(model.forward(X), y).item();
  assert.ok(after < 1e-3 && after < before / 100, `loss ${before} -> ${after}`);
});
