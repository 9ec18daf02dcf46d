/**
 * Whole training runs against PyTorch (test/fixtures/torch/training.json, written by
 * scripts/golden/torch_nn.py): start from PyTorch's initial weights (loadStateDict), train in
 * descent in float32, and compare the loss of every step and the final weights to 1e-5 relative.
 *
 * - the seed's two programs, 300 full-batch epochs on the seed data: LinearNet (BCELoss, SGD lr
 *   0.1) and SoftmaxNet (softmax then CrossEntropyLoss, SGD lr 0.1, as the seed has it);
 * - an MLP 4 -> 8 -> 3 (tanh or relu) in mini-batches of the exported order, with SGD (momentum,
 *   nesterov, weight decay, dampening, two param groups), Adam, Adam with amsgrad, and AdamW.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";

import type { Tensor } from "../../src/index.js";
import { nn, optim, tensor } from "../../src/index.js";
import type { Nested } from "../helpers/gradcheck_nn.js";
import { assertClose } from "../helpers/gradcheck_nn.js";

type State = Record<string, Nested>;
interface Run {
  initial: State;
  losses: number[];
  final: State;
}
interface SeedRun extends Run {
  model: "LinearNet" | "SoftmaxNet";
  epochs: number;
  lr: number;
  accuracy: number;
}
interface MlpRun extends Run {
  activation: "tanh" | "relu";
  optimizer: "SGD" | "Adam" | "AdamW";
  options: Record<string, number | boolean>;
  groupLrs: [number, number] | null;
}
const fixture = JSON.parse(
  readFileSync(new URL("../fixtures/torch/training.json", import.meta.url), "utf8"),
) as {
  torch: string;
  seed: Record<string, SeedRun>;
  mlp: { data: { X: number[][]; y: number[]; batches: number[][] }; runs: Record<string, MlpRun> };
};
const seed = JSON.parse(
  readFileSync(new URL("../fixtures/seed/data.json", import.meta.url), "utf8"),
) as { X: number[][]; y: number[] };

const RTOL = 1e-5;
const TOL = { rtol: RTOL, atol: 1e-7, relFloor: 1e-2 };

class LinearNet extends nn.Module {
  fc1 = new nn.Linear(4, 10);
  fc2 = new nn.Linear(10, 1);
  sigmoid = new nn.Sigmoid();
  forward(x: Tensor): Tensor {
    x = this.fc1.forward(x);
    x = this.sigmoid.forward(x);
    x = this.fc2.forward(x);
    return this.sigmoid.forward(x);
  }
}

class SoftmaxNet extends nn.Module {
  fc = new nn.Linear(4, 3);
  forward(x: Tensor): Tensor {
    return nn.functional.softmax(this.fc.forward(x), 1);
  }
}

function load(model: nn.Module, state: State): void {
  const sd: Record<string, Tensor> = {};
  for (const [k, v] of Object.entries(state)) sd[k] = tensor(v);
  model.loadStateDict(sd);
}

/**
 * Compares every step's loss and the final weights; returns the largest relative error of the
 * losses and of the weights (elementwise, over weights with |w| >= 1e-2; smaller ones are held to
 * the absolute tolerance).
 */
function compare(name: string, losses: number[], model: nn.Module, run: Run): [number, number] {
  assert.equal(losses.length, run.losses.length, `${name}: number of steps`);
  let worstLoss = 0;
  losses.forEach((l, i) => {
    const e = run.losses[i];
    const rel = Math.abs(l - e) / Math.abs(e);
    worstLoss = Math.max(worstLoss, rel);
    assert.ok(rel <= RTOL, `${name}: loss at step ${i + 1} is ${l}, PyTorch gives ${e}`);
  });
  const sd = model.stateDict();
  assert.deepEqual(Object.keys(sd), Object.keys(run.final));
  let worstWeight = 0;
  for (const [k, v] of Object.entries(run.final)) {
    worstWeight = Math.max(worstWeight, assertClose(sd[k], v, `${name}: final ${k}`, TOL));
  }
  return [worstLoss, worstWeight];
}

const maxRelErr = { loss: 0, weight: 0 };

function report(t: { diagnostic(m: string): void }, name: string, [loss, weight]: number[]): void {
  maxRelErr.loss = Math.max(maxRelErr.loss, loss);
  maxRelErr.weight = Math.max(maxRelErr.weight, weight);
  t.diagnostic(
    `${name}: max relative error: losses ${loss.toExponential(2)}, final weights ${weight.toExponential(2)}`,
  );
}

for (const [name, run] of Object.entries(fixture.seed)) {
  test(`seed program ${run.model}: ${run.epochs} epochs match PyTorch ${fixture.torch}`, (t) => {
    const X = tensor(seed.X);
    const model = run.model === "LinearNet" ? new LinearNet() : new SoftmaxNet();
    load(model, run.initial);
    const [criterion, y] =
      run.model === "LinearNet"
        ? [new nn.BCELoss(), tensor(seed.y).view(-1, 1)]
        : [new nn.CrossEntropyLoss(), tensor(seed.y, { dtype: "int32" })];
    const optimizer = new optim.SGD(model.parameters(), { lr: run.lr });
    const losses: number[] = [];
    for (let epoch = 0; epoch < run.epochs; epoch++) {
      const loss = criterion.forward(model.forward(X), y);
      optimizer.zeroGrad();
      loss.backward();
      optimizer.step();
      losses.push(loss.item());
    }
    report(t, name, compare(name, losses, model, run));
  });
}

function makeOptimizer(run: MlpRun, model: nn.Sequential): optim.Optimizer {
  const o = run.options;
  const params = run.groupLrs
    ? [
        { params: model[0].parameters(), lr: run.groupLrs[0] },
        { params: model[2].parameters(), lr: run.groupLrs[1] },
      ]
    : model.parameters();
  if (run.optimizer === "SGD") return new optim.SGD(params, o);
  if (run.optimizer === "Adam") return new optim.Adam(params, o);
  return new optim.AdamW(params, o);
}

for (const [name, run] of Object.entries(fixture.mlp.runs)) {
  test(`MLP with ${run.optimizer} (${name}) in fixed mini-batches matches PyTorch`, (t) => {
    const { data } = fixture.mlp;
    const X = tensor(data.X);
    const y = tensor(data.y, { dtype: "int32" });
    const model = new nn.Sequential(
      new nn.Linear(4, 8),
      run.activation === "tanh" ? new nn.Tanh() : new nn.ReLU(),
      new nn.Linear(8, 3),
    );
    load(model, run.initial);
    const optimizer = makeOptimizer(run, model);
    if (run.groupLrs) {
      assert.deepEqual(
        optimizer.paramGroups.map((g) => g.lr),
        run.groupLrs,
      );
    }
    const criterion = new nn.CrossEntropyLoss();
    const losses: number[] = [];
    for (const b of data.batches) {
      const loss = criterion.forward(model.forward(X.indexSelect(0, b)), y.indexSelect(0, b));
      optimizer.zeroGrad();
      loss.backward();
      optimizer.step();
      losses.push(loss.item());
    }
    report(t, name, compare(name, losses, model, run));
  });
}

test("training parity summary", (t) => {
  report(t, "all runs", [maxRelErr.loss, maxRelErr.weight]);
  assert.ok(maxRelErr.loss <= RTOL && maxRelErr.weight <= RTOL);
});
