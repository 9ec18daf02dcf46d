/**
 * Module: parameter names and order as PyTorch's state_dict keys, state-dict round trips and
 * strict loading errors, toString equal to PyTorch's print (test/fixtures/torch/modules.json,
 * written by scripts/golden/torch_nn.py), train()/eval(), Linear's initialisation.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";

import type { Tensor } from "../../src/index.js";
import { Generator, manualSeed, nn, tensor, zeros } from "../../src/index.js";

interface ModuleFixture {
  repr: string;
  keys: string[];
  shapes: number[][];
}
const fixture = JSON.parse(
  readFileSync(new URL("../fixtures/torch/modules.json", import.meta.url), "utf8"),
) as Record<string, ModuleFixture> & { losses: Record<string, string> };

// The models of scripts/golden/torch_nn.py, with the same class and attribute names.
class LinearNet extends nn.Module {
  fc1 = new nn.Linear(4, 10);
  fc2 = new nn.Linear(10, 1);
  sigmoid = new nn.Sigmoid();
  forward(x: Tensor): Tensor {
    return this.sigmoid.forward(this.fc2.forward(this.sigmoid.forward(this.fc1.forward(x))));
  }
}

class SoftmaxNet extends nn.Module {
  fc = new nn.Linear(4, 3);
  forward(x: Tensor): Tensor {
    return this.fc.forward(x).softmax(1);
  }
}

class Nested extends nn.Module {
  flatten = new nn.Flatten();
  body = new nn.Sequential(new nn.Linear(6, 5, { bias: false }), new nn.ReLU(), new nn.Identity());
  head = new nn.Linear(5, 2);
  out = new nn.LogSoftmax(1);
  forward(x: Tensor): Tensor {
    return this.out.forward(this.head.forward(this.body.forward(this.flatten.forward(x))));
  }
}

const models: Record<string, () => nn.Module> = {
  LinearNet: () => new LinearNet(),
  SoftmaxNet: () => new SoftmaxNet(),
  MLP: () => new nn.Sequential(new nn.Linear(4, 8), new nn.Tanh(), new nn.Linear(8, 3)),
  Nested: () => new Nested(),
  SoftmaxSeq: () => new nn.Sequential(new nn.Linear(4, 3), new nn.Softmax(1)),
};

test("namedParameters: PyTorch's state_dict keys, in order, with their shapes", () => {
  for (const [name, make] of Object.entries(models)) {
    const m = make();
    const named = [...m.namedParameters()];
    assert.deepEqual(
      named.map(([k]) => k),
      fixture[name].keys,
      name,
    );
    assert.deepEqual(
      named.map(([, p]) => p.shape),
      fixture[name].shapes,
      name,
    );
    assert.deepEqual(Object.keys(m.stateDict()), fixture[name].keys, `${name} stateDict`);
    assert.equal(m.parameters().length, named.length);
  }
  // the attribute and index names the seed relies on
  assert.deepEqual(fixture.LinearNet.keys, ["fc1.weight", "fc1.bias", "fc2.weight", "fc2.bias"]);
  assert.deepEqual(fixture.MLP.keys, ["0.weight", "0.bias", "2.weight", "2.bias"]);
});

test("toString equals PyTorch's print of the same model", () => {
  for (const [name, make] of Object.entries(models)) {
    assert.equal(make().toString(), fixture[name].repr, name);
  }
  const losses: Record<string, nn.Module> = {
    MSELoss: new nn.MSELoss(),
    BCELoss: new nn.BCELoss(),
    BCEWithLogitsLoss: new nn.BCEWithLogitsLoss(),
    CrossEntropyLoss: new nn.CrossEntropyLoss(),
    NLLLoss: new nn.NLLLoss(),
  };
  for (const [name, m] of Object.entries(losses)) assert.equal(m.toString(), fixture.losses[name]);
});

test("a shared parameter or module is listed once", () => {
  class Tied extends nn.Module {
    a = new nn.Linear(3, 3);
    b = this.a;
    act = new nn.Tanh();
    forward(x: Tensor): Tensor {
      return this.b.forward(this.a.forward(x));
    }
  }
  const m = new Tied();
  assert.deepEqual(
    [...m.namedParameters()].map(([k]) => k),
    ["a.weight", "a.bias"],
  );
  assert.deepEqual(
    [...m.namedModules()].map(([k]) => k),
    ["", "a", "act"],
  );
});

test("stateDict / loadStateDict round trip", () => {
  const a = new LinearNet();
  const b = new LinearNet();
  const sd = a.stateDict();
  // the state dict shares the parameters' storage, outside the graph
  assert.equal(sd["fc1.weight"].requiresGrad, false);
  assert.equal(sd["fc1.weight"].value.data, a.fc1.weight.value.data);
  const res = b.loadStateDict(sd);
  assert.deepEqual(res, { missingKeys: [], unexpectedKeys: [] });
  for (const [k, p] of b.namedParameters()) {
    assert.deepEqual(Array.from(p.toTypedArray()), Array.from(sd[k].toTypedArray()), k);
    assert.notEqual(p.value.data, sd[k].value.data, `${k} is copied, not aliased`);
    assert.equal(p.requiresGrad, true);
  }
  // values from plain tensors (e.g. a file) of another dtype are cast
  b.loadStateDict({
    ...b.stateDict(),
    "fc2.bias": tensor([0.25], { dtype: "float64" }),
  });
  assert.equal(b.fc2.bias!.item(), 0.25);
  assert.equal(b.fc2.bias!.dtype, "float32");
});

test("strict loading lists missing and unexpected keys and size mismatches in one error", () => {
  const m = new LinearNet();
  const sd = m.stateDict();
  const bad: Record<string, Tensor> = {
    "fc1.weight": zeros([10, 5]),
    "fc2.weight": sd["fc2.weight"],
    "fc2.bias": sd["fc2.bias"],
    "fc3.weight": zeros([1, 1]),
  };
  const before = Array.from(m.fc2.weight.toTypedArray());
  assert.throws(
    () => m.loadStateDict(bad),
    (e: Error) => {
      assert.match(e.message, /Error\(s\) in loading state_dict for LinearNet/);
      assert.match(e.message, /Missing key\(s\) in state_dict: "fc1\.bias"\./);
      assert.match(e.message, /Unexpected key\(s\) in state_dict: "fc3\.weight"\./);
      assert.match(
        e.message,
        /size mismatch for fc1\.weight: copying a param with shape \[10, 5\] from checkpoint, the shape in current model is \[10, 4\]/,
      );
      return true;
    },
  );
  // nothing was loaded
  assert.deepEqual(Array.from(m.fc2.weight.toTypedArray()), before);
});

test("non-strict loading reports missing and unexpected keys and loads the rest", () => {
  const m = new LinearNet();
  const res = m.loadStateDict({ "fc2.bias": tensor([1.5]), extra: tensor([1]) }, { strict: false });
  assert.deepEqual(res.missingKeys, ["fc1.weight", "fc1.bias", "fc2.weight"]);
  assert.deepEqual(res.unexpectedKeys, ["extra"]);
  assert.equal(m.fc2.bias!.item(), 1.5);
  // a size mismatch is an error even when not strict, as in PyTorch
  assert.throws(
    () => m.loadStateDict({ "fc2.bias": tensor([1, 2]) }, { strict: false }),
    /size mismatch for fc2\.bias/,
  );
});

test("train() and eval() propagate to every submodule and return the module", () => {
  const m = new Nested();
  const all = () => [...m.modules()].map((x) => x.training);
  assert.ok(all().every((t) => t));
  assert.equal(m.eval(), m);
  assert.ok(all().every((t) => !t));
  assert.equal(m.body[0].training, false);
  m.train();
  assert.ok(all().every((t) => t));
  m.body.train(false);
  assert.equal(m.training, true);
  assert.equal(m.body[1].training, false);
});

test("train() reaches each child through the child's own train(), so an override runs (as PyTorch's)", () => {
  // A layer that stays in eval mode, as a frozen batch norm does in PyTorch by overriding train.
  class Frozen extends nn.Linear {
    override train(): this {
      return super.train(false);
    }
  }
  const frozen = new Frozen(2, 2);
  const inner = new nn.Sequential(frozen);
  const m = new nn.Sequential(new nn.Linear(2, 2), inner);
  m.eval().train();
  assert.equal(m.training, true);
  assert.equal(m[0].training, true);
  assert.equal(inner.training, true);
  assert.equal(frozen.training, false);
});

test("zeroGrad clears every parameter's gradient", () => {
  const m = new LinearNet();
  m.forward(tensor([[1, 2, 3, 4]]))
    .sum()
    .backward();
  assert.ok(m.parameters().every((p) => p.grad !== null));
  m.zeroGrad();
  assert.ok(m.parameters().every((p) => p.grad === null));
});

test("Linear: weight and bias within ±1/sqrt(inFeatures), reproducible with a seeded Generator", () => {
  for (const [inF, outF] of [
    [4, 10],
    [10, 1],
    [100, 7],
  ]) {
    const l = new nn.Linear(inF, outF, { generator: new Generator(11) });
    const bound = 1 / Math.sqrt(inF);
    for (const p of [l.weight, l.bias!]) {
      const v = Array.from(p.toTypedArray());
      assert.ok(
        v.every((x) => Math.abs(x) <= bound),
        `${inF}->${outF}: outside ±${bound}`,
      );
      // spread over the interval, not collapsed
      if (v.length > 5) assert.ok(Math.max(...v) - Math.min(...v) > bound, "spread");
    }
    assert.deepEqual(l.weight.shape, [outF, inF]);
    assert.deepEqual(l.bias!.shape, [outF]);
  }
  const w = (g: Generator) =>
    Array.from(new nn.Linear(4, 3, { generator: g }).weight.toTypedArray());
  assert.deepEqual(w(new Generator(5)), w(new Generator(5)));
  assert.notDeepEqual(w(new Generator(5)), w(new Generator(6)));
  manualSeed(7);
  const first = Array.from(new nn.Linear(4, 3).weight.toTypedArray());
  manualSeed(7);
  assert.deepEqual(Array.from(new nn.Linear(4, 3).weight.toTypedArray()), first);
  assert.equal(new nn.Linear(4, 3, { bias: false }).bias, null);
  assert.equal(new nn.Linear(2, 2, { dtype: "float64" }).weight.dtype, "float64");
});
