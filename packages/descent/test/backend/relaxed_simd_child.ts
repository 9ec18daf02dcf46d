/**
 * Run by matmul.test.ts as `node --experimental-wasm-relaxed-simd --import tsx` (Node 20 leaves
 * relaxed SIMD off by default): checks that the relaxed-SIMD module is picked and is correct.
 */
import { wasmKernelInfo, wasmMatmul } from "../../src/backend/wasm/wasm_backend.js";
import { TRANS, check, forced } from "./matmul_check.js";

if (!wasmKernelInfo().relaxed)
  throw new Error("relaxed SIMD validates, yet the plain SIMD module was loaded");
for (const [m, k, n] of [
  [1, 1, 1],
  [7, 17, 33],
  [65, 3, 129],
  [256, 784, 10],
  [129, 400, 70],
]) {
  for (const [transA, transB] of TRANS) {
    check(forced, { m, k, n, transA, transB, offsets: [1, 2, 3] });
    check(wasmMatmul, { m, k, n, transA, transB });
  }
}
console.log("relaxed ok");
