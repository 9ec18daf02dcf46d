import type { TypedArray } from "../util/dtype.js";
import { jsMatmul } from "./js_matmul.js";
import * as R from "./kernels/reference.js";

/**
 * The kernel table: every kernel a backend may replace, by name, with its signature, its reference
 * implementation in TypeScript and the tolerance its fast versions are held to. Ops call
 * `kernels.<name>(...)` (`registry.ts`) and never name a backend; a backend supplies fast versions
 * of some kernels, each of which may decline a call (a dtype, shape or size it has no code for,
 * or no WebAssembly here) by handing it to the reference.
 *
 * Adding a fast kernel touches the backend only (its entry in `Backend.kernels`); adding a kernel
 * adds a line to `Kernels`, its reference, its tolerance and a case in
 * test/backend/kernel_table.test.ts (which fails for a kernel without one).
 *
 * Arrays are typed arrays; sizes are element counts. Elementwise kernels allow `out` to be one of
 * their inputs (the engine hands over a gradient nobody else holds), and fast versions must too.
 */
export interface Kernels {
  /**
   * out[M, N] = op(A)[M, K] @ op(B)[K, N], row-major. With `transA`, A is stored as [K, M];
   * with `transB`, B is stored as [N, K]. `out` is overwritten (not accumulated). Arrays are all
   * float32 or all float64; offsets let batched matmul pass one slice at a time.
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
  /** out[m, n] = x[m, k] W^T + bias for W [n, k]: a linear layer's forward. */
  linear(
    x: TypedArray,
    w: TypedArray,
    bias: TypedArray | null,
    out: TypedArray,
    m: number,
    k: number,
    n: number,
  ): void;
  /**
   * A linear layer's gw[outF, inF] = g^T x and, when gb is given, gb[outF] = g's column sums
   * (as `columnSums`), for g [m, outF] and x [m, inF].
   */
  linearGrad(
    g: TypedArray,
    x: TypedArray,
    m: number,
    inF: number,
    outF: number,
    gw: TypedArray,
    gb: TypedArray | null,
  ): void;
  /** c[i, j] += bias[j] for c [m, n], in place. */
  addRows(c: TypedArray, bias: TypedArray, m: number, n: number): void;
  /** out[j] = sum over i of g[i, j] for g [m, n], summed in float64. */
  columnSums(g: TypedArray, m: number, n: number, out: TypedArray): void;
  /** out[i] = e^x[i]. */
  exp(x: TypedArray, out: TypedArray): void;
  /** out[i] = 1 / (1 + e^-x[i]). */
  sigmoid(x: TypedArray, out: TypedArray): void;
  /** out[i] = max(x[i], 0), +0 for x <= 0, NaN for NaN. */
  relu(x: TypedArray, out: TypedArray): void;
  /** out[i] = g[i] where x[i] > 0 or is NaN, else 0. */
  reluGrad(x: TypedArray, g: TypedArray, out: TypedArray): void;
  /** out[i] = g[i] y[i] (1 - y[i]). */
  sigmoidGrad(y: TypedArray, g: TypedArray, out: TypedArray): void;
  /**
   * out[i] = -(y ln x + (1 - y) ln(1 - x)), logs clamped at -100; returns the sum of out (as
   * stored) in float64, in index order, or NaN when some x or y is outside [0, 1] or NaN.
   */
  binaryCrossEntropy(x: TypedArray, y: TypedArray, out: TypedArray): number;
  /** out[i] = scale (x - y) / max(x (1 - x), 1e-12). */
  binaryCrossEntropyGrad(x: TypedArray, y: TypedArray, scale: number, out: TypedArray): void;
  /**
   * Softmax of each row of x [n, c], with each row's max and log-sum into lse (see the reference;
   * the log-sum is unspecified for a row whose max is NaN).
   */
  softmaxRows(x: TypedArray, n: number, c: number, out: TypedArray, lse: TypedArray | null): void;
  /** (log-)softmax of x viewed as [outer, r, inner] along its middle dim, into out. */
  softmax(
    x: TypedArray,
    outer: number,
    r: number,
    inner: number,
    log: boolean,
    out: TypedArray,
  ): void;
}

export type KernelName = keyof Kernels;

/**
 * A backend's fast versions of some kernels, made from the references: each version runs what
 * it has code for and hands every other call to `reference.<name>` unchanged (declines it). The
 * hand-over is the fast version's own last line, not a wrapper around it, so that each call
 * site stays monomorphic and V8 inlines it.
 */
export type FastKernels = (reference: Kernels) => Partial<Kernels>;

/**
 * How close a fast version must come to the reference on float32 data: `exact` (bit for bit,
 * NaN for NaN), within `ulp` float32 units in the last place of the reference's value (where the
 * reference is subnormal, any subnormal or zero: the SIMD kernels flush them), or within
 * `abs + rel |reference|` (products and sums, whose rounding order differs by design).
 */
export type Tolerance = "exact" | { ulp: number } | { abs: number; rel: number };

/**
 * The reference of each kernel, given the table it runs in: a composite (linear, softmax) calls
 * the other kernels through it, so on a fast backend its parts still run fast.
 */
export const REFERENCES: { readonly [N in KernelName]: (t: Kernels) => Kernels[N] } = {
  matmul: () => jsMatmul,
  linear: (t) => (x, w, bias, out, m, k, n) => {
    t.matmul(x, 0, w, 0, out, 0, m, k, n, false, true);
    if (bias) t.addRows(out, bias, m, n);
  },
  linearGrad: (t) => (g, x, m, inF, outF, gw, gb) => {
    t.matmul(g, 0, x, 0, gw, 0, outF, m, inF, true, false);
    if (gb) t.columnSums(g, m, outF, gb);
  },
  addRows: () => R.addRows,
  columnSums: () => R.columnSums,
  exp: () => R.exp,
  sigmoid: () => R.sigmoid,
  relu: () => R.relu,
  reluGrad: () => R.reluGrad,
  sigmoidGrad: () => R.sigmoidGrad,
  binaryCrossEntropy: () => R.binaryCrossEntropy,
  binaryCrossEntropyGrad: () => R.binaryCrossEntropyGrad,
  softmaxRows: () => R.softmaxRows,
  softmax: (t) => (x, outer, r, inner, log, out) => R.softmax(x, outer, r, inner, log, out, t.exp),
};

/** The tolerance each kernel's fast versions are tested to (test/backend/kernel_table.test.ts). */
export const TOLERANCES: { readonly [N in KernelName]: Tolerance } = {
  // float32 products summed in another order (and with fused multiply-adds where the engine has them)
  matmul: { abs: 1e-5, rel: 1e-5 },
  linear: { abs: 1e-5, rel: 1e-5 },
  linearGrad: { abs: 1e-5, rel: 1e-5 },
  addRows: "exact",
  columnSums: "exact",
  // exp by a polynomial (2 ulp), sigmoid from it (3 ulp)
  exp: { ulp: 2 },
  sigmoid: { ulp: 3 },
  relu: "exact",
  reluGrad: "exact",
  // float32 multiplies where the reference multiplies in float64 and rounds once
  sigmoidGrad: { ulp: 2 },
  // ln(1 - x) of a float32 1 - x, which the reference forms in float64: 2^-24 absolute
  binaryCrossEntropy: { abs: 1.2e-7, rel: 2.4e-7 },
  // five float32 roundings (x - y, times scale, 1 - x, x (1 - x), the quotient) against one
  binaryCrossEntropyGrad: { ulp: 4 },
  // e^(x - m) of a float32 x - m, which the reference forms in float64: |x - m| 2^-24 relative
  // (x in [-20, 20] in the test); a row's sum of c float32 terms, (c - 1) 2^-24 relative, so its
  // log (the log-sum, and log-softmax) (c - 1) 2^-24 absolute (rows of up to 10 in the test)
  softmaxRows: { abs: 6e-7, rel: 3e-6 },
  softmax: { abs: 6e-7, rel: 3e-6 },
};

export const KERNEL_NAMES = Object.keys(REFERENCES) as KernelName[];

/** The references, their composites calling through `table`. */
function referencesIn(table: Kernels): Kernels {
  const refs = {} as Record<KernelName, unknown>;
  for (const name of KERNEL_NAMES) refs[name] = REFERENCES[name](table);
  return refs as unknown as Kernels;
}

/**
 * Fills `table` with `fast`'s kernels, and the references where it has none; the references'
 * composites call back into `table` (so the table must be the object ops call through).
 */
export function installKernels(table: Kernels, fast: FastKernels | null): void {
  const refs = referencesIn(table);
  const mine = fast ? fast(refs) : {};
  const t = table as unknown as Record<KernelName, unknown>;
  for (const name of KERNEL_NAMES) t[name] = mine[name] ?? refs[name];
}

/** A table of the references alone (the "js" backend, and what tests compare fast versions with). */
export function referenceKernels(): Kernels {
  const table = {} as Kernels;
  installKernels(table, null);
  return table;
}
