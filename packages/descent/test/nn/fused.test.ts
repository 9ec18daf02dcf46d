import { describe, test } from "node:test";
import assert from "node:assert/strict";

import { listBackends } from "../../src/backend/registry.js";
import { onBackend } from "../helpers/backend.js";
import * as F from "../../src/nn/functional.js";
import type { DType, Tensor } from "../../src/tensor/index.js";
import { Generator, fromTypedArray, rand, randint, randn, tensor } from "../../src/tensor/index.js";
import { allocate } from "../../src/util/dtype.js";

/**
 * The fused primitives and the backends' fast kernels against the composition of reference ops
 * they replace: forward values and input gradients, float32 and float64, odd shapes, on every
 * backend (the JS kernels are the reference; the wasm backend runs SIMD kernels for float32).
 */

const TOL: Record<"float32" | "float64", { rtol: number; atol: number }> = {
  float32: { rtol: 2e-5, atol: 2e-6 },
  float64: { rtol: 1e-12, atol: 1e-14 },
};

function assertClose(got: Tensor, want: Tensor, dtype: "float32" | "float64", what: string): void {
  assert.deepEqual(got.shape, want.shape, `${what}: shape`);
  const g = got.toTypedArray();
  const w = want.toTypedArray();
  const { rtol, atol } = TOL[dtype];
  for (let i = 0; i < g.length; i++) {
    if (Number.isNaN(w[i])) {
      assert.ok(Number.isNaN(g[i]), `${what}[${i}]: ${g[i]}, expected NaN`);
      continue;
    }
    assert.ok(
      Math.abs(g[i] - w[i]) <= atol + rtol * Math.abs(w[i]),
      `${what}[${i}]: ${g[i]} vs ${w[i]}`,
    );
  }
}

/** A leaf copy of x that requires grad. */
const leaf = (x: Tensor): Tensor =>
  fromTypedArray(x.toTypedArray(), x.shape, { requiresGrad: true });

/** Forward value and input gradient of `f` on a fresh leaf copy of x, for upstream gradient w. */
function run(f: (x: Tensor) => Tensor, x: Tensor, seed: number): [Tensor, Tensor] {
  const xl = leaf(x);
  const out = f(xl);
  const up = randn(out.shape, { dtype: out.dtype, generator: new Generator(seed) });
  out.backward(up);
  return [out.detach(), xl.grad!];
}

function onEveryBackend(name: string, body: () => void): void {
  for (const backend of listBackends()) {
    test(`${name} (${backend} backend)`, () => onBackend(backend, body));
  }
}

const SHAPES: [number, number][] = [
  [1, 1],
  [1, 3],
  [5, 3],
  [7, 10],
  [1000, 3],
  [3, 17],
  [256, 10],
];
const DTYPES: ("float32" | "float64")[] = ["float32", "float64"];

describe("fused crossEntropy (index targets) against logSoftmax + nllLoss", () => {
  onEveryBackend("reductions, weights, ignoreIndex, odd shapes", () => {
    let seed = 0;
    for (const dtype of DTYPES) {
      for (const [n, c] of SHAPES) {
        const g = new Generator(++seed);
        const x = randn([n, c], { dtype, generator: g }).mul(3);
        const t = randint(0, c, [n], { dtype: "int32", generator: g });
        const weight = rand([c], { dtype, generator: g }).add(0.5);
        // Some targets ignored (when there are several rows).
        const td = t.toTypedArray();
        for (let i = 0; i < n; i += 4) if (n > 1) td[i] = -100;
        const tIgn = fromTypedArray(td, [n]);
        for (const reduction of ["mean", "sum", "none"] as const) {
          for (const [target, opts] of [
            [t, {}],
            [t, { weight }],
            [tIgn, { ignoreIndex: -100 }],
            [tIgn, { weight, ignoreIndex: -100 }],
          ] as const) {
            const what = `${dtype} [${n}, ${c}] ${reduction} ${JSON.stringify(Object.keys(opts))}`;
            const fused = run((xl) => F.crossEntropy(xl, target, { ...opts, reduction }), x, seed);
            const ref = run(
              (xl) => F.nllLoss(xl.logSoftmax(1), target, { ...opts, reduction }),
              x,
              seed,
            );
            assert.equal(fused[0].dtype, dtype);
            assertClose(fused[0], ref[0], dtype, `${what} loss`);
            assertClose(fused[1], ref[1], dtype, `${what} grad`);
          }
        }
      }
    }
  });

  onEveryBackend("a single sample [C], large logits, a row of -inf", () => {
    for (const dtype of DTYPES) {
      const x = tensor([1000, 1001, 1002], { dtype });
      const t = tensor(2, { dtype: "int32" });
      const fused = run((xl) => F.crossEntropy(xl, t), x, 1);
      const ref = run((xl) => F.nllLoss(xl.logSoftmax(0).unsqueeze(0), t.unsqueeze(0)), x, 1);
      assertClose(fused[0], ref[0], dtype, `${dtype} large logits loss`);
      assertClose(fused[1], ref[1], dtype, `${dtype} large logits grad`);
      const inf = tensor([[-Infinity, -Infinity]], { dtype });
      const l = F.crossEntropy(inf, tensor([0], { dtype: "int32" }));
      assert.ok(Number.isNaN(l.item()), "a row of -inf gives NaN, as PyTorch");
    }
  });
});

describe("BCE with its reduction fused", () => {
  onEveryBackend(
    "against the per-element loss reduced by mean/sum, weights and soft targets",
    () => {
      let seed = 100;
      for (const dtype of DTYPES) {
        for (const [n, c] of SHAPES) {
          const g = new Generator(++seed);
          const p = rand([n, c], { dtype, generator: g });
          const hard = randint(0, 2, [n, c], { generator: g }).to(dtype);
          const soft = rand([n, c], { dtype, generator: g });
          const weight = rand([n, c], { dtype, generator: g });
          for (const y of [hard, soft]) {
            for (const opts of [{}, { weight }]) {
              const each = (xl: Tensor) =>
                F.binaryCrossEntropy(xl, y, { ...opts, reduction: "none" });
              for (const reduction of ["mean", "sum"] as const) {
                const what = `${dtype} [${n}, ${c}] ${reduction}`;
                const fused = run(
                  (xl) => F.binaryCrossEntropy(xl, y, { ...opts, reduction }),
                  p,
                  seed,
                );
                const ref = run(
                  (xl) => (reduction === "mean" ? each(xl).mean() : each(xl).sum()),
                  p,
                  seed,
                );
                assertClose(fused[0], ref[0], dtype, `${what} loss`);
                assertClose(fused[1], ref[1], dtype, `${what} grad`);
              }
            }
          }
        }
      }
    },
  );
});

/** float64 reference of a float32 op: run it in float64 and round the result to float32. */
function viaFloat64(f: (x: Tensor) => Tensor, x: Tensor, seed: number): [Tensor, Tensor] {
  const [out, grad] = run(f, x.double(), seed);
  return [out.float(), grad.float()];
}

describe("the backends' float32 kernels against float64", () => {
  const ops: [string, (x: Tensor) => Tensor][] = [
    ["sigmoid", (x) => x.sigmoid()],
    ["exp", (x) => x.exp()],
    ["relu", (x) => x.relu()],
    ["softmax", (x) => x.softmax(1)],
    ["logSoftmax", (x) => x.logSoftmax(1)],
    ["softmax dim 0", (x) => x.softmax(0)],
  ];
  onEveryBackend("sigmoid, exp, relu, softmax, logSoftmax", () => {
    let seed = 200;
    for (const [name, f] of ops) {
      for (const [n, c] of SHAPES) {
        const x = randn([n, c], { generator: new Generator(++seed) }).mul(4);
        const [out, grad] = run(f, x, seed);
        const [out64, grad64] = viaFloat64(f, x, seed);
        assertClose(out, out64, "float32", `${name} [${n}, ${c}]`);
        assertClose(grad, grad64, "float32", `${name} [${n}, ${c}] grad`);
      }
    }
  });

  onEveryBackend("linear: small and large products, with and without bias", () => {
    let seed = 300;
    for (const [n, inF, outF] of [
      [1000, 4, 10],
      [1000, 10, 1],
      [1000, 4, 3],
      [7, 5, 13],
      [3, 70, 2],
      [256, 784, 10],
      [33, 20, 17],
    ]) {
      const g = new Generator(++seed);
      const x = randn([n, inF], { generator: g });
      const w = randn([outF, inF], { generator: g });
      const b = randn([outF], { generator: g });
      for (const bias of [b, null]) {
        const f32 = (() => {
          const [xl, wl, bl] = [leaf(x), leaf(w), bias ? leaf(bias) : null];
          const out = F.linear(xl, wl, bl);
          out.backward(randn(out.shape, { generator: new Generator(seed) }));
          return [out, xl.grad!, wl.grad!, bl?.grad];
        })();
        const f64 = (() => {
          const [xl, wl, bl] = [
            leaf(x.double()),
            leaf(w.double()),
            bias ? leaf(bias.double()) : null,
          ];
          const out = F.linear(xl, wl, bl);
          out.backward(randn(out.shape, { dtype: "float64", generator: new Generator(seed) }));
          return [out, xl.grad!, wl.grad!, bl?.grad];
        })();
        const names = ["out", "dx", "dW", "db"];
        for (let i = 0; i < 4; i++) {
          if (!f32[i]) continue;
          // Sums over inF or n terms, accumulated in float32 (the JS matmul rounds every step).
          const got = f32[i]!.toTypedArray();
          const want = f64[i]!.toTypedArray();
          const len = i === 2 || i === 3 ? n : i === 1 ? outF : inF;
          for (let j = 0; j < got.length; j++) {
            const tol = 4e-7 * len * (1 + Math.abs(want[j]));
            assert.ok(
              Math.abs(got[j] - want[j]) <= tol,
              `[${n}, ${inF}] -> ${outF} bias ${!!bias} ${names[i]}[${j}]: ${got[j]} vs ${want[j]}`,
            );
          }
        }
      }
    }
  });
});

describe("gradients the engine keeps without a copy", () => {
  test("a leaf's .grad never shares storage with another gradient or a saved value", () => {
    const x = tensor([1, 2, 3], { requiresGrad: true });
    const y = tensor([4, 5, 6], { requiresGrad: true });
    // add gives the same gradient to both; clone passes it through.
    const z = x.add(y).clone().sum();
    z.backward();
    assert.notEqual(x.grad!.value.data, y.grad!.value.data);
    x.grad!.zero_();
    assert.deepEqual(y.grad!.tolist(), [1, 1, 1]);
  });

  test("mutating .grad in place leaves the graph's saved arrays alone (retainGraph)", () => {
    const x = randn([5, 4], { requiresGrad: true, generator: new Generator(1) });
    const w = randn([3, 4], { requiresGrad: true, generator: new Generator(2) });
    const loss = F.linear(x, w).sigmoid().sum();
    loss.backward(undefined, { retainGraph: true });
    const first = w.grad!.toTypedArray();
    w.grad!.zero_();
    x.grad!.zero_();
    loss.backward();
    assert.deepEqual(Array.from(w.grad!.toTypedArray()), Array.from(first));
  });

  test("every dtype's allocate gives zeros (fresh gradients start from zero)", () => {
    for (const dtype of ["float32", "float64", "int32", "bool"] as DType[]) {
      assert.ok(allocate(dtype, 5).every((v) => v === 0));
    }
  });
});
