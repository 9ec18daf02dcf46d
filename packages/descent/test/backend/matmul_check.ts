import assert from "node:assert/strict";

import type { TypedArray } from "../../src/util/dtype.js";
import { jsMatmul } from "../../src/backend/js_matmul.js";
import { wasmKernel } from "../../src/backend/wasm/wasm_backend.js";

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
 * Runs `matmul` on a float32 problem and compares it with a float64 reference, element by element:
 * |got - ref| <= 1e-5 * sum_p |a_ip b_pj|. Also checks that nothing outside the output slice is written.
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
    if (!(err <= 1e-5 * scale[i])) {
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
