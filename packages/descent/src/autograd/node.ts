import type { NDArray } from "../backend/ndarray.js";

/**
 * Computes the gradients of an op's inputs from the gradient of its output (null: no gradient).
 * `needs[i]` says whether input i requires a gradient, so costly ones can be skipped.
 * Each returned array is either `grad` itself (or a view of its data) or storage computed by
 * this call and kept nowhere else: the engine may make it a leaf's `.grad` without a copy.
 * `gradOwned` says that nothing but the engine holds `grad`, so that the closure may write its
 * result over it (elementwise backwards do, saving an allocation) and return it.
 */
export type BackwardFn = (
  grad: NDArray,
  needs: readonly boolean[],
  gradOwned?: boolean,
) => (NDArray | null)[];

/** What the engine needs of a tensor; `Tensor` implements it (autograd never imports Tensor). */
export interface GradTarget {
  readonly value: NDArray;
  readonly requiresGrad: boolean;
  readonly gradFn: Node | null;
  /** Accumulated gradient storage (the engine adds into it). */
  gradValue: NDArray | null;
  /** True for non-leaf tensors that asked to keep their gradient (`retainGrad()`). */
  readonly retainsGrad: boolean;
}

/**
 * One recorded operation in the graph: its name (for messages), its inputs, and its backward
 * closure, which holds whatever the forward saved. The engine sets `backward` to null after
 * running it unless the graph is retained, releasing the saved arrays.
 */
export class Node {
  /** Which inputs require a gradient (fixed when the op is recorded). */
  readonly needs: readonly boolean[];
  /**
   * The engine's bookkeeping during one backward pass (valid while `pass` is that pass's
   * number): the gradient summed so far for this node's output, and whether only the engine
   * holds it. Kept here rather than in maps keyed by tensor, which cost more than small ops.
   */
  pass = 0;
  pending: NDArray | null = null;
  pendingOwned = false;

  constructor(
    readonly name: string,
    readonly inputs: readonly GradTarget[],
    public backward: BackwardFn | null,
  ) {
    this.needs = inputs.map((x) => x.requiresGrad);
  }

  toString(): string {
    return `<${this.name[0].toUpperCase()}${this.name.slice(1)}Backward>`;
  }
}

/** The result of a differentiable primitive: its output and how to differentiate it. */
export interface OpResult {
  out: NDArray;
  backward: BackwardFn;
}
