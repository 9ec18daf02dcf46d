import { NDArray } from "../backend/ndarray.js";
import { expandTo } from "../backend/kernels/binary.js";
import { gridPositions } from "../autograd/ops/indexing.js";
import { broadcastShapes, fmtShape, normalizeDim, numelOf, stridesOf } from "../util/shape.js";
import { checkIndex, sliceBounds } from "./shapes.js";
import type { DType } from "../util/dtype.js";

/**
 * PyTorch's indexing for `get` / `set`: basic indices (numbers, slices, null, "...") become
 * views; advanced ones (int32 tensors or number arrays, bool masks) become flat positions for
 * the take / put primitives, with NumPy's placement of the broadcast index dims.
 */

type NestedNumbers = number | boolean | NestedNumbers[];

/** What indexing needs of a tensor (Tensor has it; an interface keeps the import one-way). */
export interface Indexable<T extends Indexable<T>> {
  readonly shape: number[];
  readonly ndim: number;
  readonly dtype: DType;
  readonly value: NDArray;
  unsqueeze(dim: number): T;
  select(dim: number, index: number): T;
  slice(start: number, end: number, dim: number, step: number): T;
  expand(shape: number[]): T;
  fill_(value: number): T;
  copy_(src: T): T;
  takePositions(p: Int32Array, shape: number[]): T;
  putPositions_(p: Int32Array, shape: number[], v: T | number, acc: boolean, op: string): T;
}

/** One index of `t.get(...)`: see Tensor.get. */
export type Index<T> = number | string | null | T | NestedNumbers[];

/** An advanced index on dim `dim` of the basic view (`orig`: the dim of the indexed tensor). */
interface Advanced {
  dim: number;
  orig: number;
  idx: NDArray;
}

const isTensor = <T>(i: Index<T>): i is T =>
  typeof i === "object" && i !== null && !Array.isArray(i);

/** A nested array of numbers or booleans as an int32 or bool array. */
function fromNested(a: NestedNumbers[], op: string): NDArray {
  const shape: number[] = [];
  for (let x: NestedNumbers = a; Array.isArray(x); x = x[0]) {
    shape.push(x.length);
    if (x.length === 0) break;
  }
  const flat = (a as unknown[]).flat(Infinity) as (number | boolean)[];
  const bool = flat.length > 0 && typeof flat[0] === "boolean";
  if (flat.length !== numelOf(shape))
    throw new RangeError(`${op}: index arrays must be rectangular, got ${JSON.stringify(a)}`);
  const data = bool ? new Uint8Array(flat.length) : new Int32Array(flat.length);
  flat.forEach((v, i) => {
    if (typeof v !== (bool ? "boolean" : "number") || (!bool && !Number.isInteger(v)))
      throw new TypeError(
        `${op}: index arrays hold integers or booleans, got ${JSON.stringify(v)}`,
      );
    data[i] = Number(v);
  });
  return new NDArray(data, shape);
}

function asIndexArray<T extends Indexable<T>>(i: T | NestedNumbers[], op: string): NDArray {
  if (Array.isArray(i)) return fromNested(i, op);
  if (i.dtype !== "int32" && i.dtype !== "bool")
    throw new TypeError(`${op}: tensors used as indices must be int32 or bool, got ${i.dtype}`);
  return i.value;
}

/** Python's "start:stop:step" with any part left out. */
function parseSlice(s: string, op: string): [number | null, number | null, number] {
  const parts = s.split(":");
  const num = (p: string | undefined) => (p === undefined || p.trim() === "" ? null : Number(p));
  const [a, b, c] = [num(parts[0]), num(parts[1]), num(parts[2])];
  if (parts.length < 2 || parts.length > 3 || [a, b, c].some((v) => Number.isNaN(v))) {
    throw new TypeError(
      `${op}: cannot read the index ${JSON.stringify(s)}; slices are written "start:stop:step" (e.g. ":", "1:3", "::2", "-1:"), and "..." stands for the remaining dims`,
    );
  }
  return [a, b, c ?? 1];
}

/** Applies the basic indices as views and collects the advanced ones. */
function basic<T extends Indexable<T>>(
  x: T,
  index: readonly Index<T>[],
  op: string,
): [T, Advanced[]] {
  const items = index.map((i) => (isTensor(i) || Array.isArray(i) ? asIndexArray(i, op) : i));
  const used = (i: (typeof items)[number]) =>
    i === null || i === "..." ? 0 : i instanceof NDArray && i.dtype === "bool" ? i.ndim : 1;
  const consumed = items.reduce((n: number, i) => n + used(i), 0);
  if (items.filter((i) => i === "...").length > 1)
    throw new RangeError(`${op}: an index can only have a single ellipsis ("...")`);
  if (consumed > x.ndim)
    throw new RangeError(`${op}: too many indices for tensor of dimension ${x.ndim}`);
  let cur = x;
  let d = 0;
  let orig = 0;
  const adv: Advanced[] = [];
  for (const i of items) {
    if (i === null) cur = cur.unsqueeze(d++);
    else if (i === "...") {
      d += x.ndim - consumed;
      orig += x.ndim - consumed;
    } else if (typeof i === "number") {
      const j = checkIndex(i, cur.shape[d], op, orig++);
      cur = cur.select(d, j);
    } else if (typeof i === "string") {
      const [a, b, step] = parseSlice(i, op);
      const [s, e] = sliceBounds(cur.shape[d], a, b, step, op);
      cur = cur.slice(s, e, d++, step);
      orig++;
    } else if (i instanceof NDArray && i.dtype === "bool") {
      for (const idx of maskIndices(i, cur.shape, d, orig, op))
        adv.push({ dim: d++, orig: orig++, idx });
    } else if (i instanceof NDArray) adv.push({ dim: d++, orig: orig++, idx: i });
    else throw new TypeError(`${op}: cannot index with ${typeof i} ${String(i)}`);
  }
  return [cur, adv];
}

/** A bool mask over dims d.. as one int index per dim (its true elements' coordinates). */
function maskIndices(
  mask: NDArray,
  shape: readonly number[],
  d: number,
  orig: number,
  op: string,
): NDArray[] {
  mask.shape.forEach((n, k) => {
    if (n !== shape[d + k]) {
      throw new RangeError(
        `${op}: the shape of the mask ${fmtShape(mask.shape)} at index ${k} does not match the shape of the indexed tensor ${fmtShape(shape)} at index ${orig + k}`,
      );
    }
  });
  const strides = stridesOf(mask.shape);
  const hits: number[] = [];
  mask.data.forEach((v, i) => v && hits.push(i));
  return mask.shape.map((n, k) => {
    const a = new Int32Array(hits.length);
    hits.forEach((flat, j) => (a[j] = Math.floor(flat / strides[k]) % n));
    return new NDArray(a, [hits.length]);
  });
}

/**
 * Flat positions in a contiguous tensor of shape `shape` of `t[advanced]` and that result's
 * shape: the broadcast index dims replace the indexed dims where those are adjacent, else they
 * come first (NumPy's rule).
 */
function positions(shape: readonly number[], adv: Advanced[], op: string): [Int32Array, number[]] {
  const B = adv.reduce((b: number[], a) => broadcastShapes(b, a.idx.shape, op), []);
  const idx = adv.map((a) => {
    const e = expandTo(a.idx, B, op).data;
    const n = shape[a.dim];
    return Int32Array.from(e, (v) => checkIndex(v, n, op, a.orig));
  });
  const dims = adv.map((a) => a.dim);
  const adjacent = dims.every((v, k) => k === 0 || v === dims[k - 1] + 1);
  const rest = [...shape.keys()].filter((k) => !dims.includes(k));
  const at = adjacent ? rest.filter((k) => k < dims[0]).length : 0;
  const restShape = rest.map((k) => shape[k]);
  const R = [...restShape.slice(0, at), ...B, ...restShape.slice(at)];
  const st = stridesOf(shape);
  const nb = numelOf(B);
  const out = new Int32Array(numelOf(R));
  const coord = new Array<number>(R.length).fill(0);
  for (let i = 0; i < out.length; i++) {
    // the flat index into B of this element's index dims, and the other dims' offset
    let b = 0;
    for (let k = 0; k < B.length; k++) b = b * B[k] + coord[at + k];
    let p = 0;
    for (let k = 0; k < rest.length; k++) p += coord[k < at ? k : k + B.length] * st[rest[k]];
    for (let k = 0; k < idx.length; k++) p += idx[k][nb === 0 ? 0 : b] * st[dims[k]];
    out[i] = p;
    for (let k = R.length - 1; k >= 0; k--) {
      if (++coord[k] < R[k]) break;
      coord[k] = 0;
    }
  }
  return [out, R];
}

/** `x[...index]`: a view for basic indices, a copy (take) with advanced ones. */
export function get<T extends Indexable<T>>(x: T, index: readonly Index<T>[]): T {
  const [cur, adv] = basic(x, index, "get");
  if (adv.length === 0) return cur === x ? x.expand(x.shape) : cur;
  const [p, shape] = positions(cur.shape, adv, "get");
  return cur.takePositions(p, shape);
}

/** `x[...index] = value`: through the view for basic indices, index_put for advanced ones. */
export function set<T extends Indexable<T>>(
  x: T,
  index: readonly Index<T>[],
  value: T | number,
): void {
  const [cur, adv] = basic(x, index, "set");
  if (adv.length === 0) {
    if (typeof value === "number") cur.fill_(value);
    else cur.copy_(value);
    return;
  }
  const [p, shape] = positions(cur.shape, adv, "set");
  cur.putPositions_(p, shape, value, false, "set");
}

/** index_put_'s positions: one index (or null for all) per leading dim. */
export function indexPutPositions<T extends Indexable<T>>(
  x: T,
  indices: readonly (T | NestedNumbers[] | null)[],
): [Int32Array, number[]] {
  const op = "indexPut_";
  if (indices.length > x.ndim)
    throw new RangeError(`${op}: too many indices for tensor of dimension ${x.ndim}`);
  const adv: Advanced[] = [];
  indices.forEach((i, d) => {
    if (i === null) return;
    const idx = asIndexArray(i, op);
    if (idx.dtype === "bool") throw new TypeError(`${op}: use set(mask, value) for bool masks`);
    adv.push({ dim: d, orig: d, idx });
  });
  if (adv.length === 0) throw new RangeError(`${op}: expected at least one index tensor`);
  return positions(x.shape, adv, op);
}

/** An int32 index tensor's values, checked against `n` (no negative ones, as in PyTorch). */
function indexValues<T extends Indexable<T>>(
  index: T | number[],
  n: number,
  dim: number,
  op: string,
): Int32Array {
  const a = asIndexArray(index, op);
  if (a.dtype !== "int32") throw new TypeError(`${op}: index must be int32, got ${a.dtype}`);
  return Int32Array.from(a.data, (v) => {
    if (v < 0 || v >= n) {
      throw new RangeError(
        `${op}: index ${v} is out of bounds for dimension ${dim} with size ${n} (expected 0..${n - 1})`,
      );
    }
    return v;
  });
}

/** gather / scatter's positions: index's grid in x, with the coordinate along dim from index. */
export function alongPositions<T extends Indexable<T>>(
  x: T,
  dim: number,
  index: T,
  op: string,
): Int32Array {
  const d = normalizeDim(dim, x.ndim, op);
  if (index.ndim !== x.ndim) {
    throw new RangeError(
      `${op}: index ${fmtShape(index.shape)} should have the same number of dimensions as the input ${fmtShape(x.shape)}`,
    );
  }
  index.shape.forEach((n, k) => {
    if (k !== d && n > x.shape[k]) {
      throw new RangeError(
        `${op}: size of index ${fmtShape(index.shape)} does not fit the input ${fmtShape(x.shape)} at dimension ${k} (expected index.size(${k}) <= ${x.shape[k]} for dimensions other than ${d})`,
      );
    }
  });
  const v = indexValues(index, x.shape[d], d, op);
  return gridPositions(x.shape, index.shape, d, (i) => v[i]);
}

/** index_add_'s positions: source's grid, with the coordinate along dim mapped through index. */
export function indexAddPositions<T extends Indexable<T>>(
  x: T,
  dim: number,
  index: T | number[],
  source: T,
): [Int32Array, number[]] {
  const op = "indexAdd_";
  const d = normalizeDim(dim, x.ndim, op);
  const v = indexValues(index, x.shape[d], d, op);
  const grid = x.shape;
  grid[d] = v.length;
  if (source.shape.length !== grid.length || source.shape.some((n, k) => n !== grid[k])) {
    throw new RangeError(
      `${op}: source ${fmtShape(source.shape)} must have the input's shape with ${v.length} (the index's length) along dim ${d}: ${fmtShape(grid)}`,
    );
  }
  return [gridPositions(x.shape, grid, d, (_, c) => v[c]), grid];
}
