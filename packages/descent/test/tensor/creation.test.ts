import { test } from "node:test";
import assert from "node:assert/strict";

import * as T from "../../src/tensor/index.js";
import type { DType, Tensor } from "../../src/tensor/index.js";
import { decode, readOpsFixture } from "../helpers/torch_fixture.js";
import type { EncTensor } from "../helpers/torch_fixture.js";

/**
 * arange, linspace and logspace against PyTorch 1.13 (rows of test/fixtures/torch/ops2.json):
 * every element within 2 ulps of the dtype (PyTorch's AVX2 build gives exactly these), and the
 * shape arguments every creation function takes.
 */

interface CreationCase {
  name: string;
  op: "arange" | "linspace" | "logspace";
  args: { args: number[]; dtype?: DType };
  out: EncTensor;
}

const { creation } = readOpsFixture("ops2.json") as unknown as { creation: CreationCase[] };

/** Distance in units in the last place of `dtype` between two values of that dtype. */
function ulps(a: number, b: number, dtype: DType): number {
  if (a === b) return 0;
  if (dtype === "float64") {
    const v = new BigInt64Array(new Float64Array([a, b]).buffer);
    const key = (x: bigint) => (x < 0n ? -(x & 0x7fffffffffffffffn) : x);
    const d = key(v[0]) - key(v[1]);
    return Number(d < 0n ? -d : d);
  }
  const v = new Int32Array(new Float32Array([a, b]).buffer);
  const key = (x: number) => (x < 0 ? -(x & 0x7fffffff) : x);
  return Math.abs(key(v[0]) - key(v[1]));
}

const RUN = {
  arange: (a: number[], dtype?: DType) => T.arange(a[0], a[1], a[2], dtype ? { dtype } : {}),
  linspace: (a: number[], dtype?: DType) => T.linspace(a[0], a[1], a[2], dtype ? { dtype } : {}),
  logspace: (a: number[], dtype?: DType) =>
    T.logspace(a[0], a[1], a[2], a[3], dtype ? { dtype } : {}),
};

for (const c of creation) {
  test(`${c.name} is within 2 ulps of PyTorch's`, () => {
    const t: Tensor = RUN[c.op](c.args.args, c.args.dtype);
    const dtype = c.out.dtype ?? "float32";
    assert.deepEqual(t.shape, c.out.shape);
    assert.equal(t.dtype, dtype);
    const got = t.toTypedArray();
    let worst = 0;
    got.forEach((v, i) => (worst = Math.max(worst, ulps(v, decode(c.out.values[i]), dtype))));
    assert.ok(worst <= 2, `${worst} ulps from PyTorch`);
  });
}

test("linspace(-pi, pi, 2000) is PyTorch's bit for bit", () => {
  const c = creation.find((r) => r.name.startsWith("linspace(-3.14") && r.out.shape[0] === 2000)!;
  const got = T.linspace(-Math.PI, Math.PI, 2000).toTypedArray();
  const expected = Float32Array.from(c.out.values.map(decode));
  assert.deepEqual(Array.from(got), Array.from(expected));
});

test("every creation function takes a shape as numbers or as an array", () => {
  const g = () => ({ generator: new T.Generator(3) });
  const pairs: [Tensor, Tensor][] = [
    [T.zeros(5, 3), T.zeros([5, 3])],
    [T.ones(5, 3), T.ones([5, 3])],
    [T.empty(5, 3), T.empty([5, 3])],
    [T.rand(5, 3, g()), T.rand([5, 3], g())],
    [T.randn(5, 3, g()), T.randn([5, 3], g())],
    [T.full(4, 2.5), T.full([4], 2.5)],
    [T.randint(0, 10, 4, g()), T.randint(0, 10, [4], g())],
    [T.randint(10, [4], g()), T.randint(0, 10, [4], g())],
  ];
  for (const [a, b] of pairs) {
    assert.deepEqual(a.shape, b.shape);
    assert.deepEqual(a.tolist(), b.tolist());
  }
  assert.deepEqual(T.randn(5, 3).shape, [5, 3]);
  assert.deepEqual(T.rand(2, 3, { dtype: "float64" }).dtype, "float64");
  assert.deepEqual(T.randn().shape, []);
});

test("the *Like functions take the shape and dtype of their tensor", () => {
  const x = T.zeros(2, 3, { dtype: "float64" });
  for (const t of [
    T.randLike(x),
    T.randnLike(x),
    T.fullLike(x, 7),
    T.emptyLike(x),
    T.randintLike(x, 5),
    T.randintLike(x, 2, 5),
  ]) {
    assert.deepEqual(t.shape, [2, 3]);
    assert.equal(t.dtype, "float64");
  }
  assert.ok(
    T.fullLike(x, 7)
      .toTypedArray()
      .every((v) => v === 7),
  );
  assert.ok(
    T.randintLike(x, 2, 5)
      .toTypedArray()
      .every((v) => v >= 2 && v < 5),
  );
  const c = T.clone(x.requiresGrad_());
  assert.equal(c.gradFn?.name, "CloneBackward0");
});

test("arange of integers is int32, of fractions float32, and counts like PyTorch", () => {
  assert.equal(T.arange(5).dtype, "int32");
  assert.deepEqual(T.arange(5).tolist(), [0, 1, 2, 3, 4]);
  assert.equal(T.arange(0, 1, 0.1).numel(), 10);
  assert.equal(T.arange(1, 2.5, 0.5).dtype, "float32");
  assert.deepEqual(T.arange(1, 2.5, 0.5).tolist(), [1, 1.5, 2]);
});

test("arange takes its options right after the numbers, as torch.arange(12, dtype=...)", () => {
  const a = T.arange(12, { dtype: "float32" });
  assert.equal(a.dtype, "float32");
  assert.deepEqual(a.tolist(), [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
  const b = T.arange(2, 5, { dtype: "float64", requiresGrad: true });
  assert.equal(b.dtype, "float64");
  assert.equal(b.requiresGrad, true);
  assert.deepEqual(b.tolist(), [2, 3, 4]);
  assert.deepEqual(T.arange(1, 2, 0.5, { dtype: "float64" }).tolist(), [1, 1.5]);
});
