import type { Tensor } from "../tensor/index.js";
import { noGrad } from "../tensor/index.js";
import { fmtShape } from "../util/shape.js";

/** What a model's outputs mean, for metrics and plots. */
export type Task = "binary" | "multiclass" | "regression";

/** How outputs become classes, for accuracy. */
export interface ClassifyOptions {
  /**
   * Binary outputs at or above this are class 1 (0.5, for probabilities after a sigmoid, as the
   * seed's `outputs >= 0.5`; use 0 for logits).
   */
  threshold?: number;
}

/**
 * Predicted classes as an int32 tensor [N]: `outputs >= threshold` for binary outputs
 * ([N] or [N, 1]), `argmax(outputs, 1)` for multiclass outputs [N, C] (as the seed's
 * `torch.max(outputs.data, 1)`).
 */
export function predictClasses(outputs: Tensor, opts: ClassifyOptions = {}): Tensor {
  return noGrad(() => {
    if (isBinary(outputs))
      return outputs
        .reshape(-1)
        .ge(opts.threshold ?? 0.5)
        .int();
    if (outputs.ndim === 2) return outputs.argmax(1).int();
    throw new RangeError(
      `predictClasses: outputs must be [N], [N, 1] (binary) or [N, C] (classes), got ${fmtShape(outputs.shape)}`,
    );
  });
}

/** Number of rows whose predicted class equals the target (class indices or 0/1 values). */
export function correctCount(outputs: Tensor, targets: Tensor, opts: ClassifyOptions = {}): number {
  const n = outputs.shape[0] ?? 0;
  const t = targets.reshape(-1);
  if (t.shape[0] !== n) {
    throw new RangeError(
      `accuracy: ${n} outputs but ${t.shape[0]} targets (outputs ${fmtShape(outputs.shape)}, targets ${fmtShape(targets.shape)})`,
    );
  }
  return noGrad(() => {
    const pred = predictClasses(outputs, opts).toTypedArray();
    const want = t.toTypedArray();
    let correct = 0;
    for (let i = 0; i < n; i++) if (pred[i] === Number(want[i])) correct++;
    return correct;
  });
}

/**
 * Fraction of correct predictions in [0, 1]: binary (outputs [N] or [N, 1], class 1 where
 * `outputs >= 0.5`) or multiclass (outputs [N, C], class = argmax). Targets: [N] or [N, 1].
 *
 * @example
 * accuracy(tensor([[0.9], [0.2]]), tensor([[1], [1]])); // 0.5
 */
export function accuracy(outputs: Tensor, targets: Tensor, opts: ClassifyOptions = {}): number {
  const n = outputs.shape[0] ?? 0;
  return n === 0 ? NaN : correctCount(outputs, targets, opts) / n;
}

function isBinary(outputs: Tensor): boolean {
  return outputs.ndim === 1 || (outputs.ndim === 2 && outputs.shape[1] === 1);
}
