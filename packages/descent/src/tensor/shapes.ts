import { NDArray } from "../backend/ndarray.js";
import type { DType } from "../util/dtype.js";
import { isFloat } from "../util/dtype.js";
import { broadcastShapes, fmtShape, normalizeDim } from "../util/shape.js";

/** Argument checks and shape helpers behind Tensor's methods; each error names the op. */

export type Nested = number | boolean | Nested[];

export function item(x: NDArray): number {
  if (x.size !== 1) {
    throw new RangeError(
      `item: a Tensor with ${x.size} elements cannot be converted to a number (shape ${fmtShape(x.shape)}); only one-element tensors can`,
    );
  }
  return x.dtype === "bool" ? x.data[0] : x.data[0];
}

export function tolist(x: NDArray): Nested {
  const conv = x.dtype === "bool" ? (v: number) => v !== 0 : (v: number) => v;
  if (x.ndim === 0) return conv(x.data[0]);
  const rec = (dim: number, off: number, stride: number): Nested[] => {
    const n = x.shape[dim];
    const inner = stride / n;
    const out: Nested[] = new Array(n);
    for (let i = 0; i < n; i++) {
      out[i] = dim === x.ndim - 1 ? conv(x.data[off + i]) : rec(dim + 1, off + i * inner, inner);
    }
    return out;
  };
  return rec(0, 0, x.size);
}

export function checkTensor<T>(o: T, op: string): T {
  const v = (o as { value?: unknown } | null)?.value;
  if (!(v instanceof NDArray)) {
    throw new TypeError(`${op}: expected a Tensor, got ${o === null ? "null" : typeof o}`);
  }
  return o;
}

export function checkClamp(min: number | null | undefined, max: number | null | undefined): void {
  if ((min === undefined || min === null) && (max === undefined || max === null)) {
    throw new TypeError("clamp: at least one of min or max must be given");
  }
}

export function checkBroadcast(a: NDArray, b: NDArray, op: string): void {
  broadcastShapes(a.shape, b.shape, op);
}

/** An in-place result must keep the target's shape: `src` has to broadcast to it, not beyond. */
export function checkInPlaceShape(target: NDArray, src: NDArray, op: string): void {
  const b = broadcastShapes(target.shape, src.shape, op);
  if (b.length !== target.ndim || b.some((d, i) => d !== target.shape[i])) {
    throw new RangeError(
      `${op}: the result of shape ${fmtShape(b)} does not fit the tensor's shape ${fmtShape(target.shape)} (in-place ops cannot grow a tensor)`,
    );
  }
}

/** Normalises a reduction's dim argument to a sorted list of distinct dims ([] means all). */
export function reduceDims(
  dim: number | number[] | null | undefined,
  ndim: number,
  op: string,
): number[] {
  if (dim === undefined || dim === null) return [];
  const list = (Array.isArray(dim) ? dim : [dim]).map((d) => normalizeDim(d, ndim, op));
  const set = [...new Set(list)].sort((a, b) => a - b);
  if (set.length !== list.length)
    throw new RangeError(`${op}: dim ${dim} appears more than once in the list of dims`);
  return set;
}

export function checkFloatReduce(dtype: DType, op: string): void {
  if (!isFloat(dtype)) {
    throw new TypeError(
      `${op}: could not infer output dtype; input dtype must be float32 or float64, got ${dtype} (use .float() first)`,
    );
  }
}

export function checkNonEmptyDim(x: NDArray, dim: number, op: string): void {
  if (x.shape[dim] === 0) {
    throw new RangeError(
      `${op}: cannot reduce over dimension ${dim} of size 0 (shape ${fmtShape(x.shape)})`,
    );
  }
}

export function checkRank(shape: readonly number[], rank: number, op: string): void {
  if (rank === -1 ? shape.length === 0 : shape.length !== rank) {
    throw new RangeError(
      `${op}: expected a ${rank === -1 ? "tensor with at least 1 dimension" : `${rank}-D tensor`}, got shape ${fmtShape(shape)}`,
    );
  }
}

export function checkRankAtMost(shape: readonly number[], rank: number, op: string): void {
  if (shape.length > rank) {
    throw new RangeError(
      `${op}: expects a tensor with <= ${rank} dimensions, got shape ${fmtShape(shape)}`,
    );
  }
}

export function checkMatmul(a: NDArray, b: NDArray): void {
  if (a.ndim === 0 || b.ndim === 0) {
    throw new RangeError(
      `matmul: both arguments need at least 1 dimension, got shapes ${fmtShape(a.shape)} and ${fmtShape(b.shape)}`,
    );
  }
  const k1 = a.shape[a.ndim - 1];
  const k2 = b.ndim === 1 ? b.shape[0] : b.shape[b.ndim - 2];
  if (k1 !== k2) {
    throw new RangeError(
      `matmul: shapes ${fmtShape(a.shape)} and ${fmtShape(b.shape)} cannot be multiplied ` +
        `(${k1} columns in the first vs ${k2} rows in the second; they must be equal)`,
    );
  }
  const ba = a.shape.slice(0, -2);
  const bb = b.shape.slice(0, -2);
  const n = Math.max(ba.length, bb.length);
  for (let i = 1; i <= n; i++) {
    const x = ba[ba.length - i] ?? 1;
    const y = bb[bb.length - i] ?? 1;
    if (x !== y && x !== 1 && y !== 1) {
      throw new RangeError(
        `matmul: batch dimensions ${fmtShape(ba)} and ${fmtShape(bb)} of shapes ${fmtShape(a.shape)} ` +
          `and ${fmtShape(b.shape)} cannot be broadcast together (${x} vs ${y}; sizes must match or be 1)`,
      );
    }
  }
}

/** Resolves one -1 in a requested shape and checks the element count. */
export function inferShape(shape: readonly number[], numel: number, op: string): number[] {
  const out = shape.slice();
  let infer = -1;
  let known = 1;
  for (let i = 0; i < out.length; i++) {
    const d = out[i];
    if (d === -1) {
      if (infer >= 0)
        throw new RangeError(
          `${op}: only one dimension can be inferred (-1), got ${fmtShape(shape)}`,
        );
      infer = i;
    } else if (!Number.isInteger(d) || d < 0) {
      throw new RangeError(`${op}: invalid size ${d} in shape ${fmtShape(shape)}`);
    } else known *= d;
  }
  if (infer >= 0) {
    if (known === 0 || numel % known !== 0) {
      throw new RangeError(
        `${op}: shape ${fmtShape(shape)} is invalid for input of size ${numel} ` +
          `(the other sizes multiply to ${known}, which must divide ${numel})`,
      );
    }
    out[infer] = numel / known;
  } else if (known !== numel) {
    throw new RangeError(
      `${op}: shape ${fmtShape(shape)} is invalid for input of size ${numel} ` +
        `(it holds ${known} elements; the sizes must multiply to ${numel}, or use -1 for one of them)`,
    );
  }
  return out;
}

export function flattenShape(shape: readonly number[], start: number, end: number): number[] {
  if (shape.length === 0) return [1];
  const s = normalizeDim(start, shape.length, "flatten");
  const e = normalizeDim(end, shape.length, "flatten");
  if (s > e) throw new RangeError(`flatten: startDim (${start}) cannot come after endDim (${end})`);
  const mid = shape.slice(s, e + 1).reduce((p, d) => p * d, 1);
  return [...shape.slice(0, s), mid, ...shape.slice(e + 1)];
}

/** The dims squeeze removes: every size-1 dim, or `dim` if its size is 1. */
export function squeezeDims(shape: readonly number[], dim?: number): number[] {
  if (dim === undefined) return [...shape.keys()].filter((i) => shape[i] === 1);
  const d = normalizeDim(dim, shape.length, "squeeze");
  return shape.length === 0 || shape[d] !== 1 ? [] : [d];
}

export function sameShape(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}

/** view's error where the strides do not allow the new shape (PyTorch's words). */
export function checkViewable(
  geometry: unknown,
  from: readonly number[],
  to: readonly number[],
): void {
  if (geometry === null) {
    throw new RangeError(
      `view: view size is not compatible with input tensor's size and stride (at least one dimension spans across two contiguous subspaces; shape ${fmtShape(from)} to ${fmtShape(to)}). Use .reshape(...) instead.`,
    );
  }
}

/** The two distinct dims of a diagonal. */
export function diagonalDims(ndim: number, dim1: number, dim2: number): [number, number] {
  const a = normalizeDim(dim1, ndim, "diagonal");
  const b = normalizeDim(dim2, ndim, "diagonal");
  if (a === b) throw new RangeError(`diagonal: dimensions cannot be identical ${dim1}, ${dim2}`);
  return [a, b];
}

export function checkPerm(perm: readonly number[], ndim: number): number[] {
  const p = perm.map((d) => normalizeDim(d, ndim, "permute"));
  if (p.length !== ndim || new Set(p).size !== ndim) {
    throw new RangeError(
      `permute: dims [${perm.join(", ")}] must be a permutation of the ${ndim} dimension(s) of the tensor`,
    );
  }
  return p;
}

export function swapPerm(ndim: number, a: number, b: number): number[] {
  const p = [...Array(ndim).keys()];
  const i = normalizeDim(a, ndim, "transpose");
  const j = normalizeDim(b, ndim, "transpose");
  [p[i], p[j]] = [p[j], p[i]];
  return p;
}

export function expandShape(shape: readonly number[], target: readonly number[]): number[] {
  if (target.length < shape.length) {
    throw new RangeError(
      `expand: the number of sizes provided (${target.length}) must be >= the number of dimensions (${shape.length})`,
    );
  }
  const off = target.length - shape.length;
  return target.map((t, i) => {
    const own = i >= off ? shape[i - off] : 1;
    if (t === -1) {
      if (i < off)
        throw new RangeError(
          `expand: -1 is not allowed in a new leading dimension (${fmtShape(target)})`,
        );
      return own;
    }
    if (own !== 1 && own !== t) {
      throw new RangeError(
        `expand: the expanded size of the tensor (${t}) must match the existing size (${own}) at dimension ${i} (shape ${fmtShape(shape)} to ${fmtShape(target)})`,
      );
    }
    return t;
  });
}

export function checkRange(
  shape: readonly number[],
  dim: number,
  start: number,
  end: number,
  op: string,
): void {
  const n = shape[dim];
  if (!Number.isInteger(start) || !Number.isInteger(end) || start < 0 || end > n || start > end) {
    throw new RangeError(
      `${op}: range [${start}, ${end}) is out of bounds for dimension ${dim} of size ${n} (shape ${fmtShape(shape)})`,
    );
  }
}

/** Python slice bounds start:end:step on a dim of size n, clipped like Python's (step > 0). */
export function sliceBounds(
  n: number,
  start: number | null | undefined,
  end: number | null | undefined,
  step = 1,
  op = "slice",
): [number, number] {
  for (const v of [start, end, step]) {
    if (v !== null && v !== undefined && !Number.isInteger(v))
      throw new TypeError(`${op}: slice bounds must be integers, got ${v}`);
  }
  if (step <= 0) throw new RangeError(`${op}: step must be greater than zero, got ${step}`);
  const norm = (i: number) => Math.min(Math.max(i < 0 ? i + n : i, 0), n);
  const s = start === null || start === undefined ? 0 : norm(start);
  const e = end === null || end === undefined ? n : norm(end);
  return [s, Math.max(s, e)];
}

export function checkIndex(i: number, n: number, op: string, dim = 0): number {
  if (!Number.isInteger(i) || i < -n || i >= n) {
    throw new RangeError(
      `${op}: index ${i} is out of bounds for dimension ${dim} with size ${n} (expected ${-n}..${n - 1})`,
    );
  }
  return i < 0 ? i + n : i;
}

export function checkIndices(
  index: { value: NDArray } | number[],
  n: number,
  op: string,
): ArrayLike<number> {
  let idx: ArrayLike<number>;
  if (Array.isArray(index)) idx = index;
  else {
    if (index.value.dtype !== "int32") {
      throw new TypeError(`${op}: index must be an int32 tensor, got ${index.value.dtype}`);
    }
    if (index.value.ndim > 1)
      throw new RangeError(`${op}: index must be 1-D, got shape ${fmtShape(index.value.shape)}`);
    idx = index.value.data;
  }
  for (let k = 0; k < idx.length; k++) {
    const v = idx[k];
    if (!Number.isInteger(v) || v < 0 || v >= n) {
      throw new RangeError(
        `${op}: index ${v} is out of range for a dimension of size ${n} (expected 0..${n - 1})`,
      );
    }
  }
  return idx;
}

/** A bool tensor (mask or condition). */
export function checkMask(mask: { dtype: string; shape: number[] }, op: string): void {
  if (mask.dtype !== "bool") throw new TypeError(`${op}: expected a bool mask, got ${mask.dtype}`);
}

/** scatter's src cut to the index's shape (src may be larger in every dim, as in PyTorch). */
export function narrowTo<T extends { shape: number[]; narrow(d: number, s: number, l: number): T }>(
  src: T,
  shape: readonly number[],
  op: string,
): T {
  if (src.shape.length !== shape.length || src.shape.some((n, k) => n < shape[k])) {
    throw new RangeError(
      `${op}: src ${fmtShape(src.shape)} must be at least as large as the index ${fmtShape(shape)} in every dimension`,
    );
  }
  return shape.reduce((t, n, k) => (t.shape[k] === n ? t : t.narrow(k, 0, n)), src);
}
