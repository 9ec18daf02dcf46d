import { NDArray } from "../backend/ndarray.js";
import { cast, copy } from "../backend/kernels/cast.js";
import { binary, ADD } from "../backend/kernels/binary.js";
import { type DType, type TypedArray, allocate, recyclable, recycle } from "../util/dtype.js";
import type { GradTarget, Node } from "./node.js";

/**
 * The buffer policy: the one place that decides whether an array may be written over or handed
 * back to `allocate` for reuse.
 *
 * Rule: an array is written over or reused only while the engine alone holds it, which it knows
 * of two kinds of array: a gradient that a built-in backward computed in this pass for one input
 * (not the incoming gradient or any view of its bytes, unless the engine alone held that; not the
 * data of the node's inputs or output; not another of the gradients it returned), and a sum or
 * cast the engine made. Such an array stops being the engine's when it becomes a `.grad` or a
 * retained gradient, or when user code sees it (a custom `autograd.Function`, whose node is
 * `external`: its incoming gradient is never reused, its returned ones are never taken as the
 * engine's). Everything else (tensors the user holds, saved tensors, views and their storage,
 * `.grad`, the gradient given to `backward()`, anything a retained graph keeps) is only read.
 * Ops never free an array nor write into one they did not allocate in the same call: a backward
 * that would write its result over its incoming gradient asks `gradOut(g, reuse)`, which gives g
 * only when the engine says so; only `release` (called by the engine) hands arrays to the
 * free-list (`recycle` in util/dtype.ts, which keeps them by length).
 */

declare const reuseBrand: unique symbol;
/**
 * Whether a backward may write over its incoming gradient: an opaque token (the engine passes one
 * of two) that ops can only hand to `gradOut`, so that none decides by itself.
 */
export type Reuse = { readonly [reuseBrand]: true };
const YES = Object.freeze({}) as Reuse;
const NO = Object.freeze({}) as Reuse;

/** The array a backward writes its result into: g itself when the engine allows, else a new one. */
export function gradOut(g: NDArray, reuse: Reuse | undefined): NDArray {
  return reuse === YES ? g : new NDArray(allocate(g.dtype, g.size), g.shape);
}

/** A gradient in its tensor's dtype (float32 x used in a float64 op still gets a float32 grad). */
export function inDType(g: NDArray, dtype: DType): NDArray {
  return g.dtype === dtype ? g : cast(g, dtype);
}

/**
 * Adds `g` into `t.gradValue` (a leaf's `.grad` or a retained gradient), always into a new array
 * (a `.grad` the user holds keeps its values). The first gradient is copied unless `owned`
 * (the engine's alone, see `owns`): backward closures may hand the same array to several inputs
 * (add gives g to both), or pass the caller's gradient through, and `.grad` must not share
 * storage with either. An owned array is taken as it is (as PyTorch's AccumulateGrad steals a
 * gradient nobody else holds): a copy of a large weight's gradient on every step costs more than
 * the step. From then on the array is the user's.
 */
export function storeGrad(t: GradTarget, g: NDArray, owned: boolean): void {
  const gt = inDType(g, t.dtype);
  if (t.gradValue !== null) t.gradValue = binary(t.gradValue, gt, ADD, gt.dtype, "backward");
  else t.gradValue = gt === g && !owned ? copy(g) : gt;
}

/**
 * Whether the gradient `grads[i]` that `node` returned is the engine's alone: not from an
 * external node, not another of the returned gradients, not the data of the node's inputs or
 * output, and not the incoming gradient `g` or a view of its bytes unless the engine alone held
 * that (`gOwned`).
 */
export function owns(
  grads: (NDArray | null)[],
  i: number,
  g: NDArray,
  gOwned: boolean,
  node: Node,
): boolean {
  if (node.external) return false;
  const d = grads[i]!.data;
  if (!gOwned && (d === g.data || (d.length <= g.data.length && aliases(d, g.data)))) return false;
  if (node.output?.holdsData(d)) return false;
  for (let j = 0; j < grads.length; j++) if (j !== i && grads[j]?.data === d) return false;
  for (const input of node.inputs) if (input.holdsData(d)) return false;
  return true;
}

/** The token a node's backward gets: whether it may write over its incoming gradient. */
export function reuseFor(node: Node, gOwned: boolean): Reuse {
  return gOwned && !node.external ? YES : NO;
}

/**
 * After `node` consumed its incoming gradient g: hands g's storage to the free-list when the
 * engine alone held it and none of the returned gradients is g or a view of its bytes.
 */
export function release(g: NDArray, gOwned: boolean, node: Node, grads: (NDArray | null)[]): void {
  if (gOwned && !node.external && recyclable(g.data) && !sharesData(grads, g)) recycle(g.data);
}

/** Whether a returned gradient is g or a view of g's bytes (exported for tests). */
export function sharesData(grads: (NDArray | null)[], g: NDArray): boolean {
  const gd = g.data;
  for (const gi of grads) if (gi !== null && (gi.data === gd || aliases(gi.data, gd))) return true;
  return false;
}

/** Whether d shares bytes with g. */
function aliases(d: TypedArray, g: TypedArray): boolean {
  // An array of up to 64 bytes at offset 0 may live on V8's heap, where reading .buffer would
  // move it off (~0.4 us a gradient); whether it is a view at the start of g's buffer is told
  // by a write instead.
  return d.byteLength <= 64 && d.byteOffset === 0 ? aliasesStart(d, g) : overlaps(d, g);
}

/** Whether two arrays share bytes (arrays of one slab share a buffer, not their bytes). */
function overlaps(a: TypedArray, b: TypedArray): boolean {
  return (
    a.buffer === b.buffer &&
    a.byteOffset < b.byteOffset + b.byteLength &&
    b.byteOffset < a.byteOffset + a.byteLength
  );
}

/**
 * Whether d[0] changes when g[0] does (true also for a NaN d[0], which compares unequal). g[0]
 * is put back before anything else runs; a NaN g[0], whose bits a write might not keep, is
 * compared by byte ranges instead.
 */
function aliasesStart(d: TypedArray, g: TypedArray): boolean {
  if (d.length === 0 || g.length === 0) return false;
  const before = g[0];
  if (Number.isNaN(before)) return overlaps(d, g);
  const d0 = d[0];
  g[0] = before === 0 ? 1 : 0; // other bits than before's, -0 included
  const changed = d[0] !== d0;
  g[0] = before;
  return changed;
}
