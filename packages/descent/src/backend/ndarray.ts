import type { DType, TypedArray } from "../util/dtype.js";
import { allocate, checkAllocation, dtypeOfArray } from "../util/dtype.js";
import type { Shape } from "../util/shape.js";

/**
 * Storage: a contiguous, row-major typed array with its shape. Every tensor holds one; kernels
 * read and write them. (descent keeps all storage contiguous: view ops that would need strides
 * copy instead, which keeps every kernel a plain loop.)
 */
export class NDArray {
  readonly dtype: DType;

  constructor(
    readonly data: TypedArray,
    readonly shape: readonly number[],
  ) {
    this.dtype = dtypeOfArray(data);
  }

  /** Zeros of `shape`; sizes over descent's limit fail naming `op` (see `checkAllocation`). */
  static empty(dtype: DType, shape: Shape, op = "allocate"): NDArray {
    return new NDArray(allocate(dtype, checkAllocation(op, shape, dtype)), shape.slice());
  }

  get size(): number {
    return this.data.length;
  }

  get ndim(): number {
    return this.shape.length;
  }

  /** Same data, another shape of the same size (no copy). */
  reshaped(shape: readonly number[]): NDArray {
    return new NDArray(this.data, shape);
  }
}
