import * as V from "../backend/strided.js";
import * as Mv from "../autograd/ops/movement.js";
import { normalizeDim } from "../util/shape.js";
import * as S from "./shapes.js";
import * as SF from "./shape_forms.js";
import { Tensor, type Methods } from "./core.js";

/**
 * Tensor's shape and movement methods: views on the same storage (see `Tensor.asView`) and
 * the shape functions composed over them.
 * Declared on Tensor by declaration merging; ./tensor.ts installs them on its prototype.
 */
declare module "./core.js" {
  interface Tensor {
    /** This tensor's elements in another shape: a view when the strides allow, else a copy. */
    reshape(...shape: (number | number[])[]): Tensor;
    /** A view with another shape (torch.Tensor.view); an error where the strides do not allow it. */
    view(...shape: (number | number[])[]): Tensor;
    /** The same data with dims startDim..endDim merged into one (torch.flatten). */
    flatten(startDim?: number, endDim?: number): Tensor;
    /** Without dimensions of size 1 (only `dim` when given), as `torch.squeeze`; a view. */
    squeeze(dim?: number): Tensor;
    /** With a dimension of size 1 inserted at `dim`, as `torch.unsqueeze`; a view. */
    unsqueeze(dim: number): Tensor;
    /**
     * The dimensions reordered: result dim i is this tensor's dim dims[i] (`torch.permute`); a view.
     */
    permute(...dims: (number | number[])[]): Tensor;
    /** Dimensions dim0 and dim1 swapped (`torch.transpose`); a view. */
    transpose(dim0: number, dim1: number): Tensor;
    /** Transpose of a matrix (a 0-d or 1-d tensor is returned as is), like `Tensor.t()`. */
    t(): Tensor;
    /** A view broadcast to `shape` (new and size-1 dims get stride 0; -1 keeps a size). */
    expand(...shape: (number | number[])[]): Tensor;
    /** Expanded to the shape of `o` (`torch.Tensor.expand_as`); a view. */
    expandAs(o: Tensor): Tensor;
    /** `length` elements from `start` along `dim` (torch.narrow); a negative start counts from the end. */
    narrow(dim: number, start: number, length: number): Tensor;
    /** Rows start..end-1 (every `step`-th) along `dim` (default 0), like `x[start:end:step]`. */
    slice(start: number, end?: number, dim?: number, step?: number): Tensor;
    /** The `index`-th entry along `dim`, with that dim removed (`x[:, i]` for dim 1). */
    select(dim: number, index: number): Tensor;
    /** The i-th entry along dim 0 (`x[i]`), with that dim removed. */
    index(i: number): Tensor;
    /** The diagonal of dims dim1, dim2 as a view whose last dim runs along it (torch.diagonal). */
    diagonal(offset?: number, dim1?: number, dim2?: number): Tensor;
    /** The tensor repeated reps[i] times along each dim (counts >= ndim). PyTorch: `Tensor.repeat`. */
    repeat(...reps: (number | number[])[]): Tensor;
    /** `repeat` that also takes fewer counts than dims (leading 1s). PyTorch: `Tensor.tile`. */
    tile(...reps: (number | number[])[]): Tensor;
    /** Entries in reverse order along each of `dims`. PyTorch: `Tensor.flip`. */
    flip(...dims: (number | number[])[]): Tensor;
    /** Entries shifted by `shifts` along `dims`, wrapping around (flattened without dims). PyTorch: `Tensor.roll`. */
    roll(shifts: number | number[], dims?: number | number[]): Tensor;
    /** `chunks` pieces along `dim` of ceil(n / chunks) entries (the last smaller). PyTorch: `Tensor.chunk`. */
    chunk(chunks: number, dim?: number): Tensor[];
    /** Pieces along `dim` of `size` entries each (the last smaller), or of the given sizes. PyTorch: `Tensor.split`. */
    split(size: number | number[], dim?: number): Tensor[];
    /** Every entry along `dim`, with that dim removed. PyTorch: `Tensor.unbind`. */
    unbind(dim?: number): Tensor[];
    /** Dims `source` moved to positions `destination`, the others keeping their order. PyTorch: `Tensor.movedim`. */
    movedim(source: number | number[], destination: number | number[]): Tensor;
    /** Dim `dim` split into `sizes` (one may be -1). PyTorch: `Tensor.unflatten`. */
    unflatten(dim: number, sizes: number[]): Tensor;
    /** Broadcast to `shape` (-1 keeps a dim). PyTorch: `Tensor.broadcast_to`. */
    broadcastTo(...shape: (number | number[])[]): Tensor;
  }
}

/** The methods declared above, which ./tensor.ts installs on Tensor's prototype. */
export const shapeMethods: Methods = {
  reshape(...shape) {
    const s = S.inferShape(shape.flat(), this.numel(), "reshape");
    if (!V.viewGeometry(this.geometry(), s)) return this.clone().view(s);
    return this.asView("ReshapeAliasBackward0", (g) => V.viewGeometry(g, s)!);
  },
  view(...shape) {
    const s = S.inferShape(shape.flat(), this.numel(), "view");
    S.checkViewable(V.viewGeometry(this.geometry(), s), this.shape, s);
    return this.asView("ViewBackward0", (g) => V.viewGeometry(g, s)!);
  },
  flatten(startDim = 0, endDim = -1) {
    return this.reshape(S.flattenShape(this.shape, startDim, endDim));
  },
  squeeze(dim) {
    const dims = S.squeezeDims(this.shape, dim);
    return this.asView(dim === undefined ? "SqueezeBackward0" : "SqueezeBackward1", (g) =>
      V.squeezeGeometry(g, dims),
    );
  },
  unsqueeze(dim) {
    const d = normalizeDim(dim, this.ndim + 1, "unsqueeze");
    return this.asView("UnsqueezeBackward0", (g) => V.unsqueezeGeometry(g, d));
  },
  permute(...dims) {
    const p = S.checkPerm(dims.flat(), this.ndim);
    return this.asView("PermuteBackward0", (g) => V.permuteGeometry(g, p));
  },
  transpose(dim0, dim1) {
    const p = S.swapPerm(this.ndim, dim0, dim1);
    return this.asView("TransposeBackward0", (g) => V.permuteGeometry(g, p));
  },
  t() {
    S.checkRankAtMost(this.shape, 2, "t");
    if (this.ndim < 2) return this.asView("TBackward0", (g) => g);
    const p = S.swapPerm(this.ndim, 0, 1);
    return this.asView("TBackward0", (g) => V.permuteGeometry(g, p));
  },
  expand(...shape) {
    const s = S.expandShape(this.shape, shape.flat());
    return this.asView("ExpandBackward0", (g) => V.expandGeometry(g, s));
  },
  expandAs(o) {
    return this.expand(o.shape);
  },
  narrow(dim, start, length) {
    const d = normalizeDim(dim, this.ndim, "narrow");
    if (start < 0 && start >= -this.shape[d]) start += this.shape[d];
    S.checkRange(this.shape, d, start, start + length, "narrow");
    return this.asView("SliceBackward0", (g) => V.narrowGeometry(g, d, start, length));
  },
  slice(start, end, dim = 0, step = 1) {
    const d = normalizeDim(dim, this.ndim, "slice");
    const [s, e] = S.sliceBounds(this.shape[d], start, end, step);
    return this.asView("SliceBackward0", (g) => V.sliceGeometry(g, d, s, e, step));
  },
  select(dim, index) {
    const d = normalizeDim(dim, this.ndim, "select");
    const i = S.checkIndex(index, this.shape[d], "select", d);
    return this.asView("SelectBackward0", (g) => V.selectGeometry(g, d, i));
  },
  index(i) {
    S.checkRank(this.shape, -1, "index");
    return this.select(0, i);
  },
  diagonal(offset = 0, dim1 = 0, dim2 = 1) {
    const [d1, d2] = S.diagonalDims(this.ndim, dim1, dim2);
    return this.asView("DiagonalBackward0", (g) => V.diagonalGeometry(g, offset, d1, d2));
  },
  repeat(...reps) {
    return Tensor.fused("RepeatBackward0", [this], (x) => SF.repeat(x, reps.flat()));
  },
  tile(...reps) {
    return Tensor.fused("RepeatBackward0", [this], (x) => SF.tile(x, reps.flat()));
  },
  flip(...dims) {
    return Tensor.fused("FlipBackward0", [this], (x) => SF.flip(x, dims.flat()));
  },
  roll(shifts, dims) {
    return Tensor.fused("RollBackward0", [this], (x) => SF.roll(x, shifts, dims, catOf));
  },
  chunk(chunks, dim = 0) {
    const d = normalizeDim(dim, this.ndim, "chunk");
    return pieces(this, "SplitBackward0", SF.chunkSizes(this.value.shape[d], chunks, d), d);
  },
  split(size, dim = 0) {
    const d = normalizeDim(dim, this.ndim, "split");
    const name = typeof size === "number" ? "SplitBackward0" : "SplitWithSizesBackward0";
    return pieces(this, name, SF.splitSizes(this.value.shape[d], size, d, "split"), d);
  },
  unbind(dim = 0) {
    const d = normalizeDim(dim, this.ndim, "unbind");
    return Array.from({ length: this.shape[d] }, (_, i) =>
      this.asView("UnbindBackward0", (g) => V.selectGeometry(g, d, i)),
    );
  },
  movedim(source, destination) {
    return this.permute(SF.movedimPerm(this.ndim, source, destination));
  },
  unflatten(dim, sizes) {
    return this.view(SF.unflattenShape(this.shape, dim, sizes));
  },
  broadcastTo(...shape) {
    return this.expand(...shape);
  },
};

/** Narrow views of the given sizes along `d`, each recorded under `name` (SplitBackward0, ...). */
function pieces(t: Tensor, name: string, sizes: number[], d: number): Tensor[] {
  let start = 0;
  return sizes.map((n) => {
    const at = (start += n) - n;
    return t.asView(name, (g) => V.narrowGeometry(g, d, at, n));
  });
}

/** cat over tensors of one dtype, for the compositions that need it. */
function catOf(ts: Tensor[], dim: number): Tensor {
  return Tensor.apply(
    "CatBackward0",
    Mv.cat(
      ts.map((t) => t.value),
      dim,
    ),
    ts,
  );
}
