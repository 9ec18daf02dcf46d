/**
 * Every optimizer against PyTorch (test/fixtures/torch/optimizers.json, written by
 * scripts/golden/torch_optim.py): 50 full-batch steps of an MLP 4 -> 8 -> 3 from PyTorch's initial
 * weights, the loss at every step and the final weights to 1e-5 relative; PyTorch's argument
 * forms (flat param groups, betas); and the tutorial's DynamicNet after zeroGrad() and after
 * zeroGrad({ setToNone: false }), whose results differ because its parameter e is unused in
 * some steps.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";

import type { Tensor } from "../../src/index.js";
import { nn, optim, tensor } from "../../src/index.js";
import type { Nested } from "../helpers/gradcheck_nn.js";
import { assertClose } from "../helpers/gradcheck_nn.js";

type State = Record<string, Nested>;
type Options = Record<string, number | boolean>;
interface Run {
  optimizer: string;
  options: Options;
  groups: [Options, Options] | null;
  initial: State;
  losses: number[];
  final: State;
}
interface DynRun {
  initial: State;
  losses: number[];
  final: State;
}
const fixture = JSON.parse(
  readFileSync(new URL("../fixtures/torch/optimizers.json", import.meta.url), "utf8"),
) as {
  torch: string;
  mlp: { data: { X: number[][]; y: number[] }; runs: Record<string, Run> };
  dynamicNet: {
    x: number[];
    y: number[];
    extras: number[];
    lr: number;
    momentum: number;
    runs: { setToNone: DynRun; zeroFilled: DynRun };
  };
};

/** The MLP runs are float64 (to compare the update rules, not rounding); DynamicNet float32. */
const TOL64 = { rtol: 1e-9, atol: 1e-12 };
const TOL32 = { rtol: 1e-5, atol: 1e-6 };

function load(model: nn.Module, state: State, dtype: "float32" | "float64" = "float32"): void {
  const sd: Record<string, Tensor> = {};
  for (const [k, v] of Object.entries(state)) sd[k] = tensor(v, { dtype });
  model.loadStateDict(sd);
}

function compare(
  name: string,
  losses: number[],
  model: nn.Module,
  run: DynRun,
  tol: { rtol: number; atol: number },
): void {
  assert.equal(losses.length, run.losses.length);
  losses.forEach((l, i) => {
    const e = run.losses[i];
    assert.ok(
      Math.abs(l - e) <= tol.rtol * Math.abs(e),
      `${name}: loss at step ${i + 1} is ${l}, PyTorch gives ${e}`,
    );
  });
  const sd = model.stateDict();
  for (const [k, v] of Object.entries(run.final)) assertClose(sd[k], v, `${name}: final ${k}`, tol);
}

type Ctor = new (
  params: optim.Params<never>,
  opts?: optim.OptionsInput<never>,
) => optim.Optimizer<never>;
const OPTIMIZERS = optim as unknown as Record<string, Ctor>;

function mlp(): nn.Sequential {
  const dtype = "float64";
  return new nn.Sequential(
    new nn.Linear(4, 8, { dtype }),
    new nn.Tanh(),
    new nn.Linear(8, 3, { dtype }),
  );
}

function makeOptimizer(run: Run, model: nn.Sequential): optim.Optimizer<never> {
  const Opt = OPTIMIZERS[run.optimizer];
  if (!run.groups) return new Opt(model.parameters() as never, run.options as never);
  // PyTorch's flat groups, with betas as a pair where the fixture has beta1/beta2
  const groups = run.groups.map((g, i) => {
    const { beta1, beta2, ...rest } = g;
    const params = model[i === 0 ? 0 : 2].parameters();
    return beta1 === undefined ? { params, ...rest } : { params, ...rest, betas: [beta1, beta2] };
  });
  const { beta1, beta2, ...rest } = run.options;
  const opts = beta1 === undefined ? rest : { ...rest, betas: [beta1, beta2] };
  return new Opt(groups as never, opts as never);
}

for (const [name, run] of Object.entries(fixture.mlp.runs)) {
  test(`${run.optimizer} (${name}): 50 steps match PyTorch ${fixture.torch}`, () => {
    const X = tensor(fixture.mlp.data.X, { dtype: "float64" });
    const y = tensor(fixture.mlp.data.y, { dtype: "int32" });
    const model = mlp();
    load(model, run.initial, "float64");
    const optimizer = makeOptimizer(run, model);
    const criterion = new nn.CrossEntropyLoss();
    const losses: number[] = [];
    for (let i = 0; i < 50; i++) {
      const loss = criterion.forward(model.forward(X), y);
      optimizer.zeroGrad();
      loss.backward();
      optimizer.step();
      losses.push(loss.item());
    }
    compare(name, losses, model, run, TOL64);
  });
}

class DynamicNet extends nn.Module {
  a = new nn.Parameter(tensor(0));
  b = new nn.Parameter(tensor(0));
  c = new nn.Parameter(tensor(0));
  d = new nn.Parameter(tensor(0));
  e = new nn.Parameter(tensor(0));
  forward(x: Tensor, extra: Tensor): Tensor {
    let y = this.a
      .add(this.b.mul(x))
      .add(this.c.mul(x.pow(2)))
      .add(this.d.mul(x.pow(3)));
    for (let exp = 4; exp < 4 + extra.item(); exp++) y = y.add(this.e.mul(x.pow(exp)));
    return y;
  }
}

for (const setToNone of [true, false]) {
  test(`DynamicNet with zeroGrad({ setToNone: ${setToNone} }) matches PyTorch's run`, () => {
    const f = fixture.dynamicNet;
    const run = setToNone ? f.runs.setToNone : f.runs.zeroFilled;
    const model = new DynamicNet();
    load(model, run.initial);
    const x = tensor(f.x);
    const y = tensor(f.y);
    const optimizer = new optim.SGD(model.parameters(), f.lr, { momentum: f.momentum });
    const criterion = new nn.MSELoss({ reduction: "sum" });
    const losses: number[] = [];
    for (const extra of f.extras) {
      const loss = criterion.forward(model.forward(x, tensor(extra)), y);
      optimizer.zeroGrad({ setToNone });
      loss.backward();
      optimizer.step();
      losses.push(loss.item());
    }
    compare(`DynamicNet setToNone ${setToNone}`, losses, model, run, TOL32);
  });
}

test("DynamicNet: the zero-filled run differs from the cleared one (e moves by momentum alone)", () => {
  const { setToNone, zeroFilled } = fixture.dynamicNet.runs;
  assert.ok(fixture.dynamicNet.extras.includes(0), "the order must leave e unused in some step");
  assert.notEqual(setToNone.final.e, zeroFilled.final.e);
  const m = new DynamicNet();
  m.e.grad = tensor(3);
  m.zeroGrad({ setToNone: false });
  assert.equal(m.e.grad?.item(), 0);
  m.zeroGrad();
  assert.equal(m.e.grad, null);
});
