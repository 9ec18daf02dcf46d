/**
 * train.d2l: the hand-written pieces of d2l chapter 3 (softmax, cross-entropy, sgd, relu) against
 * the library's, the chapter's loop (trainCh3) on a small problem, and the models' shapes.
 */
import { test } from "node:test";
import assert from "node:assert/strict";

import {
  Generator,
  data,
  nn,
  noGrad,
  optim,
  randn,
  tensor,
  train,
  type Tensor,
} from "../../src/index.js";

const { d2l } = train;

function close(a: Tensor, b: Tensor, tol = 1e-6): void {
  const x = Array.from(a.toTypedArray(), Number);
  const y = Array.from(b.toTypedArray(), Number);
  assert.deepEqual(a.shape, b.shape);
  x.forEach((v, i) => assert.ok(Math.abs(v - y[i]) <= tol, `${v} vs ${y[i]} at ${i}`));
}

test("softmax: rows of probabilities, equal to the library's stable softmax for moderate scores", () => {
  const X = randn([5, 10], { generator: new Generator(0) });
  const p = d2l.softmax(X);
  close(p.sum(1), tensor([1, 1, 1, 1, 1]), 1e-6);
  close(p, X.softmax(1), 1e-6);
  // as the book warns, exp overflows for large scores; the library's form does not
  assert.ok(Number.isNaN(d2l.softmax(tensor([[1000, 0]])).toTypedArray()[0]));
});

test("crossEntropy: d2l 3.6's example, and the library's loss on the logits", () => {
  const yHat = tensor([
    [0.1, 0.3, 0.6],
    [0.3, 0.2, 0.5],
  ]);
  const y = tensor([0, 2], { dtype: "int32" });
  close(d2l.crossEntropy(yHat, y), tensor([-Math.log(0.1), -Math.log(0.5)]), 1e-6);
  assert.equal(d2l.accuracy(yHat, y), 1);
  const logits = randn([6, 4], { generator: new Generator(1) });
  const labels = tensor([0, 1, 2, 3, 1, 0], { dtype: "int32" });
  close(
    d2l.crossEntropy(d2l.softmax(logits), labels),
    new nn.CrossEntropyLoss({ reduction: "none" }).forward(logits, labels),
    1e-5,
  );
});

test("sgd: param -= lr * grad / batchSize, then the gradient is zero", () => {
  const w = tensor([1, 2], { requiresGrad: true });
  w.mul(tensor([3, 4]))
    .sum()
    .backward(); // grad [3, 4]
  d2l.sgd([w], 0.5, 2);
  close(w.detach(), tensor([1 - 0.75, 2 - 1]));
  close(w.grad!, tensor([0, 0]));
  // a parameter without a gradient is left alone
  const v = tensor([5], { requiresGrad: true });
  d2l.sgd([v], 0.1, 1);
  close(v.detach(), tensor([5]));
});

test("relu: max(x, 0), gradient 1 where x > 0", () => {
  const x = tensor([-2, -0.5, 0.5, 3], { requiresGrad: true });
  const r = d2l.relu(x);
  close(r.detach(), tensor([0, 0, 0.5, 3]));
  r.sum().backward();
  close(x.grad!, tensor([0, 0, 1, 1]));
});

test("models: the book's shapes and initialisation", () => {
  const g = new Generator(0);
  const s = d2l.softmaxRegressionScratch({ generator: g });
  assert.deepEqual(s.W.shape, [784, 10]);
  assert.deepEqual(s.b.shape, [10]);
  assert.ok(s.W.requiresGrad && s.b.requiresGrad && s.W.isLeaf);
  const wv = Array.from(s.W.toTypedArray(), Number);
  const std = Math.sqrt(wv.reduce((a, v) => a + v * v, 0) / wv.length);
  assert.ok(Math.abs(std - 0.01) < 0.001, `W's std is ${std}`);
  const images = randn([3, 1, 28, 28], { generator: g });
  close(s.net(images).sum(1), tensor([1, 1, 1]), 1e-5);

  const c = d2l.softmaxRegressionConcise({ generator: g });
  assert.deepEqual(Object.keys(c.stateDict()), ["1.weight", "1.bias"]);
  assert.deepEqual(c.forward(images).shape, [3, 10]);

  const m = d2l.mlpScratch({ generator: g });
  assert.deepEqual(
    m.params.map((p) => p.shape),
    [[784, 256], [256], [256, 10], [10]],
  );
  assert.deepEqual(m.net(images).shape, [3, 10]);
  const mc = d2l.mlpConcise({ generator: g });
  assert.deepEqual(Object.keys(mc.stateDict()), ["1.weight", "1.bias", "3.weight", "3.bias"]);
  const count = mc.parameters().reduce((n, p) => n + p.numel(), 0);
  assert.equal(count, 784 * 256 + 256 + 256 * 10 + 10);
});

test("the concise and from-scratch softmax regressions compute the same probabilities", () => {
  const s = d2l.softmaxRegressionScratch({ generator: new Generator(2) });
  const c = d2l.softmaxRegressionConcise({ generator: new Generator(3) });
  const fc = c[1] as nn.Linear;
  noGrad(() => {
    fc.weight.copy_(s.W.t());
    fc.bias!.copy_(s.b.add(0.1));
    s.b.add_(0.1);
  });
  const X = randn([4, 1, 28, 28], { generator: new Generator(4) });
  close(s.net(X), c.forward(X).softmax(1), 1e-5);
});

/** Three well-separated blobs in 2-D, as a train and a test loader. */
function blobs(): { trainIter: data.DataLoader; testIter: data.DataLoader; X: Tensor } {
  const { X, y } = data.makeBlobs({ nSamples: 300, centers: 3, randomState: 0 });
  const ds = new data.TensorDataset(X, y);
  return {
    trainIter: new data.DataLoader(ds, {
      batchSize: 20,
      shuffle: true,
      generator: new Generator(0),
    }),
    testIter: new data.DataLoader(ds, { batchSize: 64 }),
    X,
  };
}

test("trainCh3: with an optimizer or d2l's updater, the loss falls and the accuracy climbs", () => {
  for (const kind of ["optimizer", "updater"] as const) {
    const { trainIter, testIter } = blobs();
    const net = new nn.Linear(2, 3, { generator: new Generator(1) });
    const updater =
      kind === "optimizer"
        ? new optim.SGD(net.parameters(), { lr: 0.05 })
        : (n: number) => d2l.sgd(net.parameters(), 0.05, n);
    const loss = new nn.CrossEntropyLoss({ reduction: "none" });
    const seen: number[] = [];
    const history = d2l.trainCh3(net, trainIter, testIter, loss, 5, updater, {
      onEpoch: (e) => seen.push(e.epoch),
    });
    assert.deepEqual(seen, [1, 2, 3, 4, 5]);
    assert.equal(history.length, 5);
    assert.ok(history[4].trainLoss < history[0].trainLoss, kind);
    assert.ok(history[4].testAcc > 0.9, `${kind}: test acc ${history[4].testAcc}`);
    assert.equal(history[0].examples, 300);
    assert.equal(history[0].epochs, 5);
    assert.ok(history.every((e) => e.seconds >= 0));
  }
});

test("trainCh3: a model given as a function; a loss without one value per example is refused", () => {
  const { trainIter, testIter } = blobs();
  const W = randn([2, 3], { generator: new Generator(5) })
    .mul(0.01)
    .requiresGrad_();
  const b = tensor([0, 0, 0], { requiresGrad: true });
  const net = (X: Tensor) => d2l.softmax(X.matmul(W).add(b));
  const history = d2l.trainCh3(net, trainIter, testIter, d2l.crossEntropy, 5, (n) =>
    d2l.sgd([W, b], 0.05, n),
  );
  assert.ok(history[4].trainLoss < history[0].trainLoss);
  assert.ok(history[4].testAcc > 0.9, `test acc ${history[4].testAcc}`);
  const lin = new nn.Linear(2, 3);
  assert.throws(
    () =>
      d2l.trainCh3(
        lin,
        trainIter,
        testIter,
        new nn.CrossEntropyLoss(),
        1,
        new optim.SGD(lin.parameters(), { lr: 0.1 }),
      ),
    /one value per example .* reduction "none"/,
  );
  assert.throws(
    () => d2l.trainCh3(lin, trainIter, testIter, d2l.crossEntropy, -1, () => {}),
    /numEpochs/,
  );
});

test("evaluateAccuracy and predictCh3 restore the module's mode", () => {
  const { testIter, X } = blobs();
  const net = new nn.Sequential(new nn.Linear(2, 3));
  net.train();
  const acc = d2l.evaluateAccuracy(net, testIter);
  assert.ok(acc >= 0 && acc <= 1);
  assert.equal(net.training, true);
  net.eval();
  d2l.trainEpochCh3(
    net,
    testIter,
    new nn.CrossEntropyLoss({ reduction: "none" }),
    new optim.SGD(net.parameters(), { lr: 0.1 }),
  );
  assert.equal(net.training, false);
  const images = X.narrow(0, 0, 4).reshape(4, 1, 1, 2);
  const flat = new nn.Sequential(new nn.Flatten(), new nn.Linear(2, 3));
  const p = d2l.predictCh3(flat, images, tensor([0, 1, 2, 0], { dtype: "int32" }));
  assert.deepEqual(p.shape, [4, 1, 2]);
  assert.equal(p.images.length, 8);
  assert.deepEqual(p.labels, [0, 1, 2, 0]);
  assert.equal(p.predictions.length, 4);
  assert.ok(p.predictions.every((c) => c >= 0 && c < 3));
});

test("sampleDataset and spreadIndices", () => {
  const X = tensor(Array.from({ length: 10 }, (_, i) => [i]));
  const y = tensor(
    Array.from({ length: 10 }, (_, i) => i),
    { dtype: "int32" },
  );
  const ds = new data.TensorDataset(X, y);
  const sub = d2l.sampleDataset(ds, 4, new Generator(0));
  assert.equal(sub.length, 4);
  const xs = Array.from(sub.tensors[0].toTypedArray(), Number);
  const ys = Array.from(sub.tensors[1].toTypedArray(), Number);
  assert.deepEqual(xs, ys); // rows stay paired
  assert.equal(new Set(ys).size, 4); // without replacement
  assert.equal(d2l.sampleDataset(ds, 50), ds);
  assert.throws(() => d2l.sampleDataset(ds, 0), /positive integer/);
  assert.deepEqual(
    d2l.spreadIndices(10000, 10),
    [0, 1000, 2000, 3000, 4000, 5000, 6000, 7000, 8000, 9000],
  );
  assert.deepEqual(d2l.spreadIndices(3, 6), [0, 1, 2]);
});
