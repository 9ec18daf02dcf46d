import { test } from "node:test";
import assert from "node:assert/strict";

import * as T from "../../src/tensor/index.js";
import { Generator, tensor } from "../../src/tensor/index.js";
import { errorRows } from "../helpers/error_rows.js";

/**
 * Random creation: seeded through a Generator (same seed, same values), the shapes and dtypes
 * PyTorch gives, and the distributions (sample moments within several standard errors).
 * The values themselves cannot match PyTorch's, whose generator is another.
 */

const g = (seed = 1) => ({ generator: new Generator(seed) });
const meanOf = (a: ArrayLike<number>) => Array.from(a).reduce((s, v) => s + v, 0) / a.length;

test("bernoulli: values 0/1 with frequency p, input's shape and dtype, seeded", () => {
  const p = tensor([0, 1, 0.3, 0.8], { dtype: "float64" });
  const n = 20000;
  const draws = T.bernoulli(p.unsqueeze(0).expand(n, 4), g());
  assert.deepEqual(draws.shape, [n, 4]);
  assert.equal(draws.dtype, "float64");
  const freq = draws.mean(0).tolist() as number[];
  [0, 1, 0.3, 0.8].forEach((pi, i) =>
    assert.ok(
      Math.abs(freq[i] - pi) < 4 * Math.sqrt((pi * (1 - pi)) / n) + 1e-12,
      `p ${pi}: ${freq[i]}`,
    ),
  );
  assert.deepEqual(T.bernoulli(p, g(5)).tolist(), T.bernoulli(p, g(5)).tolist());
});

test("multinomial: frequencies follow the weights; without replacement each index once", () => {
  const w = tensor([1, 0, 3, 4]);
  const n = 20000;
  const s = T.multinomial(w, n, true, g());
  assert.equal(s.dtype, "int32");
  assert.deepEqual(s.shape, [n]);
  const counts = [0, 0, 0, 0];
  for (const v of s.toTypedArray()) counts[v]++;
  assert.equal(counts[1], 0, "a zero weight is never drawn");
  [1 / 8, 0, 3 / 8, 4 / 8].forEach((p, i) =>
    assert.ok(Math.abs(counts[i] / n - p) < 4 * Math.sqrt((p * (1 - p)) / n) + 1e-12),
  );
  const rows = T.multinomial(
    tensor([
      [1, 1, 1, 1, 1],
      [0, 2, 0, 1, 5],
    ]),
    3,
    false,
    g(2),
  );
  assert.deepEqual(rows.shape, [2, 3]);
  const [r0, r1] = rows.tolist() as number[][];
  assert.equal(new Set(r0).size, 3);
  assert.equal(new Set(r1).size, 3);
  assert.ok(r1.every((j) => j === 1 || j === 3 || j === 4));
  assert.deepEqual(
    T.multinomial(w, 5, true, g(9)).tolist(),
    T.multinomial(w, 5, true, g(9)).tolist(),
  );
});

test("normal: tensor means and stds broadcast; number forms need a size", () => {
  const n = 20000;
  const mean = T.full([n, 2], 0).add(tensor([-3, 5]));
  const x = T.normal(mean, tensor([0.5, 2]), undefined, g());
  assert.deepEqual(x.shape, [n, 2]);
  const m = x.mean(0).tolist() as number[];
  const sd = x.std(0).tolist() as number[];
  assert.ok(Math.abs(m[0] + 3) < 0.02 && Math.abs(m[1] - 5) < 0.08, `means ${m}`);
  assert.ok(Math.abs(sd[0] - 0.5) < 0.02 && Math.abs(sd[1] - 2) < 0.06, `stds ${sd}`);
  assert.deepEqual(T.normal(0, 1, [2, 3]).shape, [2, 3]);
  assert.deepEqual(T.normal(tensor([1, 2, 3]), 0).tolist(), [1, 2, 3]);
  assert.deepEqual(T.normal(2, tensor([0, 0])).tolist(), [2, 2]);
  assert.deepEqual(T.normal(0, 1, [4], g(3)).tolist(), T.normal(0, 1, [4], g(3)).tolist());
});

test("rand, randn and randint: moments and ranges", () => {
  const u = T.rand(20000, g()).toTypedArray();
  assert.ok(u.every((v) => v >= 0 && v < 1));
  assert.ok(Math.abs(meanOf(u) - 0.5) < 0.01);
  const z = T.randn(20000, g(2));
  assert.ok(Math.abs(z.mean().item()) < 0.03 && Math.abs(z.std().item() - 1) < 0.03);
  const k = T.randint(-3, 4, [20000], g(3)).toTypedArray();
  assert.ok(k.every((v) => v >= -3 && v < 4));
  assert.ok(Math.abs(meanOf(k)) < 0.05);
});

errorRows([
  {
    name: "multinomial without replacement beyond the categories",
    call: () => T.multinomial(tensor([1, 2]), 3),
    type: RangeError,
    parts: ["multinomial", "3 samples", "2 categories", "replacement = true"],
  },
  {
    name: "multinomial with a negative weight",
    call: () => T.multinomial(tensor([1, -2]), 1),
    type: RangeError,
    parts: ["multinomial", "non-negative", "-2", "[1]"],
  },
  {
    name: "multinomial of a 3-D tensor",
    call: () => T.multinomial(T.ones(2, 2, 2), 1),
    type: RangeError,
    parts: ["multinomial", "[2, 2, 2]", "1-D", "2-D"],
  },
  {
    name: "bernoulli with a probability above 1",
    call: () => T.bernoulli(tensor([0.5, 1.5])),
    type: RangeError,
    parts: ["bernoulli", "[0, 1]", "1.5", "index 1"],
  },
  {
    name: "normal with a negative std",
    call: () => T.normal(tensor([0, 0]), tensor([1, -1])),
    type: RangeError,
    parts: ["normal", "std", "-1", "index 1"],
  },
  {
    name: "normal of two numbers without a size",
    call: () => T.normal(0, 1),
    type: TypeError,
    parts: ["normal", "size", "normal(0, 1, [2, 3])"],
  },
  {
    name: "randn with an integer dtype",
    call: () => T.randn(2, { dtype: "int32" }),
    type: TypeError,
    parts: ["randn", "floating point", "int32"],
  },
  {
    name: "randint without a size",
    call: () => (T.randint as (a: number, b: number) => T.Tensor)(0, 5),
    type: TypeError,
    parts: ["randint", "size", "randint(0, 5, [2, 3])"],
  },
  {
    name: "randn with a fractional size",
    call: () => T.randn(2.5),
    type: TypeError,
    parts: ["randn", "[2.5]", "non-negative integers"],
  },
  {
    name: "full with the value first",
    call: () => (T.full as unknown as (a: number, b: number[]) => T.Tensor)(1.5, [2]),
    type: TypeError,
    parts: ["full", "fill value", "full([2, 3], 1.5)"],
  },
  {
    name: "linspace with fractional steps",
    call: () => T.linspace(0, 1, 2.5),
    type: RangeError,
    parts: ["linspace", "steps", "2.5"],
  },
  {
    name: "arange with a step pointing away from end",
    call: () => T.arange(0, 5, -1),
    type: RangeError,
    parts: ["arange", "start 0", "end 5", "step -1"],
  },
]);
