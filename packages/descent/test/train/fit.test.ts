import { test } from "node:test";
import assert from "node:assert/strict";
import { Generator, nn, optim, tensor } from "../../src/index.js";
import {
  LinearNet,
  NonFiniteLossError,
  SoftmaxNet,
  accuracy,
  evaluate,
  fit,
  predictClasses,
  seedData,
} from "../../src/train/index.js";

test("accuracy: binary outputs at >= 0.5, multiclass by argmax", () => {
  assert.equal(accuracy(tensor([[0.9], [0.2], [0.5]]), tensor([[1], [1], [1]])), 2 / 3);
  assert.equal(accuracy(tensor([0.1, 0.7]), tensor([0, 1], { dtype: "int32" })), 1);
  assert.equal(accuracy(tensor([[-1], [2]]), tensor([0, 1]), { threshold: 0 }), 1);
  const out = tensor([
    [0.1, 0.7, 0.2],
    [0.8, 0.1, 0.1],
    [0.2, 0.2, 0.6],
  ]);
  assert.deepEqual(Array.from(predictClasses(out).toTypedArray()), [1, 0, 2]);
  assert.equal(accuracy(out, tensor([1, 0, 0], { dtype: "int32" })), 2 / 3);
  assert.throws(() => accuracy(out, tensor([1, 0])), /3 outputs but 2 targets/);
});

test("fit: full batch is the seed's loop (one step an epoch, the loss before the step)", () => {
  const { X, y } = seedData();
  const yf = y.float().view(-1, 1);
  const make = () => new LinearNet({ generator: new Generator(3) });
  // By hand, as the seed writes it.
  const a = make();
  const optA = new optim.SGD(a.parameters(), { lr: 0.1 });
  const bce = new nn.BCELoss();
  const losses: number[] = [];
  for (let e = 0; e < 5; e++) {
    const loss = bce.forward(a.forward(X), yf);
    optA.zeroGrad();
    loss.backward();
    optA.step();
    losses.push(loss.item());
  }
  const b = make();
  const seen: number[] = [];
  const h = fit(b, {
    lossFn: bce,
    optimizer: new optim.SGD(b.parameters(), { lr: 0.1 }),
    x: X,
    y: yf,
    epochs: 5,
    accuracy: true,
    onEpoch: (log) => seen.push(log.epoch),
  });
  assert.deepEqual(h.loss, losses);
  assert.deepEqual(seen, [1, 2, 3, 4, 5]);
  assert.equal(h.accuracy.length, 5);
  assert.deepEqual(b.stateDict()["fc2.bias"].tolist(), a.stateDict()["fc2.bias"].tolist());
});

test("fit: mini-batches take ceil(N / batch) steps an epoch and learn the seed's data", () => {
  const { X, y } = seedData();
  const model = new SoftmaxNet({ generator: new Generator(0) });
  const opt = new optim.SGD(model.parameters(), { lr: 0.1 });
  let steps = 0;
  const step = opt.step.bind(opt);
  opt.step = () => {
    steps++;
    step();
  };
  const h = fit(model, {
    lossFn: new nn.CrossEntropyLoss(),
    optimizer: opt,
    x: X,
    y,
    epochs: 3,
    batchSize: 64,
    generator: new Generator(1),
    accuracy: true,
  });
  assert.equal(steps, 3 * Math.ceil(1000 / 64));
  assert.ok(h.loss[2] < h.loss[0], `loss went down: ${h.loss}`);
  assert.ok(h.accuracy[2] > 0.8, `accuracy ${h.accuracy[2]}`);
  const ev = evaluate(model, X, y, new nn.CrossEntropyLoss(), {});
  assert.ok(ev.accuracy! > 0.8);
  assert.equal(model.training, true, "evaluate restores training mode");
});

test("fit: a NaN or infinite loss stops training, naming the epoch and the learning rate", () => {
  const x = tensor([[1e30], [2e30]]);
  const yv = tensor([[1], [2]]);
  const model = new nn.Linear(1, 1, { generator: new Generator(0) });
  const before = model.weight.tolist();
  let err: unknown;
  try {
    fit(model, {
      lossFn: new nn.MSELoss(),
      optimizer: new optim.SGD(model.parameters(), { lr: 50 }),
      x,
      y: yv,
      epochs: 10,
    });
  } catch (e) {
    err = e;
  }
  assert.ok(err instanceof NonFiniteLossError);
  assert.match(
    err.message,
    /^loss became (NaN|infinite) at epoch 1; the learning rate 50 is probably too large$/,
  );
  assert.equal(err.epoch, 1);
  assert.deepEqual(model.weight.tolist(), before, "no step is taken on a non-finite loss");
});

test("fit: accuracyEvery measures the accuracy on every n-th epoch only, the same values", () => {
  const { X, y } = seedData();
  const yf = y.float().view(-1, 1);
  const run = (accuracyEvery?: number) => {
    const m = new LinearNet({ generator: new Generator(3) });
    const logged: (number | undefined)[] = [];
    const h = fit(m, {
      lossFn: new nn.BCELoss(),
      optimizer: new optim.SGD(m.parameters(), { lr: 0.1 }),
      x: X,
      y: yf,
      epochs: 7,
      accuracy: true,
      accuracyEvery,
      onEpoch: (log) => logged.push(log.accuracy),
    });
    return { h, logged };
  };
  const all = run();
  const some = run(3);
  assert.deepEqual(some.h.loss, all.h.loss);
  all.h.accuracy.forEach((a, i) => {
    const measured = (i + 1) % 3 === 0;
    assert.ok(Number.isFinite(a));
    if (measured) assert.equal(some.h.accuracy[i], a);
    else assert.ok(Number.isNaN(some.h.accuracy[i]), `epoch ${i + 1}`);
    assert.equal(some.logged[i], measured ? a : undefined);
  });
  const m = new nn.Linear(1, 1);
  const base = { lossFn: new nn.MSELoss(), optimizer: new optim.SGD(m.parameters(), { lr: 0.1 }) };
  const x = tensor([[1], [2]]);
  for (const bad of [0, 1.5, -2])
    assert.throws(
      () => fit(m, { ...base, x, y: x, epochs: 1, accuracy: true, accuracyEvery: bad }),
      new RegExp(`fit: accuracyEvery must be a positive integer, got ${bad}`),
    );
});

test("fit: bad arguments are refused", () => {
  const m = new nn.Linear(1, 1);
  const base = { lossFn: new nn.MSELoss(), optimizer: new optim.SGD(m.parameters(), { lr: 0.1 }) };
  const x = tensor([[1], [2]]);
  assert.throws(() => fit(m, { ...base, x, y: tensor([[1]]), epochs: 1 }), /same number of rows/);
  assert.throws(
    () => fit(m, { ...base, x, y: x, epochs: -1 }),
    /epochs must be a non-negative integer/,
  );
  assert.throws(() => fit(m, { ...base, x, y: x, epochs: 1, batchSize: 0 }), /batchSize/);
  assert.throws(() => fit(m, { ...base, epochs: 1 }), /pass x and y/);
});
