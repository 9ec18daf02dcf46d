import { type GradTarget, Node } from "../autograd/node.js";
import { copy } from "../backend/kernels/cast.js";
import type { Geometry } from "../backend/strided.js";
import { gatherView, hasInternalOverlap, scatterStrided } from "../backend/strided.js";
import type { DType } from "../util/dtype.js";
import { isFloat } from "../util/dtype.js";
import { broadcastShapes, fmtShape } from "../util/shape.js";

/** Checks and autograd records of the in-place ops (Tensor's trailing-underscore methods). */

/** The tensor operands of an op whose operand may be a number. */
export function tensors<T>(o: T | number): T[] {
  return typeof o === "number" ? [] : [o];
}

/** PyTorch refuses in-place changes to a leaf that requires grad, or to a view of one. */
export function checkLeaf(
  op: string,
  leafRequiringGrad: boolean,
  base: { isLeaf: boolean; requiresGrad: boolean } | null,
): void {
  if (leafRequiringGrad) {
    throw new Error(
      `${op}: a leaf Variable that requires grad is being used in an in-place operation. ` +
        "Update parameters inside noGrad(() => ...), or clone() the tensor first.",
    );
  }
  if (base !== null && base.isLeaf && base.requiresGrad) {
    throw new Error(
      `${op}: a view of a leaf Variable that requires grad is being used in an in-place operation. ` +
        "Update parameters inside noGrad(() => ...), or clone() the tensor first.",
    );
  }
}

/** An expanded view has elements that share memory: writing to it is refused, as in PyTorch. */
export function checkOverlap(op: string, g: Geometry): void {
  if (hasInternalOverlap(g)) {
    throw new Error(
      `${op}: unsupported operation: more than one element of the written-to tensor refers to a ` +
        `single memory location (shape ${fmtShape(g.shape)}, strides ${fmtShape(g.strides)}). ` +
        "Please clone() the tensor before performing the operation.",
    );
  }
}

/** The result must fit the tensor: same shape after broadcasting, and a dtype it can hold. */
export function checkResult(
  op: string,
  dtype: DType,
  shape: readonly number[],
  rDtype: DType,
  rShape: readonly number[],
): void {
  if (isFloat(rDtype) && !isFloat(dtype)) {
    throw new TypeError(
      `${op}: result type ${rDtype} can't be cast to the desired output type ${dtype}`,
    );
  }
  const b = broadcastShapes(shape, rShape, op);
  if (b.length !== shape.length || b.some((d, i) => d !== shape[i])) {
    throw new RangeError(
      `${op}: output with shape ${fmtShape(shape)} doesn't match the broadcast shape ${fmtShape(b)} (in-place ops cannot grow a tensor)`,
    );
  }
}

/**
 * The base's new history after an in-place op on its view `at` (PyTorch's CopySlices): the
 * base's old values get the gradient outside the view, the op's result `written` the gradient
 * inside it.
 */
export function copySlices(base: GradTarget, written: GradTarget, at: Geometry): Node {
  return new Node(
    "CopySlices",
    [base, written],
    (g) => {
      const gBase = copy(g);
      scatterStrided(gBase.data, at, new Float64Array(at.shape.reduce((p, n) => p * n, 1)));
      return [gBase, gatherView(g, at)];
    },
    [],
  );
}
