/**
 * nn.init (statistics, bounds, determinism under a seed, exact identities), Dropout, and nn.utils
 * (clipping and vectors against PyTorch: test/fixtures/torch/layers.json, written by
 * scripts/golden/torch_layers.py). Random initialisers cannot match PyTorch's stream, so their
 * tests check what PyTorch documents: the distribution's bounds, mean and standard deviation.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";

import type { Tensor } from "../../src/index.js";
import { Generator, manualSeed, nn, ones, tensor, zeros } from "../../src/index.js";
import type { Nested } from "../helpers/gradcheck_nn.js";
import { assertClose } from "../helpers/gradcheck_nn.js";

const { init } = nn;
const fx = JSON.parse(
  readFileSync(new URL("../fixtures/torch/layers.json", import.meta.url), "utf8"),
) as {
  gains: Record<string, number>;
  utils: {
    grads: Nested[];
    clipNorm: { maxNorm: number; normType: number | "inf"; total: number; clipped: Nested[] }[];
    clipValue: { clipValue: number; clipped: Nested[] };
    vector: Nested;
  };
};

function stats(t: Tensor): { mean: number; std: number; min: number; max: number } {
  const d = Array.from(t.toTypedArray() as Float32Array);
  const mean = d.reduce((a, b) => a + b, 0) / d.length;
  const std = Math.sqrt(d.reduce((a, b) => a + (b - mean) ** 2, 0) / d.length);
  return { mean, std, min: Math.min(...d), max: Math.max(...d) };
}

const near = (a: number, b: number, tol: number, what: string) =>
  assert.ok(Math.abs(a - b) <= tol, `${what}: ${a}, expected ${b} (+-${tol})`);

test("calculateGain matches PyTorch's", () => {
  for (const [k, v] of Object.entries(fx.gains)) {
    const m = /^(\w+)\((.*)\)$/.exec(k);
    const got = m
      ? init.calculateGain(
          m[1] as nn.init.Nonlinearity,
          m[2] === "sqrt5" ? Math.sqrt(5) : Number(m[2]),
        )
      : init.calculateGain(k as nn.init.Nonlinearity);
    assert.equal(got, v, k);
  }
  assert.throws(
    () => init.calculateGain("softmax" as never),
    /calculateGain: unsupported nonlinearity "softmax"/,
  );
});

const W = () => zeros([400, 250]); // fan_in 250, fan_out 400, 100000 samples

test("uniform_, normal_, trunc_normal_: bounds, mean and std", () => {
  const g = new Generator(1);
  let s = stats(init.uniform_(W(), -0.5, 1.5, g));
  assert.ok(s.min >= -0.5 && s.max < 1.5);
  near(s.mean, 0.5, 0.01, "uniform mean");
  near(s.std, 2 / Math.sqrt(12), 0.01, "uniform std");
  s = stats(init.normal_(W(), { mean: 3, std: 0.5, generator: g }));
  near(s.mean, 3, 0.01, "normal mean");
  near(s.std, 0.5, 0.005, "normal std");
  s = stats(init.trunc_normal_(W(), { std: 1, a: -1, b: 2, generator: g }));
  assert.ok(s.min >= -1 && s.max <= 2, `trunc_normal_ within [-1, 2]: ${s.min}, ${s.max}`);
  // N(0, 1) truncated to [-1, 2]: mean (phi(-1) - phi(2)) / Z, Z = Phi(2) - Phi(-1)
  const phi = (x: number) => Math.exp((-x * x) / 2) / Math.sqrt(2 * Math.PI);
  const Z = 0.9772498680518208 - 0.15865525393145707;
  near(s.mean, (phi(-1) - phi(2)) / Z, 0.01, "trunc_normal mean");
});

test("xavier and kaiming: bounds and std from the fans and the gain", () => {
  const g = new Generator(2);
  const [fanIn, fanOut] = [250, 400];
  let b = Math.sqrt(6 / (fanIn + fanOut));
  let s = stats(init.xavierUniform_(W(), { generator: g }));
  assert.ok(s.min >= -b && s.max <= b);
  near(s.std, b / Math.sqrt(3), 0.002, "xavierUniform std");
  s = stats(init.xavierNormal_(W(), 2, g));
  near(s.std, 2 * Math.sqrt(2 / (fanIn + fanOut)), 0.002, "xavierNormal std");
  b = fx.gains.relu * Math.sqrt(3 / fanIn);
  s = stats(init.kaimingUniform_(W(), { nonlinearity: "relu", generator: g }));
  assert.ok(s.min >= -b && s.max <= b && s.max > 0.99 * b);
  s = stats(init.kaimingNormal_(W(), { mode: "fanOut", nonlinearity: "relu", generator: g }));
  near(s.std, fx.gains.relu / Math.sqrt(fanOut), 0.002, "kaimingNormal fan_out std");
  // Linear's a = sqrt(5) gives the bound 1 / sqrt(fan_in)
  s = stats(init.kaimingUniform_(W(), Math.sqrt(5), g));
  assert.ok(s.max <= 1 / Math.sqrt(fanIn) && s.max > 0.99 / Math.sqrt(fanIn));
});

test("random initialisers are deterministic under a seed and write in place", () => {
  for (const f of [
    init.uniform_,
    init.normal_,
    init.xavierUniform_,
    init.kaimingNormal_,
    init.orthogonal_,
  ]) {
    const a = zeros([6, 5]);
    const same = f(a, { generator: new Generator(7) });
    assert.equal(same, a, `${f.name} returns its argument`);
    const b = f(zeros([6, 5]), { generator: new Generator(7) });
    assert.deepEqual(a.tolist(), b.tolist(), f.name);
    manualSeed(3);
    const c = f(zeros([6, 5]));
    manualSeed(3);
    assert.deepEqual(c.tolist(), f(zeros([6, 5])).tolist(), `${f.name} under manualSeed`);
  }
});

test("constant_, ones_, zeros_, eye_: exact", () => {
  assert.deepEqual(init.constant_(zeros([2, 2]), 0.25).tolist(), [
    [0.25, 0.25],
    [0.25, 0.25],
  ]);
  assert.deepEqual(init.ones_(zeros([3])).tolist(), [1, 1, 1]);
  assert.deepEqual(init.zeros_(ones([2])).tolist(), [0, 0]);
  assert.deepEqual(init.eye_(ones([2, 3])).tolist(), [
    [1, 0, 0],
    [0, 1, 0],
  ]);
  assert.throws(() => init.eye_(zeros([2, 2, 2])), /eye_: only 2-D tensors are supported/);
});

test("orthogonal_: W W^T = I (wide) or W^T W = I (tall), in float64 to rounding", () => {
  for (const shape of [
    [5, 8],
    [8, 5],
    [6, 6],
    [3, 2, 2],
  ]) {
    const w = init.orthogonal_(zeros(shape, { dtype: "float64" }), 1.5, new Generator(4));
    const m = w.reshape(shape[0], -1);
    const g = shape[0] <= m.shape[1] ? m.matmul(m.t()) : m.t().matmul(m);
    const n = g.shape[0];
    const d = g.toTypedArray();
    for (let i = 0; i < n; i++)
      for (let j = 0; j < n; j++)
        near(d[i * n + j], i === j ? 2.25 : 0, 1e-13, `[${shape}] gram[${i},${j}]`);
  }
  assert.throws(
    () => init.orthogonal_(zeros([3])),
    /orthogonal_: only tensors with 2 or more dimensions/,
  );
});

test("model.apply(initFn) with xavierUniform_, as in d2l", () => {
  const net = new nn.Sequential(new nn.Linear(4, 8), new nn.ReLU(), new nn.Linear(8, 1));
  net.apply((m) => {
    if (m instanceof nn.Linear) {
      init.xavierUniform_(m.weight);
      init.zeros_(m.bias!);
    }
  });
  const b = Math.sqrt(6 / 12);
  const w = stats(net.get(0).parameters()[0]);
  assert.ok(w.max <= b && w.min >= -b);
  assert.deepEqual(net.get(2).parameters()[1].tolist(), [0]);
});

test("new nn.Linear allocates no temporary the size of its weight", () => {
  const before = process.memoryUsage().arrayBuffers;
  const fc = new nn.Linear(2048, 4096); // 8M floats, 32 MiB
  const grown = process.memoryUsage().arrayBuffers - before;
  const weight = 2048 * 4096 * 4;
  assert.ok(grown < 1.2 * weight, `grew by ${grown} bytes for a ${weight}-byte weight`);
  assert.equal(fc.weight.numel(), 2048 * 4096);
});

test("Dropout: zeros about p, scales the rest by 1/(1-p), seeded; identity in eval()", () => {
  const d = new nn.Dropout(0.3, { generator: new Generator(9) });
  const x = ones([200, 100]).requiresGrad_();
  const y = d.forward(x);
  const v = Array.from(y.toTypedArray() as Float32Array);
  const zeros_ = v.filter((e) => e === 0).length / v.length;
  near(zeros_, 0.3, 0.01, "fraction dropped");
  assert.ok(v.every((e) => e === 0 || e === Math.fround(1 / 0.7)));
  y.sum().backward();
  assert.deepEqual(Array.from(x.grad!.toTypedArray()), v, "gradient is the mask");
  const again = new nn.Dropout(0.3, { generator: new Generator(9) }).forward(ones([200, 100]));
  assert.deepEqual(again.tolist(), y.tolist(), "same generator seed, same mask");
  d.eval();
  assert.equal(d.forward(x), x);
  assert.equal(nn.functional.dropout(x, { training: false }), x);
  assert.deepEqual(nn.functional.dropout(ones([3]), { p: 1 }).tolist(), [0, 0, 0]);
  assert.throws(
    () => new nn.Dropout(1.5),
    /Dropout: dropout probability has to be between 0 and 1, but got 1.5/,
  );
  assert.equal(new nn.Dropout().toString(), "Dropout(p=0.5, inplace=False)");
});

test("clipGradNorm_, clipGradValue_, parametersToVector match PyTorch", () => {
  const u = fx.utils;
  const params = () =>
    u.grads.map((g) => {
      const p = zeros(tensor(g as number[]).shape).requiresGrad_();
      p.grad = tensor(g as number[]);
      return p;
    });
  for (const c of u.clipNorm) {
    const ps = params();
    const normType = c.normType === "inf" ? Infinity : c.normType;
    const total = nn.utils.clipGradNorm_(ps, c.maxNorm, normType);
    near(total.item(), c.total, 1e-6 * c.total, `total norm ${c.normType}`);
    ps.forEach((p, i) =>
      assertClose(p.grad!, c.clipped[i], `clipped (${c.maxNorm}, ${c.normType})`, {
        rtol: 1e-6,
        atol: 1e-7,
      }),
    );
  }
  const ps = params();
  nn.utils.clipGradValue_(ps, u.clipValue.clipValue);
  ps.forEach((p, i) =>
    assertClose(p.grad!, u.clipValue.clipped[i], "clipGradValue_", { rtol: 0, atol: 0 }),
  );
  const vec = nn.utils.parametersToVector(u.grads.map((g) => tensor(g as number[])));
  assertClose(vec, u.vector, "parametersToVector", { rtol: 0, atol: 0 });
  const targets = params();
  nn.utils.vectorToParameters(vec, targets);
  targets.forEach((p, i) => assertClose(p, u.grads[i], "vectorToParameters", { rtol: 0, atol: 0 }));
  assert.throws(
    () => nn.utils.vectorToParameters(tensor([1, 2]), targets),
    /expected a 1-D vector of 17 elements/,
  );
});

test("clipGradValue_ and clipGradNorm_ write .grad in place, bumping its version as PyTorch's clamp_ and mul_ do", () => {
  const clips: [string, (ps: Tensor[]) => unknown][] = [
    ["clipGradValue_", (ps) => nn.utils.clipGradValue_(ps, 0.5)],
    // a one-shot iterator, as PyTorch's model.parameters() is
    ["clipGradNorm_", (ps) => nn.utils.clipGradNorm_(ps.values(), 0.1)],
  ];
  for (const [name, clip] of clips) {
    const p = tensor([1, -2, 3], { requiresGrad: true });
    p.mul(p).sum().backward();
    const g = p.grad!;
    const v = tensor([1, 1, 1], { requiresGrad: true });
    const z = v.mul(g).sum(); // mul saves the gradient
    const before = g.version;
    clip([p]);
    assert.equal(g.version, before + 1, `${name} bumps the version`);
    assert.equal(p.grad, g, `${name} keeps the same .grad tensor`);
    assert.ok(Math.max(...(g.tolist() as number[]).map(Math.abs)) <= 0.5, `${name} clips`);
    assert.throws(() => z.backward(), /modified by an inplace operation/, name);
  }
});

test("vectorToParameters writes through strided views to their base, bumping the version", () => {
  const base = zeros(2, 3);
  const view = base.t(); // [3, 2], not contiguous
  const other = zeros(2);
  nn.utils.vectorToParameters(tensor([1, 2, 3, 4, 5, 6, 7, 8]), [view, other]);
  assert.deepEqual(view.tolist(), [
    [1, 2],
    [3, 4],
    [5, 6],
  ]);
  assert.deepEqual(base.tolist(), [
    [1, 3, 5],
    [2, 4, 6],
  ]);
  assert.deepEqual(other.tolist(), [7, 8]);
  assert.equal(base.version, 1);
  assert.equal(other.version, 1);
});

test("init functions write through a view to its base, as PyTorch's do", () => {
  const w = zeros(3, 4);
  nn.init.constant_(w.select(1, 2), 7); // a strided view: column 2
  nn.init.eye_(w.narrow(0, 0, 2).narrow(1, 0, 2));
  nn.init.uniform_(w.select(0, 2), 5, 6, new Generator().manualSeed(1));
  const rows = w.tolist() as number[][];
  assert.deepEqual(rows[0], [1, 0, 7, 0]);
  assert.deepEqual(rows[1], [0, 1, 7, 0]);
  assert.ok(
    rows[2].every((v) => v >= 5 && v < 6),
    `row 2 ${rows[2]}`,
  );
});
