import type { Tensor } from "../tensor/index.js";
import { fmtShape } from "../util/shape.js";

/**
 * A map-style data set: `length` samples, sample `i` from `get(i)`, like `torch.utils.data.Dataset`
 * (`__len__` and `__getitem__`). A sample is what `DataLoader` batches: one tensor, or a tuple of
 * tensors such as `[x, y]`.
 *
 * ```ts
 * const squares: Dataset<Tensor[]> = {
 *   length: 10,
 *   get: (i) => [tensor([i]), tensor([i * i])],
 * };
 * ```
 */
export interface Dataset<T = Tensor[]> {
  /** The number of samples. */
  readonly length: number;
  /** Sample `i`, for `0 <= i < length`. */
  get(i: number): T;
}

/**
 * A data set over tensors that share their first dimension: sample `i` is `[t[i] for t in tensors]`,
 * like `torch.utils.data.TensorDataset`.
 *
 * `tensors`: one or more tensors of shapes `[N, *]` (features `[N, F]`, labels `[N]`, images
 * `[N, C, H, W]`...). `DataLoader` gathers whole batches from them with `indexSelect` instead of
 * stacking samples one by one.
 *
 * ```ts
 * const ds = new TensorDataset(X, y);  // X: [100, 4], y: [100]
 * ds.length;                           // 100
 * const [x0, y0] = ds.get(0);          // x0: [4], y0: [] (a scalar tensor)
 * ```
 *
 * PyTorch: `TensorDataset(X, y)`; `ds[i]` is `ds.get(i)`.
 */
export class TensorDataset implements Dataset<Tensor[]> {
  readonly tensors: readonly Tensor[];

  constructor(...tensors: Tensor[]) {
    if (tensors.length === 0) {
      throw new RangeError("TensorDataset: expected at least one tensor");
    }
    tensors.forEach((t, k) => {
      if (t.ndim === 0) {
        throw new RangeError(
          `TensorDataset: tensor ${k} is a scalar (shape []); every tensor needs a first dimension of samples`,
        );
      }
    });
    const n = tensors[0].shape[0];
    tensors.forEach((t, k) => {
      if (t.shape[0] !== n) {
        throw new RangeError(
          `TensorDataset: size mismatch between tensors: tensor 0 has ${n} samples (shape ${fmtShape(tensors[0].shape)}), tensor ${k} has ${t.shape[0]} (shape ${fmtShape(t.shape)}); all tensors must have the same first dimension`,
        );
      }
    });
    this.tensors = tensors.slice();
  }

  get length(): number {
    return this.tensors[0].shape[0];
  }

  /** Sample `i`: row `i` of each tensor (negative `i` counts from the end). */
  get(i: number): Tensor[] {
    return this.tensors.map((t) => t.index(i));
  }

  toString(): string {
    return `TensorDataset(${this.tensors.map((t) => fmtShape(t.shape)).join(", ")})`;
  }
}
