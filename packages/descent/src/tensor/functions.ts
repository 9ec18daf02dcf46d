import * as Mv from "../autograd/ops/movement.js";
import * as A from "../autograd/ops/arithmetic.js";
import { cast } from "../backend/kernels/cast.js";
import { promoteTypes } from "../util/dtype.js";
import { fmtShape, normalizeDim } from "../util/shape.js";
import type { ValuesIndices } from "./tensor.js";
import { Tensor } from "./tensor.js";
import { scalarFor } from "./scalar.js";

/** Free functions of the torch namespace that take several tensors. */

/** Joins tensors along an existing dim; all other dims must agree. */
export function cat(tensors: readonly Tensor[], dim = 0): Tensor {
  if (tensors.length === 0) throw new RangeError("cat: expected a non-empty list of tensors");
  const first = tensors[0];
  const scalar = tensors.findIndex((t) => t.ndim === 0);
  if (scalar >= 0) {
    throw new RangeError(
      `cat: zero-dimensional tensor (at position ${scalar}) cannot be concatenated; use stack, or unsqueeze(0) first`,
    );
  }
  const d = normalizeDim(dim, first.ndim, "cat");
  const dtype = tensors.reduce((t, x) => promoteTypes(t, x.dtype), first.dtype);
  tensors.forEach((t, i) => {
    const ok = t.ndim === first.ndim && t.shape.every((s, j) => j === d || s === first.shape[j]);
    if (!ok) {
      throw new RangeError(
        `cat: sizes of tensors must match except in dimension ${d}: tensor 0 has shape ${fmtShape(first.shape)}, tensor ${i} has ${fmtShape(t.shape)}`,
      );
    }
  });
  const vals = tensors.map((t) => cast(t.value, dtype));
  return Tensor.apply("cat", Mv.cat(vals, d), tensors);
}

/** Joins tensors of equal shape along a new dim. */
export function stack(tensors: readonly Tensor[], dim = 0): Tensor {
  if (tensors.length === 0) throw new RangeError("stack: expected a non-empty list of tensors");
  const shape = tensors[0].shape;
  tensors.forEach((t, i) => {
    if (t.shape.length !== shape.length || t.shape.some((s, j) => s !== shape[j])) {
      throw new RangeError(
        `stack: expects each tensor to be equal size, but got ${fmtShape(shape)} at entry 0 and ${fmtShape(t.shape)} at entry ${i}`,
      );
    }
  });
  const d = normalizeDim(dim, shape.length + 1, "stack");
  return cat(
    tensors.map((t) => t.unsqueeze(d)),
    d,
  );
}

/** Elementwise choice: a where cond is true, b elsewhere (numbers allowed for a and b). */
export function where(cond: Tensor, a: Tensor | number, b: Tensor | number): Tensor {
  if (cond.dtype !== "bool")
    throw new TypeError(`where: condition must be a bool tensor, got ${cond.dtype}`);
  const ta =
    typeof a === "number"
      ? new Tensor(scalarFor(typeof b === "number" ? "float32" : b.dtype, a))
      : a;
  const tb = typeof b === "number" ? new Tensor(scalarFor(ta.dtype, b)) : b;
  return Tensor.apply("where", A.where(cond.value, ta.value, tb.value), [cond, ta, tb]);
}

export function max(x: Tensor): Tensor;
export function max(x: Tensor, dim: number, keepdim?: boolean): ValuesIndices;
/** torch.max: the largest element, or (values, indices) along a dim. */
export function max(x: Tensor, dim?: number, keepdim = false): Tensor | ValuesIndices {
  return dim === undefined ? x.max() : x.max(dim, keepdim);
}

export function min(x: Tensor): Tensor;
export function min(x: Tensor, dim: number, keepdim?: boolean): ValuesIndices;
/** torch.min: the smallest element, or (values, indices) along a dim. */
export function min(x: Tensor, dim?: number, keepdim = false): Tensor | ValuesIndices {
  return dim === undefined ? x.min() : x.min(dim, keepdim);
}

/** torch.argmax: `x.argmax(dim, keepdim)`. */
export const argmax = (x: Tensor, dim?: number, keepdim = false): Tensor => x.argmax(dim, keepdim);
/** torch.argmin: `x.argmin(dim, keepdim)`. */
export const argmin = (x: Tensor, dim?: number, keepdim = false): Tensor => x.argmin(dim, keepdim);
/** torch.matmul: `a.matmul(b)`, the matrix product with broadcasting batches. */
export const matmul = (a: Tensor, b: Tensor): Tensor => a.matmul(b);
/** torch.sum: `x.sum(dim, keepdim)`. */
export const sum = (x: Tensor, dim?: number | number[], keepdim = false): Tensor =>
  x.sum(dim, keepdim);
/** torch.mean: `x.mean(dim, keepdim)`. */
export const mean = (x: Tensor, dim?: number | number[], keepdim = false): Tensor =>
  x.mean(dim, keepdim);
/** torch.exp: e^x elementwise. */
export const exp = (x: Tensor): Tensor => x.exp();
/** torch.log: ln(x) elementwise. */
export const log = (x: Tensor): Tensor => x.log();
/** torch.sigmoid: 1 / (1 + e^-x) elementwise. */
export const sigmoid = (x: Tensor): Tensor => x.sigmoid();
/** torch.tanh: tanh(x) elementwise. */
export const tanh = (x: Tensor): Tensor => x.tanh();
/** torch.relu: max(x, 0) elementwise. */
export const relu = (x: Tensor): Tensor => x.relu();
/** torch.softmax: e^x_i / sum_j e^x_j along `dim`. */
export const softmax = (x: Tensor, dim: number): Tensor => x.softmax(dim);
/** torch.log_softmax: x_i - log(sum_j e^x_j) along `dim`. */
export const logSoftmax = (x: Tensor, dim: number): Tensor => x.logSoftmax(dim);
