import { NDArray } from "../backend/ndarray.js";
import type { DType, TypedArray } from "../util/dtype.js";
import { allocate, checkDType, dtypeOfArray } from "../util/dtype.js";
import type { Generator } from "../util/random/generator.js";
import { defaultGenerator } from "../util/random/generator.js";
import { checkShape, fmtShape, numelOf } from "../util/shape.js";
import type { NestedArray } from "./tensor.js";
import { Tensor } from "./tensor.js";

/** Creation functions, like torch.tensor, torch.zeros, torch.randn... */

export interface TensorOptions {
  /** Element type; float32 unless said otherwise (int32 for typed Int32Array input). */
  dtype?: DType;
  requiresGrad?: boolean;
}

export interface RandomOptions extends TensorOptions {
  /** Source of randomness; the default generator (see `manualSeed`) when absent. */
  generator?: Generator;
}

function make(value: NDArray, opts: TensorOptions): Tensor {
  return new Tensor(value, opts.requiresGrad ?? false);
}

function dtypeOf(opts: TensorOptions, fallback: DType, op: string): DType {
  return opts.dtype === undefined ? fallback : checkDType(opts.dtype, op);
}

function shapeArg(shape: (number | number[])[], op: string): number[] {
  return checkShape(shape.flat(), op);
}

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

/** A tensor of `shape` filled with `value` (float32 unless `dtype` says otherwise), as `torch.full`. */
export function full(shape: number[], value: number, opts: TensorOptions = {}): Tensor {
  return filled(shape, value, opts, "full");
}

function filled(shape: number[], value: number, opts: TensorOptions, op: string): Tensor {
  const a = NDArray.empty(dtypeOf(opts, "float32", op), checkShape(shape, op), op);
  a.data.fill(value);
  return make(a, opts);
}

/** A tensor of zeros: `zeros(2, 3)` or `zeros([2, 3], { dtype })`, as `torch.zeros`. */
export function zeros(...args: (number | number[] | TensorOptions)[]): Tensor {
  const [shape, opts] = splitArgs(args, "zeros");
  return make(NDArray.empty(dtypeOf(opts, "float32", "zeros"), shape, "zeros"), opts);
}

/** A tensor of ones: `ones(2, 3)` or `ones([2, 3], { dtype })`, as `torch.ones`. */
export function ones(...args: (number | number[] | TensorOptions)[]): Tensor {
  const [shape, opts] = splitArgs(args, "ones");
  return filled(shape, 1, opts, "ones");
}

/** Zeros of the shape and dtype of `t` (options override them), as `torch.zeros_like`. */
export function zerosLike(t: Tensor, opts: TensorOptions = {}): Tensor {
  return zeros(t.shape, { dtype: t.dtype, ...opts });
}

/** Ones of the shape and dtype of `t` (options override them), as `torch.ones_like`. */
export function onesLike(t: Tensor, opts: TensorOptions = {}): Tensor {
  return ones(t.shape, { dtype: t.dtype, ...opts });
}

function splitArgs(
  args: (number | number[] | TensorOptions)[],
  op: string,
): [number[], TensorOptions] {
  const last = args[args.length - 1];
  const opts =
    last !== undefined && typeof last === "object" && !Array.isArray(last)
      ? (args.pop() as TensorOptions)
      : {};
  return [shapeArg(args as (number | number[])[], op), opts];
}

/**
 * Values from start to end (exclusive) by step: `arange(5)` is [0, 1, 2, 3, 4]. int32 when all
 * arguments are integers (as PyTorch gives int64), float32 otherwise.
 */
export function arange(start: number, end?: number, step = 1, opts: TensorOptions = {}): Tensor {
  if (end === undefined) [start, end] = [0, start];
  if (step === 0) throw new RangeError("arange: step must be nonzero");
  if ((end - start) / step < 0)
    throw new RangeError(
      `arange: upper bound and step are inconsistent (start ${start}, end ${end}, step ${step})`,
    );
  const n = Math.max(0, Math.ceil((end - start) / step));
  const allInt = [start, end, step].every(Number.isInteger);
  const a = NDArray.empty(dtypeOf(opts, allInt ? "int32" : "float32", "arange"), [n], "arange");
  for (let i = 0; i < n; i++) a.data[i] = start + i * step;
  return make(a, opts);
}

/** `steps` evenly spaced values from start to end inclusive. */
export function linspace(
  start: number,
  end: number,
  steps: number,
  opts: TensorOptions = {},
): Tensor {
  if (!Number.isInteger(steps) || steps < 0)
    throw new RangeError(`linspace: steps must be a non-negative integer, got ${steps}`);
  const a = NDArray.empty(dtypeOf(opts, "float32", "linspace"), [steps], "linspace");
  const h = steps > 1 ? (end - start) / (steps - 1) : 0;
  // PyTorch fills the second half from the end, so the last value is exactly `end`.
  for (let i = 0; i < steps; i++)
    a.data[i] = i < steps / 2 ? start + i * h : end - (steps - 1 - i) * h;
  return make(a, opts);
}

/** Identity matrix n x m (m defaults to n). */
export function eye(n: number, m = n, opts: TensorOptions = {}): Tensor {
  const a = NDArray.empty(dtypeOf(opts, "float32", "eye"), checkShape([n, m], "eye"), "eye");
  for (let i = 0; i < Math.min(n, m); i++) a.data[i * m + i] = 1;
  return make(a, opts);
}

/** Uniform samples in [0, 1). */
export function rand(shape: number[], opts: RandomOptions = {}): Tensor {
  const g = opts.generator ?? defaultGenerator;
  const a = NDArray.empty(dtypeOf(opts, "float32", "rand"), checkShape(shape, "rand"), "rand");
  // float32 draws use 24 bits: a double in [0, 1) could round up to exactly 1 in float32.
  if (a.dtype === "float32") for (let i = 0; i < a.size; i++) a.data[i] = g.randomFloat32();
  else for (let i = 0; i < a.size; i++) a.data[i] = g.random();
  return make(a, opts);
}

/** Standard normal samples. */
export function randn(shape: number[], opts: RandomOptions = {}): Tensor {
  const g = opts.generator ?? defaultGenerator;
  const a = NDArray.empty(dtypeOf(opts, "float32", "randn"), checkShape(shape, "randn"), "randn");
  for (let i = 0; i < a.size; i++) a.data[i] = g.normal();
  return make(a, opts);
}

/** Uniform integers in [low, high), int32. */
export function randint(
  low: number,
  high: number,
  shape: number[],
  opts: RandomOptions = {},
): Tensor {
  const g = opts.generator ?? defaultGenerator;
  const a = NDArray.empty(
    dtypeOf(opts, "int32", "randint"),
    checkShape(shape, "randint"),
    "randint",
  );
  for (let i = 0; i < a.size; i++) a.data[i] = g.integer(low, high);
  return make(a, opts);
}

/** A random permutation of 0..n-1 (int32), by Fisher-Yates. */
export function randperm(n: number, opts: RandomOptions = {}): Tensor {
  const g = opts.generator ?? defaultGenerator;
  const a = NDArray.empty(
    dtypeOf(opts, "int32", "randperm"),
    checkShape([n], "randperm"),
    "randperm",
  );
  for (let i = 0; i < n; i++) a.data[i] = i;
  for (let i = n - 1; i > 0; i--) {
    const j = g.integer(0, i + 1);
    const t = a.data[i];
    a.data[i] = a.data[j];
    a.data[j] = t;
  }
  return make(a, opts);
}
