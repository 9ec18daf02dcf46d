/** The worker's side without a browser: data, training sessions, lessons, CSV. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { datasets, fromTypedArray } from "descent";
import type { Config } from "../src/core/config.js";
import { DEFAULT_CONFIG, normalize } from "../src/core/config.js";
import { parseCsvData } from "../src/core/csv.js";
import { inputs, makeDataSet, splitDataSet } from "../src/core/data.js";
import {
  backpropStep,
  compareLearningRates,
  compareRates,
  lossSurface,
} from "../src/core/lessons.js";
import { presetById } from "../src/core/presets.js";
import { Session, divergence } from "../src/core/session.js";

const splitOf = (c: Config) => splitDataSet(makeDataSet(c.data), c.data.testRatio, c.data.seed);

test("the default data is the seed's make_classification, split 800 / 200", () => {
  const ds = makeDataSet(DEFAULT_CONFIG.data);
  const ref = datasets.makeClassification({
    nSamples: 1000,
    nFeatures: 4,
    nInformative: 2,
    nRedundant: 0,
    randomState: 42,
  });
  assert.deepEqual(ds.X, ref.X.toTypedArray());
  assert.deepEqual(ds.y, ref.y.toTypedArray());
  const s = splitOf(DEFAULT_CONFIG);
  assert.deepEqual([s.train.n, s.test.n, s.nClasses], [800, 200, 2]);
});

test("every generator gives n rows of finite numbers, the same for the same seed", () => {
  for (const name of [
    "moons",
    "circles",
    "blobs",
    "xor",
    "spiral",
    "plane",
    "gaussians",
  ] as const) {
    const c = normalize({
      ...DEFAULT_CONFIG,
      data: { ...DEFAULT_CONFIG.data, name, nSamples: 101, noise: 0.2 },
    });
    const a = makeDataSet(c.data);
    assert.equal(a.n, 101, name);
    assert.equal(a.X.length, 202, name);
    assert.ok(a.X.every(Number.isFinite), name);
    assert.deepEqual(makeDataSet(c.data), a, name);
  }
});

test("derived inputs are computed from the first two columns", () => {
  const X = Float32Array.from([2, 3, 5]);
  const v = inputs(X, 1, 3, { columns: [2], derived: ["x1sq", "x2sq", "x1x2", "sinx1", "sinx2"] });
  assert.deepEqual(
    Array.from(v),
    Array.from(Float32Array.from([5, 4, 9, 6, Math.sin(2), Math.sin(3)])),
  );
});

test("the seed's network passes 80% test accuracy within 150 epochs, the same run twice", () => {
  const split = splitOf(DEFAULT_CONFIG);
  const a = new Session(DEFAULT_CONFIG, split);
  const b = new Session(DEFAULT_CONFIG, split);
  for (let e = 0; e < 150; e++) a.stepEpoch();
  for (let e = 0; e < 150; e++) b.stepEpoch();
  assert.deepEqual(a.history, b.history);
  assert.ok(a.history[149].trainLoss < a.history[0].trainLoss);
  assert.ok(a.history[149].testAcc! > 0.8, `test accuracy ${a.history[149].testAcc}`);
  assert.equal(divergence(a.history, 0.1), null);
});

test("a mini-batch step changes the weights and counts batches; an epoch is ceil(n / batch) of them", () => {
  const c = normalize({ ...DEFAULT_CONFIG, batchSize: 300 });
  const s = new Session(c, splitOf(c));
  assert.equal(s.batchesPerEpoch, 3);
  const w0 = s.weights();
  assert.equal(s.stepBatch(), null);
  assert.equal(s.batch, 1);
  assert.notDeepEqual(s.weights(), w0);
  s.stepBatch();
  const end = s.stepBatch();
  assert.equal(end?.epoch, 1);
  assert.deepEqual([s.epoch, s.batch], [1, 0]);
});

test("dropout: masks from the seed in train(), none in eval(); the same run twice, another without", () => {
  const c = normalize({ ...DEFAULT_CONFIG, hidden: [16], activations: ["relu"], dropout: 0.5 });
  const split = splitOf(c);
  const a = new Session(c, split);
  const b = new Session(c, split);
  const plain = new Session({ ...c, dropout: 0 }, split);
  assert.deepEqual(
    [...a.built.model.children()].map((m) => m.constructor.name),
    ["Linear", "ReLU", "Dropout", "Linear", "Sigmoid"],
  );
  assert.deepEqual(a.weights(), plain.weights()); // the masks' generator is not the weights'
  for (let e = 0; e < 5; e++) [a, b, plain].forEach((s) => s.stepEpoch());
  assert.deepEqual(a.history, b.history);
  assert.notEqual(a.history[4].trainLoss, plain.history[4].trainLoss);
  // eval(): the heat map's outputs are the same each time (no mask drawn)
  const X = split.test.X.subarray(0, 8 * split.test.d);
  assert.deepEqual(a.outputs(X, 8), a.outputs(X, 8));
  // train(): a forward draws a mask, so two forwards differ
  const { model } = a.built;
  model.train();
  const x = fromTypedArray(a.inputValues(X, 8), [8, 4]);
  assert.notDeepEqual(model.forward(x).toTypedArray(), model.forward(x).toTypedArray());
});

test("divergence: linear regression at lr 10 is caught, naming the epoch and the rate", () => {
  const c = normalize({ ...presetById("linear-regression")!.config, lr: 10 });
  const s = new Session(c, splitOf(c));
  let d = null;
  while (!d && s.epoch < 50) {
    s.stepEpoch();
    d = divergence(s.history, c.lr);
  }
  assert.ok(d, "no divergence found");
  assert.equal(d.lr, 10);
  assert.ok(d.epoch >= 1 && d.epoch <= 50);
  assert.ok(!Number.isFinite(d.loss) || d.loss > 10 * s.history[0].trainLoss);
});

test("learning-rate comparison: three runs, the largest diverges for linear regression", () => {
  assert.deepEqual(compareRates(0.1), [0.001, 0.1, 10]);
  const c = presetById("linear-regression")!.config;
  const r = compareLearningRates(c, splitOf(c), 40);
  assert.deepEqual(
    r.runs.map((x) => x.lr),
    compareRates(c.lr),
  );
  assert.equal(r.runs[0].losses.length, 40);
  assert.ok(r.runs[1].losses[39] < r.runs[0].losses[39], "the chosen rate beats the small one");
  assert.ok(r.runs[2].divergence, "the large rate diverges");
});

test("loss surface: batch descent walks towards (2, 1); stochastic takes another path", () => {
  const c = normalize({ ...DEFAULT_CONFIG, lr: 0.1 });
  const full = lossSurface(c, 200, 16);
  assert.equal(full.path.length, 201);
  assert.deepEqual(full.path[0], [-2, -2.5]);
  const [w, b] = full.path[200];
  assert.ok(Math.abs(w - 2) < 0.15 && Math.abs(b - 1) < 0.15, `ended at ${w}, ${b}`);
  assert.equal(full.loss.length, 256);
  const sgd = lossSurface({ ...c, batchSize: 1 }, 50, 8);
  assert.equal(sgd.kind, "stochastic");
  assert.notDeepEqual(sgd.path.slice(0, 5), full.path.slice(0, 5));
});

test("backprop step: the chain rule's numbers, and the update lowers the loss", () => {
  const r = backpropStep(DEFAULT_CONFIG, splitOf(DEFAULT_CONFIG));
  const yhat = r.forward.find((f) => f.name.startsWith("ŷ"))!.values[0];
  const dz2 = r.backward[1].values[0];
  assert.ok(Math.abs(dz2 - (yhat - r.target)) < 1e-6, `∂L/∂z2 ${dz2} vs ŷ − y ${yhat - r.target}`);
  const a1 = r.forward[3].values;
  r.backward[2].values.forEach((g, j) => assert.ok(Math.abs(g - dz2 * a1[j]) < 1e-6));
  assert.ok(r.lossAfter < r.loss);
});

test("CSV: header optional, label last or chosen, classes or regression", () => {
  const a = parseCsvData("a,b,label\n1,2,0\n3,4,1\n5,6,1\n");
  assert.deepEqual([a.n, a.d, a.nClasses, a.columnNames], [3, 2, 2, ["a", "b"]]);
  const b = parseCsvData("1,2,0.5\n3,4,1.5\n5,6,2.25\n");
  assert.deepEqual([b.n, b.d, b.nClasses, b.columnNames], [3, 2, 0, ["x1", "x2"]]);
  assert.deepEqual(Array.from(b.y), [0.5, 1.5, 2.25]);
  const c = parseCsvData("kind,x,y\ncat,1,2\ndog,3,4\ncat,5,6\n", "kind");
  assert.deepEqual([c.nClasses, Array.from(c.y), c.columnNames], [2, [0, 1, 0], ["x", "y"]]);
});

test("CSV: a bad file is refused with the line and the problem", () => {
  assert.throws(() => parseCsvData("x1,x2,y\n1,2,0\n3,4\n5,6,1\n"), /line 3 has 2 fields/);
  assert.throws(() => parseCsvData("x1,x2,y\n1,2,0\n3,abc,1\n"), /line 3, column 2 \('x2'\)/);
  assert.throws(() => parseCsvData(""), /empty/);
  assert.throws(() => parseCsvData("x,y\n1,0\n"), /1 data line/);
});
