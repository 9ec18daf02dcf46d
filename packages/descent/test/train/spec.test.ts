import { test } from "node:test";
import assert from "node:assert/strict";
import { optim } from "../../src/index.js";
import { Generator, nn } from "../../src/index.js";
import {
  LinearNet,
  SoftmaxNet,
  linregNet,
  lossByName,
  makeOptimizer,
  parseModelSpec,
} from "../../src/train/index.js";

test("parseModelSpec: nn.Sequential with PyTorch's state-dict keys", () => {
  const m = parseModelSpec("linear(4,10), Sigmoid, linear(10,1),sigmoid", {
    generator: new Generator(0),
  });
  assert.ok(m instanceof nn.Sequential);
  const sd = m.stateDict();
  assert.deepEqual(Object.keys(sd), ["0.weight", "0.bias", "2.weight", "2.bias"]);
  assert.deepEqual(sd["0.weight"].shape, [10, 4]);
  assert.deepEqual(sd["2.bias"].shape, [1]);
  const noBias = parseModelSpec("linear(3,2,0),softmax(1)");
  assert.deepEqual(Object.keys(noBias.stateDict()), ["0.weight"]);
});

test("parseModelSpec: errors name the layer and the problem", () => {
  assert.throws(() => parseModelSpec(""), /empty/);
  assert.throws(
    () => parseModelSpec("linear(4,10),foo"),
    /layer 2 \(foo\): unknown layer; known: linear/,
  );
  assert.throws(() => parseModelSpec("linear(4)"), /layer 1 \(linear\): 1 argument\(s\); usage/);
  assert.throws(() => parseModelSpec("linear(4,x)"), /arguments must be integers/);
  assert.throws(() => parseModelSpec("linear(4,0)"), /outFeatures must be a positive integer/);
  assert.throws(
    () => parseModelSpec("linear(4,10),sigmoid,linear(8,1)"),
    /layer 3 is linear\(8,1\) but layer 1 gives 10 features/,
  );
  assert.throws(() => parseModelSpec("linear(4,10)),"), /can't read/);
});

test("the seed's models keep the seed's parameter names", () => {
  assert.deepEqual(Object.keys(new LinearNet().stateDict()), [
    "fc1.weight",
    "fc1.bias",
    "fc2.weight",
    "fc2.bias",
  ]);
  assert.deepEqual(Object.keys(new SoftmaxNet().stateDict()), ["fc.weight", "fc.bias"]);
  const lin = linregNet(new Generator(0));
  assert.deepEqual(Object.keys(lin.stateDict()), ["0.weight", "0.bias"]);
  assert.deepEqual(lin.stateDict()["0.bias"].tolist(), [0]);
});

test("losses and optimizers by name", () => {
  assert.equal(lossByName("bce").task, "binary");
  assert.equal(lossByName("cross-entropy").target, "index");
  assert.equal(lossByName("MSE").task, "regression");
  assert.throws(() => lossByName("hinge"), /unknown loss "hinge"; known: bce/);
  const p = new nn.Linear(2, 1).parameters();
  assert.equal(
    (makeOptimizer("sgd", p, { lr: 0.1, momentum: 0.9 }) as optim.SGD).paramGroups[0].momentum,
    0.9,
  );
  assert.equal(makeOptimizer("adam", p, { lr: 0.01 }).paramGroups[0].lr, 0.01);
  assert.throws(
    () => makeOptimizer("adam", p, { lr: 0.01, momentum: 0.9 }),
    /momentum applies to sgd and rmsprop only; Adam has none/,
  );
  const rms = makeOptimizer("RMSprop", p, { lr: 0.01, momentum: 0.5, weightDecay: 0.1 });
  assert.ok(rms instanceof optim.RMSprop);
  assert.equal((rms as optim.RMSprop).paramGroups[0].momentum, 0.5);
  assert.equal((rms as optim.RMSprop).paramGroups[0].weightDecay, 0.1);
  // weightDecay 0 (the CLI's absent flag) keeps the optimizer's default: AdamW's 0.01
  assert.equal(
    (makeOptimizer("adamw", p, { lr: 0.01 }) as optim.AdamW).paramGroups[0].weightDecay,
    0.01,
  );
  for (const name of ["adagrad", "adadelta", "adamax", "nadam", "radam"])
    assert.equal(makeOptimizer(name, p, { lr: 0.5 }).paramGroups[0].lr, 0.5, name);
  assert.throws(
    () => makeOptimizer("lbfgs", p, { lr: 0.01 }),
    /unknown optimizer "lbfgs"; known: sgd, adam, adamw, rmsprop, adagrad, adadelta, adamax, nadam, radam/,
  );
});
