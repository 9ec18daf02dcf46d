import type { TypedArray } from "../../util/dtype.js";

/**
 * The reference implementation of each kernel in the kernel table (`../kernel_table.ts`): plain
 * TypeScript loops over typed arrays and sizes, the maths each fast version is tested against.
 * Inputs may be any typed array; outputs are float arrays (a float32 output rounds each result).
 * Elementwise kernels allow `out` to be one of their inputs.
 */

/** out[i] = e^x[i]. */
export function exp(x: TypedArray, out: TypedArray): void {
  for (let i = 0; i < x.length; i++) out[i] = Math.exp(x[i]);
}

/** out[i] = 1 / (1 + e^-x[i]), split by sign so that e^ never overflows. */
export function sigmoid(x: TypedArray, out: TypedArray): void {
  for (let i = 0; i < x.length; i++) {
    const v = x[i];
    if (v >= 0) out[i] = 1 / (1 + Math.exp(-v));
    else {
      const e = Math.exp(v);
      out[i] = e / (1 + e);
    }
  }
}

/** out[i] = max(x[i], 0): +0 for x <= 0, NaN stays NaN (as in PyTorch). */
export function relu(x: TypedArray, out: TypedArray): void {
  for (let i = 0; i < x.length; i++) {
    const v = x[i];
    out[i] = v <= 0 ? 0 : v;
  }
}

/** out[i] = g[i] where x[i] > 0 or is NaN, else 0: relu's backward (from its input or output). */
export function reluGrad(x: TypedArray, g: TypedArray, out: TypedArray): void {
  for (let i = 0; i < out.length; i++) out[i] = x[i] <= 0 ? 0 : g[i];
}

/** out[i] = g[i] y[i] (1 - y[i]): the sigmoid's backward from its output y. */
export function sigmoidGrad(y: TypedArray, g: TypedArray, out: TypedArray): void {
  for (let i = 0; i < out.length; i++) out[i] = g[i] * y[i] * (1 - y[i]);
}

/**
 * out[i] = -(y ln x + (1 - y) ln(1 - x)), each log clamped at -100 (PyTorch 1.13's kernel: ln(1 - x),
 * not log1p); a target of exactly 0 or 1 takes one log (the other term is exactly 0). Returns the
 * sum of out as stored (float32 values for a float32 out), in float64 and index order, for a
 * loss's sum or mean; NaN when some x[i] or y[i] is outside [0, 1] or NaN (out is then not to be
 * used).
 */
export function binaryCrossEntropy(x: TypedArray, y: TypedArray, out: TypedArray): number {
  let ok = true;
  let sum = 0;
  for (let i = 0; i < x.length; i++) {
    const t = y[i];
    const v = x[i];
    if (!(v >= 0 && v <= 1 && t >= 0 && t <= 1)) ok = false;
    if (t === 1) out[i] = -Math.max(Math.log(v), -100);
    else if (t === 0) out[i] = -Math.max(Math.log(1 - v), -100);
    else out[i] = -(t * Math.max(Math.log(v), -100) + (1 - t) * Math.max(Math.log(1 - v), -100));
    sum += out[i];
  }
  return ok ? sum : NaN;
}

/** PyTorch's eps in BCE's backward: 1e-12 as a float32 (its kernel uses that, also for float64). */
export const BCE_EPS = Math.fround(1e-12);

/** out[i] = scale (x - y) / max(x (1 - x), eps): BCE's gradient for one upstream value `scale`. */
export function binaryCrossEntropyGrad(
  x: TypedArray,
  y: TypedArray,
  scale: number,
  out: TypedArray,
): void {
  for (let i = 0; i < x.length; i++) {
    const v = x[i];
    out[i] = (scale * (v - y[i])) / Math.max((1 - v) * v, BCE_EPS);
  }
}

/**
 * Softmax of each row of x [n, c] into out; when lse (2 n elements) is given, each row's max m
 * into lse[i] and ln sum e^(x - m) into lse[n + i] (their sum is the row's log-sum-exp). m is NaN
 * for a row holding a NaN, 0 for a row of -inf.
 */
export function softmaxRows(
  x: TypedArray,
  n: number,
  c: number,
  out: TypedArray,
  lse: TypedArray | null,
): void {
  for (let i = 0, o = 0; i < n; i++, o += c) {
    let m = -Infinity;
    for (let j = 0; j < c; j++) {
      const v = x[o + j];
      if (v > m || v !== v) m = v;
    }
    if (m === -Infinity) m = 0;
    let s = 0;
    for (let j = 0; j < c; j++) s += out[o + j] = Math.exp(x[o + j] - m);
    for (let j = 0; j < c; j++) out[o + j] /= s;
    if (lse) {
      lse[i] = m;
      lse[n + i] = Math.log(s);
    }
  }
}

/**
 * Numerically stable softmax (or, with `log`, log-softmax) of x viewed as [outer, r, inner] along
 * its middle dim, into out: subtract the max first. `exp` is the kernel table's exp (a float32
 * output takes the backend's).
 */
export function softmax(
  x: TypedArray,
  outer: number,
  r: number,
  inner: number,
  log: boolean,
  out: TypedArray,
  exp: (x: TypedArray, out: TypedArray) => void,
): void {
  // e holds x - max, then e^(x - max); it is the output itself for softmax.
  const e = log ? new (out.constructor as new (n: number) => TypedArray)(out.length) : out;
  const maxes = new Float64Array(outer * inner);
  for (let p = 0; p < outer; p++) {
    for (let j = 0; j < inner; j++) {
      const base = p * r * inner + j;
      let m = -Infinity;
      for (let k = 0; k < r; k++) {
        const v = x[base + k * inner];
        if (v > m || v !== v) m = v;
      }
      if (m === -Infinity) m = 0;
      maxes[p * inner + j] = m;
      for (let k = 0; k < r; k++) e[base + k * inner] = x[base + k * inner] - m;
    }
  }
  exp(e, e);
  for (let p = 0; p < outer; p++) {
    for (let j = 0; j < inner; j++) {
      const base = p * r * inner + j;
      let s = 0;
      for (let k = 0; k < r; k++) s += e[base + k * inner];
      if (log) {
        const m = maxes[p * inner + j];
        const lse = Math.log(s);
        for (let k = 0; k < r; k++) out[base + k * inner] = x[base + k * inner] - m - lse;
      } else {
        for (let k = 0; k < r; k++) out[base + k * inner] /= s;
      }
    }
  }
}

/** c[i, j] += bias[j] for c [m, n], in place. */
export function addRows(c: TypedArray, bias: TypedArray, m: number, n: number): void {
  for (let i = 0; i < m; i++) {
    const off = i * n;
    for (let j = 0; j < n; j++) c[off + j] += bias[j];
  }
}

/** out[j] = sum over i of g[i, j] for g [m, n], summed in float64 (out is overwritten). */
export function columnSums(g: TypedArray, m: number, n: number, out: TypedArray): void {
  for (let j = 0; j < n; j++) {
    let s = 0;
    for (let i = 0; i < m; i++) s += g[i * n + j];
    out[j] = s;
  }
}
