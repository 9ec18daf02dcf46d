import type { NDArray } from "../ndarray.js";

/**
 * The value loops of arange and linspace as PyTorch 1.13's CPU kernels run them (so float32
 * values agree bit for bit with its AVX2 build): runs of 16, each split into two vectors of 8
 * (4 for float64) whose first value is computed from its index and the rest by adding multiples
 * of the step; the tail one by one.
 */

const SPLIT = 134217729; // 2^27 + 1, Dekker's splitter

/** a * b + c with one rounding (as a fused multiply-add; C++ compilers contract PyTorch's `start + step * i`). */
export function fma(a: number, b: number, c: number): number {
  const p = a * b;
  const ah = SPLIT * a - (SPLIT * a - a);
  const bh = SPLIT * b - (SPLIT * b - b);
  const e = ah * bh - p + ah * (b - bh) + (a - ah) * bh + (a - ah) * (b - bh);
  const s = p + c;
  const z = s - p;
  return s + (p - (s - z) + (c - z) + e);
}

/**
 * Fills n values: vectors of `lanes` starting at multiples of `lanes` (two per run, while a
 * whole run of 2 lanes fits) get first(i) then step(first, k); the tail gets first(i).
 */
export function fillRuns(
  out: Float32Array | Float64Array | Int32Array,
  lanes: number,
  first: (i: number) => number,
  next: (base: number, k: number) => number,
): void {
  const n = out.length;
  let i = 0;
  for (; i + 2 * lanes <= n; i += lanes) {
    const base = first(i);
    out[i] = base;
    for (let k = 1; k < lanes; k++) out[i + k] = next(base, k);
    i += lanes;
    const base2 = first(i);
    out[i] = base2;
    for (let k = 1; k < lanes; k++) out[i + k] = next(base2, k);
  }
  for (; i < n; i++) out[i] = first(i);
}

/** linspace(start, end, steps) into a (its dtype's precision; float32 as PyTorch computes it). */
export function linspaceInto(a: NDArray, start: number, end: number, steps: number): void {
  const dtype = a.dtype;
  const f32 = dtype === "float32";
  const r = f32 ? Math.fround : (v: number) => v;
  const s = r(start);
  const e = r(end);
  const step = steps > 1 ? r((e - s) / (steps - 1)) : 0;
  const half = Math.floor(steps / 2);
  // (one step gives start, as PyTorch)
  const first = (i: number) =>
    i < half || steps === 1 ? r(fma(step, i, s)) : r(fma(-step, steps - i - 1, e));
  if (f32)
    fillRuns(a.data as Float32Array, 8, first, (b, k) => Math.fround(b + Math.fround(k * step)));
  else if (dtype === "float64")
    fillRuns(a.data as Float64Array, 4, first, (b, k) => fma(k, step, b));
  else
    for (let i = 0; i < steps; i++)
      a.data[i] = Math.trunc(i < half ? s + step * i : e - step * (steps - i - 1));
}
