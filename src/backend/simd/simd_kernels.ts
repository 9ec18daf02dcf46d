import { SIMD_WASM } from "./simd_wasm_bytes.js";

/**
 * float32 elementwise kernels in WebAssembly SIMD (scripts/build-simd.ts): exp, sigmoid, relu and
 * their gradients, 4 lanes at a time (exp by a polynomial accurate to 2 ulp); a bias row added
 * to every row of a matrix, and column sums (in float64, as the JS kernel sums). Each call copies
 * its operands into the module's memory, runs, and copies the result out; the copies cost ~0.1 ns
 * an element against ~10 ns for Math.exp, which is why these exist (measured in bench/README.md).
 * The module is ~1 KB, compiled synchronously on first use (browsers allow that up to 4 KB).
 */

interface Exports {
  memory: WebAssembly.Memory;
  exp(src: number, dst: number, count: number): void;
  sigmoid(src: number, dst: number, count: number): void;
  relu(src: number, dst: number, count: number): void;
  sigmoid_grad(y: number, g: number, dst: number, count: number): void;
  relu_grad(x: number, g: number, dst: number, count: number): void;
  add_rows(c: number, tile: number, period: number, count: number): void;
  col_sums(g: number, acc: number, period: number, count: number): void;
}

/** One instance and a float32 view of its memory, grown when a call needs more. */
class SimdModule {
  private f32: Float32Array;

  constructor(readonly ex: Exports) {
    this.f32 = new Float32Array(ex.memory.buffer);
  }

  /** A view of memory holding at least `floats` float32s; undefined if memory cannot grow. */
  reserve(floats: number): Float32Array | undefined {
    const mem = this.ex.memory;
    const have = mem.buffer.byteLength;
    if (floats * 4 > have) {
      try {
        mem.grow(Math.ceil((floats * 4 - have) / 65536));
      } catch {
        return undefined;
      }
    }
    if (this.f32.buffer !== mem.buffer) this.f32 = new Float32Array(mem.buffer);
    return this.f32;
  }
}

/** The compiled module (a cache): undefined until first use, null where it cannot compile. */
let module: SimdModule | null | undefined;

function instance(): SimdModule | null {
  if (module !== undefined) return module;
  try {
    const bytes = Uint8Array.from(atob(SIMD_WASM), (ch) => ch.charCodeAt(0));
    const inst = new WebAssembly.Instance(new WebAssembly.Module(bytes), {});
    module = new SimdModule(inst.exports as unknown as Exports);
  } catch {
    module = null; // no WebAssembly SIMD, or synchronous compilation refused: JS loops below
  }
  return module;
}

/** Elements rounded up to whole 4-lane vectors (the kernels read and write whole vectors). */
const up4 = (n: number): number => (n + 3) & ~3;

/** out[i] = f(x[i]) through the module's one-input kernel `fn`; false if it cannot run. */
function unary(fn: "exp" | "sigmoid" | "relu", x: Float32Array, out: Float32Array): boolean {
  const m = instance();
  const n = x.length;
  const f = m?.reserve(up4(n));
  if (!m || !f) return false;
  f.set(x, 0);
  m.ex[fn](0, 0, n);
  out.set(n === f.length ? f : f.subarray(0, n));
  return true;
}

/** out[i] = e^x[i] (out may be x). */
export function simdExp(x: Float32Array, out: Float32Array): void {
  if (unary("exp", x, out)) return;
  for (let i = 0; i < x.length; i++) out[i] = Math.exp(x[i]);
}

/** out[i] = 1 / (1 + e^-x[i]) (out may be x). */
export function simdSigmoid(x: Float32Array, out: Float32Array): void {
  if (unary("sigmoid", x, out)) return;
  for (let i = 0; i < x.length; i++) out[i] = 1 / (1 + Math.exp(-x[i]));
}

/** out[i] = f(a[i], b[i]) through the module's two-input kernel `fn`; false if it cannot run. */
function binary(
  fn: "sigmoid_grad" | "relu_grad",
  a: Float32Array,
  b: Float32Array,
  out: Float32Array,
): boolean {
  const m = instance();
  const n = a.length;
  const n4 = up4(n);
  const f = m?.reserve(2 * n4);
  if (!m || !f) return false;
  f.set(a, 0);
  f.set(b, n4);
  m.ex[fn](0, n4 * 4, 0, n);
  out.set(f.subarray(0, n));
  return true;
}

/** out[i] = max(x[i], 0), +0 for x <= 0 and NaN for NaN (out may be x). */
export function simdRelu(x: Float32Array, out: Float32Array): void {
  if (unary("relu", x, out)) return;
  for (let i = 0; i < x.length; i++) out[i] = x[i] <= 0 ? 0 : x[i];
}

/** out[i] = g[i] y[i] (1 - y[i]): the sigmoid's backward from its output y. */
export function simdSigmoidGrad(y: Float32Array, g: Float32Array, out: Float32Array): void {
  if (binary("sigmoid_grad", y, g, out)) return;
  for (let i = 0; i < y.length; i++) out[i] = g[i] * y[i] * (1 - y[i]);
}

/** out[i] = g[i] where x[i] > 0 or x[i] is NaN, else 0: relu's backward from its input x. */
export function simdReluGrad(x: Float32Array, g: Float32Array, out: Float32Array): void {
  if (binary("relu_grad", x, g, out)) return;
  for (let i = 0; i < x.length; i++) out[i] = x[i] <= 0 ? 0 : g[i];
}

/** c[i, j] += bias[j] for c [m, n], in place. */
export function simdAddRows(c: Float32Array, bias: Float32Array, m: number, n: number): void {
  const mod = instance();
  const len = up4(m * n);
  const f = mod?.reserve(len + 4 * n);
  if (mod && f) {
    f.set(c, 0);
    for (let q = 0; q < 4; q++) f.set(bias, len + q * n);
    mod.ex.add_rows(0, len * 4, 16 * n, m * n);
    c.set(f.subarray(0, m * n));
    return;
  }
  for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) c[i * n + j] += bias[j];
}

/** out[j] = sum over i of g[i, j] for g [m, n], summed in float64 (out is overwritten). */
export function simdColumnSums(g: Float32Array, m: number, n: number, out: Float32Array): void {
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
    return;
  }
  for (let j = 0; j < n; j++) {
    let s = 0;
    for (let i = 0; i < m; i++) s += g[i * n + j];
    out[j] = s;
  }
}
