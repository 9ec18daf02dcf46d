import type { Tensor } from "../tensor/index.js";
import { Tensor as TensorClass } from "../tensor/index.js";

/** A tensor that a Module owns and trains, like `nn.Parameter`: a leaf that requires grad. */
export class Parameter extends TensorClass {
  constructor(data: Tensor, requiresGrad = true) {
    super(data.value, requiresGrad);
  }

  override toString(): string {
    return `Parameter containing:\n${super.toString()}`;
  }
}
