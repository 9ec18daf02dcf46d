/**
 * Activation layers, containers and printing, and tied parameters against PyTorch
 * (test/fixtures/torch/layers.json, written by scripts/golden/torch_layers.py): forward values
 * and input gradients in float64, str(module) and state-dict keys, d2l's shared-layer model
 * (keys, loading PyTorch's state dict; PyTorch loading descent's file is checked by the script),
 * plus float64 gradient checks of the activations.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";

import type { Tensor } from "../../src/index.js";
import { io, nn, tensor, zeros } from "../../src/index.js";
import type { Nested } from "../helpers/gradcheck_nn.js";
import { assertClose, gradcheck } from "../helpers/gradcheck_nn.js";

interface ActivationCase {
  module: string;
  args: (number | string)[];
  repr: string;
  input: Nested;
  upstream: Nested;
  output: Nested;
  grad: Nested;
}
const fx = JSON.parse(
  readFileSync(new URL("../fixtures/torch/layers.json", import.meta.url), "utf8"),
) as {
  torch: string;
  activations: ActivationCase[];
  reprs: Record<string, { repr: string; keys: string[] }>;
  tied: {
    stateDictKeys: string[];
    namedParameters: string[];
    numParameters: number;
    state: Record<string, Nested>;
    input: Nested;
    output: Nested;
    repr: string;
    descentFile: { keys: string[]; loadedStrict: boolean };
  };
};

const F64 = { dtype: "float64" } as const;
const TOL = { rtol: 1e-12, atol: 1e-14 };
type Ctor = new (...args: unknown[]) => nn.Module;
const make = (c: ActivationCase): nn.Module =>
  new (nn as unknown as Record<string, Ctor>)[c.module](...c.args);

for (const c of fx.activations) {
  const what = `${c.module}(${c.args.join(", ")})`;
  test(`${what}: forward, gradient and print match PyTorch ${fx.torch}`, () => {
    const m = make(c);
    assert.equal(m.toString(), c.repr);
    const x = tensor(c.input as number[][], F64).requiresGrad_();
    const y = m.forward(x);
    assertClose(y, c.output, `${what} output`, TOL);
    y.backward(tensor(c.upstream as number[][], F64));
    assertClose(x.grad!, c.grad, `${what} grad`, TOL);
  });
  test(`${what}: float64 gradient check away from the kinks`, () => {
    const m = make(c);
    const x = tensor([-3.7, -1.3, -0.4, 0.3, 0.9, 1.6, 4.1, 7.3], F64);
    gradcheck(
      (v) =>
        m
          .forward(v)
          .mul(tensor([1, -2, 3, 0.5, 1.5, -1, 2, 0.25], F64))
          .sum(),
      x,
      what,
    );
  });
}

test("activations keep float32 in float32", () => {
  for (const c of fx.activations) assert.equal(make(c).forward(zeros([2])).dtype, "float32");
});

/** The models of layers.json's reprs, built with descent's API. */
class WithBuffer extends nn.Module {
  fc = new nn.Linear(3, 2);
  head: nn.ModuleList;
  constructor() {
    super();
    this.registerBuffer("running", zeros([2]));
    this.registerBuffer("scratch", zeros([1]), false);
    this.head = new nn.ModuleList([new nn.Linear(2, 2), new nn.Dropout(0.1)]);
  }
  forward(x: Tensor): Tensor {
    return x;
  }
}

function models() {
  const seq = new nn.Sequential(new nn.Linear(4, 8), new nn.ReLU());
  seq.append(new nn.Dropout(0.25));
  seq.insert(1, new nn.LeakyReLU(0.1));
  seq.addModule("head", new nn.Linear(8, 2));
  seq.append(new nn.Softplus());
  const nested = new nn.Sequential(
    new nn.Sequential(new nn.Linear(2, 3), new nn.GELU("tanh")),
    new nn.ELU(),
  );
  const dict = new nn.ModuleDict({ cls: new nn.Linear(8, 3), act: new nn.Hardtanh(-2, 2) });
  dict.addModule("reg", new nn.Linear(8, 1));
  const list = new nn.ModuleList<nn.Module>([new nn.Linear(2, 2), new nn.SiLU()]);
  list.insert(1, new nn.Mish());
  list.append(new nn.ReLU6());
  list.extend([new nn.LogSigmoid()]);
  return {
    sequential_api: seq,
    nested,
    module_dict: dict,
    module_list: list,
    with_buffer: new WithBuffer(),
    lazy: new nn.LazyLinear(5),
  };
}

for (const [name, m] of Object.entries(models())) {
  test(`${name}: prints as PyTorch's and has its state-dict keys`, () => {
    assert.equal(m.toString(), fx.reprs[name].repr);
    assert.deepEqual(Object.keys(m.stateDict()), fx.reprs[name].keys);
  });
}

test("containers: every child by position and key, nested access, pop and renumbering", () => {
  const { sequential_api: seq, nested, module_dict: dict, module_list: list } = models();
  assert.ok(seq.get(1) instanceof nn.LeakyReLU);
  assert.ok(seq.get("head") instanceof nn.Linear);
  assert.equal(seq.get(-1), seq.get(5));
  assert.equal(seq.get(4), seq.get("head"));
  assert.ok((seq as nn.Sequential)[3] instanceof nn.Dropout);
  assert.ok(nested.get(0).get(1) instanceof nn.GELU);
  assert.equal(nested.get("0.1"), nested.get(0).get(1));
  assert.throws(() => seq.get(6), /Sequential.get: index 6 is out of range for 6 children/);
  assert.throws(() => nested.get("0.7"), /get: Sequential has no child "7" \(children: 0, 1\)/);
  const l = list as nn.ModuleList;
  assert.equal(l.length, 5);
  assert.ok(l.pop(1) instanceof nn.Mish);
  assert.deepEqual(l.keys(), ["0", "1", "2", "3"]);
  assert.ok(l[1] instanceof nn.SiLU);
  assert.equal(l[4], undefined);
  assert.deepEqual(
    [...l].map((m) => m.constructor.name),
    ["Linear", "SiLU", "ReLU6", "LogSigmoid"],
  );
  const d = dict as nn.ModuleDict;
  assert.deepEqual(d.keys(), ["cls", "act", "reg"]);
  assert.ok(d.has("act") && !d.has("x"));
  assert.throws(() => new nn.ModuleList().forward(), /ModuleList: has no forward\(\); iterate/);
  assert.throws(() => seq.insert(9, new nn.ReLU()), /Sequential.insert: index 9 is out of range/);
  assert.throws(
    () => d.addModule("a.b", new nn.ReLU()),
    /module name must be a non-empty string without "."/,
  );
  assert.throws(() => seq.append(3 as never), /"6" is not a Module/);
});

test("Sequential.forward runs the children in key order, appended and inserted ones included", () => {
  const net = new nn.Sequential(new nn.Linear(2, 3)).append(new nn.ReLU());
  net.insert(1, new nn.Tanh());
  const x = tensor([[0.5, -1]]);
  const want = net.get(0).forward(x).tanh().relu();
  assert.deepEqual(net.forward(x).tolist(), want.tolist());
});

test("buffers: in the state dict (persistent ones), not in parameters(); loaded", () => {
  const m = new WithBuffer();
  assert.deepEqual(
    [...m.namedBuffers()].map(([k]) => k),
    ["running", "scratch"],
  );
  assert.equal(m.parameters().length, 4);
  assert.ok(!m.parameters().includes(m.buffers()[0] as nn.Parameter));
  const sd = m.stateDict();
  sd.running = tensor([3, 4]);
  m.loadStateDict(sd);
  assert.deepEqual((m as unknown as { running: Tensor }).running.tolist(), [3, 4]);
  assert.throws(() => m.registerBuffer("fc", zeros([1])), /attribute "fc" already exists/);
  assert.throws(
    () => m.registerBuffer("p", new nn.Parameter(zeros([1]))),
    /"p" is a Parameter; assign it as a property/,
  );
});

test("apply, modules, namedModules, namedChildren, requiresGrad_", () => {
  const net = models().nested;
  const seen: string[] = [];
  net.apply((m) => seen.push(m.constructor.name));
  assert.deepEqual(seen, ["Linear", "GELU", "Sequential", "ELU", "Sequential"]);
  assert.deepEqual(
    [...net.namedModules()].map(([k]) => k),
    ["", "0", "0.0", "0.1", "1"],
  );
  assert.equal([...net.modules()].length, 5);
  assert.deepEqual(
    [...net.namedChildren()].map(([k]) => k),
    ["0", "1"],
  );
  net.requiresGrad_(false);
  assert.ok(net.parameters().every((p) => !p.requiresGrad));
  net.requiresGrad_();
  assert.ok(net.parameters().every((p) => p.requiresGrad));
});

test("LazyLinear: inFeatures from the first input; prints as PyTorch's; optimizer before that refused", async () => {
  const { optim } = await import("../../src/index.js");
  const lazy = new nn.LazyLinear(5);
  assert.throws(
    () => new optim.SGD(lazy.parameters(), 0.1),
    /not initialized yet; run one forward pass/,
  );
  const y = lazy.forward(zeros([3, 7]));
  assert.deepEqual(y.shape, [3, 5]);
  assert.deepEqual(lazy.weight.shape, [5, 7]);
  assert.equal(lazy.toString(), "LazyLinear(in_features=7, out_features=5, bias=True)");
  const w = lazy.weight;
  lazy.forward(zeros([1, 7]));
  assert.equal(lazy.weight, w, "initialised once");
  assert.equal(new optim.SGD(lazy.parameters(), 0.1).paramGroups[0].params.length, 2);
});

function tiedNet(): nn.Sequential {
  const shared = new nn.Linear(8, 8);
  return new nn.Sequential(
    new nn.Linear(4, 8),
    new nn.ReLU(),
    shared,
    new nn.ReLU(),
    shared,
    new nn.ReLU(),
    new nn.Linear(8, 1),
  );
}

test("tied parameters: PyTorch's key lists, once in parameters(), its state dict loads", () => {
  const t = fx.tied;
  const net = tiedNet();
  assert.equal(net.toString(), t.repr);
  assert.deepEqual(Object.keys(net.stateDict()), t.stateDictKeys);
  assert.deepEqual(
    [...net.namedParameters()].map(([k]) => k),
    t.namedParameters,
  );
  assert.deepEqual(
    [...net.namedParameters({ removeDuplicate: false })].map(([k]) => k),
    t.stateDictKeys,
  );
  assert.equal(net.parameters().length, t.numParameters);
  const sd: Record<string, Tensor> = {};
  for (const [k, v] of Object.entries(t.state)) sd[k] = tensor(v as number[]);
  net.loadStateDict(sd);
  assertClose(net.forward(tensor(t.input as number[][])), t.output, "tied output", {
    rtol: 1e-6,
    atol: 1e-7,
  });
  assert.equal(net.get(2), net.get(4));
});

test("tied parameters: the file descent writes has PyTorch's keys (and PyTorch loads it: layers.json)", () => {
  assert.equal(fx.tied.descentFile.loadedStrict, true);
  const bytes = io.encodeSafetensors(tiedNet().stateDict());
  const keys = Object.keys(io.decodeSafetensors(bytes).tensors).sort();
  assert.deepEqual(keys, fx.tied.descentFile.keys);
  // and a file with only 6 keys (the shared layer once) is refused, naming the missing ones
  const sd = tiedNet().stateDict();
  delete sd["4.weight"];
  delete sd["4.bias"];
  assert.throws(
    () => tiedNet().loadStateDict(sd),
    /Missing key\(s\) in state_dict: "4.weight", "4.bias"/,
  );
});
