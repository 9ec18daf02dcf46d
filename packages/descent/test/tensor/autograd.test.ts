import { test } from "node:test";
import assert from "node:assert/strict";

import {
  Tensor,
  enableGrad,
  isGradEnabled,
  noGrad,
  ones,
  tensor,
  zeros,
} from "../../src/tensor/index.js";
import { NDArray } from "../../src/backend/ndarray.js";
import { sharesData } from "../../src/autograd/buffers.js";
import { allocate, recyclable, recycle } from "../../src/util/dtype.js";

/** The autograd engine and grad mode, through the Tensor API. */

test("backward from a scalar fills the leaves' .grad", () => {
  const x = tensor([1, 2, 3], { requiresGrad: true });
  const y = x.mul(x).sum();
  y.backward();
  assert.deepEqual(x.grad!.tolist(), [2, 4, 6]);
  assert.equal(y.grad, null, "non-leaf gradients are not kept");
});

test("backward with an explicit gradient", () => {
  const x = tensor(
    [
      [1, 2],
      [3, 4],
    ],
    { requiresGrad: true },
  );
  const y = x.mul(3);
  y.backward(
    tensor([
      [1, 0.5],
      [-1, 0],
    ]),
  );
  assert.deepEqual(x.grad!.tolist(), [
    [3, 1.5],
    [-3, 0],
  ]);
});

test("backward from a leaf adds the gradient to its own .grad", () => {
  const x = tensor([1, 2], { requiresGrad: true });
  x.backward(tensor([0.5, 1]));
  assert.deepEqual(x.grad!.tolist(), [0.5, 1]);
});

test("backward from a non-scalar without a gradient says why", () => {
  const x = tensor([1, 2, 3], { requiresGrad: true });
  assert.throws(
    () => x.mul(2).backward(),
    (e: Error) => /scalar outputs/.test(e.message) && /\[3\]/.test(e.message),
  );
});

test("backward with a gradient of the wrong shape names both shapes", () => {
  const x = tensor([1, 2, 3], { requiresGrad: true });
  assert.throws(() => x.mul(2).backward(ones(2)), /gradient has shape \[2\].*shape \[3\]/);
});

test("backward from a tensor that does not require grad", () => {
  assert.throws(() => tensor([1, 2]).sum().backward(), /does not require grad/);
});

test("a second backward through a freed graph fails; retainGraph keeps it", () => {
  const x = tensor([1, 2], { requiresGrad: true });
  const y = x.exp().sum();
  y.backward();
  assert.throws(() => y.backward(), /second time.*retainGraph/);

  const z = x.tanh().sum();
  x.grad = null;
  z.backward(undefined, { retainGraph: true });
  const once = x.grad!.toTypedArray().slice();
  z.backward();
  x.grad!.toTypedArray().forEach((v, i) => assert.ok(Math.abs(v - 2 * once[i]) < 1e-6));
  assert.throws(() => z.backward(), /second time/);
});

test("gradients accumulate in .grad until reset", () => {
  const x = tensor([1, -1], { requiresGrad: true });
  x.mul(2).sum().backward();
  x.mul(3).sum().backward();
  assert.deepEqual(x.grad!.tolist(), [5, 5]);
  x.grad!.zero_();
  x.mul(x).sum().backward();
  assert.deepEqual(x.grad!.tolist(), [2, -2]);
});

test("leaves' gradients never share storage with each other or with the caller's gradient", () => {
  const a = tensor([1, 2], { requiresGrad: true });
  const b = tensor([3, 4], { requiresGrad: true });
  const g = tensor([1, 1]);
  a.add(b).backward(g);
  a.grad!.zero_();
  assert.deepEqual(b.grad!.tolist(), [1, 1]);
  assert.deepEqual(g.tolist(), [1, 1]);
  const c = tensor([1, 2], { requiresGrad: true });
  c.backward(g);
  c.grad!.zero_();
  assert.deepEqual(g.tolist(), [1, 1]);
});

test("a tensor used twice gets the sum of both gradients", () => {
  const x = tensor([2, 3], { requiresGrad: true });
  x.exp().add(x.mul(x)).sum().backward();
  const want = [Math.exp(2) + 4, Math.exp(3) + 6];
  x.grad!.toTypedArray().forEach((v, i) => assert.ok(Math.abs(v - want[i]) < 1e-5));
});

test("noGrad records nothing and restores the mode, even when fn throws", () => {
  const x = tensor([1, 2], { requiresGrad: true });
  const y = noGrad(() => x.mul(2));
  assert.equal(y.requiresGrad, false);
  assert.equal(y.gradFn, null);
  assert.equal(isGradEnabled(), true);
  assert.throws(() =>
    noGrad(() => {
      throw new Error("boom");
    }),
  );
  assert.equal(isGradEnabled(), true);
  noGrad(() => {
    assert.equal(isGradEnabled(), false);
    assert.equal(enableGrad(() => x.mul(2)).requiresGrad, true);
    assert.throws(() =>
      enableGrad(() => {
        throw new Error("boom");
      }),
    );
    assert.equal(isGradEnabled(), false);
  });
  assert.equal(isGradEnabled(), true);
});

test("detach: same values, outside the graph", () => {
  const x = tensor([1, 2], { requiresGrad: true });
  const y = x.mul(2);
  const d = y.detach();
  assert.equal(d.requiresGrad, false);
  assert.equal(d.isLeaf, true);
  assert.deepEqual(d.tolist(), [2, 4]);
  x.mul(d).sum().backward();
  assert.deepEqual(x.grad!.tolist(), [2, 4], "no gradient flows through the detached factor");
});

test("isLeaf and gradFn", () => {
  const x = tensor([1, 2], { requiresGrad: true });
  const c = tensor([1, 2]);
  assert.equal(x.isLeaf, true);
  assert.equal(x.gradFn, null);
  const y = x.add(c);
  assert.equal(y.isLeaf, false);
  assert.ok(y.gradFn);
  assert.equal(c.mul(2).isLeaf, true, "ops on tensors that do not require grad make leaves");
  assert.throws(() => (y.requiresGrad = false), /leaf/);
});

test("retainGrad keeps a non-leaf's gradient", () => {
  const x = tensor([1, 2], { requiresGrad: true });
  const y = x.mul(3).retainGrad();
  y.mul(y).sum().backward();
  assert.deepEqual(y.grad!.tolist(), [6, 12]);
  assert.deepEqual(x.grad!.tolist(), [18, 36]);
});

test("inputs that do not require grad get none", () => {
  const x = tensor([1, 2], { requiresGrad: true });
  const w = tensor([3, 4]);
  x.mul(w).sum().backward();
  assert.equal(w.grad, null);
  assert.deepEqual(x.grad!.tolist(), [3, 4]);
});

test("integer and bool results do not require grad", () => {
  const x = tensor([1.5, -2, 3], { requiresGrad: true });
  assert.equal(x.int().requiresGrad, false);
  assert.equal(x.int().gradFn, null);
  assert.equal(x.gt(0).requiresGrad, false);
  assert.equal(x.argmax().requiresGrad, false);
  assert.equal(x.max(0).indices.requiresGrad, false);
  assert.equal(x.double().requiresGrad, true);
});

test("a chain of 100 000 ops backwards without overflowing the stack", () => {
  const x = zeros([2], { requiresGrad: true });
  const step = tensor([1e-3, 2e-3]);
  let y = x;
  for (let i = 0; i < 100_000; i++) y = y.add(step);
  y.sum().backward();
  assert.deepEqual(x.grad!.tolist(), [1, 1]);
  assert.ok(Math.abs((y.tolist() as number[])[0] - 100) < 0.1);
});

test("requiresGrad on an integer tensor is an error", () => {
  assert.throws(
    () => tensor([1, 2], { dtype: "int32", requiresGrad: true }),
    (e: Error) => /requiresGrad/.test(e.message) && /int32/.test(e.message),
  );
  assert.throws(() => tensor([true]).requiresGrad_(), /floating point/);
  assert.doesNotThrow(() => tensor([1, 2], { dtype: "int32" }).requiresGrad_(false));
});

test("recycled gradient storage never reaches a live tensor: .grad, retained grads and outputs survive later steps", () => {
  // 300 x 4 floats: above the length from which the engine recycles consumed gradients.
  const rows = Array.from({ length: 300 }, (_, i) => [0, 1, 2, 3].map((j) => Math.sin(4 * i + j)));
  const x = tensor(rows, { requiresGrad: true });
  const w = tensor([[0.5, -1, 2, 0.25]], { requiresGrad: true });
  const step = (): { h: ReturnType<typeof x.mul>; keep: number[]; xg: number[] } => {
    const h = x.mul(w).sigmoid().retainGrad();
    h.mul(h).sum().backward();
    return { h, keep: [...h.grad!.value.data], xg: [...x.grad!.value.data] };
  };
  const first = step();
  const hValues = [...first.h.value.data];
  for (let i = 0; i < 3; i++) step();
  assert.deepEqual(
    [...first.h.grad!.value.data],
    first.keep,
    "a retained gradient was overwritten",
  );
  assert.deepEqual([...first.h.value.data], hValues, "an output was overwritten");
  const xg = x.grad!.value.data;
  first.xg.forEach((v, i) => assert.ok(Math.abs(xg[i] - 4 * v) <= 1e-5 * Math.abs(v) + 1e-7));
});

test("recycle ignores views into a larger buffer", () => {
  const big = new Float32Array(2048);
  recycle(big.subarray(1024));
  const a = allocate("float32", 1024);
  assert.notEqual(a.buffer, big.buffer);
  recycle(a);
  a[3] = 7;
  const b = allocate("float32", 1024);
  assert.equal(b, a, "a whole array of its own is reused");
  assert.equal(b[3], 0, "and zeroed");
});

/**
 * A custom op joining a [2] and b [300] whose backward hands one of them a view of the incoming
 * gradient g (a at g's start: 2 floats, small enough to be told apart by a write rather than
 * .buffer; b past it: told apart by byte ranges) and the other a copy. g comes from mul's
 * backward, a new array that the engine alone holds; recycling it would let later steps, which
 * allocate and recycle 302-float arrays, overwrite the view in .grad.
 */
function viewsKeepStorage(view: "a" | "b"): void {
  const a = tensor([1, 2], { requiresGrad: true });
  const b = tensor(
    Array.from({ length: 300 }, (_, i) => i / 300),
    { requiresGrad: true },
  );
  const joined = Tensor.apply(
    "splitViews",
    {
      out: new NDArray(Float32Array.from([...a.value.data, ...b.value.data]), [302]),
      backward: (g) => [
        new NDArray(view === "a" ? g.data.subarray(0, 2) : g.data.slice(0, 2), [2]),
        new NDArray(view === "b" ? g.data.subarray(2) : g.data.slice(2), [300]),
      ],
    },
    [a, b],
  );
  joined.mul(3).sum().backward();
  const aGrad = [...a.grad!.value.data];
  const bGrad = [...b.grad!.value.data];
  assert.deepEqual(aGrad, [3, 3]);
  assert.ok(bGrad.every((v) => v === 3));
  for (let i = 0; i < 4; i++) {
    const t = tensor(
      Array.from({ length: 302 }, () => -1),
      { requiresGrad: true },
    );
    t.mul(t).mul(5).sum().backward();
  }
  assert.deepEqual([...a.grad!.value.data], aGrad);
  assert.deepEqual([...b.grad!.value.data], bGrad);
}

test("a gradient returned as a view at the start of the incoming one keeps that storage from being recycled", () => {
  viewsKeepStorage("a");
});

test("a gradient that is a larger view into g's buffer keeps g from being recycled", () => {
  viewsKeepStorage("b");
});

test("fresh float32 arrays from shared slabs never overlap, and only whole slots are recycled", () => {
  const n = 1000;
  const arrays = Array.from({ length: 40 }, (_, i) => {
    const a = allocate("float32", n) as Float32Array;
    assert.ok(
      a.every((v) => v === 0),
      "zeroed",
    );
    a.fill(i + 1);
    return a;
  });
  arrays.forEach((a, i) =>
    assert.ok(
      a.every((v) => v === i + 1),
      `array ${i} kept its values`,
    ),
  );
  assert.ok(
    arrays.some((a) => a.buffer.byteLength > a.byteLength),
    "several arrays share a buffer",
  );
  // A slot may be recycled; a part of one, or a view across two, may not.
  const slot = arrays.find((a) => a.byteOffset > 0)!;
  assert.equal(recyclable(slot), true);
  assert.equal(recyclable(slot.subarray(1)), false);
  assert.equal(recyclable(new Float32Array(slot.buffer, 0, 2 * n)), false);
  assert.equal(recyclable(new Float32Array(slot.buffer, 4, n)), false);
  recycle(slot);
  const again = allocate("float32", n);
  assert.equal(again, slot, "the recycled slot is reused");
  assert.ok(
    again.every((v) => v === 0),
    "and zeroed",
  );
  arrays.forEach((a, i) => {
    if (a !== slot)
      assert.ok(
        a.every((v) => v === i + 1),
        `array ${i} untouched by the reuse`,
      );
  });
});

test("the engine tells gradients that share g's bytes from ones that only share its buffer", () => {
  const g = new NDArray(new Float32Array(300).fill(2), [300]);
  const shares = (d: Float32Array): boolean => sharesData([null, new NDArray(d, [d.length])], g);
  assert.equal(shares(g.data.subarray(0, 2) as Float32Array), true, "2 floats at its start");
  assert.equal(shares(g.data.subarray(5, 300) as Float32Array), true, "past its start");
  assert.equal(shares(new Float32Array(2)), false, "an array of its own, on V8's heap");
  assert.equal(shares(new Float32Array(40)), false);
  assert.deepEqual(
    [...g.data.subarray(0, 3)],
    [2, 2, 2],
    "the write that tells them apart is undone",
  );
  const slab = new ArrayBuffer(4 * 600);
  const h = new NDArray(new Float32Array(slab, 0, 300), [300]);
  const next = new Float32Array(slab, 4 * 300, 300);
  assert.equal(sharesData([new NDArray(next, [300])], h), false, "the next slot of one slab");
  assert.equal(sharesData([new NDArray(new Float32Array(slab, 4 * 299, 2), [2])], h), true);
});
