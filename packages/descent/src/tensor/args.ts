import type { NDArray } from "../backend/ndarray.js";
import type { DType } from "../util/dtype.js";
import { checkDType } from "../util/dtype.js";
import type { Generator } from "../util/random/generator.js";
import { checkShape } from "../util/shape.js";
import { Tensor } from "./tensor.js";

/** Argument handling shared by the creation functions (internal: not part of the public API). */

export interface TensorOptions {
  /** Element type; float32 unless said otherwise (int32 for typed Int32Array input). */
  dtype?: DType;
  requiresGrad?: boolean;
}

export function make(value: NDArray, opts: TensorOptions): Tensor {
  return new Tensor(value, opts.requiresGrad ?? false);
}

export function dtypeOf(opts: TensorOptions, fallback: DType, op: string): DType {
  return opts.dtype === undefined ? fallback : checkDType(opts.dtype, op);
}

/** A shape given as numbers or as one array (`zeros(2, 3)`, `zeros([2, 3])`), checked. */
export function shapeArg(shape: (number | readonly number[])[], op: string): number[] {
  return checkShape(shape.flat(), op);
}

export interface RandomOptions extends TensorOptions {
  /** Source of randomness; the default generator (see `manualSeed`) when absent. */
  generator?: Generator;
}

/** Splits `(...shape, opts?)` arguments into the checked shape and the options. */
export function splitArgs<O extends TensorOptions>(
  args: (number | readonly number[] | O)[],
  op: string,
): [number[], O] {
  const last = args[args.length - 1];
  const opts =
    last !== undefined && typeof last === "object" && !Array.isArray(last)
      ? (args.pop() as O)
      : ({} as O);
  return [shapeArg(args as (number | readonly number[])[], op), opts];
}
