import type { Backend } from "../backend.js";
import { DECLINE } from "../kernel_table.js";
import {
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
} from "../simd/simd_kernels.js";
import { wasmMatmul } from "./wasm_backend.js";

/**
 * The wasm backend: its fast version of each kernel in the kernel table (`../kernel_table.ts`),
 * all float32. Each declines (DECLINE) what it has no code for (another dtype, a shape outside
 * its range, a module that cannot compile here), and the reference runs instead.
 */

const F = Float32Array;

/** out[i] = f(x[i]) by a SIMD kernel, for float32 in and out. */
const map1 =
  (f: (x: Float32Array, out: Float32Array) => boolean) =>
  (x: unknown, out: unknown): void | typeof DECLINE =>
    x instanceof F && out instanceof F && f(x, out) ? undefined : DECLINE;

/** out[i] = f(a[i], b[i]) by a SIMD kernel, for float32 in and out. */
const map2 =
  (f: (a: Float32Array, b: Float32Array, out: Float32Array) => boolean) =>
  (a: unknown, b: unknown, out: unknown): void | typeof DECLINE =>
    a instanceof F && b instanceof F && out instanceof F && f(a, b, out) ? undefined : DECLINE;

export const wasmBackend: Backend = {
  name: "wasm",
  kernels: {
    // Products with a small side in one SIMD pass, the rest in the packing gemm (which itself
    // keeps small or non-float32 problems in JS).
    matmul: (a, aOff, b, bOff, out, oOff, m, k, n, transA, transB) => {
      if (a instanceof F && b instanceof F && out instanceof F) {
        if (simdSmallMatmul(a, aOff, b, bOff, out, oOff, m, k, n, transA, transB)) return;
      }
      wasmMatmul(a, aOff, b, bOff, out, oOff, m, k, n, transA, transB);
    },
    linear: (x, w, bias, out, m, k, n) =>
      x instanceof F &&
      w instanceof F &&
      out instanceof F &&
      (bias === null || bias instanceof F) &&
      simdLinear(x, w, bias, out, m, k, n)
        ? undefined
        : DECLINE,
    linearGrad: (g, x, m, inF, outF, gw, gb) =>
      g instanceof F &&
      x instanceof F &&
      gw instanceof F &&
      (gb === null || gb instanceof F) &&
      simdLinearGrad(g, x, m, inF, outF, gw, gb)
        ? undefined
        : DECLINE,
    addRows: (c, bias, m, n) =>
      c instanceof F && bias instanceof F && simdAddRows(c, bias, m, n) ? undefined : DECLINE,
    columnSums: (g, m, n, out) =>
      g instanceof F && out instanceof F && simdColumnSums(g, m, n, out) ? undefined : DECLINE,
    exp: map1(simdExp),
    sigmoid: map1(simdSigmoid),
    relu: map1(simdRelu),
    reluGrad: map2(simdReluGrad),
    sigmoidGrad: map2(simdSigmoidGrad),
    binaryCrossEntropy: (x, y, out) =>
      (x instanceof F && y instanceof F && out instanceof F
        ? simdBinaryCrossEntropy(x, y, out)
        : undefined) ?? DECLINE,
    binaryCrossEntropyGrad: (x, y, scale, out) =>
      x instanceof F &&
      y instanceof F &&
      out instanceof F &&
      simdBinaryCrossEntropyGrad(x, y, scale, out)
        ? undefined
        : DECLINE,
    softmaxRows: (x, n, c, out, lse) =>
      x instanceof F &&
      out instanceof F &&
      (lse === null || lse instanceof F) &&
      simdSoftmaxRows(x, n, c, out, lse)
        ? undefined
        : DECLINE,
    // Along the last dim: the row kernel (log-softmax as x - max - log-sum).
    softmax: (x, outer, r, inner, log, out) => {
      if (inner !== 1 || !(x instanceof F) || !(out instanceof F)) return DECLINE;
      const lse = log ? new F(2 * outer) : null;
      if (!simdSoftmaxRows(x, outer, r, out, lse)) return DECLINE;
      if (lse) {
        for (let p = 0, i = 0; p < outer; p++) {
          const m = lse[p];
          const ls = lse[outer + p];
          for (let k = 0; k < r; k++, i++) out[i] = x[i] - m - ls;
        }
      }
    },
  },
};
