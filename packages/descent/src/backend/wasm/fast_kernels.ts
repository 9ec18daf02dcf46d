import type { Backend } from "../backend.js";
import type { Kernels } from "../kernel_table.js";
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
 * all float32. Each declines what it has no code for (another dtype, a shape outside its range,
 * a module that cannot compile here) by handing the call to the reference `r`, as its last line.
 */

const F = Float32Array;

function fastKernels(r: Kernels): Partial<Kernels> {
  return {
    // Products with a small side in one SIMD pass, the rest in the packing gemm (which itself
    // keeps small or non-float32 problems in JS).
    matmul: (a, aOff, b, bOff, out, oOff, m, k, n, transA, transB) => {
      if (a instanceof F && b instanceof F && out instanceof F) {
        if (simdSmallMatmul(a, aOff, b, bOff, out, oOff, m, k, n, transA, transB)) return;
      }
      wasmMatmul(a, aOff, b, bOff, out, oOff, m, k, n, transA, transB);
    },
    linear: (x, w, bias, out, m, k, n) => {
      const f32 = x instanceof F && w instanceof F && out instanceof F;
      if (f32 && (bias === null || bias instanceof F) && simdLinear(x, w, bias, out, m, k, n))
        return;
      r.linear(x, w, bias, out, m, k, n);
    },
    linearGrad: (g, x, m, inF, outF, gw, gb) => {
      const f32 = g instanceof F && x instanceof F && gw instanceof F;
      if (f32 && (gb === null || gb instanceof F) && simdLinearGrad(g, x, m, inF, outF, gw, gb))
        return;
      r.linearGrad(g, x, m, inF, outF, gw, gb);
    },
    addRows: (c, bias, m, n) => {
      if (c instanceof F && bias instanceof F && simdAddRows(c, bias, m, n)) return;
      r.addRows(c, bias, m, n);
    },
    columnSums: (g, m, n, out) => {
      if (g instanceof F && out instanceof F && simdColumnSums(g, m, n, out)) return;
      r.columnSums(g, m, n, out);
    },
    exp: (x, out) => {
      if (x instanceof F && out instanceof F && simdExp(x, out)) return;
      r.exp(x, out);
    },
    sigmoid: (x, out) => {
      if (x instanceof F && out instanceof F && simdSigmoid(x, out)) return;
      r.sigmoid(x, out);
    },
    relu: (x, out) => {
      if (x instanceof F && out instanceof F && simdRelu(x, out)) return;
      r.relu(x, out);
    },
    reluGrad: (x, g, out) => {
      if (x instanceof F && g instanceof F && out instanceof F && simdReluGrad(x, g, out)) return;
      r.reluGrad(x, g, out);
    },
    sigmoidGrad: (y, g, out) => {
      if (y instanceof F && g instanceof F && out instanceof F && simdSigmoidGrad(y, g, out))
        return;
      r.sigmoidGrad(y, g, out);
    },
    binaryCrossEntropy: (x, y, out) => {
      const sum =
        x instanceof F && y instanceof F && out instanceof F
          ? simdBinaryCrossEntropy(x, y, out)
          : undefined;
      return sum ?? r.binaryCrossEntropy(x, y, out);
    },
    binaryCrossEntropyGrad: (x, y, scale, out) => {
      const f32 = x instanceof F && y instanceof F && out instanceof F;
      if (f32 && simdBinaryCrossEntropyGrad(x, y, scale, out)) return;
      r.binaryCrossEntropyGrad(x, y, scale, out);
    },
    softmaxRows: (x, n, c, out, lse) => {
      const f32 = x instanceof F && out instanceof F && (lse === null || lse instanceof F);
      if (f32 && simdSoftmaxRows(x, n, c, out, lse)) return;
      r.softmaxRows(x, n, c, out, lse);
    },
    // Along the last dim: the row kernel (log-softmax as x - max - log-sum).
    softmax: (x, outer, len, inner, log, out) => {
      if (inner === 1 && x instanceof F && out instanceof F) {
        const lse = log ? new F(2 * outer) : null;
        if (simdSoftmaxRows(x, outer, len, out, lse)) {
          if (lse) {
            for (let p = 0, i = 0; p < outer; p++) {
              const m = lse[p];
              const ls = lse[outer + p];
              for (let k = 0; k < len; k++, i++) out[i] = x[i] - m - ls;
            }
          }
          return;
        }
      }
      r.softmax(x, outer, len, inner, log, out);
    },
  };
}

export const wasmBackend: Backend = { name: "wasm", kernels: fastKernels };
