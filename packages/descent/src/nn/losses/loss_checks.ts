import type { Tensor } from "../../tensor/index.js";
import { isFloat } from "../../util/dtype.js";
import { fmtShape } from "../../util/shape.js";

/** The argument checks the loss functions share, each error naming the loss. */

/** Refuses a target whose shape is not the input's, saying how to reshape it. */
export function sameShape(input: Tensor, target: Tensor, op: string): void {
  if (input.shape.join() !== target.shape.join()) {
    throw new RangeError(
      `${op}: target shape ${fmtShape(target.shape)} differs from input shape ${fmtShape(input.shape)}; ` +
        "they must be equal (reshape the target, e.g. y.view(-1, 1))",
    );
  }
}

/** Refuses a tensor that is not float32 or float64; `what` names it ("input", "target"). */
export function checkFloat(t: Tensor, what: string, op: string): void {
  if (t.dtype !== "float32" && t.dtype !== "float64") {
    throw new TypeError(`${op}: ${what} must be a float tensor, got ${t.dtype} (use .float())`);
  }
}

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
