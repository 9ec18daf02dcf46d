import type { Tensor } from "../../tensor/index.js";
import { zeros } from "../../tensor/index.js";
import type { DType } from "../../util/dtype.js";
import type { Generator } from "../../util/random/generator.js";
import { defaultGenerator } from "../../util/random/generator.js";
import { linear } from "../functional.js";
import { kaimingUniform_, uniform_ } from "../init.js";
import { Module } from "../module.js";
import { checkAllocation } from "../../util/dtype.js";
import { Parameter } from "../parameter.js";

export interface LinearOptions {
  /** Learn an additive bias (default true). */
  bias?: boolean;
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
    const dtype = opts.dtype ?? "float32";
    checkAllocation("Linear", [outFeatures, inFeatures], dtype);
    const g = opts.generator ?? defaultGenerator;
    this.weight = new Parameter(zeros([outFeatures, inFeatures], { dtype }));
    kaimingUniform_(this.weight, Math.sqrt(5), g);
    if (opts.bias ?? true) {
      this.bias = new Parameter(zeros([outFeatures], { dtype }));
      const bound = 1 / Math.sqrt(inFeatures);
      uniform_(this.bias, -bound, bound, g);
    } else {
      this.bias = null;
    }
  }

  forward(x: Tensor): Tensor {
    return linear(x, this.weight, this.bias);
  }

  override extraRepr(): string {
    return `in_features=${this.inFeatures}, out_features=${this.outFeatures}, bias=${this.bias ? "True" : "False"}`;
  }
}
