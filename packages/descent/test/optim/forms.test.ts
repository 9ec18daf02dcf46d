/**
 * PyTorch's forms of optimizer arguments (lr positionally, flat param groups, a single tensor,
 * betas), addParamGroup, and stateDict / loadStateDict, with the errors for bad input.
 */
import { test } from "node:test";
import assert from "node:assert/strict";

import type { Tensor } from "../../src/index.js";
import { manualSeed, nn, optim, tensor } from "../../src/index.js";

const param = (v: number[] = [1, 2]): Tensor => tensor(v, { requiresGrad: true });

test("a bare number as the second argument is lr, as PyTorch takes it positionally", () => {
  const p = param();
  assert.equal(new optim.SGD([p], 0.003).paramGroups[0].lr, 0.003);
  const o = new optim.SGD([p], 0.1, { momentum: 0.9 });
  assert.equal(o.paramGroups[0].lr, 0.1);
  assert.equal(o.paramGroups[0].momentum, 0.9);
  assert.equal(new optim.RMSprop([p], 0.5).paramGroups[0].lr, 0.5);
});

test("flat param groups: own options over the optimizer's, a single tensor as params", () => {
  const a = param();
  const b = param();
  const o = new optim.Adam([{ params: a, lr: 0.1, betas: [0.5, 0.9] }, { params: [b] }], {
    lr: 0.01,
    weightDecay: 0.1,
  });
  const [g0, g1] = o.paramGroups;
  assert.deepEqual(
    [g0.params, g0.lr, g0.beta1, g0.beta2, g0.weightDecay],
    [[a], 0.1, 0.5, 0.9, 0.1],
  );
  assert.deepEqual([g1.params, g1.lr, g1.beta1, g1.weightDecay], [[b], 0.01, 0.9, 0.1]);
  assert.deepEqual(new optim.SGD(a, 0.1).paramGroups[0].params, [a]);
});

test("bad options are refused by name, with the fix", () => {
  const p = [param()];
  const cases: [() => unknown, RegExp][] = [
    [
      () => new optim.SGD([{ params: p, weight_decay: 3 } as never], 0.1),
      /SGD: unknown key "weight_decay" \(keys: params, lr, momentum, dampening, weightDecay/,
    ],
    [
      () => new optim.SGD([{ params: p, options: { lr: 1 } } as never]),
      /SGD: unknown key "options".*write a group's options flat: \{ params, lr: 0.1 \}/,
    ],
    [() => new optim.SGD(p, -0.1), /SGD: invalid learning rate -0.1; expected a number >= 0/],
    [() => new optim.RMSprop(p, { alpha: -1 }), /RMSprop: invalid alpha value -1/],
    [() => new optim.Adagrad(p, { lrDecay: -1 }), /Adagrad: invalid lrDecay value -1/],
    [
      () => new optim.Adadelta(p, { rho: 2 }),
      /Adadelta: invalid rho value 2; expected 0 <= rho <= 1/,
    ],
    [() => new optim.Adamax(p, { betas: [1, 0.9] }), /Adamax: invalid beta1 value 1/],
    [() => new optim.NAdam(p, { momentumDecay: -1 }), /NAdam: invalid momentumDecay value -1/],
    [() => new optim.RAdam(p, { betas: [0.9, 1.5] }), /RAdam: invalid beta2 value 1.5/],
    [() => new optim.SGD([{ params: p }, { params: p }], 0.1), /more than one parameter group/],
    [
      () => new optim.RAdam(p, { betas: [0.9] as never }),
      /RAdam: betas must be a pair \[beta1, beta2\]/,
    ],
  ];
  for (const [f, re] of cases) assert.throws(f, re);
});

test("addParamGroup adds a group with its own options, defaults from the constructor's", () => {
  const a = param();
  const b = param();
  const o = new optim.SGD([a], 0.1, { momentum: 0.9 });
  o.addParamGroup({ params: [b], lr: 0.01 });
  assert.deepEqual(
    o.paramGroups.map((g) => [g.lr, g.momentum]),
    [
      [0.1, 0.9],
      [0.01, 0.9],
    ],
  );
  assert.throws(() => o.addParamGroup({ params: [a] }), /more than one parameter group/);
  assert.throws(() => o.addParamGroup({ params: [param()], lr: -1 }), /invalid learning rate -1/);
});

/** 2 -> 3 -> 1 regression on fixed data; returns the losses of `steps` steps. */
function train(model: nn.Module, o: optim.Optimizer<never>, steps: number): number[] {
  const X = tensor([
    [1, 2],
    [-1, 0.5],
    [0.3, -2],
    [2, 1],
  ]);
  const y = tensor([[1], [0], [-1], [2]]);
  const losses: number[] = [];
  for (let i = 0; i < steps; i++) {
    const loss = new nn.MSELoss().forward(model.forward(X), y);
    o.zeroGrad();
    loss.backward();
    o.step();
    losses.push(loss.item());
  }
  return losses;
}

const net = () => {
  manualSeed(4);
  return new nn.Sequential(new nn.Linear(2, 3), new nn.Tanh(), new nn.Linear(3, 1));
};

const makers: [string, (p: nn.Parameter[]) => optim.Optimizer<never>][] = [
  ["SGD", (p) => new optim.SGD(p, 0.05, { momentum: 0.9 }) as never],
  ["Adam", (p) => new optim.Adam(p, 0.01, { amsgrad: true }) as never],
  ["RMSprop", (p) => new optim.RMSprop(p, 0.01, { centered: true, momentum: 0.5 }) as never],
  ["Adagrad", (p) => new optim.Adagrad(p, 0.1) as never],
  ["Adadelta", (p) => new optim.Adadelta(p) as never],
  ["Adamax", (p) => new optim.Adamax(p) as never],
  ["NAdam", (p) => new optim.NAdam(p) as never],
  ["RAdam", (p) => new optim.RAdam(p) as never],
];

for (const [name, make] of makers) {
  test(`${name}: 20 steps, stateDict, a new optimizer loads it, 20 more = 40 steps in one go`, () => {
    const m1 = net();
    const o1 = make(m1.parameters());
    const all = train(m1, o1, 40);
    const m2 = net();
    const o2 = make(m2.parameters());
    const first = train(m2, o2, 20);
    const sd = o2.stateDict();
    assert.deepEqual(
      sd.paramGroups.map((g) => g.params),
      [[0, 1, 2, 3]],
    );
    assert.equal(Object.keys(sd.state).length, 4);
    const o3 = make(m2.parameters());
    o3.loadStateDict(sd);
    // the saved state is a copy: training on does not change it
    const before = JSON.stringify(sd.state[0]);
    const rest = train(m2, o3, 20);
    assert.equal(JSON.stringify(sd.state[0]), before);
    assert.deepEqual([...first, ...rest], all);
  });
}

test("loadStateDict: a wrong state dict is refused with what differs", () => {
  const m = net();
  const o = new optim.Adam(m.parameters(), 0.01);
  train(m, o as never, 1);
  const sd = o.stateDict();
  const other = new optim.Adam(new nn.Linear(2, 3).parameters());
  assert.throws(
    () => other.loadStateDict(sd),
    /Adam.loadStateDict: loaded state dict contains a parameter group \(0\) that doesn't match the size of optimizer's group \(4 parameters, the optimizer's has 2\)/,
  );
  assert.throws(
    () => o.loadStateDict(m.stateDict() as never),
    /Adam.loadStateDict: expected \{ state, paramGroups \}.*model.loadStateDict/,
  );
  const swapped = {
    ...sd,
    state: { 0: sd.state[1], 1: sd.state[0], 2: sd.state[2], 3: sd.state[3] },
  };
  assert.throws(() => o.loadStateDict(swapped), /state expAvg of parameter 0 has shape \[3\]/);
  const twoGroups = new optim.Adam([{ params: m[0].parameters() }, { params: m[2].parameters() }]);
  assert.throws(() => twoGroups.loadStateDict(sd), /has 1 parameter group\(s\), the optimizer 2/);
});

test("loadStateDict restores each group's options (a scheduled lr)", () => {
  const m = net();
  const o = new optim.SGD(m.parameters(), 0.1);
  o.paramGroups[0].lr = 0.025;
  const o2 = new optim.SGD(net().parameters(), 0.1);
  o2.loadStateDict(o.stateDict());
  assert.equal(o2.paramGroups[0].lr, 0.025);
});
