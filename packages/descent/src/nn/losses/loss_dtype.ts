import type { Tensor } from "../../tensor/index.js";
import { isFloat } from "../../util/dtype.js";

/**
 * The dtype a regression loss computes in, as PyTorch's `l1_loss`, `smooth_l1_loss` and
 * `mse_loss` do: float64 if either side is, else float32 (an int side is cast to the other's
 * float type). Two int sides are refused, naming `op`.
 */
export function promotedLossDtype(
  input: Tensor,
  target: Tensor,
  op: string,
): "float32" | "float64" {
  if (!isFloat(input.dtype) && !isFloat(target.dtype)) {
    throw new TypeError(
      `${op}: input or target must be a float tensor, got ${input.dtype} and ${target.dtype} (use .float())`,
    );
  }
  return input.dtype === "float64" || target.dtype === "float64" ? "float64" : "float32";
}
