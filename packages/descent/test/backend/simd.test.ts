import { describe, test } from "node:test";
import assert from "node:assert/strict";

import { jsMatmul } from "../../src/backend/js_matmul.js";
import * as modules from "../../src/backend/simd/simd_wasm_bytes.js";
import {
  SMALL_MM_MAX_K,
  simdAddRows,
  simdBinaryCrossEntropy,
  simdBinaryCrossEntropyGrad,
  simdColumnSums,
  simdExp,
  simdLinear,
  simdLinearGrad,
  simdRelu,
  simdReluGrad,
  simdSigmoid,
  simdSigmoidGrad,
  simdSmallMatmul,
  simdSoftmaxRows,
} from "../../src/backend/simd/simd_kernels.js";
import { wasmSimdSupported } from "../../src/backend/wasm/wasm_backend.js";
import { floats } from "./matmul_check.js";

/** Distance from `got` to the exact value in float32 ulps of the exact value (0 if both are equal). */
function ulps(got: number, exact: number): number {
  if (Object.is(got, exact) || got === exact) return 0;
  if (Number.isNaN(exact)) return Number.isNaN(got) ? 0 : Infinity;
  const a = Math.abs(Math.fround(exact));
  // Spacing of float32 at |exact|; subnormals (and 0) have the fixed spacing 2^-149.
  const ulp = a < 2 ** -126 ? 2 ** -149 : 2 ** (Math.floor(Math.log2(a)) - 23);
  return Math.abs(got - exact) / ulp;
}

/** Every float32 whose bit pattern is a multiple of `step` in [lo, hi] (as bit patterns). */
function sweep(lo: number, hi: number, step: number): Float32Array {
  const bits = new Uint32Array(Math.floor((hi - lo) / step) + 1);
  for (let i = 0; i < bits.length; i++) bits[i] = lo + i * step;
  return new Float32Array(bits.buffer);
}

const NEG = 0x80000000;
const SPECIAL = new Float32Array([0, -0, NaN, Infinity, -Infinity, 1e-45, -1e-45, 3.4e38, -3.4e38]);

describe(
  "WebAssembly SIMD kernels",
  { skip: !wasmSimdSupported() && "no WebAssembly SIMD" },
  () => {
    test("each module is under 4 KB, so browsers' main threads may compile it synchronously", () => {
      for (const [name, b64] of Object.entries(modules)) {
        assert.ok(atob(b64).length <= 4096, `${name} is ${atob(b64).length} bytes`);
      }
    });

    test("exp is within 2 ulp of e^x over all float32 (every 257th), overflow and underflow included", () => {
      // Positive and negative halves, every 257th bit pattern: ~16 million values.
      for (const x of [sweep(0, 0x7f800000, 257), sweep(NEG, NEG + 0x7f800000, 257)]) {
        const out = new Float32Array(x.length);
        simdExp(x, out);
        let worst = 0;
        let at = 0;
        for (let i = 0; i < x.length; i++) {
          const exact = Math.exp(x[i]);
          // Below float32's normal range the absolute error counts (one subnormal spacing is 1.4e-45).
          const e =
            Math.fround(exact) < 2 ** -126
              ? Math.abs(out[i] - exact) / 2 ** -149
              : ulps(out[i], exact);
          if (e > worst) [worst, at] = [e, x[i]];
        }
        assert.ok(worst <= 2, `exp: ${worst.toFixed(2)} ulp at x = ${at}`);
      }
      const out = new Float32Array(SPECIAL.length);
      simdExp(SPECIAL, out);
      assert.deepEqual(Array.from(out), [1, 1, NaN, Infinity, 0, 1, 1, Infinity, 0]);
    });

    test("exp exhaustively over [-1, 1]'s largest binades: within 1 ulp", () => {
      // Every float32 in [0.5, 1) and (-1, -0.5]: 16 million values.
      for (const x of [
        sweep(0x3f000000, 0x3f7fffff, 1),
        sweep(NEG + 0x3f000000, NEG + 0x3f7fffff, 1),
      ]) {
        const out = new Float32Array(x.length);
        simdExp(x, out);
        let worst = 0;
        for (let i = 0; i < x.length; i++) worst = Math.max(worst, ulps(out[i], Math.exp(x[i])));
        assert.ok(worst <= 1, `exp: ${worst} ulp`);
      }
    });

    test("sigmoid is within 3 ulp of 1 / (1 + e^-x) wherever that is a normal float32", () => {
      for (const x of [sweep(0, 0x7f800000, 263), sweep(NEG, NEG + 0x7f800000, 263)]) {
        const out = new Float32Array(x.length);
        simdSigmoid(x, out);
        let worst = 0;
        let at = 0;
        for (let i = 0; i < x.length; i++) {
          const exact = 1 / (1 + Math.exp(-x[i]));
          const e = exact < 2 ** -126 ? Math.abs(out[i] - exact) / 2 ** -126 : ulps(out[i], exact);
          if (e > worst) [worst, at] = [e, x[i]];
        }
        assert.ok(worst <= 3, `sigmoid: ${worst.toFixed(2)} ulp at x = ${at}`);
      }
      const out = new Float32Array(SPECIAL.length);
      simdSigmoid(SPECIAL, out);
      assert.deepEqual(Array.from(out), [0.5, 0.5, NaN, 1, 0, 0.5, 0.5, 1, 0]);
      // Its e^-x builds 2^n in one step (n in [-127, 128]): +inf past x = -88.3, so 0 there, and
      // 1 for large x; around those edges it stays within the bound above.
      const edge = new Float32Array([-88, -88.3, -88.4, -88.8, -89, -104, -200, 88, 89, 104]);
      const got = new Float32Array(edge.length);
      simdSigmoid(edge, got);
      edge.forEach((v, i) => {
        const exact = 1 / (1 + Math.exp(-v));
        assert.ok(Math.abs(got[i] - exact) <= 2 ** -126 + 3 * 2 ** -24 * exact, `${v}: ${got[i]}`);
      });
    });

    test("BCE's -log x within 1 ulp for every 31st float32 in [0, 1], and the clamp at -100", () => {
      const x = sweep(0, 0x3f800000, 31);
      const ones = new Float32Array(x.length).fill(1);
      const out = new Float32Array(x.length);
      simdBinaryCrossEntropy(x, ones, out);
      let worst = 0;
      let at = 0;
      for (let i = 0; i < x.length; i++) {
        const e = ulps(out[i], -Math.max(Math.log(x[i]), -100));
        if (e > worst) [worst, at] = [e, x[i]];
      }
      assert.ok(worst <= 1, `-log x: ${worst.toFixed(2)} ulp at x = ${at}`);
      // Soft targets take both logs; 1 - x with x = 1 is log 0, clamped.
      const xs = new Float32Array([0, 1, 0.25, 0.5, 1e-30, 0.999]);
      const ys = new Float32Array([0.5, 0.5, 0.3, 1, 0, 0.7]);
      const got = new Float32Array(xs.length);
      simdBinaryCrossEntropy(xs, ys, got);
      xs.forEach((v, i) => {
        const lx = Math.max(Math.log(v), -100);
        const l1x = Math.max(Math.log(1 - v), -100);
        const want = -(ys[i] * lx + (1 - ys[i]) * l1x);
        assert.ok(Math.abs(got[i] - want) <= 2e-6 * Math.abs(want), `bce(${v}, ${ys[i]})`);
      });
    });

    test("BCE's gradient scale (x - y) / max(x (1 - x), eps), the clamp at x = 0 and 1", () => {
      const x = new Float32Array([0, 1, 0.25, 0.5, 1e-30, 0.999, 0.7]);
      const y = new Float32Array([1, 0, 0.3, 1, 0, 0.7, 0.7]);
      const out = new Float32Array(x.length);
      simdBinaryCrossEntropyGrad(x, y, -0.125, out);
      const eps = Math.fround(1e-12);
      x.forEach((v, i) => {
        const want = (-0.125 * (v - y[i])) / Math.max((1 - v) * v, eps);
        assert.ok(Math.abs(out[i] - want) <= 1e-6 * Math.abs(want), `x ${v}: ${out[i]} vs ${want}`);
      });
    });

    test("a narrow linear layer in one kernel: x W^T + b, with and without bias", () => {
      for (const [m, k, n] of [
        [1, 1, 2],
        [1000, 4, 10],
        [7, 5, 3],
        [5, 64, 16],
        // One output column: the mv kernel.
        [1, 1, 1],
        [1000, 10, 1],
        [7, 5, 1],
        [9, 64, 1],
        [3, 8, 1],
      ]) {
        const x = floats(m * k, m);
        const w = floats(n * k, n);
        const b = floats(n, k);
        for (const bias of [b, null]) {
          const got = new Float32Array(m * n);
          assert.ok(simdLinear(x, w, bias, got, m, k, n));
          for (let i = 0; i < m; i++) {
            for (let j = 0; j < n; j++) {
              let s = bias ? bias[j] : 0;
              for (let p = 0; p < k; p++) s += x[i * k + p] * w[j * k + p];
              assert.ok(Math.abs(got[i * n + j] - s) <= 1e-6 * k, `${m}x${k}x${n} (${i}, ${j})`);
            }
          }
        }
      }
      // One column: the next row's lanes, read with the last vector of a row, are masked off,
      // so an inf there changes nothing.
      for (const k of [1, 5, 8, 10]) {
        const x = new Float32Array(2 * k).fill(0.5);
        x[k] = Infinity;
        const w = new Float32Array(k).fill(1);
        const got = new Float32Array(2);
        assert.ok(simdLinear(x, w, null, got, 2, k, 1));
        assert.equal(got[0], k / 2, `k ${k}`);
        assert.equal(got[1], Infinity);
      }
      // 1 to 4 inputs (mm_k1, mm_k4): each output sums bias, then p = 0, 1, ... in float32,
      // exactly (lanes past k add -0, which changes no sum, -0 included), and an inf in the next
      // row's lanes stays out.
      for (const [m, k, n] of [
        [5, 1, 7],
        [1000, 1, 10],
        [3, 2, 5],
        [1000, 4, 10],
        [9, 3, 12],
      ]) {
        const x = floats(m * k, 2 * m);
        x[k] = Infinity; // row 1: lane k of row 0's read
        const w = floats(n * k, 3 * n);
        for (const bias of [floats(n, k), new Float32Array(n).fill(-0), null]) {
          if (bias && Object.is(bias[0], -0)) x.fill(-0, 0, k); // row 0: -0 + (-0 products)
          const got = new Float32Array(m * n);
          assert.ok(simdLinear(x, w, bias, got, m, k, n));
          for (let i = 0; i < m; i++) {
            for (let j = 0; j < n; j++) {
              let s = bias ? bias[j] : 0;
              for (let p = 0; p < k; p++)
                s = Math.fround(s + Math.fround(x[i * k + p] * w[j * k + p]));
              assert.ok(
                Object.is(got[i * n + j], s),
                `${m}x${k}x${n} (${i}, ${j}): ${got[i * n + j]} ${s}`,
              );
            }
          }
        }
      }
      // g [m, 1] times W [1, n] (dx of a layer with one output), A given transposed too.
      const g = floats(9, 5);
      const w1 = floats(6, 6);
      for (const transA of [false, true]) {
        const got = new Float32Array(9 * 6);
        assert.ok(simdSmallMatmul(g, 0, w1, 0, got, 0, 9, 1, 6, transA, false));
        for (let i = 0; i < 9 * 6; i++) {
          const want = Math.fround(0 + Math.fround(g[Math.floor(i / 6)] * w1[i % 6]));
          assert.ok(Object.is(got[i], want), `outer product (${i}): ${got[i]} ${want}`);
        }
      }
      // Wide or deep layers are left to the packing gemm.
      assert.equal(
        simdLinear(floats(17, 1), floats(17, 2), null, new Float32Array(17), 1, 1, 17),
        false,
      );
      assert.equal(
        simdLinear(floats(65, 1), floats(130, 2), null, new Float32Array(2), 1, 65, 2),
        false,
      );
    });

    test("relu and its gradient: +0 for x <= 0, NaN passes, exactly as the JS kernels", () => {
      const x = new Float32Array([-2, -0, 0, 1.5, NaN, -Infinity, Infinity, 3e-45, -3e-45]);
      const g = floats(x.length, 3);
      const out = new Float32Array(x.length);
      simdRelu(x, out);
      x.forEach((v, i) => assert.ok(Object.is(out[i], v <= 0 ? 0 : v), `relu(${v}) = ${out[i]}`));
      simdReluGrad(x, g, out);
      x.forEach((v, i) => assert.ok(Object.is(out[i], v <= 0 ? 0 : g[i]), `relu'(${v})`));
    });

    test("sigmoid's gradient g y (1 - y), odd lengths", () => {
      for (const n of [1, 3, 4, 5, 1001]) {
        const y = floats(n, n).map((v) => (v + 1) / 2);
        const g = floats(n, n + 1);
        const out = new Float32Array(n);
        simdSigmoidGrad(y, g, out);
        for (let i = 0; i < n; i++) {
          const want = g[i] * y[i] * (1 - y[i]);
          assert.ok(Math.abs(out[i] - want) <= 2e-7 * Math.abs(want) + 1e-30, `n ${n} i ${i}`);
        }
      }
    });

    test("bias rows and column sums, odd shapes", () => {
      for (const [m, n] of [
        [1, 1],
        [3, 5],
        [7, 3],
        [1000, 10],
        [5, 17],
        [2, 4],
      ]) {
        const c = floats(m * n, m + n);
        const bias = floats(n, n);
        const got = c.slice();
        simdAddRows(got, bias, m, n);
        for (let i = 0; i < m * n; i++) assert.equal(got[i], Math.fround(c[i] + bias[i % n]));
        const sums = new Float32Array(n);
        simdColumnSums(c, m, n, sums);
        for (let j = 0; j < n; j++) {
          let s = 0;
          for (let i = 0; i < m; i++) s += c[i * n + j];
          assert.ok(Math.abs(sums[j] - s) <= 1e-6 * (1 + Math.abs(s)), `[${m}, ${n}] column ${j}`);
        }
      }
    });

    test("a linear layer's weight and bias gradients in one pass: mm_tn's and the JS sums, bit for bit", () => {
      for (const [m, inF, outF] of [
        [1, 1, 1],
        [1000, 4, 10],
        [7, 3, 5],
        [33, 4, 12],
        [5, 2, 2],
        [2, 1, 9],
        [300, 4, 4],
      ]) {
        const g = floats(m * outF, m + outF);
        const x = floats(m * inF, m * inF + 1);
        const gw = new Float32Array(outF * inF);
        const gb = new Float32Array(outF);
        const where = `[${m}, ${inF}] -> ${outF}`;
        assert.equal(simdLinearGrad(g, x, m, inF, outF, gw, gb), true);
        const want = new Float32Array(outF * inF);
        assert.equal(simdSmallMatmul(g, 0, x, 0, want, 0, outF, m, inF, true, false), true);
        assert.deepEqual(gw, want, `${where}: weight gradient`);
        for (let j = 0; j < outF; j++) {
          let s = 0;
          for (let i = 0; i < m; i++) s += g[i * outF + j];
          assert.equal(gb[j], Math.fround(s), `${where}: bias gradient ${j}`);
        }
        const only = new Float32Array(outF * inF);
        assert.equal(simdLinearGrad(g, x, m, inF, outF, only, null), true);
        assert.deepEqual(only, want, `${where}: without the bias`);
      }
      // The kernel reads whole vectors, so lanes past a row hold the next row's values: an inf
      // there reaches only its own column.
      const x = floats(6 * 3, 3);
      x[3] = Infinity; // row 1, column 0: also lane 3 of row 0's read
      const g = floats(6 * 5, 4);
      g[5 + 0] = -Infinity; // row 1, output 0: also lane 5 of row 0's read of g
      const gw = new Float32Array(5 * 3);
      const gb = new Float32Array(5);
      simdLinearGrad(g, x, 6, 3, 5, gw, gb);
      for (let j = 0; j < 5; j++) {
        for (let q = 0; q < 3; q++) {
          assert.equal(Number.isFinite(gw[j * 3 + q]), j !== 0 && q !== 0, `gw[${j}, ${q}]`);
        }
        assert.equal(Number.isFinite(gb[j]), j !== 0, `gb[${j}]`);
      }
      const none = new Float32Array(5 * 13);
      assert.equal(simdLinearGrad(floats(13, 1), floats(5, 2), 1, 5, 13, none, null), false);
      assert.equal(simdLinearGrad(floats(13, 1), floats(5, 2), 1, 1, 13, none, null), false);
    });
    test("softmax over rows with max and log-sum, against float64, odd shapes and special rows", () => {
      for (const [n, c] of [
        [1, 1],
        [1, 3],
        [3, 3],
        [5, 10],
        [8, 2],
        [1000, 3],
        [7, 17],
      ]) {
        const x = floats(n * c, n * c).map((v) => 20 * v);
        const out = new Float32Array(n * c);
        const lse = new Float32Array(2 * n);
        simdSoftmaxRows(x, n, c, out, lse);
        for (let i = 0; i < n; i++) {
          const row = Array.from(x.subarray(i * c, (i + 1) * c));
          const m = Math.max(...row);
          const s = row.reduce((t, v) => t + Math.exp(v - m), 0);
          assert.equal(lse[i], Math.fround(m));
          // The float32 sum itself is rounded: its log is good to ~2^-23 absolute.
          const ls = Math.log(s);
          assert.ok(Math.abs(lse[n + i] - ls) <= 3e-7 * (1 + ls), `[${n}, ${c}] row ${i} log-sum`);
          for (let j = 0; j < c; j++) {
            const want = Math.exp(row[j] - m) / s;
            // x - m rounds to float32 (as in PyTorch): e^(x - m) is off by up to |x - m| 2^-24.
            const rel = 4e-7 + Math.abs(row[j] - m) * 2 ** -24;
            assert.ok(
              Math.abs(out[i * c + j] - want) <= rel * want + 1e-37,
              `[${n}, ${c}] (${i}, ${j})`,
            );
          }
        }
      }
      // A row of -inf gives NaN (0 / 0); a NaN anywhere in a row makes it NaN; +inf likewise.
      const x = new Float32Array([-Infinity, -Infinity, 1, NaN, 2, Infinity, 3, 4, 1000, -1000]);
      const out = new Float32Array(10);
      simdSoftmaxRows(x, 5, 2, out, null);
      assert.ok(out.slice(0, 6).every(Number.isNaN));
      assert.ok(Math.abs(out[6] - 1 / (1 + Math.E)) < 1e-7 && out[8] === 1 && out[9] === 0);
    });

    test("small products agree with the JS matmul: every transpose, odd sizes, offsets", () => {
      let ran = 0;
      for (const m of [1, 2, 3, 5, 10, 13, 100]) {
        for (const k of [1, 2, 4, 7, 10, 33, SMALL_MM_MAX_K, 100]) {
          for (const n of [1, 2, 3, 4, 5, 9, 12, 16, 17]) {
            for (const [transA, transB] of [
              [false, false],
              [false, true],
              [true, false],
              [true, true],
            ]) {
              const a = floats(m * k + 3, m + k);
              const b = floats(k * n + 5, k + n);
              const got = new Float32Array(m * n + 9).fill(12345.5);
              const want = got.slice();
              if (!simdSmallMatmul(a, 3, b, 5, got, 7, m, k, n, transA, transB)) continue;
              ran++;
              jsMatmul(a, 3, b, 5, want, 7, m, k, n, transA, transB);
              for (let i = 0; i < got.length; i++) {
                const tol = 1e-6 * k;
                assert.ok(
                  Math.abs(got[i] - want[i]) <= tol,
                  `${m}x${k}x${n} transA ${transA} transB ${transB}: [${i}] ${got[i]} vs ${want[i]}`,
                );
              }
            }
          }
        }
      }
      assert.ok(ran > 1000, `only ${ran} shapes took the small kernels`);
      // NaN and inf propagate (no skipping of zero factors).
      const a = new Float32Array([0, NaN, 0, Infinity, 0, 0]);
      const b = new Float32Array([0, 0, 0, 0, 0, 0]);
      const out = new Float32Array(4);
      assert.ok(simdSmallMatmul(a, 0, b, 0, out, 0, 2, 3, 2, false, false));
      assert.ok(out.every(Number.isNaN));
      // One row of A^T B over a long k (mm_tv: g^T h for a layer with one output).
      for (const n of [1, 3, 4, 5, 8, 10, 12]) {
        const k = 1000;
        const g = floats(k + 1, n);
        const h = floats(k * n + 2, k);
        const got = new Float32Array(n + 2);
        const want = got.slice();
        assert.ok(simdSmallMatmul(g, 1, h, 2, got, 1, 1, k, n, true, false));
        jsMatmul(g, 1, h, 2, want, 1, 1, k, n, true, false);
        got.forEach((v, i) => assert.ok(Math.abs(v - want[i]) <= 1e-6 * k, `1x${k}x${n} [${i}]`));
      }
      const tvOut = new Float32Array(2);
      assert.ok(
        simdSmallMatmul(
          new Float32Array([Infinity, 1]),
          0,
          new Float32Array([0, 1, 2, 3]),
          0,
          tvOut,
          0,
          1,
          2,
          2,
          true,
          false,
        ),
      );
      assert.ok(Number.isNaN(tvOut[0]) && tvOut[1] === Infinity);
    });
    test("BCE with 0/1 targets (one log a lane) equals the two-log form, bit for bit", () => {
      const n = 4099;
      const x = new Float32Array(n).map((_, i) => (i % 97 === 0 ? i % 2 : (Math.sin(i) + 1) / 2));
      const y = new Float32Array(n).map((_, i) => ((i * 7) % 3 === 0 ? 1 : i % 5 === 0 ? -0 : 0));
      const one = new Float32Array(n);
      simdBinaryCrossEntropy(x, y, one);
      // A target of 0.5 in each group of 4 sends the group through the two-log path.
      const mixed = y.slice();
      for (let i = 3; i < n; i += 4) mixed[i] = 0.5;
      const two = new Float32Array(n);
      simdBinaryCrossEntropy(x, mixed, two);
      for (let i = 0; i < n; i++) {
        if (i % 4 === 3 && i < n - (n % 4)) continue;
        assert.ok(Object.is(one[i], two[i]), `element ${i}: ${one[i]} and ${two[i]}`);
        const t = y[i];
        const want = -Math.max(Math.log(t === 1 ? x[i] : Math.fround(1 - x[i])), -100);
        assert.ok(
          Math.abs(one[i] - want) <= 2e-7 * Math.abs(want) + 1e-9,
          `element ${i}: ${one[i]}, ${want}`,
        );
      }
    });
    test("BCE reports any input or target outside [0, 1] or NaN, at every lane and the tail", () => {
      const out = new Float32Array(11);
      const ok = (): [Float32Array, Float32Array] => [
        new Float32Array(11).fill(0.5),
        new Float32Array(11).fill(1),
      ];
      // In range: the sum of out, in order (11 times -ln 0.5 here)
      const inRange = (x: Float32Array, y: Float32Array): void => {
        const sum = simdBinaryCrossEntropy(x, y, out);
        let want = 0;
        for (let i = 0; i < 11; i++) want += out[i];
        assert.equal(sum, want);
      };
      const [x0, y0] = ok();
      inRange(x0, y0);
      assert.ok(Math.abs(out.reduce((a, b) => a + b) - 11 * Math.LN2) < 1e-5);
      // the ends of the range are in it, with one and two logs
      inRange(x0.fill(0).fill(1, 5), y0.fill(0.25));
      for (const bad of [-1e-45, 1.0000001, NaN, Infinity, -Infinity]) {
        for (let i = 0; i < 11; i++) {
          for (const which of ["x", "y"]) {
            const [x, y] = ok();
            (which === "x" ? x : y)[i] = bad;
            const sum = simdBinaryCrossEntropy(x, y, out);
            assert.ok(Number.isNaN(sum), `${which}[${i}] = ${bad}: ${sum}`);
          }
        }
      }
    });
  },
);
