import { Tensor } from "../../tensor/index.js";
import { scalarFor } from "../../tensor/scalar.js";
import * as A from "../../autograd/ops/arithmetic.js";
import { clamp } from "../../autograd/ops/unary.js";

/**
 * PyTorch's composed losses call the Scalar overloads of its C++ ops, whose nodes have their own
 * names (AddBackward1, MulBackward1, DivBackward1, ClampMinBackward0); these make the same nodes,
 * so that a composed loss's graph prints as PyTorch's. Values are those of `x.add(v)`, ....
 */

const NAMES = { add: "AddBackward1", mul: "MulBackward1", div: "DivBackward1" } as const;

/** x + v, x * v or x / v for a number v, as PyTorch's Scalar overload. */
export function scalarOp(x: Tensor, op: keyof typeof NAMES, v: number): Tensor {
  const s = new Tensor(scalarFor(x.dtype, v));
  return Tensor.apply(NAMES[op], A[op](x.value, s.value), [x, s]);
}

/** max(x, lo), as `torch.clamp_min`. */
export function clampMin(x: Tensor, lo: number): Tensor {
  return Tensor.apply("ClampMinBackward0", clamp(x.value, lo, Infinity), [x]);
}
