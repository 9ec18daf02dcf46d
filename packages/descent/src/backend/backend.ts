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
  /**
   * Optional float32 elementwise kernels, out[i] = f(x[i]) (`out` may be `x`); where a backend
   * leaves one out, the JS kernel runs. Accurate to a few float32 ulp, not correctly rounded.
   */
  readonly expF32?: (x: Float32Array, out: Float32Array) => void;
  readonly sigmoidF32?: (x: Float32Array, out: Float32Array) => void;
  readonly reluF32?: (x: Float32Array, out: Float32Array) => void;
  /** out[i] = g[i] where x[i] > 0 or is NaN, else 0: relu's backward from its input x. */
  readonly reluGradF32?: (x: Float32Array, g: Float32Array, out: Float32Array) => void;
  /** out[i] = g[i] y[i] (1 - y[i]), the sigmoid's backward from its output y. */
  readonly sigmoidGradF32?: (y: Float32Array, g: Float32Array, out: Float32Array) => void;
  /**
   * out[i] = -(y ln x + (1 - y) ln(1 - x)), each log clamped at -100: BCE for x, y in [0, 1].
   * Returns false when some x or y is outside [0, 1] or NaN (out is then not to be used).
   */
  readonly binaryCrossEntropyF32?: (x: Float32Array, y: Float32Array, out: Float32Array) => boolean;
  /** out[i] = scale (x - y) / max(x (1 - x), 1e-12): BCE's gradient for one upstream value. */
  readonly binaryCrossEntropyGradF32?: (
    x: Float32Array,
    y: Float32Array,
    scale: number,
    out: Float32Array,
  ) => void;
  /**
   * Softmax of each row of x [n, c] into out; when lse (2 n floats) is given, each row's max m
   * into lse[i] and log sum e^(x - m) into lse[n + i] (their sum is the row's log-sum-exp).
   */
  readonly softmaxRowsF32?: (
    x: Float32Array,
    n: number,
    c: number,
    out: Float32Array,
    lse: Float32Array | null,
  ) => void;
  /**
   * out[m, n] = x[m, k] W^T + bias for W [n, k] (a linear layer's forward) in one kernel, where the
   * backend has one for this shape; false, having done nothing, otherwise.
   */
  readonly linearF32?: (
    x: Float32Array,
    w: Float32Array,
    bias: Float32Array | null,
    out: Float32Array,
    m: number,
    k: number,
    n: number,
  ) => boolean;
  /** c[i, j] += bias[j] for c [m, n], in place. */
  readonly addRowsF32?: (c: Float32Array, bias: Float32Array, m: number, n: number) => void;
  /** out[j] = sum over i of g[i, j] for g [m, n], accumulated in float64 (as the JS kernel). */
  readonly columnSumsF32?: (g: Float32Array, m: number, n: number, out: Float32Array) => void;
  /**
   * A linear layer's gw[outF, inF] = g^T x and, when gb is given, gb[outF] = g's column sums
   * (in float64, as the JS kernel), for g [m, outF] and x [m, inF], in one kernel where the
   * shape suits it; returns false, having done nothing, where it does not.
   */
  readonly linearGradF32?: (
    g: Float32Array,
    x: Float32Array,
    m: number,
    inF: number,
    outF: number,
    gw: Float32Array,
    gb: Float32Array | null,
  ) => boolean;
}
