import { reserveFloats } from "../wasm/memory.js";
import { SIMD_LINEAR_WASM, SIMD_MM_WASM, SIMD_SIGMOID_WASM, SIMD_WASM } from "./simd_wasm_bytes.js";

/**
 * float32 elementwise kernels in WebAssembly SIMD (packages/descent/wasm/simd_*.wat): exp, sigmoid, relu and
 * their gradients, 4 lanes at a time (exp by a polynomial accurate to 2 ulp); a bias row added
 * to every row of a matrix, and column sums (in float64, as the reference sums). Each call copies
 * its operands into the module's memory, runs, and copies the result out; the copies cost ~0.1 ns
 * an element against ~10 ns for Math.exp, which is why these exist (measured in bench/README.md).
 * Four modules of under 4 KB each, compiled synchronously on first use (browsers allow that).
 * Each returns false where its module cannot run, and the kernel table runs the reference
 * (`../kernels/reference.ts`) instead: the maths has no second JS copy here.
 */

interface Exports {
  memory: WebAssembly.Memory;
  exp(src: number, dst: number, count: number): void;
  sigmoid(src: number, dst: number, count: number): void;
  relu(src: number, dst: number, count: number): void;
  sigmoid_grad(y: number, g: number, dst: number, count: number): void;
  bce(x: number, y: number, dst: number, count: number): number;
  bce_grad(x: number, y: number, dst: number, count: number, scale: number): void;
  softmax_rows(
    src: number,
    dst: number,
    lse: number,
    groups: number,
    c: number,
    scratch: number,
  ): void;
  relu_grad(x: number, g: number, dst: number, count: number): void;
  add_rows(c: number, tile: number, period: number, count: number): void;
  col_sums(g: number, acc: number, period: number, count: number): void;
  mv(
    a: number,
    sam: number,
    w: number,
    mask: number,
    c: number,
    m: number,
    nv: number,
    bias: number,
  ): void;
}

type Kernel = (...args: number[]) => void;

/** One instance and a float32 view of its memory, grown when a call needs more. */
class SimdModule {
  private f32: Float32Array;
  /** mm_rows1..4, mm_tn1..3, mm_tv1..3 by vector count (looked up once, not by name on every call). */
  readonly rows: Kernel[];
  readonly tn: Kernel[];
  readonly tv: Kernel[];
  /** linear_grad1..3, mm_k4_1..3 and mm_k1_1..3 by vector count, where the module has them. */
  readonly linearGrad: Kernel[];
  readonly smallK: Kernel[];
  readonly oneK: Kernel[];

  constructor(readonly ex: Exports) {
    this.f32 = new Float32Array(ex.memory.buffer);
    // A family's variants for 1..count vectors, by name (the module may lack them: undefined).
    const byName = ex as unknown as Record<string, Kernel>;
    const family = (name: (v: number) => string, count: number): Kernel[] =>
      Array.from({ length: count }, (_, i) => byName[name(i + 1)]);
    this.rows = family((v) => `mm_rows${v}`, 4);
    this.tn = family((v) => `mm_tn${v}`, 3);
    this.tv = family((v) => `mm_tv${v}`, 3);
    this.linearGrad = family((v) => `linear_grad${v}`, 3);
    this.smallK = family((v) => `mm_k4_${v}`, 3);
    this.oneK = family((v) => `mm_k1_${v}`, 3);
  }

  /** A view of memory holding at least `floats` float32s; undefined if memory cannot grow. */
  reserve(floats: number): Float32Array | undefined {
    // (Growth detaches this unshared memory's old view, to length 0: the length tells.)
    if (floats <= this.f32.length) return this.f32;
    const f32 = reserveFloats(this.ex.memory, this.f32, floats);
    if (f32) this.f32 = f32;
    return f32;
  }
}

function compile(b64: string): SimdModule | null {
  try {
    const bytes = Uint8Array.from(atob(b64), (ch) => ch.charCodeAt(0));
    const inst = new WebAssembly.Instance(new WebAssembly.Module(bytes), {});
    return new SimdModule(inst.exports as unknown as Exports);
  } catch {
    return null; // no WebAssembly SIMD, or synchronous compilation refused: the callers decline
  }
}

/** A module compiled on first use and kept; null where it cannot compile. */
function lazyModule(b64: string): () => SimdModule | null {
  let mod: SimdModule | null | undefined;
  return () => (mod === undefined ? (mod = compile(b64)) : mod);
}

const instance = lazyModule(SIMD_WASM);
const mmInstance = lazyModule(SIMD_MM_WASM);
const linearInstance = lazyModule(SIMD_LINEAR_WASM);
const sigmoidInstance = lazyModule(SIMD_SIGMOID_WASM);

/** Elements rounded up to whole 4-lane vectors (the kernels read and write whole vectors). */
const up4 = (n: number): number => (n + 3) & ~3;

/** out[i] = f(x[i]) through the module's one-input kernel `fn`; false if it cannot run. */
function unary(fn: "exp" | "sigmoid" | "relu", x: Float32Array, out: Float32Array): boolean {
  const m = fn === "sigmoid" ? sigmoidInstance() : instance();
  const n = x.length;
  const f = m?.reserve(up4(n));
  if (!m || !f) return false;
  f.set(x, 0);
  m.ex[fn](0, 0, n);
  return copyOut(m, out);
}

/** out[i] = e^x[i] (out may be x); false, having done nothing, where the module cannot run. */
export function simdExp(x: Float32Array, out: Float32Array): boolean {
  return unary("exp", x, out);
}

/** out[i] = 1 / (1 + e^-x[i]) (out may be x); false where the module cannot run. */
export function simdSigmoid(x: Float32Array, out: Float32Array): boolean {
  return unary("sigmoid", x, out);
}

/** out[i] = f(a[i], b[i]) through the module's two-input kernel `fn`; false if it cannot run. */
function binary(
  fn: "sigmoid_grad" | "relu_grad",
  a: Float32Array,
  b: Float32Array,
  out: Float32Array,
): boolean {
  const m = fn === "sigmoid_grad" ? sigmoidInstance() : instance();
  const n4 = m ? stagePair(m, a, b) : 0;
  if (!m || !n4) return false;
  m.ex[fn](0, n4 * 4, 0, a.length);
  return copyOut(m, out);
}

/**
 * Copies a to m's memory at 0 and b (as long) at n4, each zero-padded to whole vectors; returns
 * n4, the floats rounded up to a multiple of 4, or 0 where memory cannot grow (or a is empty).
 */
function stagePair(m: SimdModule, a: Float32Array, b: Float32Array): number {
  const n = a.length;
  const n4 = up4(n);
  const f = m.reserve(2 * n4);
  if (!f || n === 0) return 0;
  f.set(a, 0);
  f.fill(0, n, n4);
  f.set(b, n4);
  f.fill(0, n4 + n, 2 * n4);
  return n4;
}

/** Copies out.length floats from m's memory at 0 into out; true. */
function copyOut(m: SimdModule, out: Float32Array): boolean {
  const f = m.reserve(out.length)!;
  out.set(out.length === f.length ? f : f.subarray(0, out.length));
  return true;
}

/** out[i] = max(x[i], 0), +0 for x <= 0 and NaN for NaN (out may be x); false where it cannot run. */
export function simdRelu(x: Float32Array, out: Float32Array): boolean {
  return unary("relu", x, out);
}

/**
 * out[i] = -(y[i] max(log x[i], -100) + (1 - y[i]) max(log(1 - x[i]), -100)), binary
 * cross-entropy with PyTorch's clamped logs; returns the sum of out in float64, in index order,
 * or NaN when some x[i] or y[i] is outside [0, 1] or NaN (out is then partly garbage): the check
 * PyTorch makes, in the same pass. undefined, having done nothing, where the module cannot run.
 */
export function simdBinaryCrossEntropy(
  x: Float32Array,
  y: Float32Array,
  out: Float32Array,
): number | undefined {
  const m = instance();
  // (the padding lanes are checked too: 0 is in range)
  const n4 = m ? stagePair(m, x, y) : 0;
  if (!m || !n4) return undefined;
  const sum = m.ex.bce(0, n4 * 4, 0, x.length);
  copyOut(m, out);
  return sum;
}

/**
 * Softmax of each row of x [n, c] into out, and (when given) each row's max m into lse[0, n) and
 * log(sum(e^(x - m))) into lse[n, 2 n): the log-sum-exp is their sum (m is NaN for a row with a
 * NaN, 0 for a row of -inf). False, having done nothing, where the module cannot run.
 */
export function simdSoftmaxRows(
  x: Float32Array,
  n: number,
  c: number,
  out: Float32Array,
  lse: Float32Array | null,
): boolean {
  const mod = instance();
  const groups = (n + 3) >> 2;
  const size = groups * 4 * c;
  const dstAt = size;
  const lseAt = 2 * size;
  const scratchAt = lseAt + groups * 8;
  const f = mod?.reserve(scratchAt + 4 * c);
  if (mod && f && c > 0) {
    f.set(x.subarray(0, n * c), 0);
    f.fill(0, n * c, size); // whole groups of 4 rows
    mod.ex.softmax_rows(0, dstAt * 4, lseAt * 4, groups, c, scratchAt * 4);
    out.set(f.subarray(dstAt, dstAt + n * c));
    if (lse) {
      lse.set(f.subarray(lseAt, lseAt + n));
      lse.set(f.subarray(lseAt + groups * 4, lseAt + groups * 4 + n), n);
    }
    return true;
  }
  return false;
}

/**
 * out[i] = scale (x[i] - y[i]) / max(x[i] (1 - x[i]), 1e-12): BCE's gradient, one upstream value;
 * false where the module cannot run.
 */
export function simdBinaryCrossEntropyGrad(
  x: Float32Array,
  y: Float32Array,
  scale: number,
  out: Float32Array,
): boolean {
  const m = instance();
  const n4 = m ? stagePair(m, x, y) : 0;
  if (!m || !n4) return false;
  m.ex.bce_grad(0, n4 * 4, 0, x.length, scale);
  return copyOut(m, out);
}

/** out[i] = g[i] y[i] (1 - y[i]): the sigmoid's backward from its output y; false where it cannot run. */
export function simdSigmoidGrad(y: Float32Array, g: Float32Array, out: Float32Array): boolean {
  return binary("sigmoid_grad", y, g, out);
}

/** out[i] = g[i] where x[i] > 0 or x[i] is NaN, else 0: relu's backward; false where it cannot run. */
export function simdReluGrad(x: Float32Array, g: Float32Array, out: Float32Array): boolean {
  return binary("relu_grad", x, g, out);
}

/** c[i, j] += bias[j] for c [m, n], in place; false where the module cannot run. */
export function simdAddRows(c: Float32Array, bias: Float32Array, m: number, n: number): boolean {
  const mod = instance();
  const len = up4(m * n);
  const f = mod?.reserve(len + 4 * n);
  if (mod && f) {
    f.set(c, 0);
    for (let q = 0; q < 4; q++) f.set(bias, len + q * n);
    mod.ex.add_rows(0, len * 4, 16 * n, m * n);
    c.set(f.subarray(0, m * n));
    return true;
  }
  return false;
}

/** out[j] = sum over i of g[i, j] for g [m, n], summed in float64; false where it cannot run. */
export function simdColumnSums(g: Float32Array, m: number, n: number, out: Float32Array): boolean {
  const mod = instance();
  const len = up4(m * n);
  // g, zero-padded to whole vectors, then 4 n float64 partial sums.
  const f = mod?.reserve(len + 8 * n);
  if (mod && f) {
    f.set(g, 0);
    f.fill(0, m * n, len + 8 * n);
    mod.ex.col_sums(0, len * 4, 32 * n, m * n);
    const acc = new Float64Array(f.buffer, len * 4, 4 * n);
    for (let j = 0; j < n; j++) out[j] = acc[j] + acc[n + j] + acc[2 * n + j] + acc[3 * n + j];
    return true;
  }
  return false;
}

/** Products at most this deep go through mm_rows (measured: the packing gemm wins past it). */
export const SMALL_MM_MAX_K = 64;

/**
 * The kernel table's matmul for float32 products with a small side, where the packing gemm of the wasm
 * backend spends more on packing, copies and a transpose than on multiplying (bench/README.md):
 * out[m, n] = op(A) op(B) with 2 <= n <= 16 and k <= SMALL_MM_MAX_K (a layer's forward, or dx = g W
 * of a narrow layer), or A^T B with m, n <= 12 (a small weight's gradient g^T x, summed over a
 * long k). Returns false, having done nothing, for any other shape.
 */
export function simdSmallMatmul(
  a: Float32Array,
  aOff: number,
  b: Float32Array,
  bOff: number,
  out: Float32Array,
  oOff: number,
  m: number,
  k: number,
  n: number,
  transA: boolean,
  transB: boolean,
): boolean {
  if (m === 0 || n === 0 || k === 0) return false;
  // (A single column stays with the packing gemm here; a linear layer's has simdLinear's mv.)
  if (n >= 2 && n <= 16 && k <= SMALL_MM_MAX_K) {
    return rows(a, aOff, b, bOff, out, oOff, m, k, n, transA, transB);
  }
  if (transA && !transB && m <= 12 && n <= 12) return tn(a, aOff, b, bOff, out, oOff, m, k, n);
  return false;
}

function rows(
  a: Float32Array,
  aOff: number,
  b: Float32Array,
  bOff: number,
  out: Float32Array,
  oOff: number,
  m: number,
  k: number,
  n: number,
  transA: boolean,
  transB: boolean,
  bias: Float32Array | null = null,
): boolean {
  // One term (mm_k1), or 2 <= k <= 4 with A's rows contiguous (mm_k4): B in registers, the same
  // sums as mm_rows (1000 x 4 x 10 with its bias: 4.1 -> 3.35 us; 1000 x 1 x 10: 2.1 -> 1.1).
  const oneK = k === 1 && n <= 12;
  const smallK = k >= 2 && k <= 4 && n <= 12 && !transA;
  const mod = smallK || oneK ? linearInstance() : mmInstance();
  const nv = (n + 3) >> 2;
  const w = 4 * nv;
  const kb = smallK ? 4 : k; // rows of B packed (mm_k4 reads 4, zero past k)
  // A, room for its last row's 16-byte read, B packed, C, room for its last row's spill, the
  // bias row, and mm_k4's mask and fill vectors.
  const bAt = up4(m * k + 4);
  const cAt = bAt + kb * w;
  const biasAt = cAt + m * n + w;
  const maskAt = biasAt + w;
  const f = mod?.reserve(maskAt + 8);
  if (!mod || !f) return false;
  f.set(a.subarray(aOff, aOff + m * k), 0);
  f.fill(0, m * k, bAt);
  // B packed as [kb, 4 nv], zero beyond column n and row k.
  for (let p = 0; p < kb; p++) {
    const row = bAt + p * w;
    for (let j = 0; j < w; j++) {
      f[row + j] = p >= k || j >= n ? 0 : transB ? b[bOff + j * k + p] : b[bOff + p * n + j];
    }
  }
  // The bias row (zeros without one), padded to 4 nv floats.
  for (let j = 0; j < w; j++) f[biasAt + j] = bias && j < n ? bias[j] : 0;
  if (smallK) {
    const u = new Uint32Array(f.buffer, maskAt * 4, 8);
    for (let q = 0; q < 4; q++) {
      u[q] = q < k ? 0xffffffff : 0;
      u[4 + q] = q < k ? 0 : 0x80000000; // -0 in the lanes past k
    }
    mod.smallK[nv - 1](0, 4 * k, maskAt * 4, bAt * 4, biasAt * 4, cAt * 4, 4 * n, m);
  } else if (oneK) {
    mod.oneK[nv - 1](0, 4, bAt * 4, biasAt * 4, cAt * 4, 4 * n, m);
  } else {
    const sam = transA ? 4 : 4 * k;
    const sak = transA ? 4 * m : 4;
    mod.rows[nv - 1](0, sam, sak, bAt * 4, biasAt * 4, cAt * 4, 4 * n, m, k);
  }
  out.set(f.subarray(cAt, cAt + m * n), oOff);
  return true;
}

function tn(
  a: Float32Array,
  aOff: number,
  b: Float32Array,
  bOff: number,
  out: Float32Array,
  oOff: number,
  m: number,
  k: number,
  n: number,
): boolean {
  const mod = mmInstance();
  const nv = (n + 3) >> 2;
  if (m === 1) return tv(mod, a, aOff, b, bOff, out, oOff, k, n, nv);
  const blocks = (m + 3) >> 2;
  // A [k, m] and B [k, n] as they are, each followed by room for the over-wide reads.
  const bAt = up4(k * m + 4);
  const cAt = bAt + up4(k * n + 4 * nv);
  const f = mod?.reserve(cAt + blocks * 16 * nv);
  if (!mod || !f) return false;
  f.set(a.subarray(aOff, aOff + k * m), 0);
  f.fill(0, k * m, bAt);
  f.set(b.subarray(bOff, bOff + k * n), bAt);
  f.fill(0, bAt + k * n, cAt);
  mod.tn[nv - 1](0, 4 * m, bAt * 4, 4 * n, cAt * 4, blocks, k);
  for (let i = 0; i < m; i++) {
    out.set(f.subarray(cAt + i * 4 * nv, cAt + i * 4 * nv + n), oOff + i * n);
  }
  return true;
}

/** tn for one row of output, a^T B with a [k]: mm_tv, the same sums in the same order. */
function tv(
  mod: SimdModule | null,
  a: Float32Array,
  aOff: number,
  b: Float32Array,
  bOff: number,
  out: Float32Array,
  oOff: number,
  k: number,
  n: number,
  nv: number,
): boolean {
  const bAt = up4(k);
  const cAt = bAt + up4(k * n + 4 * nv);
  const f = mod?.reserve(cAt + 4 * nv);
  if (!mod || !f) return false;
  f.set(a.subarray(aOff, aOff + k), 0);
  f.set(b.subarray(bOff, bOff + k * n), bAt);
  f.fill(0, bAt + k * n, cAt);
  mod.tv[nv - 1](0, bAt * 4, 4 * n, cAt * 4, k);
  out.set(f.subarray(cAt, cAt + n), oOff);
  return true;
}

/**
 * out[m, n] = x[m, k] W^T + bias for W [n, k], in one pass (the bias starts the accumulators)
 * when the layer is narrow and shallow enough for mm_rows; false, having done nothing, otherwise.
 */
export function simdLinear(
  x: Float32Array,
  w: Float32Array,
  bias: Float32Array | null,
  out: Float32Array,
  m: number,
  k: number,
  n: number,
): boolean {
  if (m === 0 || k === 0 || n > 16 || k > SMALL_MM_MAX_K) return false;
  if (n === 1) return mv(x, w, bias === null ? -0 : bias[0], out, m, k);
  return rows(x, 0, w, 0, out, 0, m, k, n, false, true, bias);
}

/** out[i] = bias + x[i, :] . w for x [m, k], w [k]: a linear layer with one output (the mv kernel). */
function mv(
  x: Float32Array,
  w: Float32Array,
  bias: number,
  out: Float32Array,
  m: number,
  k: number,
): boolean {
  const mod = mmInstance();
  const nv = (k + 3) >> 2;
  // x, then room for the last row's over-wide read, w padded to nv vectors, the mask, out.
  const wAt = up4(m * k + 4);
  const maskAt = wAt + 4 * nv;
  const cAt = maskAt + 4;
  const f = mod?.reserve(cAt + m);
  if (!mod || !f) return false;
  f.set(x.subarray(0, m * k), 0);
  f.fill(0, m * k, wAt);
  f.set(w.subarray(0, k), wAt);
  f.fill(0, wAt + k, maskAt);
  const u = new Uint32Array(f.buffer, maskAt * 4, 4);
  const valid = k - 4 * (nv - 1);
  for (let j = 0; j < 4; j++) u[j] = j < valid ? 0xffffffff : 0;
  mod.ex.mv(0, 4 * k, wAt * 4, maskAt * 4, cAt * 4, m, nv, bias);
  out.set(f.subarray(cAt, cAt + m));
  return true;
}

/**
 * A linear layer's gradients gw[outF, inF] = g^T x and (when gb is given) gb[outF] = the column
 * sums of g, for g [m, outF] and x [m, inF] with inF <= 4 and outF <= 12, in one pass over the
 * batch (mm_tn's sums and the JS kernel's float64 bias sums, bit for bit). False, having done
 * nothing, for other shapes.
 */
export function simdLinearGrad(
  g: Float32Array,
  x: Float32Array,
  m: number,
  inF: number,
  outF: number,
  gw: Float32Array,
  gb: Float32Array | null,
): boolean {
  if (m === 0 || inF === 0 || inF > 4 || outF === 0 || outF > 12) return false;
  const mod = linearInstance();
  const nv = (outF + 3) >> 2;
  // g then x, each followed by room for the last row's whole-vector reads; c; the sums.
  const xAt = m * outF + 4 * nv;
  const cAt = up4(xAt + m * inF + 4);
  const sumsAt = cAt + 16 * nv;
  const f = mod?.reserve(sumsAt + 8 * nv);
  if (!mod || !f) return false;
  f.set(g.subarray(0, m * outF), 0);
  f.fill(0, m * outF, xAt);
  f.set(x.subarray(0, m * inF), xAt);
  f.fill(0, xAt + m * inF, cAt);
  mod.linearGrad[nv - 1](0, 4 * outF, xAt * 4, 4 * inF, m, cAt * 4, sumsAt * 4);
  for (let j = 0; j < outF; j++) {
    for (let q = 0; q < inF; q++) gw[j * inF + q] = f[cAt + 4 * j + q];
  }
  if (gb) {
    const sums = new Float64Array(f.buffer, sumsAt * 4, 4 * nv);
    for (let j = 0; j < outF; j++) gb[j] = sums[j];
  }
  return true;
}
