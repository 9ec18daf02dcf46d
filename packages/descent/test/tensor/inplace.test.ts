import { test } from "node:test";
import assert from "node:assert/strict";

import { arange, noGrad, ones, randn, tensor, zeros } from "../../src/tensor/index.js";
import { nn, optim } from "../../src/index.js";

/**
 * In-place ops, the version counter and views' storage, with PyTorch's errors (the messages
 * PyTorch 1.13 gives for the same programs, after descent's "op: " prefix).
 */

const VERSION =
  /one of the variables needed for gradient computation has been modified by an inplace operation/;

test("backward refuses a saved output modified in place (PyTorch's message)", () => {
  const x = randn([3, 4], { requiresGrad: true });
  const y = x.exp();
  y.add_(1);
  assert.throws(
    () => y.sum().backward(),
    (e: Error) =>
      VERSION.test(e.message) &&
      e.message.includes(
        "[float32 [3, 4]], which is output 0 of ExpBackward0, is at version 1; expected version 0 instead",
      ),
  );
});

test("backward refuses a saved input modified in place, naming its current history", () => {
  const x = randn([3, 4], { requiresGrad: true });
  const w = randn([3, 4], { requiresGrad: true });
  const a = x.mul(1);
  const y = a.mul(w);
  a.add_(1);
  assert.throws(
    () => y.sum().backward(),
    (e: Error) =>
      e.message.includes("[float32 [3, 4]], which is output 0 of AddBackward0, is at version 1"),
  );
});

test("backward refuses a saved leaf modified in place (no history to name)", () => {
  const x = randn([3, 4], { requiresGrad: true });
  const w = randn([3, 4]);
  const y = x.mul(w);
  w.add_(1);
  assert.throws(
    () => y.sum().backward(),
    (e: Error) =>
      e.message.includes("[float32 [3, 4]] is at version 1; expected version 0 instead"),
  );
});

test("ops that save nothing let their inputs change afterwards, as in PyTorch", () => {
  const x = randn([3], { requiresGrad: true });
  const a = x.mul(1);
  const y = a.add(2).sum();
  a.mul_(5); // add saves nothing: y's gradient is still 1 for every element
  y.backward();
  assert.deepEqual(x.grad!.tolist(), [1, 1, 1]);
});

test("a view and its base share one version counter", () => {
  const a = zeros(3, 4);
  const v = a.get(":", 1);
  assert.equal(a.version, 0);
  v.fill_(1);
  assert.equal(a.version, 1);
  assert.equal(v.version, 1);
  a.add_(1);
  assert.equal(v.version, 2);
  // a saved view is checked too
  const x = randn([3, 4], { requiresGrad: true });
  const b = x.mul(1);
  const y = b.get(0).pow(2); // pow saves its input
  b.get(0).zero_();
  assert.throws(() => y.sum().backward(), VERSION);
});

test("in-place ops on a leaf that requires grad are refused outside noGrad", () => {
  const w = randn([3], { requiresGrad: true });
  for (const f of [
    () => w.add_(1),
    () => w.zero_(),
    () => w.copy_(ones(3)),
    () => w.set(0, 1),
    () => w.normal_(),
  ]) {
    assert.throws(f, /a leaf Variable that requires grad is being used in an in-place operation/);
  }
  assert.throws(
    () => w.narrow(0, 0, 2).mul_(2),
    /a view of a leaf Variable that requires grad is being used in an in-place operation/,
  );
  const before = w.toTypedArray();
  noGrad(() => w.sub_(1));
  assert.deepEqual(
    Array.from(w.toTypedArray()),
    Array.from(before, (v) => Math.fround(v - 1)),
  );
  assert.equal(w.version, 1);
});

test("writing to an expanded view is refused (elements share memory)", () => {
  assert.throws(
    () => zeros(1, 4).expand(3, 4).add_(1),
    /more than one element of the written-to tensor refers to a single memory location/,
  );
});

test("an in-place result must fit the tensor's shape and dtype", () => {
  assert.throws(() => zeros(3).add_(ones(2, 3)), /add_: output with shape \[3\]/);
  assert.throws(
    () => tensor([1, 2, 3], { dtype: "int32" }).div_(2),
    /div_: result type float32 can't be cast to the desired output type int32/,
  );
});

test("the in-place family gives the out-of-place results", () => {
  const x = tensor([-1.5, 0.25, 2]);
  const cases: [string, (t: typeof x) => unknown, (t: typeof x) => typeof x][] = [
    ["add_", (t) => t.add_(2, 3), (t) => t.add(2, 3)],
    ["sub_", (t) => t.sub_(x), (t) => t.sub(x)],
    ["mul_", (t) => t.mul_(-2), (t) => t.mul(-2)],
    ["div_", (t) => t.div_(4), (t) => t.div(4)],
    ["pow_", (t) => t.pow_(2), (t) => t.pow(2)],
    ["clamp_", (t) => t.clamp_(-1, 1), (t) => t.clamp(-1, 1)],
    ["neg_", (t) => t.neg_(), (t) => t.neg()],
    ["exp_", (t) => t.exp_(), (t) => t.exp()],
    ["abs_", (t) => t.abs_(), (t) => t.abs()],
    ["sigmoid_", (t) => t.sigmoid_(), (t) => t.sigmoid()],
    ["tanh_", (t) => t.tanh_(), (t) => t.tanh()],
    ["relu_", (t) => t.relu_(), (t) => t.relu()],
    ["fill_", (t) => t.fill_(7), (t) => t.mul(0).add(7)],
    ["zero_", (t) => t.zero_(), (t) => t.mul(0).abs()],
  ];
  for (const [name, inPlace, outOfPlace] of cases) {
    const t = x.clone();
    const r = inPlace(t);
    assert.equal(r, t, `${name} returns the tensor itself`);
    assert.deepEqual(t.tolist(), outOfPlace(x).tolist(), name);
  }
});

test("normal_ and uniform_ fill in place from a generator", () => {
  const t = zeros(1000);
  t.uniform_(2, 3);
  const u = t.toTypedArray();
  assert.ok(u.every((v) => v >= 2 && v < 3));
  t.normal_(5, 0.1);
  const m = t.mean().item();
  assert.ok(Math.abs(m - 5) < 0.05, `mean ${m}`);
});

test("views report PyTorch's strides, offsets and contiguity", () => {
  const x = arange(24).reshape(2, 3, 4);
  assert.deepEqual(x.stride(), [12, 4, 1]);
  const t = x.transpose(0, 2);
  assert.deepEqual(t.stride(), [1, 4, 12]);
  assert.equal(t.isContiguous(), false);
  assert.equal(t.contiguous().isContiguous(), true);
  assert.equal(t.contiguous().sharesStorage(x), false);
  const s = x.get(1, "1:", "::2");
  assert.equal(s.storageOffset(), 16);
  assert.deepEqual(s.stride(), [4, 2]);
  assert.deepEqual(x.expand(3, 2, 3, 4).stride(), [0, 12, 4, 1]);
  assert.deepEqual(x.diagonal(0, 1, 2).stride(), [12, 5]);
  assert.ok(x.detach().sharesStorage(x));
  assert.ok(x.get(0).sharesStorage(x) && x.base !== null && x.get(0).base === x.base);
});

test("reshape copies only where PyTorch does; view refuses instead", () => {
  const x = arange(12).reshape(3, 4);
  assert.ok(x.reshape(4, 3).sharesStorage(x));
  assert.ok(x.t().reshape(4, 3).sharesStorage(x)); // already that shape
  assert.ok(x.narrow(0, 1, 2).reshape(8).sharesStorage(x)); // rows are contiguous
  assert.ok(x.narrow(1, 1, 2).reshape(6).sharesStorage(x) === false);
  assert.ok(x.t().unsqueeze(0).reshape(4, 3).sharesStorage(x)); // same layout
  assert.ok(x.t().reshape(4, 1, 3).sharesStorage(x)); // a size-1 dim fits anywhere
  assert.ok(x.t().reshape(2, 6).sharesStorage(x) === false);
  assert.throws(
    () => x.t().view(12),
    /view size is not compatible with input tensor's size and stride/,
  );
});

test("the issue's examples write through to the base", () => {
  const t = arange(12).reshape(3, 4);
  t.narrow(1, 1, 1).zero_();
  t.slice(0, 2).zero_();
  t.index(2).fill_(1);
  assert.deepEqual(t.tolist(), [
    [0, 0, 0, 0],
    [0, 0, 0, 0],
    [1, 1, 1, 1],
  ]);
});

test("get errors name the op, the index, the dimension and its size", () => {
  const x = zeros(3, 4);
  assert.throws(
    () => x.get(5),
    /^RangeError: get: index 5 is out of bounds for dimension 0 with size 3/,
  );
  assert.throws(() => x.get(":", -5), /get: index -5 is out of bounds for dimension 1 with size 4/);
  assert.throws(
    () => x.get(tensor([0, 4], { dtype: "int32" })),
    /get: index 4 is out of bounds for dimension 0 with size 3/,
  );
  assert.throws(() => x.get(0, 0, 0), /get: too many indices for tensor of dimension 2/);
  assert.throws(() => x.get("1:2:0"), /get: step must be greater than zero/);
  assert.throws(() => x.get("a:b"), /get: cannot read the index "a:b"/);
  assert.throws(() => x.get("...", "..."), /get: an index can only have a single ellipsis/);
  assert.throws(
    () => x.get(tensor([true, false])),
    /get: the shape of the mask \[2\] at index 0 does not match/,
  );
  assert.throws(
    () => x.get(tensor([0.5])),
    /get: tensors used as indices must be int32 or bool, got float32/,
  );
  assert.throws(
    () => x.set([3, 0], 1),
    /set: index 3 is out of bounds for dimension 0 with size 3/,
  );
  assert.throws(
    () => x.gather(1, tensor([[4]], { dtype: "int32" })),
    /gather: index 4 is out of bounds for dimension 1 with size 4/,
  );
});

test("optimizers and d2l's from-scratch sgd update parameters in place under noGrad", () => {
  const model = new nn.Linear(3, 2);
  const opt = new optim.SGD(model.parameters(), { lr: 0.1, momentum: 0.9 });
  const x = randn([5, 3]);
  const w0 = model.weight.toTypedArray();
  model.forward(x).pow(2).sum().backward();
  opt.step();
  assert.notDeepEqual(Array.from(model.weight.toTypedArray()), Array.from(w0));
  // d2l's from-scratch sgd: param -= lr * grad / batch; grad.zero_()
  noGrad(() => {
    for (const p of model.parameters()) {
      p.sub_(p.grad!.mul(0.1 / 5));
      p.grad!.zero_();
    }
  });
  assert.ok(model.weight.grad!.toTypedArray().every((v) => v === 0));
});
