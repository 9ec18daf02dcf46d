import type { DType } from "../../util/dtype.js";
import { allocate } from "../../util/dtype.js";
import { NDArray } from "../ndarray.js";

/** Elementwise kernels of one input. Hot ones are written as their own loops so V8 inlines them. */

function out(x: NDArray, dtype: DType = x.dtype): NDArray {
  return new NDArray(allocate(dtype, x.size), x.shape);
}

/** Generic map, for the less frequent ops. */
export function map(x: NDArray, f: (v: number) => number, dtype: DType = x.dtype): NDArray {
  const o = out(x, dtype);
  const a = x.data;
  const d = o.data;
  for (let i = 0; i < a.length; i++) d[i] = f(a[i]);
  return o;
}

export function neg(x: NDArray): NDArray {
  const o = out(x);
  const a = x.data;
  const d = o.data;
  for (let i = 0; i < a.length; i++) d[i] = -a[i];
  return o;
}

export function log(x: NDArray, dtype: DType): NDArray {
  const o = out(x, dtype);
  const a = x.data;
  const d = o.data;
  for (let i = 0; i < a.length; i++) d[i] = Math.log(a[i]);
  return o;
}

export function tanh(x: NDArray, dtype: DType): NDArray {
  const o = out(x, dtype);
  const a = x.data;
  const d = o.data;
  for (let i = 0; i < a.length; i++) d[i] = Math.tanh(a[i]);
  return o;
}

export function clamp(x: NDArray, lo: number, hi: number): NDArray {
  const o = out(x);
  const a = x.data;
  const d = o.data;
  for (let i = 0; i < a.length; i++) {
    const v = a[i];
    // min(max(v, lo), hi): with lo > hi every value becomes hi, and NaN stays NaN, as in PyTorch.
    const w = v < lo ? lo : v;
    d[i] = w > hi ? hi : w;
  }
  return o;
}

/** g * (1 - y^2): tanh's backward from its output y. */
export function tanhBackward(y: NDArray, g: NDArray): NDArray {
  const o = out(g);
  const yd = y.data;
  const gd = g.data;
  const d = o.data;
  for (let i = 0; i < d.length; i++) d[i] = gd[i] * (1 - yd[i] * yd[i]);
  return o;
}

/** g where mask(x) holds, else 0 (relu, clamp and abs backward). */
export function maskedGrad(x: NDArray, g: NDArray, keep: (v: number) => boolean): NDArray {
  const o = out(g);
  const xd = x.data;
  const gd = g.data;
  const d = o.data;
  for (let i = 0; i < d.length; i++) d[i] = keep(xd[i]) ? gd[i] : 0;
  return o;
}
