/**
 * The buffer policy (src/autograd/buffers.ts): the engine writes over or recycles only arrays it
 * alone holds. Each test builds a case where an array is also held elsewhere (by the user, by a
 * saved tensor, by a view, by `.grad`, by a retained graph, by a custom Function's code), runs
 * backward, then more steps of the same sizes (so that recycled arrays get handed out again and
 * written), and checks that no value the user can see changed.
 */
import { test } from "node:test";
import assert from "node:assert/strict";

import type { Tensor } from "../../src/tensor/index.js";
import { autograd, tensor } from "../../src/tensor/index.js";

const N = 300; // above the length from which consumed gradients are recycled

const values = (t: Tensor): number[] => [...t.toTypedArray()];
const ramp = (n: number, scale = 1, shift = 0): number[] =>
  Array.from({ length: n }, (_, i) => scale * Math.sin(i + shift));

/** Steps that allocate, write and recycle float32 arrays of n elements (and of other sizes). */
function churn(n: number): void {
  for (let i = 0; i < 4; i++) {
    const t = tensor(ramp(n, 1, i), { requiresGrad: true });
    t.mul(3).relu().sigmoid().mul(t).sum().backward();
  }
}

test("a custom Function's backward returning a tensor the user holds: the engine neither writes over nor recycles it", () => {
  const held = tensor(ramp(N, 2));
  const before = values(held);
  class GiveHeld extends autograd.Function {
    static forward(_ctx: autograd.FunctionCtx, x: Tensor): Tensor {
      return x.mul(1);
    }
    static backward(): Tensor {
      return held;
    }
  }
  const x = tensor(ramp(N, 1, 1), { requiresGrad: true });
  // relu's backward writes its result over its incoming gradient when the engine owns it
  GiveHeld.apply(x.relu()).sum().backward();
  churn(N);
  assert.deepEqual(values(held), before, "the user's tensor changed");
  const xs = values(x);
  const want = before.map((v, i) => (xs[i] > 0 ? v : 0));
  assert.deepEqual(values(x.grad!), want);
});

test("a custom Function's backward keeping the gradient it was given: that array is not recycled", () => {
  let kept: Tensor | null = null;
  class Keep extends autograd.Function {
    static forward(_ctx: autograd.FunctionCtx, x: Tensor): Tensor {
      return x.mul(1);
    }
    static backward(_ctx: autograd.FunctionCtx, g: Tensor): Tensor {
      kept = g;
      return g.mul(2);
    }
  }
  const x = tensor(ramp(N), { requiresGrad: true });
  // mul's backward gives Keep a new array the engine alone held until Keep's code saw it
  Keep.apply(x)
    .mul(tensor(ramp(N, 1, 7)))
    .sum()
    .backward();
  const seen = values(kept!);
  churn(N);
  assert.deepEqual(values(kept!), seen, "the gradient the user kept changed");
  assert.deepEqual(
    values(x.grad!),
    seen.map((v) => Math.fround(2 * v)),
  );
});

test("the gradient given to backward() is also a saved tensor: it keeps its values", () => {
  const x = tensor(ramp(N), { requiresGrad: true });
  const w = tensor(ramp(N, 0.5, 3));
  const before = values(w);
  const y = x.sigmoid().mul(w); // mul saves w
  y.backward(w, { retainGraph: true });
  const first = values(x.grad!);
  assert.deepEqual(values(w), before);
  churn(N);
  assert.deepEqual(values(w), before, "the saved gradient changed");
  y.backward(w);
  const twice = values(x.grad!);
  first.forEach((v, i) => assert.equal(twice[i], Math.fround(2 * v)));
});

test("a gradient given as a view of the user's tensor, through view ops and relu: base and view unchanged, .grad its own", () => {
  const base = tensor(ramp(2 * N, 1, 5)).reshape([2, N]);
  const gView = base.select(0, 1).unsqueeze(0); // contiguous: its data is the storage's subarray
  const before = values(base);
  const x = tensor([ramp(N, 1, 2)], { requiresGrad: true });
  x.squeeze(0).relu().reshape([1, N]).backward(gView);
  churn(N);
  assert.deepEqual(values(base), before, "the gradient's base changed");
  const g = x.grad!;
  assert.equal(g.sharesStorage(gView), false);
  g.zero_(); // writing the leaf's gradient leaves the user's tensor alone
  assert.deepEqual(values(base), before);
});

test("a .grad the user holds keeps its values through later backwards and steps", () => {
  const x = tensor(ramp(N), { requiresGrad: true });
  const w = tensor(ramp(N, 1, 4), { requiresGrad: true });
  const step = () => x.mul(w).relu().sigmoid().sum().backward();
  step();
  const xg = x.grad!;
  const wg = w.grad!;
  const [xb, wb] = [values(xg), values(wg)];
  step();
  churn(N);
  assert.deepEqual(values(xg), xb, "x's earlier .grad changed");
  assert.deepEqual(values(wg), wb, "w's earlier .grad changed");
  values(x.grad!).forEach((v, i) => assert.equal(v, Math.fround(2 * xb[i])));
});

test("a .grad saved by a later op keeps the value that op read", () => {
  const x = tensor(ramp(N), { requiresGrad: true });
  x.relu().sum().backward();
  const v = tensor(ramp(N, 1, 9), { requiresGrad: true });
  const saved = x.grad!;
  const want = values(saved);
  const z = v.mul(saved).sum(); // mul saves x.grad
  x.relu().mul(2).sum().backward(); // accumulates into x.grad
  churn(N);
  z.backward();
  assert.deepEqual(values(v.grad!), want);
});

test("retainGraph: a second backward through relu and sigmoid (which write over owned gradients) repeats the first", () => {
  const x = tensor(ramp(N), { requiresGrad: true });
  const w = tensor(ramp(N, 1, 1), { requiresGrad: true });
  const h = x.mul(w).relu();
  const y = h.sigmoid();
  const [hb, yb] = [values(h), values(y)];
  const loss = y.mul(y).sum();
  loss.backward(undefined, { retainGraph: true });
  const [x1, w1] = [values(x.grad!), values(w.grad!)];
  churn(N);
  loss.backward();
  assert.deepEqual(values(h), hb, "a saved output changed");
  assert.deepEqual(values(y), yb, "a saved output changed");
  values(x.grad!).forEach((v, i) => assert.equal(v, Math.fround(2 * x1[i])));
  values(w.grad!).forEach((v, i) => assert.equal(v, Math.fround(2 * w1[i])));
});
