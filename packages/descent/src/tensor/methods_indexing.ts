import * as A from "../autograd/ops/arithmetic.js";
import * as Mv from "../autograd/ops/movement.js";
import * as Ix from "../autograd/ops/indexing.js";
import { normalizeDim } from "../util/shape.js";
import * as S from "./shapes.js";
import * as I from "./inplace.js";
import * as X from "./indexing.js";
import { Tensor, type Methods, operand, type Index } from "./core.js";

/**
 * Tensor's indexing and assignment methods: `get`/`set`, masks, index tensors, gather and
 * scatter (the index arithmetic is in ./indexing.ts).
 * Declared on Tensor by declaration merging; ./tensor.ts installs them on its prototype.
 */
declare module "./core.js" {
  interface Tensor {
    /**
     * `t[...index]` with PyTorch's rules: numbers (negative from the end), slices as strings
     * ("1:3", "::2", "-1:", ":"), null for a new axis, "..." for the rest, int32 tensors or number
     * arrays (advanced indexing, a copy) and bool masks. Basic indexing returns a view.
     */
    get(...index: Index[]): Tensor;
    /** `t[index] = value` in place, with broadcasting; recorded by autograd. */
    set(index: Index | Index[], value: Tensor | number): this;
    /** Writes `value` where `mask` (bool, broadcast to this shape) is true. */
    maskedFill_(mask: Tensor, value: Tensor | number): this;
    /** `this[indices] = values` (or `+=` with accumulate); one index tensor or null per dim. */
    indexPut_(
      indices: (Tensor | number[] | null)[],
      values: Tensor | number,
      accumulate?: boolean,
    ): this;
    /** Adds `alpha * source` into the slices `index` along `dim` (torch.Tensor.index_add_). */
    indexAdd_(dim: number, index: Tensor | number[], source: Tensor, alpha?: number): this;
    /** torch.Tensor.scatter_: this[..., index[i], ...] = src[i] along `dim` (+= with "add"). */
    scatter_(dim: number, index: Tensor, src: Tensor | number, reduce?: "add"): this;
    /** @internal writes `value` (broadcast to `shape`) at flat positions of this tensor. */
    putPositions_(
      p: Int32Array,
      shape: number[],
      value: Tensor | number,
      accumulate: boolean,
      op: string,
      name?: string,
    ): this;
    /** @internal the elements at flat positions of this tensor, in `shape`. */
    takePositions(p: Int32Array, shape: number[], name?: string): Tensor;
    /** This tensor with `value` where `mask` is true (torch.Tensor.masked_fill). */
    maskedFill(mask: Tensor, value: Tensor | number): Tensor;
    /** `this` where `cond` holds, `other` elsewhere (torch.Tensor.where). */
    where(cond: Tensor, other: Tensor | number): Tensor;
    /** Entries at the given indices along `dim` (torch.index_select); index is int32 or a list. */
    indexSelect(dim: number, index: Tensor | number[]): Tensor;
    /** torch.gather: out[i][j] = this[i][index[i][j]] along dim 1 (index may be smaller elsewhere). */
    gather(dim: number, index: Tensor): Tensor;
  }
}

/** The methods declared above, which ./tensor.ts installs on Tensor's prototype. */
export const indexingMethods: Methods = {
  get(...index) {
    return X.get(this, index);
  },
  set(index, value) {
    X.set(this, Array.isArray(index) ? (index as Index[]) : [index], value);
    return this;
  },
  maskedFill_(mask, value) {
    return this.inPlace("maskedFill_", I.tensors(value), (s) => s.maskedFill(mask, value));
  },
  indexPut_(indices, values, accumulate = false) {
    const [p, shape] = X.indexPutPositions(this, indices);
    return this.putPositions_(p, shape, values, accumulate, "indexPut_", "indexPut");
  },
  indexAdd_(dim, index, source, alpha = 1) {
    const [p, shape] = X.indexAddPositions(this, dim, index, source);
    return this.putPositions_(
      p,
      shape,
      alpha === 1 ? source : source.mul(alpha),
      true,
      "indexAdd_",
      "indexAdd",
    );
  },
  scatter_(dim, index, src, reduce) {
    const p = X.alongPositions(this, dim, index, "scatter_");
    const v = typeof src === "number" ? src : S.narrowTo(src, index.shape, "scatter_");
    const name = reduce === "add" ? "scatterAdd" : "scatter";
    return this.putPositions_(p, index.shape, v, reduce === "add", "scatter_", name);
  },
  putPositions_(p, shape, value, accumulate, op, name = "indexPut") {
    const v = operand(this, value, op);
    return this.inPlace(op, [v], (s) =>
      Tensor.apply(name, Ix.put(s.value, p, shape, v.value, accumulate), [s, v]),
    );
  },
  takePositions(p, shape, name = "IndexBackward0") {
    return Tensor.apply(name, Ix.take(this.value, p, shape), [this]);
  },
  maskedFill(mask, value) {
    S.checkMask(mask, "maskedFill");
    const v = operand(this, value, "maskedFill");
    return Tensor.apply("maskedFill", A.where(mask.value, v.value, this.value), [mask, v, this]);
  },
  where(cond, other) {
    S.checkMask(cond, "where");
    const o = operand(this, other, "where");
    return Tensor.apply("where", A.where(cond.value, this.value, o.value), [cond, this, o]);
  },
  indexSelect(dim, index) {
    const d = normalizeDim(dim, this.ndim, "indexSelect");
    const idx = S.checkIndices(index, this.value.shape[d], "indexSelect");
    return Tensor.apply("IndexSelectBackward0", Mv.indexSelect(this.value, d, idx), [this]);
  },
  gather(dim, index) {
    return this.takePositions(
      X.alongPositions(this, dim, index, "gather"),
      index.shape,
      "GatherBackward0",
    );
  },
};
