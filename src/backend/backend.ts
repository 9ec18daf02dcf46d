import type { TypedArray } from "../util/dtype.js";

/**
 * The kernels a backend can replace. Kernels are plain functions over typed arrays and sizes:
 * they know nothing of tensors or graphs, so a faster backend (WebAssembly SIMD, workers) swaps
 * in without touching autograd.
 */
export interface Backend {
  readonly name: string;
  /**
   * out[M, N] = op(A)[M, K] @ op(B)[K, N], row-major. With `transA`, A is stored as [K, M];
   * with `transB`, B is stored as [N, K]. `out` is overwritten (not accumulated).
   * Arrays are all float32 or all float64; offsets let batched matmul pass one slice at a time.
   */
  matmul(
    a: TypedArray,
    aOffset: number,
    b: TypedArray,
    bOffset: number,
    out: TypedArray,
    outOffset: number,
    m: number,
    k: number,
    n: number,
    transA: boolean,
    transB: boolean,
  ): void;
}
