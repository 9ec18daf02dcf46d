import { NDArray } from "../backend/ndarray.js";
import { cast as castKernel, copy as copyKernel } from "../backend/kernels/cast.js";
import * as K from "../backend/kernels/binary.js";
import { runBackward } from "../autograd/engine.js";
import { isGradEnabled } from "../autograd/grad_mode.js";
import type { GradTarget, OpResult } from "../autograd/node.js";
import { Node } from "../autograd/node.js";
import * as A from "../autograd/ops/arithmetic.js";
import * as U from "../autograd/ops/unary.js";
import * as R from "../autograd/ops/reduce.js";
import * as Mv from "../autograd/ops/movement.js";
import { matmul as matmulOp } from "../autograd/ops/matmul.js";
import type { DType, TypedArray } from "../util/dtype.js";
import { checkDType, floatTypeOf, isFloat } from "../util/dtype.js";
import { fmtShape, normalizeDim } from "../util/shape.js";
import { formatTensor } from "./format.js";
import { scalarFor } from "./scalar.js";
import * as S from "./shapes.js";

export type NestedArray = number | boolean | NestedArray[];

/** What `max(dim)` / `min(dim)` return: a pair that also has names, like PyTorch's namedtuple. */
export type ValuesIndices = [Tensor, Tensor] & { values: Tensor; indices: Tensor };

/**
 * An n-dimensional array that records the operations applied to it, so that `backward()` can
 * compute gradients. Mirrors `torch.Tensor` in camelCase; every method is a thin call into a
 * differentiable primitive (src/autograd/ops) or a kernel.
 */
export class Tensor implements GradTarget {
  /** Storage (contiguous typed array and shape). */
  readonly value: NDArray;
  private _requiresGrad = false;
  private _gradFn: Node | null = null;
  private _retainsGrad = false;
  /** @internal the engine accumulates gradients here. */
  gradValue: NDArray | null = null;

  constructor(value: NDArray, requiresGrad = false) {
    this.value = value;
    if (requiresGrad) this.requiresGrad = true;
  }

  /**
   * Runs a primitive on these inputs, recording it for backward when any input requires grad and
   * the result is floating point (an int or bool result, like `x.int()`, is not differentiable).
   */
  static apply(name: string, r: OpResult, inputs: readonly Tensor[]): Tensor {
    const t = new Tensor(r.out);
    if (isGradEnabled() && isFloat(r.out.dtype)) {
      for (const x of inputs) {
        if (x._requiresGrad) {
          t._requiresGrad = true;
          t._gradFn = new Node(name, inputs, r.backward);
          break;
        }
      }
    }
    return t;
  }

  // ---- properties -------------------------------------------------------------------------
  get shape(): number[] {
    return this.value.shape.slice();
  }
  get dtype(): DType {
    return this.value.dtype;
  }
  get ndim(): number {
    return this.value.ndim;
  }
  get gradFn(): Node | null {
    return this._gradFn;
  }
  get isLeaf(): boolean {
    return this._gradFn === null;
  }
  get retainsGrad(): boolean {
    return this._retainsGrad;
  }
  get requiresGrad(): boolean {
    return this._requiresGrad;
  }
  set requiresGrad(v: boolean) {
    if (!this.isLeaf && !v)
      throw new Error(
        "requiresGrad: you can only change requiresGrad of leaf tensors; use detach() instead",
      );
    if (v && this.dtype !== "float32" && this.dtype !== "float64")
      throw new TypeError(
        `requiresGrad: only floating point tensors can require gradients (this one is ${this.dtype})`,
      );
    this._requiresGrad = v;
  }
  /** The accumulated gradient (a leaf's after backward), or null. */
  get grad(): Tensor | null {
    return this.gradValue ? new Tensor(this.gradValue) : null;
  }
  set grad(g: Tensor | null) {
    this.gradValue = g === null ? null : g.value;
  }
  /** A tensor sharing this one's storage but outside the graph, like PyTorch's `.data`. */
  get data(): Tensor {
    return this.detach();
  }

  numel(): number {
    return this.value.size;
  }
  size(dim?: number): number | number[] {
    return dim === undefined ? this.shape : this.value.shape[normalizeDim(dim, this.ndim, "size")];
  }
  requiresGrad_(v = true): this {
    this.requiresGrad = v;
    return this;
  }
  retainGrad(): this {
    if (!this.isLeaf) this._retainsGrad = true;
    return this;
  }

  // ---- conversion -------------------------------------------------------------------------
  item(): number {
    return S.item(this.value);
  }
  tolist(): NestedArray {
    return S.tolist(this.value);
  }
  /** A copy of the elements as a flat typed array (row-major). */
  toTypedArray(): TypedArray {
    return this.value.data.slice();
  }
  toString(): string {
    return formatTensor(this.value, this.extras());
  }
  [Symbol.for("nodejs.util.inspect.custom")](): string {
    return this.toString();
  }
  private extras(): string[] {
    if (this._gradFn) return [`grad_fn=${this._gradFn.toString()}`];
    return this._requiresGrad ? ["requires_grad=True"] : [];
  }
  detach(): Tensor {
    return new Tensor(this.value);
  }
  clone(): Tensor {
    return Tensor.apply("clone", { out: copyKernel(this.value), backward: (g) => [g] }, [this]);
  }
  to(dtype: DType): Tensor {
    checkDType(dtype, "to");
    return dtype === this.dtype ? this : Tensor.apply("toCopy", U.cast(this.value, dtype), [this]);
  }
  float(): Tensor {
    return this.to("float32");
  }
  double(): Tensor {
    return this.to("float64");
  }
  int(): Tensor {
    return this.to("int32");
  }
  long(): Tensor {
    return this.to("int32");
  }
  bool(): Tensor {
    return this.to("bool");
  }

  // ---- autograd ---------------------------------------------------------------------------
  /**
   * Computes the gradient of this tensor with respect to the graph's leaves and adds it into
   * their `.grad`. A scalar needs no `gradient`; any other tensor needs one of its shape.
   */
  backward(gradient?: Tensor, opts: { retainGraph?: boolean } = {}): void {
    let g: NDArray;
    if (gradient === undefined) {
      if (this.numel() !== 1)
        throw new Error(
          `backward: grad can be implicitly created only for scalar outputs (this tensor has shape ${fmtShape(this.value.shape)}); pass a gradient of that shape`,
        );
      g = castKernel(new NDArray(new Float64Array([1]), this.value.shape), this.dtype);
    } else g = castKernel(gradient.value, this.dtype);
    runBackward(this, g, opts.retainGraph ?? false);
  }

  // ---- in-place (for hand-written optimizers, under noGrad) -------------------------------
  private checkInPlace(op: string): void {
    if (isGradEnabled() && this._requiresGrad && this.isLeaf)
      throw new Error(
        `${op}: a leaf tensor that requires grad is being used in an in-place operation; wrap the update in noGrad(() => ...)`,
      );
  }
  sub_(other: Tensor | number): this {
    this.checkInPlace("sub_");
    return this.assign(this.sub(other), "sub_");
  }
  add_(other: Tensor | number): this {
    this.checkInPlace("add_");
    return this.assign(this.add(other), "add_");
  }
  mul_(other: Tensor | number): this {
    this.checkInPlace("mul_");
    return this.assign(this.mul(other), "mul_");
  }
  zero_(): this {
    this.value.data.fill(0);
    return this;
  }
  copy_(src: Tensor): this {
    this.checkInPlace("copy_");
    return this.assign(src, "copy_");
  }
  private assign(src: Tensor, op: string): this {
    S.checkInPlaceShape(this.value, src.value, op);
    const v = K.expandTo(castKernel(src.value, this.dtype), this.value.shape, op);
    this.value.data.set(v.data);
    return this;
  }

  // ---- elementwise ------------------------------------------------------------------------
  private operand(o: Tensor | number, op: string): Tensor {
    return typeof o === "number" ? new Tensor(scalarFor(this.dtype, o)) : S.checkTensor(o, op);
  }
  add(o: Tensor | number, alpha = 1): Tensor {
    const b = alpha === 1 ? this.operand(o, "add") : this.operand(o, "add").mul(alpha);
    return Tensor.apply("add", A.add(this.value, b.value), [this, b]);
  }
  sub(o: Tensor | number, alpha = 1): Tensor {
    const b = alpha === 1 ? this.operand(o, "sub") : this.operand(o, "sub").mul(alpha);
    return Tensor.apply("sub", A.sub(this.value, b.value), [this, b]);
  }
  mul(o: Tensor | number): Tensor {
    const b = this.operand(o, "mul");
    return Tensor.apply("mul", A.mul(this.value, b.value), [this, b]);
  }
  div(o: Tensor | number): Tensor {
    const b = this.operand(o, "div");
    return Tensor.apply("div", A.div(this.value, b.value), [this, b]);
  }
  pow(o: Tensor | number): Tensor {
    return typeof o === "number"
      ? Tensor.apply("pow", U.powScalar(this.value, o), [this])
      : Tensor.apply("pow", A.pow(this.value, S.checkTensor(o, "pow").value), [this, o]);
  }
  /** other - this, for `1 - x` written as `x.rsub(1)`. */
  rsub(o: Tensor | number): Tensor {
    return this.operand(o, "rsub").sub(this);
  }
  maximum(o: Tensor): Tensor {
    return Tensor.apply("maximum", A.extremum(this.value, o.value, true), [this, o]);
  }
  minimum(o: Tensor): Tensor {
    return Tensor.apply("minimum", A.extremum(this.value, o.value, false), [this, o]);
  }
  neg(): Tensor {
    return Tensor.apply("neg", U.neg(this.value), [this]);
  }
  exp(): Tensor {
    return Tensor.apply("exp", U.exp(this.value), [this]);
  }
  log(): Tensor {
    return Tensor.apply("log", U.log(this.value), [this]);
  }
  sqrt(): Tensor {
    return Tensor.apply("sqrt", U.sqrt(this.value), [this]);
  }
  abs(): Tensor {
    return Tensor.apply("abs", U.abs(this.value), [this]);
  }
  square(): Tensor {
    return this.mul(this);
  }
  sigmoid(): Tensor {
    return Tensor.apply("sigmoid", U.sigmoid(this.value), [this]);
  }
  tanh(): Tensor {
    return Tensor.apply("tanh", U.tanh(this.value), [this]);
  }
  relu(): Tensor {
    return Tensor.apply("relu", U.relu(this.value), [this]);
  }
  clamp(min?: number | null, max?: number | null): Tensor {
    S.checkClamp(min, max);
    return Tensor.apply("clamp", U.clamp(this.value, min ?? -Infinity, max ?? Infinity), [this]);
  }

  // ---- comparisons (bool results, not differentiable) -------------------------------------
  private compare(o: Tensor | number, f: Parameters<typeof K.binary>[2], op: string): Tensor {
    const b = this.operand(o, op);
    S.checkBroadcast(this.value, b.value, op);
    return new Tensor(K.binary(this.value, b.value, f, "bool", op));
  }
  eq(o: Tensor | number): Tensor {
    return this.compare(o, K.EQ, "eq");
  }
  ne(o: Tensor | number): Tensor {
    return this.compare(o, K.NE, "ne");
  }
  gt(o: Tensor | number): Tensor {
    return this.compare(o, K.GT, "gt");
  }
  ge(o: Tensor | number): Tensor {
    return this.compare(o, K.GE, "ge");
  }
  lt(o: Tensor | number): Tensor {
    return this.compare(o, K.LT, "lt");
  }
  le(o: Tensor | number): Tensor {
    return this.compare(o, K.LE, "le");
  }

  // ---- reductions -------------------------------------------------------------------------
  sum(dim?: number | number[] | null, keepdim = false): Tensor {
    const dims = S.reduceDims(dim, this.ndim, "sum");
    return Tensor.apply(
      "sum",
      R.sum(this.value, dims, keepdim, this.dtype === "bool" ? "int32" : this.dtype),
      [this],
    );
  }
  mean(dim?: number | number[] | null, keepdim = false): Tensor {
    S.checkFloatReduce(this.dtype, "mean");
    const dims = S.reduceDims(dim, this.ndim, "mean");
    const n =
      dims.length === 0 ? this.numel() : dims.reduce((p, d) => p * (this.value.shape[d] ?? 1), 1);
    return this.sum(dims, keepdim).div(n);
  }
  max(): Tensor;
  max(dim: number, keepdim?: boolean): ValuesIndices;
  max(dim?: number, keepdim = false): Tensor | ValuesIndices {
    return this.extreme(true, dim, keepdim);
  }
  min(): Tensor;
  min(dim: number, keepdim?: boolean): ValuesIndices;
  min(dim?: number, keepdim = false): Tensor | ValuesIndices {
    return this.extreme(false, dim, keepdim);
  }
  /** max or min (`name` says which op the user called, for messages: argmax names itself). */
  private extreme(
    isMax: boolean,
    dim: number | undefined,
    keepdim: boolean,
    name?: string,
  ): Tensor | ValuesIndices {
    const op = isMax ? "max" : "min";
    const said = name ?? op;
    if (dim === undefined) return Tensor.apply(op, R.extremeAll(this.value, isMax), [this]);
    const d = normalizeDim(dim, this.ndim, said);
    S.checkNonEmptyDim(this.value, d, said);
    const { result, indices } = R.extremeDim(this.value, d, keepdim, isMax);
    const values = Tensor.apply(op, result, [this]);
    const idx = new Tensor(indices);
    return Object.assign([values, idx] as [Tensor, Tensor], { values, indices: idx });
  }
  argmax(dim?: number, keepdim = false): Tensor {
    return this.argExtreme(true, dim, keepdim, "argmax");
  }
  argmin(dim?: number, keepdim = false): Tensor {
    return this.argExtreme(false, dim, keepdim, "argmin");
  }
  private argExtreme(isMax: boolean, dim: number | undefined, keepdim: boolean, op: string) {
    const x = dim === undefined ? this.flatten() : this;
    return (x.extreme(isMax, dim ?? 0, dim === undefined ? false : keepdim, op) as ValuesIndices)
      .indices;
  }
  softmax(dim: number): Tensor {
    const d = normalizeDim(dim, this.ndim, "softmax");
    return Tensor.apply("softmax", R.softmax(this.value, d, floatTypeOf(this.dtype)), [this]);
  }
  logSoftmax(dim: number): Tensor {
    const d = normalizeDim(dim, this.ndim, "logSoftmax");
    return Tensor.apply("logSoftmax", R.logSoftmax(this.value, d, floatTypeOf(this.dtype)), [this]);
  }

  // ---- linear algebra ---------------------------------------------------------------------
  /** Matrix product with PyTorch's rules for 1-D, 2-D and batched (broadcast) operands. */
  matmul(o: Tensor): Tensor {
    S.checkTensor(o, "matmul");
    S.checkMatmul(this.value, o.value);
    const a = this.ndim === 1 ? this.unsqueeze(0) : this;
    const b = o.ndim === 1 ? o.unsqueeze(1) : o;
    let r = Tensor.apply("mm", matmulOp(a.value, b.value), [a, b]);
    if (this.ndim === 1) r = r.squeeze(-2);
    if (o.ndim === 1) r = r.squeeze(-1);
    return r;
  }
  mm(o: Tensor): Tensor {
    S.checkRank(this.value, 2, "mm");
    S.checkRank(o.value, 2, "mm");
    return this.matmul(o);
  }

  // ---- shape and movement -----------------------------------------------------------------
  reshape(...shape: (number | number[])[]): Tensor {
    const s = S.inferShape(shape.flat(), this.numel(), "reshape");
    return Tensor.apply("reshape", Mv.reshape(this.value, s), [this]);
  }
  view(...shape: (number | number[])[]): Tensor {
    const s = S.inferShape(shape.flat(), this.numel(), "view");
    return Tensor.apply("view", Mv.reshape(this.value, s), [this]);
  }
  flatten(startDim = 0, endDim = -1): Tensor {
    return this.reshape(S.flattenShape(this.value.shape, startDim, endDim));
  }
  squeeze(dim?: number): Tensor {
    return this.reshape(S.squeezeShape(this.value.shape, dim));
  }
  unsqueeze(dim: number): Tensor {
    return this.reshape(S.unsqueezeShape(this.value.shape, dim));
  }
  permute(...dims: (number | number[])[]): Tensor {
    const p = S.checkPerm(dims.flat(), this.ndim);
    return Tensor.apply("permute", Mv.permute(this.value, p), [this]);
  }
  transpose(dim0: number, dim1: number): Tensor {
    return this.permute(S.swapPerm(this.ndim, dim0, dim1));
  }
  /** Transpose of a matrix (a 0-d or 1-d tensor is returned as is), like `Tensor.t()`. */
  t(): Tensor {
    S.checkRankAtMost(this.value, 2, "t");
    return this.ndim < 2 ? this : this.transpose(0, 1);
  }
  get T(): Tensor {
    return this.permute([...this.shape.keys()].reverse());
  }
  expand(...shape: (number | number[])[]): Tensor {
    const s = S.expandShape(this.value.shape, shape.flat());
    return Tensor.apply("expand", Mv.expand(this.value, s), [this]);
  }
  expandAs(o: Tensor): Tensor {
    return this.expand(o.shape);
  }
  /** `length` elements from `start` along `dim` (torch.narrow); a negative start counts from the end. */
  narrow(dim: number, start: number, length: number): Tensor {
    const d = normalizeDim(dim, this.ndim, "narrow");
    if (start < 0 && start >= -this.value.shape[d]) start += this.value.shape[d];
    S.checkRange(this.value, d, start, start + length, "narrow");
    return Tensor.apply("narrow", Mv.narrow(this.value, d, start, length), [this]);
  }
  /** Rows start..end-1 along `dim` (default 0), like `x[start:end]`; negative indices count from the end. */
  slice(start: number, end?: number, dim = 0): Tensor {
    const d = normalizeDim(dim, this.ndim, "slice");
    const [s, e] = S.sliceBounds(this.value.shape[d], start, end);
    return this.narrow(d, s, e - s);
  }
  /** The i-th entry along dim 0 (`x[i]`), with that dim removed. */
  index(i: number): Tensor {
    S.checkRank(this.value, -1, "index");
    const n = this.value.shape[0];
    const j = S.checkIndex(i, n, "index");
    return this.narrow(0, j, 1).squeeze(0);
  }
  /** Entries at the given indices along `dim` (torch.index_select); index is int32 or a list. */
  indexSelect(dim: number, index: Tensor | number[]): Tensor {
    const d = normalizeDim(dim, this.ndim, "indexSelect");
    const idx = S.checkIndices(index, this.value.shape[d], "indexSelect");
    return Tensor.apply("indexSelect", Mv.indexSelect(this.value, d, idx), [this]);
  }
  /** torch.gather: out[i][j] = this[i][index[i][j]] along dim 1 (and likewise for other dims). */
  gather(dim: number, index: Tensor): Tensor {
    const d = normalizeDim(dim, this.ndim, "gather");
    S.checkGather(this.value, d, index.value);
    return Tensor.apply("gather", Mv.gather(this.value, d, index.value), [this, index]);
  }
}
