import type { Tensor } from "../tensor/index.js";
import { Tensor as TensorClass, zeros } from "../tensor/index.js";
import type { DType } from "../util/dtype.js";

/** A tensor that a Module owns and trains, like `nn.Parameter`: a leaf that requires grad. */
export class Parameter extends TensorClass {
  constructor(data: Tensor, requiresGrad = true) {
    super(data.value, requiresGrad);
  }

  override toString(): string {
    return `Parameter containing:\n${super.toString()}`;
  }
}

/**
 * The placeholder parameter of a lazy module before its first forward pass (no shape yet), as
 * PyTorch's `UninitializedParameter`; optimizers refuse it.
 */
export class UninitializedParameter extends Parameter {
  readonly uninitialized = true;

  constructor(dtype: DType = "float32") {
    super(zeros([0], { dtype }));
  }

  override toString(): string {
    return "<UninitializedParameter>";
  }
}
