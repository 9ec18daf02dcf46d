import type { Tensor } from "../../tensor/index.js";
import { Tensor as TensorClass } from "../../tensor/index.js";
import { NDArray } from "../../backend/ndarray.js";
import type { DType } from "../../util/dtype.js";
import type { Generator } from "../../util/random/generator.js";
import { defaultGenerator } from "../../util/random/generator.js";
import { linear } from "../functional.js";
import { kaimingUniform_, uniform_ } from "../init.js";
import { Module } from "../module.js";
import { Parameter, UninitializedParameter } from "../parameter.js";

/**
 * Options of `nn.Linear` and `nn.LazyLinear`: PyTorch's `bias`, `dtype`, and the generator for the
 * initial weights.
 */
export interface LinearOptions {
  /** Learn an additive bias (default true). */
  bias?: boolean;
  /** The parameters' element type (default "float32"). */
  dtype?: DType;
  /** Generator for the initial weights (default: the default generator, see `manualSeed`). */
  generator?: Generator;
}

/**
 * Fully connected layer: y = x W^T + b.
 *
 * - input: [N, *, inFeatures]; output: [N, *, outFeatures]
 * - weight: [outFeatures, inFeatures], bias: [outFeatures]
 * - initialisation as PyTorch: W and b from U(-1/sqrt(inFeatures), 1/sqrt(inFeatures))
 *   (kaiming uniform with a = sqrt(5)), weight drawn first.
 *
 * @example
 * const fc = new nn.Linear(4, 10);
 * fc.forward(zeros([1000, 4])).shape; // [1000, 10]
 *
 * PyTorch: `nn.Linear(in_features, out_features, bias=True)`.
 */
/**
 * A linear layer's weight and bias, initialised in place as PyTorch's `reset_parameters`:
 * kaiming uniform with a = sqrt(5) for the weight, U(-1/sqrt(in), 1/sqrt(in)) for the bias.
 */
export function linearParameters(
  inFeatures: number,
  outFeatures: number,
  opts: LinearOptions,
): [Parameter, Parameter | null] {
  const dtype = opts.dtype ?? "float32";
  const g = opts.generator ?? defaultGenerator;
  const weight = new Parameter(
    kaimingUniform_(empty([outFeatures, inFeatures], dtype), Math.sqrt(5), g),
  );
  if (!(opts.bias ?? true)) return [weight, null];
  const bound = 1 / Math.sqrt(inFeatures);
  return [weight, new Parameter(uniform_(empty([outFeatures], dtype), -bound, bound, g))];
}

/** An uninitialised float tensor (every element is written next); its size checked first. */
const empty = (shape: number[], dtype: DType): Tensor =>
  new TensorClass(NDArray.empty(dtype, shape, "Linear"));

export class Linear extends Module {
  readonly weight: Parameter;
  readonly bias: Parameter | null;

  constructor(
    readonly inFeatures: number,
    readonly outFeatures: number,
    opts: LinearOptions = {},
  ) {
    super();
    for (const [n, v] of [
      ["inFeatures", inFeatures],
      ["outFeatures", outFeatures],
    ] as const) {
      if (!Number.isInteger(v) || v <= 0) {
        throw new RangeError(`Linear: ${n} must be a positive integer, got ${v}`);
      }
    }
    [this.weight, this.bias] = linearParameters(inFeatures, outFeatures, opts);
  }

  forward(x: Tensor): Tensor {
    return linear(x, this.weight, this.bias);
  }

  override extraRepr(): string {
    return `in_features=${this.inFeatures}, out_features=${this.outFeatures}, bias=${this.bias ? "True" : "False"}`;
  }
}

/**
 * A Linear layer whose inFeatures is taken from the first input (`x.shape[-1]`); its weight and
 * bias are created and initialised then, as Linear's. Run one forward pass before handing its
 * parameters to an optimizer. PyTorch: `nn.LazyLinear(out_features, bias=True)`.
 */
export class LazyLinear extends Module {
  weight: Parameter;
  bias: Parameter | null;
  inFeatures = 0;

  constructor(
    readonly outFeatures: number,
    private readonly opts: LinearOptions = {},
  ) {
    super();
    if (!Number.isInteger(outFeatures) || outFeatures <= 0)
      throw new RangeError(
        `LazyLinear: outFeatures must be a positive integer, got ${outFeatures}`,
      );
    this.weight = new UninitializedParameter(opts.dtype);
    this.bias = (opts.bias ?? true) ? new UninitializedParameter(opts.dtype) : null;
  }

  forward(x: Tensor): Tensor {
    if (this.weight instanceof UninitializedParameter) {
      if (x.ndim === 0)
        throw new RangeError("LazyLinear: input must have at least 1 dimension, got a 0-d tensor");
      this.inFeatures = x.shape[x.ndim - 1];
      [this.weight, this.bias] = linearParameters(this.inFeatures, this.outFeatures, this.opts);
    }
    return linear(x, this.weight, this.bias);
  }

  override extraRepr(): string {
    return `in_features=${this.inFeatures}, out_features=${this.outFeatures}, bias=${this.bias ? "True" : "False"}`;
  }
}
