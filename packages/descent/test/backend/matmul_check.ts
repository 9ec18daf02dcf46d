import assert from "node:assert/strict";

import type { TypedArray } from "../../src/util/dtype.js";
import { jsMatmul } from "../../src/backend/js_matmul.js";
import { wasmKernel } from "../../src/backend/wasm/wasm_backend.js";
import * as modules from "../../src/backend/wasm/matmul_wasm_bytes.js";
import { WasmMatmulKernel } from "../../src/backend/wasm/wasm_kernel.js";
import { GemmTeam } from "../../src/backend/wasm/wasm_threads.js";

/** Shared by matmul.test.ts and relaxed_simd_child.ts: checks a matmul against a float64 reference. */

export type Matmul = typeof jsMatmul;
export interface Problem {
  m: number;
  k: number;
  n: number;
  transA?: boolean;
  transB?: boolean;
  offsets?: [number, number, number];
  seed?: number;
}

export const SENTINEL = 12345.5;

/** Uniform floats in [-1, 1) from a seeded LCG (float32-exact). */
export function floats(len: number, seed: number): Float32Array {
  const x = new Float32Array(len);
  let s = (seed * 2654435761) >>> 0;
  for (let i = 0; i < len; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    x[i] = s / 2 ** 31 - 1;
  }
  return x;
}

const abs = (x: TypedArray): Float64Array => Float64Array.from(x, Math.abs);

/**
 * The stated tolerance of every fast float32 kernel against the reference (the JS kernel run in
 * float64): |got - ref| <= TOLERANCE * sum_p |a_ip b_pj| for each element. It holds for the
 * plain-SIMD kernel (a float32 multiply and add per step: two roundings) and for the relaxed-SIMD
 * one (f32x4.relaxed_madd, fused where the engine fuses it: one rounding), on one thread or more;
 * the two differ from each other by rounding only, well inside it, at the sizes tested (k up to
 * 1000: sums of up to 384 products a depth block, then the blocks added).
 */
export const TOLERANCE = 1e-5;

/**
 * Runs `matmul` on a float32 problem and compares it with a float64 reference, element by element,
 * within TOLERANCE. Also checks that nothing outside the output slice is written.
 */
export function check(matmul: Matmul, p: Problem): void {
  const { m, k, n, transA = false, transB = false, offsets = [0, 0, 0], seed = 1 } = p;
  const [aOff, bOff, oOff] = offsets;
  const a = floats(aOff + m * k + 3, seed);
  const b = floats(bOff + k * n + 2, seed + 1);
  const out = new Float32Array(oOff + m * n + 4).fill(SENTINEL);
  matmul(a, aOff, b, bOff, out, oOff, m, k, n, transA, transB);
  const ref = new Float64Array(m * n);
  const scale = new Float64Array(m * n);
  jsMatmul(Float64Array.from(a), aOff, Float64Array.from(b), bOff, ref, 0, m, k, n, transA, transB);
  jsMatmul(abs(a), aOff, abs(b), bOff, scale, 0, m, k, n, transA, transB);
  const what = `${m}x${k}x${n}${transA ? " A^T" : ""}${transB ? " B^T" : ""} offsets ${offsets}`;
  for (let i = 0; i < m * n; i++) {
    const err = Math.abs(out[oOff + i] - ref[i]);
    if (!(err <= TOLERANCE * scale[i])) {
      assert.fail(`${what}: out[${i}] = ${out[oOff + i]}, expected ${ref[i]} (error ${err})`);
    }
  }
  for (let i = 0; i < oOff; i++) assert.equal(out[i], SENTINEL, `${what}: wrote before the output`);
  for (let i = oOff + m * n; i < out.length; i++)
    assert.equal(out[i], SENTINEL, `${what}: wrote past the output`);
}

export const TRANS: [boolean, boolean][] = [
  [false, false],
  [true, false],
  [false, true],
  [true, true],
];
export const ODD = [1, 3, 7, 17, 33, 65, 129];

/** The wasm kernel for every size (no JS fallback for small problems). */
export const forced: Matmul = (a, ao, b, bo, out, oo, m, k, n, ta, tb) => {
  const [a32, b32, o32] = [a, b, out] as Float32Array[];
  assert.ok(wasmKernel()!.matmul(a32, ao, b32, bo, o32, oo, m, k, n, ta, tb), "did not fit");
};

const decode = (b64: string): Uint8Array<ArrayBuffer> =>
  Uint8Array.from(atob(b64), (ch) => ch.charCodeAt(0));

/**
 * One of the four matmul modules as a kernel of its own, whatever the backend picked: plain or
 * relaxed SIMD, on one thread or (threads = 2) on a shared memory with one helper thread, which
 * takes bands of the problems that sharesThreads picks. undefined where the module does not
 * validate (relaxed SIMD on an engine without it).
 */
export async function standaloneKernel(
  relaxed: boolean,
  threads: 1 | 2,
): Promise<WasmMatmulKernel | undefined> {
  if (threads === 1) {
    const bytes = decode(relaxed ? modules.MATMUL_RELAXED_WASM : modules.MATMUL_SIMD_WASM);
    if (!WebAssembly.validate(bytes)) return undefined;
    return new WasmMatmulKernel(new WebAssembly.Instance(new WebAssembly.Module(bytes)), relaxed);
  }
  const bytes = decode(
    relaxed ? modules.MATMUL_RELAXED_SHARED_WASM : modules.MATMUL_SIMD_SHARED_WASM,
  );
  if (!WebAssembly.validate(bytes)) return undefined;
  const memory = new WebAssembly.Memory({ initial: 1, maximum: 65536, shared: true });
  const module = await WebAssembly.compile(bytes);
  const instance = await WebAssembly.instantiate(module, { env: { memory } });
  const kern = new WasmMatmulKernel(instance, relaxed, memory);
  kern.team = await GemmTeam.start(module, memory, 1, false);
  assert.ok(kern.team, "could not start a helper thread");
  await kern.team.ready;
  return kern;
}

/** `kern` as a Matmul for every size (asserts that the problem fits). */
export const using =
  (kern: WasmMatmulKernel): Matmul =>
  (a, ao, b, bo, out, oo, m, k, n, ta, tb) => {
    const [a32, b32, o32] = [a, b, out] as Float32Array[];
    assert.ok(kern.matmul(a32, ao, b32, bo, o32, oo, m, k, n, ta, tb), "did not fit");
  };
