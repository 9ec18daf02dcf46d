import { fmtShape, normalizeDim } from "../util/shape.js";
import type { Tensor } from "./tensor.js";

/**
 * Shape functions built from the movement primitives (narrow, reshape, permute, expand,
 * indexSelect, cat) and their argument checks. Tensor is imported as a type only: these call
 * its methods, and the Tensor method that calls one records it as PyTorch's node.
 */

/** Sizes of torch.split: equal pieces of `size` (the last may be smaller), or the given sizes. */
export function splitSizes(
  n: number,
  sizes: number | readonly number[],
  dim: number,
  op: string,
): number[] {
  if (typeof sizes === "number") {
    if (!Number.isInteger(sizes) || sizes <= 0)
      throw new RangeError(`${op}: split size must be a positive integer, got ${sizes}`);
    const out: number[] = [];
    for (let s = 0; s < n; s += sizes) out.push(Math.min(sizes, n - s));
    return out.length === 0 ? [0] : out;
  }
  const total = sizes.reduce((a, b) => a + b, 0);
  if (sizes.some((s) => !Number.isInteger(s) || s < 0) || total !== n)
    throw new RangeError(
      `${op}: split sizes [${sizes.join(", ")}] must be non-negative integers summing to ${n}, the size of dim ${dim} (they sum to ${total})`,
    );
  return [...sizes];
}

/** Sizes of torch.chunk: ceil(n / chunks) each, the last smaller; fewer chunks when n is small. */
export function chunkSizes(n: number, chunks: number, dim: number): number[] {
  if (!Number.isInteger(chunks) || chunks <= 0)
    throw new RangeError(`chunk: chunks must be a positive integer, got ${chunks}`);
  return splitSizes(n, Math.max(1, Math.ceil(n / chunks)), dim, "chunk");
}

/** torch.movedim's permutation: source dims moved to destination, the others in order. */
export function movedimPerm(
  ndim: number,
  source: number | number[],
  destination: number | number[],
): number[] {
  const src = (Array.isArray(source) ? source : [source]).map((d) =>
    normalizeDim(d, ndim, "movedim"),
  );
  const dst = (Array.isArray(destination) ? destination : [destination]).map((d) =>
    normalizeDim(d, ndim, "movedim"),
  );
  if (src.length !== dst.length)
    throw new RangeError(
      `movedim: source [${src.join(", ")}] and destination [${dst.join(", ")}] must have the same number of dims`,
    );
  if (new Set(src).size !== src.length || new Set(dst).size !== dst.length)
    throw new RangeError(
      `movedim: repeated dim in source [${src.join(", ")}] or destination [${dst.join(", ")}]`,
    );
  const perm = new Array<number>(ndim).fill(-1);
  src.forEach((s, i) => (perm[dst[i]] = s));
  const rest = [...Array(ndim).keys()].filter((d) => !src.includes(d));
  for (let i = 0, k = 0; i < ndim; i++) if (perm[i] === -1) perm[i] = rest[k++];
  return perm;
}

/** torch.unflatten's shape: dim `dim` split into `sizes` (one of them may be -1). */
export function unflattenShape(
  shape: readonly number[],
  dim: number,
  sizes: readonly number[],
): number[] {
  const d = normalizeDim(dim, shape.length, "unflatten");
  const known = sizes.filter((s) => s !== -1).reduce((a, b) => a * b, 1);
  const free = sizes.filter((s) => s === -1).length;
  const filled = sizes.map((s) => (s === -1 ? shape[d] / known : s));
  if (
    free > 1 ||
    filled.some((s) => !Number.isInteger(s) || s < 0) ||
    filled.reduce((a, b) => a * b, 1) !== shape[d]
  )
    throw new RangeError(
      `unflatten: sizes [${sizes.join(", ")}] do not multiply to ${shape[d]}, the size of dim ${d} of shape ${fmtShape(shape)}`,
    );
  return [...shape.slice(0, d), ...filled, ...shape.slice(d + 1)];
}

/** Checks repeat's counts: at least as many as x has dims, non-negative integers. */
function checkRepeats(x: Tensor, reps: readonly number[], op: string): void {
  if (reps.some((r) => !Number.isInteger(r) || r < 0))
    throw new RangeError(`${op}: repeats must be non-negative integers, got [${reps.join(", ")}]`);
  if (reps.length < x.ndim)
    throw new RangeError(
      `${op}: number of repeats (${reps.length}) can not be smaller than the number of dimensions of the tensor (${x.ndim}, shape ${fmtShape(x.shape)})`,
    );
}

/** x repeated reps[i] times along each dim (x's shape padded with leading 1s): expand, then reshape. */
export function repeat(x: Tensor, reps: readonly number[], op = "repeat"): Tensor {
  checkRepeats(x, reps, op);
  const shape = [...Array(reps.length - x.ndim).fill(1), ...x.shape];
  const inter = shape.flatMap((s) => [1, s]);
  const big = shape.flatMap((s, i) => [reps[i], s]);
  return x
    .reshape(inter)
    .expand(big)
    .reshape(shape.map((s, i) => s * reps[i]));
}

/** torch.tile: repeat with fewer counts than dims allowed (padded with leading 1s). */
export const tile = (x: Tensor, reps: readonly number[]): Tensor =>
  repeat(x, [...Array(Math.max(0, x.ndim - reps.length)).fill(1), ...reps], "tile");

/** The dims of flip / roll as a normalised list, without repeats. */
function dimList(x: Tensor, dims: number | readonly number[], op: string): number[] {
  const ds = (typeof dims === "number" ? [dims] : dims).map((d) => normalizeDim(d, x.ndim, op));
  if (new Set(ds).size !== ds.length)
    throw new RangeError(`${op}: dim appears more than once in [${ds.join(", ")}]`);
  return ds;
}

/** x with the order of its entries reversed along each of `dims`. */
export function flip(x: Tensor, dims: number | readonly number[]): Tensor {
  let r = x;
  for (const d of dimList(x, dims, "flip")) {
    const n = x.shape[d];
    r = r.indexSelect(
      d,
      Array.from({ length: n }, (_, i) => n - 1 - i),
    );
  }
  return r;
}

/**
 * x shifted by `shifts` along `dims` (entries that leave one end come in at the other); without
 * dims, the flattened tensor is rolled and the shape restored.
 */
export function roll(
  x: Tensor,
  shifts: number | readonly number[],
  dims: number | readonly number[] | undefined,
  cat: (ts: Tensor[], dim: number) => Tensor,
): Tensor {
  const sh = typeof shifts === "number" ? [shifts] : [...shifts];
  if (sh.some((s) => !Number.isInteger(s)))
    throw new TypeError(`roll: shifts must be integers, got [${sh.join(", ")}]`);
  if (dims === undefined) {
    if (sh.length !== 1)
      throw new RangeError(`roll: without dims, give one shift (got ${sh.length})`);
    return roll(x.flatten(), sh, [0], cat).reshape(x.shape);
  }
  const ds = dimList(x, dims, "roll");
  if (ds.length !== sh.length)
    throw new RangeError(
      `roll: shifts [${sh.join(", ")}] and dims [${ds.join(", ")}] must have the same length`,
    );
  let r = x;
  ds.forEach((d, i) => {
    const n = x.shape[d];
    const s = n === 0 ? 0 : ((sh[i] % n) + n) % n;
    if (s !== 0) r = cat([r.narrow(d, n - s, s), r.narrow(d, 0, n - s)], d);
  });
  return r;
}

/** torch.meshgrid's shape check: 1-D (or 0-d) tensors only. */
export function checkMeshgrid(ts: readonly Tensor[], indexing: string): void {
  if (ts.length === 0) throw new RangeError("meshgrid: expects a non-empty list of tensors");
  if (indexing !== "ij" && indexing !== "xy")
    throw new RangeError(
      `meshgrid: indexing must be 'ij' or 'xy', got ${JSON.stringify(indexing)}`,
    );
  ts.forEach((t, i) => {
    if (t.ndim > 1)
      throw new RangeError(
        `meshgrid: expects 0-D or 1-D tensors, got shape ${fmtShape(t.shape)} at position ${i}`,
      );
  });
}
