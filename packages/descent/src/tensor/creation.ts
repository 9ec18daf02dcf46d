import { NDArray } from "../backend/ndarray.js";
import type { DType, TypedArray } from "../util/dtype.js";
import { allocate, dtypeOfArray } from "../util/dtype.js";
import { checkShape, fmtShape, numelOf } from "../util/shape.js";
import type { NestedArray } from "./tensor.js";
import { Tensor } from "./tensor.js";
import type { TensorOptions } from "./args.js";
import { dtypeOf, make, shapeArg, splitArgs } from "./args.js";

export type { TensorOptions, RandomOptions } from "./args.js";

/** Creation functions, like torch.tensor, torch.zeros, torch.randn... */

/**
 * A tensor from nested arrays of numbers or booleans, or from a typed array (then 1-D).
 * Numbers give float32 (JavaScript cannot tell 1 from 1.0; pass `{ dtype: "int32" }` for labels),
 * booleans give bool. `tensor([[1, 2], [3, 4]])` is a 2x2 float32 tensor.
 */
export function tensor(data: NestedArray | TypedArray, opts: TensorOptions = {}): Tensor {
  if (ArrayBuffer.isView(data)) {
    const dtype = dtypeOf(opts, dtypeOfArray(data as TypedArray), "tensor");
    const out = allocate(dtype, (data as TypedArray).length);
    out.set(data as TypedArray);
    return make(new NDArray(out, [out.length]), opts);
  }
  const shape: number[] = [];
  let probe: unknown = data;
  while (Array.isArray(probe)) {
    shape.push(probe.length);
    probe = probe[0];
  }
  const inferred: DType = typeof probe === "boolean" ? "bool" : "float32";
  const dtype = dtypeOf(opts, inferred, "tensor");
  const out = allocate(dtype, numelOf(shape));
  let k = 0;
  const fill = (v: unknown, dim: number, path: number[]): void => {
    if (dim === shape.length) {
      if (typeof v !== "number" && typeof v !== "boolean") {
        throw new TypeError(
          `tensor: element at [${path.join("][")}] is ${v === null ? "null" : typeof v}; expected a number or boolean`,
        );
      }
      out[k++] = Number(v);
      return;
    }
    if (!Array.isArray(v) || v.length !== shape[dim]) {
      throw new RangeError(
        `tensor: ragged nested array: expected a list of length ${shape[dim]} at [${path.join("][")}] (shape ${fmtShape(shape)}), got ${Array.isArray(v) ? `length ${v.length}` : typeof v}`,
      );
    }
    for (let i = 0; i < v.length; i++) fill(v[i], dim + 1, [...path, i]);
  };
  fill(data, 0, []);
  return make(new NDArray(out, shape), opts);
}

/** Wraps a typed array without copying it; `shape` defaults to 1-D. */
export function fromTypedArray(
  data: TypedArray,
  shape?: readonly number[],
  opts: { requiresGrad?: boolean } = {},
): Tensor {
  const s = shape ? checkShape(shape, "fromTypedArray") : [data.length];
  if (numelOf(s) !== data.length) {
    throw new RangeError(
      `fromTypedArray: shape ${fmtShape(s)} needs ${numelOf(s)} elements, the array has ${data.length}`,
    );
  }
  return new Tensor(new NDArray(data, s.slice()), opts.requiresGrad ?? false);
}

/** A tensor of `shape` filled with `value` (float32 by default). PyTorch: `torch.full(size, fill_value)`. */
export function full(shape: number | number[], value: number, opts: TensorOptions = {}): Tensor {
  if (typeof value !== "number")
    throw new TypeError(
      `full: fill value must be a number, got ${typeof value} (pass the shape first: full([2, 3], 1.5))`,
    );
  return filled(shapeArg([shape], "full"), value, opts, "full");
}

/** A tensor of shape `s` filled with `value`, its size checked and errors named after `op`. */
function filled(s: number[], value: number, opts: TensorOptions, op: string): Tensor {
  const a = NDArray.empty(dtypeOf(opts, "float32", op), s, op);
  a.data.fill(value);
  return make(a, opts);
}

/** Zeros of a shape given as numbers or an array: `zeros(2, 3)`, `zeros([2, 3])`. PyTorch: `torch.zeros`. */
export function zeros(...args: (number | number[] | TensorOptions)[]): Tensor {
  const [shape, opts] = splitArgs(args, "zeros");
  return make(NDArray.empty(dtypeOf(opts, "float32", "zeros"), shape, "zeros"), opts);
}

/** Ones of a shape given as numbers or an array. PyTorch: `torch.ones`. */
export function ones(...args: (number | number[] | TensorOptions)[]): Tensor {
  const [shape, opts] = splitArgs(args, "ones");
  return filled(shape, 1, opts, "ones");
}

/** Zeros of t's shape and dtype (or `opts.dtype`). PyTorch: `torch.zeros_like`. */
export function zerosLike(t: Tensor, opts: TensorOptions = {}): Tensor {
  return zeros(t.shape, { dtype: t.dtype, ...opts });
}

/** Ones of t's shape and dtype. PyTorch: `torch.ones_like`. */
export function onesLike(t: Tensor, opts: TensorOptions = {}): Tensor {
  return ones(t.shape, { dtype: t.dtype, ...opts });
}

/** `value` in t's shape and dtype. PyTorch: `torch.full_like(t, fill_value)`. */
export function fullLike(t: Tensor, value: number, opts: TensorOptions = {}): Tensor {
  return full(t.shape, value, { dtype: t.dtype, ...opts });
}

/**
 * An uninitialised tensor of `shape` (descent's storage is always zero-filled, so it holds zeros).
 * PyTorch: `torch.empty`.
 */
export function empty(...args: (number | number[] | TensorOptions)[]): Tensor {
  const [shape, opts] = splitArgs(args, "empty");
  return make(NDArray.empty(dtypeOf(opts, "float32", "empty"), shape, "empty"), opts);
}

/** `empty` of t's shape and dtype. PyTorch: `torch.empty_like`. */
export function emptyLike(t: Tensor, opts: TensorOptions = {}): Tensor {
  return zeros(t.shape, { dtype: t.dtype, ...opts });
}

/** A copy of t that stays in the graph (its gradient flows back to t). PyTorch: `torch.clone`. */
export const clone = (t: Tensor): Tensor => t.clone();

/** Identity matrix n x m (m defaults to n). */
export function eye(n: number, m = n, opts: TensorOptions = {}): Tensor {
  const a = NDArray.empty(dtypeOf(opts, "float32", "eye"), checkShape([n, m], "eye"), "eye");
  for (let i = 0; i < Math.min(n, m); i++) a.data[i * m + i] = 1;
  return make(a, opts);
}
