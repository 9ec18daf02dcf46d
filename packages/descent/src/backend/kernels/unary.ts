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

/** A backend's float32 kernel out[i] = f(x[i]), used instead of the JS loop where given. */
export type F32Map = (x: Float32Array, out: Float32Array) => void;

export function exp(x: NDArray, dtype: DType, f32?: F32Map): NDArray {
  const o = out(x, dtype);
  if (f32 && x.data instanceof Float32Array && o.data instanceof Float32Array) {
    f32(x.data, o.data);
    return o;
  }
  const a = x.data;
  const d = o.data;
  for (let i = 0; i < a.length; i++) d[i] = Math.exp(a[i]);
  return o;
}

export function log(x: NDArray, dtype: DType): NDArray {
  const o = out(x, dtype);
  const a = x.data;
  const d = o.data;
  for (let i = 0; i < a.length; i++) d[i] = Math.log(a[i]);
  return o;
}

export function sigmoid(x: NDArray, dtype: DType, f32?: F32Map): NDArray {
  const o = out(x, dtype);
  if (f32 && x.data instanceof Float32Array && o.data instanceof Float32Array) {
    f32(x.data, o.data);
    return o;
  }
  const a = x.data;
  const d = o.data;
  for (let i = 0; i < a.length; i++) {
    const v = a[i];
    // Split by sign so exp never overflows.
    if (v >= 0) d[i] = 1 / (1 + Math.exp(-v));
    else {
      const e = Math.exp(v);
      d[i] = e / (1 + e);
    }
  }
  return o;
}

export function tanh(x: NDArray, dtype: DType): NDArray {
  const o = out(x, dtype);
  const a = x.data;
  const d = o.data;
  for (let i = 0; i < a.length; i++) d[i] = Math.tanh(a[i]);
  return o;
}

export function relu(x: NDArray, f32?: F32Map): NDArray {
  const o = out(x);
  if (f32 && x.data instanceof Float32Array) {
    f32(x.data, o.data as Float32Array);
    return o;
  }
  const a = x.data;
  const d = o.data;
  for (let i = 0; i < a.length; i++) {
    const v = a[i];
    d[i] = v <= 0 ? 0 : v; // NaN stays NaN, as in PyTorch
  }
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

/** g * y * (1 - y): the sigmoid's backward from its output y (into `into`, which may be g). */
export function sigmoidBackward(
  y: NDArray,
  g: NDArray,
  f32?: (y: Float32Array, g: Float32Array, out: Float32Array) => void,
  into?: NDArray,
): NDArray {
  const o = into ?? out(g);
  if (f32 && y.data instanceof Float32Array && g.data instanceof Float32Array) {
    f32(y.data, g.data, o.data as Float32Array);
    return o;
  }
  const yd = y.data;
  const gd = g.data;
  const d = o.data;
  for (let i = 0; i < d.length; i++) d[i] = gd[i] * yd[i] * (1 - yd[i]);
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

export function reluBackward(
  x: NDArray,
  g: NDArray,
  f32?: (x: Float32Array, g: Float32Array, out: Float32Array) => void,
  into?: NDArray,
): NDArray {
  const o = into ?? out(g);
  if (f32 && x.data instanceof Float32Array && g.data instanceof Float32Array) {
    f32(x.data, g.data, o.data as Float32Array);
    return o;
  }
  const xd = x.data;
  const gd = g.data;
  const d = o.data;
  for (let i = 0; i < d.length; i++) d[i] = xd[i] <= 0 ? 0 : gd[i]; // NaN passes g, as PyTorch
  return o;
}
