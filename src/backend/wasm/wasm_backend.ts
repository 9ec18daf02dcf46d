import type { TypedArray } from "../../util/dtype.js";
import type { Backend } from "../backend.js";
import { jsMatmul } from "../js_matmul.js";
import { MATMUL_RELAXED_WASM, MATMUL_SIMD_WASM } from "./matmul_wasm_bytes.js";
import { type Blocking, DEFAULT_BLOCKING, WasmMatmulKernel } from "./wasm_kernel.js";

/**
 * The "wasm" backend: float32 matmul in WebAssembly SIMD (see wasm_kernel.ts), the JS kernel for
 * float64 and for problems too small to repay copying the operands into wasm memory.
 * Compiled synchronously on first use; on a browser's main thread, where Chrome refuses to
 * compile modules over 4 KB synchronously, `await initWasm()` first (until then matmuls run in JS).
 */

/** Below this many multiply-adds (m k n) the JS kernel wins: a wasm call costs ~0.6 us, JS ~1.3 ns per multiply-add (bench/matmul.ts). */
export const WASM_MIN_WORK = 512;

function decode(b64: string): Uint8Array<ArrayBuffer> {
  return Uint8Array.from(atob(b64), (ch) => ch.charCodeAt(0));
}

/** Whether this engine runs WebAssembly SIMD: validates a tiny module returning a v128. */
export function wasmSimdSupported(): boolean {
  // (module (func (result v128) v128.const i32x4 0 0 0 0))
  const probe = "AGFzbQEAAAABBQFgAAF7AwIBAAoWARQA/QwAAAAAAAAAAAAAAAAAAAAACw==";
  return typeof WebAssembly === "object" && WebAssembly.validate(decode(probe));
}

/** Relaxed SIMD (fused multiply-add) where the engine validates it, plain SIMD otherwise. */
function moduleBytes(): { bytes: Uint8Array<ArrayBuffer>; relaxed: boolean } {
  const relaxed = decode(MATMUL_RELAXED_WASM);
  if (WebAssembly.validate(relaxed)) return { bytes: relaxed, relaxed: true };
  return { bytes: decode(MATMUL_SIMD_WASM), relaxed: false };
}

let kernel: WasmMatmulKernel | undefined;
let syncFailed = false;

/** The kernel, compiled synchronously on first use; undefined while only the async path works. */
export function wasmKernel(): WasmMatmulKernel | undefined {
  if (kernel || syncFailed) return kernel;
  try {
    const { bytes, relaxed } = moduleBytes();
    kernel = new WasmMatmulKernel(
      new WebAssembly.Instance(new WebAssembly.Module(bytes), {}),
      relaxed,
    );
  } catch {
    // A browser main thread: compile in the background, use the JS kernel meanwhile.
    syncFailed = true;
    initWasm().catch(() => undefined);
  }
  return kernel;
}

/**
 * Compiles the kernel asynchronously; needed only on a browser's main thread (see above).
 * Resolves to false where WebAssembly SIMD is unavailable.
 */
export async function initWasm(): Promise<boolean> {
  if (kernel) return true;
  if (!wasmSimdSupported()) return false;
  const { bytes, relaxed } = moduleBytes();
  const { instance } = await WebAssembly.instantiate(bytes, {});
  kernel ??= new WasmMatmulKernel(instance, relaxed);
  return true;
}

/** What the wasm backend runs: compiled yet, with relaxed-SIMD FMA, its cache blocking. */
export function wasmKernelInfo(): { ready: boolean; relaxed: boolean; blocking: Blocking } {
  const k = wasmKernel();
  return { ready: !!k, relaxed: !!k?.relaxed, blocking: { ...(k?.blocking ?? DEFAULT_BLOCKING) } };
}

/** `Backend.matmul`: float32 problems of at least WASM_MIN_WORK multiply-adds in wasm, the rest in JS. */
export function wasmMatmul(
  a: TypedArray,
  aOff: number,
  b: TypedArray,
  bOff: number,
  out: TypedArray,
  oOff: number,
  m: number,
  k: number,
  n: number,
  transA: boolean,
  transB: boolean,
): void {
  if (
    m * k * n >= WASM_MIN_WORK &&
    a instanceof Float32Array &&
    b instanceof Float32Array &&
    out instanceof Float32Array
  ) {
    const kern = wasmKernel();
    if (kern) return kern.matmul(a, aOff, b, bOff, out, oOff, m, k, n, transA, transB);
  }
  jsMatmul(a, aOff, b, bOff, out, oOff, m, k, n, transA, transB);
}

export const wasmBackend: Backend = { name: "wasm", matmul: wasmMatmul };
