import { NDArray } from "./ndarray.js";
import type { DType, TypedArray } from "../util/dtype.js";
import { allocate, dtypeOfArray } from "../util/dtype.js";
import { fmtShape, numelOf, stridesOf } from "../util/shape.js";

/**
 * Storage shared by a tensor and its views: one typed array and a version counter that every
 * in-place write bumps (autograd compares it with the version a saved tensor had, as PyTorch's
 * `_version`).
 */
export class Storage {
  readonly dtype: DType;
  version = 0;
  constructor(readonly data: TypedArray) {
    this.dtype = dtypeOfArray(data);
  }
}

/**
 * Where a tensor's elements sit in its storage: element (i0, i1, ...) is at
 * `offset + i0 * strides[0] + i1 * strides[1] + ...` (PyTorch's `as_strided` geometry).
 */
export interface Geometry {
  readonly offset: number;
  readonly shape: readonly number[];
  readonly strides: readonly number[];
}

export function contiguousGeometry(shape: readonly number[], offset = 0): Geometry {
  return { offset, shape, strides: stridesOf(shape) };
}

/** Row-major without gaps (dims of size 1 may have any stride, as in PyTorch). */
export function isContiguous(shape: readonly number[], strides: readonly number[]): boolean {
  let expected = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    if (shape[i] === 1) continue;
    if (strides[i] !== expected) return false;
    expected *= shape[i];
  }
  return true;
}

/** Whether two elements of the geometry share a storage slot (a stride 0 over a size > 1). */
export function hasInternalOverlap(g: Geometry): boolean {
  return numelOf(g.shape) > 0 && g.shape.some((n, i) => n > 1 && g.strides[i] === 0);
}

/** Calls `f(k, pos)` for the k-th element (row-major) of `g` at storage position `pos`. */
function forEachPosition(g: Geometry, f: (k: number, pos: number) => void): void {
  const { shape, strides } = g;
  const nd = shape.length;
  const n = numelOf(shape);
  if (n === 0) return;
  if (nd === 0) return f(0, g.offset);
  const last = nd - 1;
  const inner = shape[last];
  const s = strides[last];
  const idx = new Array<number>(nd).fill(0);
  let base = g.offset;
  for (let k = 0; k < n; k += inner) {
    for (let j = 0; j < inner; j++) f(k + j, base + j * s);
    for (let d = last - 1; d >= 0; d--) {
      idx[d]++;
      base += strides[d];
      if (idx[d] < shape[d]) break;
      base -= strides[d] * shape[d];
      idx[d] = 0;
    }
  }
}

/** The elements of `g` in `data`, copied into a new contiguous array. */
export function gatherStrided(data: TypedArray, g: Geometry): TypedArray {
  const out = allocate(dtypeOfArray(data), numelOf(g.shape));
  forEachPosition(g, (k, pos) => (out[k] = data[pos]));
  return out;
}

/** Writes `src` (contiguous, g's element count) into `data` at the positions of `g`. */
export function scatterStrided(data: TypedArray, g: Geometry, src: ArrayLike<number>): void {
  forEachPosition(g, (k, pos) => (data[pos] = src[k]));
}

/** Adds `src` into `data` at the positions of `g` (repeated positions add up). */
export function scatterAddStrided(data: TypedArray, g: Geometry, src: ArrayLike<number>): void {
  forEachPosition(g, (k, pos) => (data[pos] += src[k]));
}

// ---- view geometry: each takes a geometry and returns the view's ----------------------------

export function narrowGeometry(g: Geometry, dim: number, start: number, length: number): Geometry {
  const shape = g.shape.slice();
  shape[dim] = length;
  return { offset: g.offset + start * g.strides[dim], shape, strides: g.strides };
}

/** Python's start:stop:step along `dim`, with start/stop already clipped (step > 0). */
export function sliceGeometry(
  g: Geometry,
  dim: number,
  start: number,
  stop: number,
  step: number,
): Geometry {
  const shape = g.shape.slice();
  const strides = g.strides.slice();
  shape[dim] = Math.max(0, Math.ceil((stop - start) / step));
  strides[dim] = g.strides[dim] * step;
  return { offset: g.offset + start * g.strides[dim], shape, strides };
}

export function selectGeometry(g: Geometry, dim: number, index: number): Geometry {
  return {
    offset: g.offset + index * g.strides[dim],
    shape: g.shape.filter((_, i) => i !== dim),
    strides: g.strides.filter((_, i) => i !== dim),
  };
}

export function permuteGeometry(g: Geometry, perm: readonly number[]): Geometry {
  return {
    offset: g.offset,
    shape: perm.map((p) => g.shape[p]),
    strides: perm.map((p) => g.strides[p]),
  };
}

/** Broadcast to `shape` (checked by the caller): new and expanded dims get stride 0. */
export function expandGeometry(g: Geometry, shape: readonly number[]): Geometry {
  const off = shape.length - g.shape.length;
  const strides = shape.map((n, i) =>
    i < off || (g.shape[i - off] === 1 && n !== 1) ? 0 : g.strides[i - off],
  );
  return { offset: g.offset, shape: shape.slice(), strides };
}

export function unsqueezeGeometry(g: Geometry, dim: number): Geometry {
  const shape = g.shape.slice();
  const strides = g.strides.slice();
  const s = dim < g.shape.length ? g.shape[dim] * g.strides[dim] : 1;
  shape.splice(dim, 0, 1);
  strides.splice(dim, 0, s);
  return { offset: g.offset, shape, strides };
}

/** Drops the given dims (each of size 1). */
export function squeezeGeometry(g: Geometry, dims: readonly number[]): Geometry {
  return {
    offset: g.offset,
    shape: g.shape.filter((_, i) => !dims.includes(i)),
    strides: g.strides.filter((_, i) => !dims.includes(i)),
  };
}

/** torch.diagonal: the diagonal of dims d1, d2 (removed) as a new last dim. */
export function diagonalGeometry(g: Geometry, offset: number, d1: number, d2: number): Geometry {
  const n1 = g.shape[d1];
  const n2 = g.shape[d2];
  const len = Math.max(0, offset >= 0 ? Math.min(n1, n2 - offset) : Math.min(n1 + offset, n2));
  const start = len === 0 ? 0 : offset >= 0 ? offset * g.strides[d2] : -offset * g.strides[d1];
  const keep = (_: number, i: number) => i !== d1 && i !== d2;
  return {
    offset: g.offset + start,
    shape: [...g.shape.filter(keep), len],
    strides: [...g.strides.filter(keep), g.strides[d1] + g.strides[d2]],
  };
}

/**
 * The geometry of `g` seen with another shape of the same size without copying, or null when the
 * strides do not allow it (PyTorch's `computeStride`: each run of merged dims must be contiguous).
 */
export function viewGeometry(g: Geometry, shape: readonly number[]): Geometry | null {
  const old = g.shape;
  if (numelOf(old) === 0 || old.length === 0 || isContiguous(old, g.strides)) {
    return contiguousGeometry(shape, g.offset);
  }
  const strides = new Array<number>(shape.length);
  let viewD = shape.length - 1;
  let chunkBase = g.strides[old.length - 1];
  let tensorNumel = 1;
  let viewNumel = 1;
  for (let d = old.length - 1; d >= 0; d--) {
    tensorNumel *= old[d];
    if (d === 0 || (old[d - 1] !== 1 && g.strides[d - 1] !== tensorNumel * chunkBase)) {
      // a contiguous chunk of the old dims ends at d: the view's dims that cover it
      while (viewD >= 0 && (viewNumel < tensorNumel || shape[viewD] === 1)) {
        strides[viewD] = viewNumel * chunkBase;
        viewNumel *= shape[viewD];
        viewD--;
      }
      if (viewNumel !== tensorNumel) return null;
      if (d > 0) {
        chunkBase = g.strides[d - 1];
        tensorNumel = 1;
        viewNumel = 1;
      }
    }
  }
  return viewD === -1 ? { offset: g.offset, shape: shape.slice(), strides } : null;
}

export function describeGeometry(g: Geometry): string {
  return `shape ${fmtShape(g.shape)}, strides ${fmtShape(g.strides)}, offset ${g.offset}`;
}

/**
 * The gradient of a view: `g` (of the view's shape) added into zeros of `shape` at the view's
 * positions `rel`, given relative to a contiguous tensor of `shape` (positions that several
 * elements share, as expand's, add up). A view that is the whole tensor reshaped costs nothing.
 */
export function viewBackward(g: NDArray, shape: readonly number[], rel: Geometry): NDArray {
  if (rel.offset === 0 && numelOf(shape) === g.size && isContiguous(rel.shape, rel.strides)) {
    return g.reshaped(shape);
  }
  const out = NDArray.empty(g.dtype, shape);
  scatterAddStrided(out.data, rel, g.data);
  return out;
}

/** The elements of `x` (contiguous, logical layout) at `rel`, as a new contiguous array. */
export function gatherView(x: NDArray, rel: Geometry): NDArray {
  return new NDArray(gatherStrided(x.data, rel), rel.shape);
}
