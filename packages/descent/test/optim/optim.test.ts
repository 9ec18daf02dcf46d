/**
 * Optimizers and schedulers: the lr sequences of StepLR, ExponentialLR and CosineAnnealingLR
 * against PyTorch (test/fixtures/torch/schedulers.json, written by scripts/golden/torch_nn.py),
 * option validation, zeroGrad, parameter groups. Whole training runs with each optimizer are
 * compared to PyTorch in test/nn/training_golden.test.ts.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";

import type { Tensor } from "../../src/index.js";
import { nn, optim, tensor } from "../../src/index.js";

interface SchedulerCase {
  scheduler: "StepLR" | "ExponentialLR" | "CosineAnnealingLR";
  options: { stepSize?: number; gamma?: number; tMax?: number; etaMin?: number };
  groupLrs: [number, number];
  lrs: number[][];
}
const fixture = JSON.parse(
  readFileSync(new URL("../fixtures/torch/schedulers.json", import.meta.url), "utf8"),
) as { torch: string; cases: SchedulerCase[] };

const param = (v: number[] = [1, 2]): Tensor => tensor(v, { requiresGrad: true });

function twoGroups(lrs: [number, number]): optim.SGD {
  return new optim.SGD([{ params: [param()] }, { params: [param()], lr: lrs[1] }], {
    lr: lrs[0],
  });
}

function scheduler(c: SchedulerCase, o: optim.Optimizer): optim.LRScheduler {
  const s = c.options;
  if (c.scheduler === "StepLR") return new optim.StepLR(o, s.stepSize!, s.gamma);
  if (c.scheduler === "ExponentialLR") return new optim.ExponentialLR(o, s.gamma!);
  return new optim.CosineAnnealingLR(o, s.tMax!, s.etaMin);
}

for (const c of fixture.cases) {
  test(`${c.scheduler}(${JSON.stringify(c.options)}): lr of both groups matches PyTorch ${fixture.torch}`, () => {
    const o = twoGroups(c.groupLrs);
    const s = scheduler(c, o);
    const got = [s.getLastLr()];
    for (let i = 1; i < c.lrs.length; i++) {
      o.step();
      s.step();
      got.push(s.getLastLr());
    }
    got.forEach((lrs, i) =>
      lrs.forEach((lr, g) => {
        const e = c.lrs[i][g];
        assert.ok(
          Math.abs(lr - e) <= 1e-15 + 1e-12 * Math.abs(e),
          `step ${i}, group ${g}: lr ${lr}, PyTorch ${e}`,
        );
      }),
    );
    assert.deepEqual(s.baseLrs, c.groupLrs);
  });
}

test("optimizer option validation", () => {
  const p = [param()];
  const cases: [() => unknown, RegExp][] = [
    [() => new optim.SGD(p, { lr: -0.1 }), /SGD: invalid learning rate -0.1/],
    [() => new optim.SGD(p, { lr: NaN }), /SGD: invalid learning rate NaN/],
    [() => new optim.SGD(p, { lr: 0.1, momentum: -0.5 }), /SGD: invalid momentum value -0.5/],
    [() => new optim.SGD(p, { lr: 0.1, weightDecay: -1 }), /SGD: invalid weightDecay value -1/],
    [() => new optim.SGD(p, { lr: 0.1, nesterov: true }), /nesterov momentum requires a momentum/],
    [
      () => new optim.SGD(p, { lr: 0.1, momentum: 0.9, dampening: 0.1, nesterov: true }),
      /zero dampening/,
    ],
    [
      () => new optim.SGD(p, { lr: 0.1, momentun: 0.9 } as optim.OptionsInput<optim.SGDOptions>),
      /SGD: unknown option "momentun"/,
    ],
    [() => new optim.SGD(p, { lr: Infinity }), /SGD: option lr must be finite, got Infinity/],
    [() => new optim.Adam(p, { beta1: 1 }), /Adam: invalid beta1 value 1/],
    [() => new optim.Adam(p, { beta2: -0.1 }), /Adam: invalid beta2 value -0.1/],
    [() => new optim.Adam(p, { eps: -1e-8 }), /Adam: invalid eps/],
    [() => new optim.Adam(p, { weightDecay: -0.01 }), /Adam: invalid weightDecay value -0.01/],
    [() => new optim.AdamW(p, { lr: -1 }), /AdamW: invalid learning rate -1/],
    [
      () => new optim.AdamW(p, { betas: 0.9 } as unknown as optim.OptionsInput<optim.AdamOptions>),
      /AdamW: betas must be a pair \[beta1, beta2\], got 0.9/,
    ],
    [() => new optim.SGD([], { lr: 0.1 }), /SGD: optimizer got an empty parameter list/],
    [() => new optim.SGD([tensor([1, 2])], { lr: 0.1 }), /does not require grad/],
    [() => new optim.SGD([{ params: p, lr: -2 }], { lr: 0.1 }), /SGD: invalid learning rate -2/],
  ];
  for (const [f, re] of cases) assert.throws(f, re);
  assert.throws(() => new optim.StepLR(new optim.SGD(p), 0), /StepLR: stepSize must be/);
  assert.throws(() => new optim.CosineAnnealingLR(new optim.SGD(p), 0), /tMax must be positive/);
});

test("defaults are PyTorch's (an option given as undefined keeps its default)", () => {
  const { params, ...sgd } = new optim.SGD([param()], { momentum: undefined }).paramGroups[0];
  assert.equal(params.length, 1);
  assert.deepEqual(sgd, {
    lr: 1e-3,
    momentum: 0,
    dampening: 0,
    weightDecay: 0,
    nesterov: false,
    maximize: false,
  });
  const adam = new optim.Adam([param()]).paramGroups[0];
  assert.equal(adam.lr, 1e-3);
  assert.equal(adam.beta1, 0.9);
  assert.equal(adam.beta2, 0.999);
  assert.equal(adam.eps, 1e-8);
  assert.equal(adam.weightDecay, 0);
  for (const opts of [{}, { weightDecay: undefined }]) {
    assert.equal(new optim.AdamW([param()], opts).paramGroups[0].weightDecay, 0.01);
  }
  const group = new optim.SGD([{ params: [param()], lr: undefined }], { lr: 0.3 });
  assert.equal(group.paramGroups[0].lr, 0.3);
});

test("zeroGrad clears the gradients of every group's parameters", () => {
  const a = param();
  const b = param();
  const o = new optim.SGD([{ params: [a] }, { params: [b] }], { lr: 0.1 });
  a.mul(b).sum().backward();
  assert.ok(a.grad && b.grad);
  o.zeroGrad();
  assert.equal(a.grad, null);
  assert.equal(b.grad, null);
});

test("param groups with different lr: p -= lr_group * grad", () => {
  const a = param([1, 2]);
  const b = param([3, 4]);
  const o = new optim.SGD([{ params: [a], lr: 0.5 }, { params: [b] }], { lr: 0.1 });
  assert.deepEqual(
    o.paramGroups.map((g) => g.lr),
    [0.5, 0.1],
  );
  a.mul(tensor([1, 10]))
    .sum()
    .add(b.mul(tensor([100, 1000])).sum())
    .backward();
  o.step();
  assert.deepEqual(Array.from(a.toTypedArray()), [0.5, -3]);
  assert.deepEqual(Array.from(b.toTypedArray()), [-7, -96]);
  // changing a group's lr takes effect at the next step
  o.paramGroups[1].lr = 0.01;
  o.step();
  assert.deepEqual(Array.from(b.toTypedArray()), [-8, -106]);
});

test("step skips parameters without a gradient and keeps no state for them", () => {
  const a = param();
  const b = param();
  const o = new optim.Adam([a, b], { lr: 0.1 });
  a.sum().backward();
  o.step();
  assert.deepEqual(Array.from(b.toTypedArray()), [1, 2]);
  assert.equal(o.state.has(b), false);
  assert.equal(o.state.get(a)!.step, 1);
  // Adam's first step moves each coordinate by lr (m / sqrt(v) = sign(g))
  const v = Array.from(a.toTypedArray());
  assert.ok(Math.abs(v[0] - 0.9) < 1e-6 && Math.abs(v[1] - 1.9) < 1e-6);
});

test("maximize ascends", () => {
  const a = param([1]);
  const o = new optim.SGD([a], { lr: 0.5, maximize: true });
  a.mul(2).sum().backward();
  o.step();
  assert.equal(a.item(), 2);
});

test("a scheduler can be chained after another (each works from the current lr)", () => {
  const o = new optim.SGD([param()], { lr: 1 });
  const s1 = new optim.ExponentialLR(o, 0.5);
  const s2 = new optim.StepLR(o, 2, 0.1);
  const lrs: number[] = [];
  for (let i = 0; i < 4; i++) {
    o.step();
    s1.step();
    s2.step();
    lrs.push(o.paramGroups[0].lr);
  }
  const want = [0.5, 0.025, 0.0125, 0.000625];
  lrs.forEach((lr, i) => assert.ok(Math.abs(lr - want[i]) < 1e-15, `${lr} vs ${want[i]}`));
});

test("step writes each parameter in place as PyTorch's does: through a strided view to its base, bumping the version", () => {
  const inplace =
    /one of the variables needed for gradient computation has been modified by an inplace operation/;
  // A graph that saved w, stepped before its second backward, raises (torch: w._version 0 -> 1).
  const w = tensor([1, 2], { requiresGrad: true });
  const opt = new optim.SGD([w], { lr: 0.1 });
  const loss = w.mul(w).sum();
  loss.backward(undefined, { retainGraph: true });
  assert.equal(w.version, 0);
  opt.step();
  assert.equal(w.version, 1);
  assert.deepEqual(w.tolist(), [Math.fround(0.8), Math.fround(1.6)]);
  assert.throws(() => loss.backward(), inplace);
  // A leaf that is a transposed view: the update reaches its base.
  const base = tensor([
    [1, 2, 3],
    [4, 5, 6],
  ]);
  const p = base.t();
  p.requiresGrad = true;
  const sgd = new optim.SGD([p], { lr: 1 });
  p.mul(
    tensor([
      [1, -1],
      [1, -1],
      [1, -1],
    ]),
  )
    .sum()
    .backward();
  sgd.step();
  assert.deepEqual(base.tolist(), [
    [0, 1, 2],
    [5, 6, 7],
  ]);
});

test("zeroGrad({ setToNone: false }) zero-fills the one grad tensor in place, bumping its version as PyTorch's zero_", () => {
  // torch: g = w.grad; opt.zero_grad(set_to_none=False) -> g is zeros, g._version 1, w.grad is g
  const w = tensor([1, 2], { requiresGrad: true });
  w.mul(w).sum().backward();
  const g = w.grad!;
  assert.equal(w.grad, g);
  new optim.SGD([w], { lr: 0.1 }).zeroGrad({ setToNone: false });
  assert.deepEqual(g.tolist(), [0, 0]);
  assert.equal(g.version, 1);
  assert.equal(w.grad, g);
  // Module.zeroGrad the same way; a contiguous tensor assigned to .grad is the grad itself.
  const layer = new nn.Linear(2, 1);
  const mine = tensor([[3, 4]]);
  layer.weight.grad = mine;
  assert.equal(layer.weight.grad, mine);
  layer.zeroGrad({ setToNone: false });
  assert.deepEqual(mine.tolist(), [[0, 0]]);
  assert.equal(mine.version, 1);
});
