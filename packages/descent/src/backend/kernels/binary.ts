import type { DType, TypedArray } from "../../util/dtype.js";
import { allocate } from "../../util/dtype.js";
import { broadcastShapes, numelOf, shapesEqual } from "../../util/shape.js";
import { NDArray } from "../ndarray.js";
import { forEachBroadcastRow, sumToShapeInto } from "./broadcast.js";

/** One row of a binary op: o[oi + i] = f(a[ai + i*as], b[bi + i*bs]) for i < n. */
type Row = (
  a: TypedArray,
  ai: number,
  as: number,
  b: TypedArray,
  bi: number,
  bs: number,
  o: TypedArray,
  oi: number,
  n: number,
) => void;

// Each op is its own small loop so that V8 keeps every call site monomorphic.
export const ADD: Row = (a, ai, as, b, bi, bs, o, oi, n) => {
  for (let i = 0; i < n; i++, ai += as, bi += bs) o[oi + i] = a[ai] + b[bi];
};
export const SUB: Row = (a, ai, as, b, bi, bs, o, oi, n) => {
  for (let i = 0; i < n; i++, ai += as, bi += bs) o[oi + i] = a[ai] - b[bi];
};
export const MUL: Row = (a, ai, as, b, bi, bs, o, oi, n) => {
  for (let i = 0; i < n; i++, ai += as, bi += bs) o[oi + i] = a[ai] * b[bi];
};
export const DIV: Row = (a, ai, as, b, bi, bs, o, oi, n) => {
  for (let i = 0; i < n; i++, ai += as, bi += bs) o[oi + i] = a[ai] / b[bi];
};
export const POW: Row = (a, ai, as, b, bi, bs, o, oi, n) => {
  for (let i = 0; i < n; i++, ai += as, bi += bs) o[oi + i] = Math.pow(a[ai], b[bi]);
};
/** d(a^b)/da = b * a^(b-1), and 0 where b == 0 (PyTorch's convention, so 0^0 has no NaN). */
export const POW_DBASE: Row = (a, ai, as, b, bi, bs, o, oi, n) => {
  for (let i = 0; i < n; i++, ai += as, bi += bs) {
    const e = b[bi];
    o[oi + i] = e === 0 ? 0 : e * Math.pow(a[ai], e - 1);
  }
};
/** d(a^b)/db = a^b * ln a, and 0 where a == 0 and b >= 0 (PyTorch's convention). */
export const POW_DEXP: Row = (a, ai, as, b, bi, bs, o, oi, n) => {
  for (let i = 0; i < n; i++, ai += as, bi += bs) {
    const x = a[ai];
    const e = b[bi];
    o[oi + i] = x === 0 && e >= 0 ? 0 : Math.pow(x, e) * Math.log(x);
  }
};
export const MAXIMUM: Row = (a, ai, as, b, bi, bs, o, oi, n) => {
  for (let i = 0; i < n; i++, ai += as, bi += bs) {
    const x = a[ai];
    const y = b[bi];
    o[oi + i] = x !== x || x > y ? x : y;
  }
};
export const MINIMUM: Row = (a, ai, as, b, bi, bs, o, oi, n) => {
  for (let i = 0; i < n; i++, ai += as, bi += bs) {
    const x = a[ai];
    const y = b[bi];
    o[oi + i] = x !== x || x < y ? x : y;
  }
};
export const EQ: Row = (a, ai, as, b, bi, bs, o, oi, n) => {
  for (let i = 0; i < n; i++, ai += as, bi += bs) o[oi + i] = a[ai] === b[bi] ? 1 : 0;
};
export const NE: Row = (a, ai, as, b, bi, bs, o, oi, n) => {
  for (let i = 0; i < n; i++, ai += as, bi += bs) o[oi + i] = a[ai] !== b[bi] ? 1 : 0;
};
export const GT: Row = (a, ai, as, b, bi, bs, o, oi, n) => {
  for (let i = 0; i < n; i++, ai += as, bi += bs) o[oi + i] = a[ai] > b[bi] ? 1 : 0;
};
export const GE: Row = (a, ai, as, b, bi, bs, o, oi, n) => {
  for (let i = 0; i < n; i++, ai += as, bi += bs) o[oi + i] = a[ai] >= b[bi] ? 1 : 0;
};
export const LT: Row = (a, ai, as, b, bi, bs, o, oi, n) => {
  for (let i = 0; i < n; i++, ai += as, bi += bs) o[oi + i] = a[ai] < b[bi] ? 1 : 0;
};
export const LE: Row = (a, ai, as, b, bi, bs, o, oi, n) => {
  for (let i = 0; i < n; i++, ai += as, bi += bs) o[oi + i] = a[ai] <= b[bi] ? 1 : 0;
};

// Logical ops: any non-zero value (NaN included) is true, as in PyTorch.
export const AND: Row = (a, ai, as, b, bi, bs, o, oi, n) => {
  for (let i = 0; i < n; i++, ai += as, bi += bs) o[oi + i] = a[ai] !== 0 && b[bi] !== 0 ? 1 : 0;
};
export const OR: Row = (a, ai, as, b, bi, bs, o, oi, n) => {
  for (let i = 0; i < n; i++, ai += as, bi += bs) o[oi + i] = a[ai] !== 0 || b[bi] !== 0 ? 1 : 0;
};
export const XOR: Row = (a, ai, as, b, bi, bs, o, oi, n) => {
  for (let i = 0; i < n; i++, ai += as, bi += bs)
    o[oi + i] = (a[ai] !== 0) !== (b[bi] !== 0) ? 1 : 0;
};

/** out = f(a, b) with broadcasting, in `dtype`. Shapes must already be validated by the caller. */
export function binary(a: NDArray, b: NDArray, f: Row, dtype: DType, op: string): NDArray {
  const shape = shapesEqual(a.shape, b.shape) ? a.shape : broadcastShapes(a.shape, b.shape, op);
  const o = allocate(dtype, numelOf(shape));
  const ad = a.data;
  const bd = b.data;
  if (a.size === o.length && b.size === o.length) f(ad, 0, 1, bd, 0, 1, o, 0, o.length);
  else
    forEachBroadcastRow(shape, a.shape, b.shape, (ai, as, bi, bs, oi, n) =>
      f(ad, ai, as, bd, bi, bs, o, oi, n),
    );
  return new NDArray(o, shape.slice());
}

/** The gradient of a broadcast input: `g` summed back down to `shape`. */
export function sumToShape(g: NDArray, shape: readonly number[]): NDArray {
  if (shapesEqual(g.shape, shape)) return g;
  const out = NDArray.empty(g.dtype, shape);
  sumToShapeInto(g.data, g.shape, shape, out.data);
  return out;
}

/** where(cond, a, b) with three-way broadcasting. */
export function where(cond: NDArray, a: NDArray, b: NDArray, dtype: DType, op: string): NDArray {
  const shape = broadcastShapes(broadcastShapes(cond.shape, a.shape, op), b.shape, op);
  const ce = expandTo(cond, shape, op);
  const ae = expandTo(a, shape, op);
  const be = expandTo(b, shape, op);
  const o = allocate(dtype, numelOf(shape));
  for (let i = 0; i < o.length; i++) o[i] = ce.data[i] ? ae.data[i] : be.data[i];
  return new NDArray(o, shape);
}

/** Materialises `x` broadcast to `shape`. */
export function expandTo(x: NDArray, shape: readonly number[], op: string): NDArray {
  if (shapesEqual(x.shape, shape)) return x;
  broadcastShapes(x.shape, shape, op);
  const o = allocate(x.dtype, numelOf(shape));
  const xd = x.data;
  forEachBroadcastRow(shape, x.shape, shape, (xi, xs, _b, _bs, oi, n) => {
    for (let i = 0; i < n; i++, xi += xs) o[oi + i] = xd[xi];
  });
  return new NDArray(o, shape.slice());
}
