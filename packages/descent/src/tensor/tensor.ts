import { NDArray } from "../backend/ndarray.js";
import type { Geometry, Storage } from "../backend/strided.js";
import * as V from "../backend/strided.js";
import { Storage as StorageClass } from "../backend/strided.js";
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
import * as Ix from "../autograd/ops/indexing.js";
import { matmul as matmulOp } from "../autograd/ops/matmul.js";
import type { DType, TypedArray } from "../util/dtype.js";
import { checkDType, floatTypeOf, isFloat } from "../util/dtype.js";
import { fmtShape, normalizeDim, numelOf, stridesOf } from "../util/shape.js";
import type { Generator } from "../util/random/generator.js";
import { defaultGenerator } from "../util/random/generator.js";
import { formatTensor } from "./format.js";
import { scalarFor } from "./scalar.js";
import * as S from "./shapes.js";
import * as I from "./inplace.js";
import type { Index as IndexOf } from "./indexing.js";
import * as X from "./indexing.js";

export type NestedArray = number | boolean | NestedArray[];

/** One index of `get` / `set`: a number, a slice string, null, "...", an index tensor or array. */
export type Index = IndexOf<Tensor>;

/** What `max(dim)` / `min(dim)` return: a pair that also has names, like PyTorch's namedtuple. */
export type ValuesIndices = [Tensor, Tensor] & { values: Tensor; indices: Tensor };

/**
 * An n-dimensional array that records the operations applied to it, so that `backward()` can
 * compute gradients. Mirrors `torch.Tensor` in camelCase; every method is a thin call into a
 * differentiable primitive (src/autograd/ops) or a kernel.
 */
/** The placeholder value of a tensor made on a storage (replaced before anyone reads it). */
const NO_VALUE = new NDArray(new Float32Array(0), [0]);

export class Tensor implements GradTarget {
  /** Contiguous data of this tensor when it has been worked out (always, for op results). */
  private _value: NDArray | null;
  /** Shared with views; made on demand for op results, which own their data. */
  private _storage: Storage | null = null;
  private _offset = 0;
  private _shape: readonly number[];
  /** null: contiguous row-major strides. */
  private _strides: readonly number[] | null = null;
  /** Whether the elements are one contiguous run of the storage. */
  private _contiguous = true;
  /** For a view: the tensor it views (never itself a view), as PyTorch's `._base`. */
  private _base: Tensor | null = null;
  /** For a view: its elements' positions in its base's logical (row-major) layout. */
  private _inBase: Geometry | null = null;
  /** For a view: the base's gradFn when this view's gradFn was made (see refreshView). */
  private _baseFn: Node | null = null;
  private _requiresGrad = false;
  private _gradFn: Node | null = null;
  private _retainsGrad = false;
  /** @internal the engine accumulates gradients here. */
  gradValue: NDArray | null = null;

  constructor(value: NDArray, requiresGrad = false) {
    this._value = value;
    this._shape = value.shape;
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
        if (x._base !== null) x.refreshView();
        if (x._requiresGrad) {
          t.record(new Node(name, inputs, r.backward, r.saves));
          break;
        }
      }
    }
    return t;
  }

  private record(node: Node): void {
    this._requiresGrad = true;
    this._gradFn = node;
    node.seal(this);
  }

  // ---- storage and views ------------------------------------------------------------------
  /**
   * The elements as a contiguous array: the storage itself (or a subarray of it) when they are
   * contiguous, else a copy. Every kernel reads its inputs through this, the one place where a
   * strided view is made contiguous.
   */
  get value(): NDArray {
    return this._value ?? this.contiguousValue();
  }
  private contiguousValue(): NDArray {
    const st = this._storage!;
    if (!this._contiguous)
      return V.gatherView(new NDArray(st.data, [st.data.length]), this.geometry());
    const n = numelOf(this._shape);
    const whole = this._offset === 0 && n === st.data.length;
    const data = whole ? st.data : st.data.subarray(this._offset, this._offset + n);
    return (this._value = new NDArray(data, this._shape));
  }
  /** The storage this tensor and its views share (PyTorch's `untyped_storage()`). */
  untypedStorage(): Storage {
    return (this._storage ??= new StorageClass(this._value!.data));
  }
  /** Whether the two tensors view the same storage. */
  sharesStorage(other: Tensor): boolean {
    return this.untypedStorage() === other.untypedStorage();
  }
  /** The storage's version counter, bumped by every in-place write (PyTorch's `_version`). */
  get version(): number {
    return this._storage === null ? 0 : this._storage.version;
  }
  /** @internal (GradTarget) whether `d` is this tensor's data, without copying anything. */
  holdsData(d: TypedArray): boolean {
    return this._value?.data === d || this._storage?.data === d;
  }
  /** Offset, shape and strides of the elements in the storage. */
  geometry(): Geometry {
    return { offset: this._offset, shape: this._shape, strides: this.stride() };
  }
  stride(): number[];
  stride(dim: number): number;
  stride(dim?: number): number | number[] {
    const s = this._strides ?? stridesOf(this._shape);
    return dim === undefined ? s.slice() : s[normalizeDim(dim, this.ndim, "stride")];
  }
  storageOffset(): number {
    return this._offset;
  }
  /** Whether the elements are row-major without gaps, as `Tensor.is_contiguous()`. */
  isContiguous(): boolean {
    return this._contiguous && V.isContiguous(this._shape, this.stride());
  }
  /** This tensor when contiguous, else a contiguous copy (differentiable). */
  contiguous(): Tensor {
    return this.isContiguous() ? this : this.clone();
  }
  /** The view's base tensor (PyTorch's `._base`), or null. */
  get base(): Tensor | null {
    return this._base;
  }

  /** A tensor on `storage` at geometry `g` (a view; autograd is set up by the caller). */
  private static onStorage(storage: Storage, g: Geometry): Tensor {
    const t = new Tensor(NO_VALUE);
    t._value = null;
    t._storage = storage;
    t._offset = g.offset;
    t._shape = g.shape;
    t._strides = g.strides;
    t._contiguous = V.isContiguous(g.shape, g.strides);
    return t;
  }

  /**
   * The view of this tensor at geometry `f(this)`, sharing storage. Its gradient is `g` placed
   * at the view's positions (the same `f` applied to this tensor's logical layout).
   */
  private asView(name: string, f: (g: Geometry) => Geometry): Tensor {
    const v = Tensor.onStorage(this.untypedStorage(), f(this.geometry()));
    const base = this._base ?? this;
    if (this._base !== null) this.refreshView();
    v._base = base;
    v._inBase = f(this._inBase ?? V.contiguousGeometry(this._shape));
    v._baseFn = base._gradFn;
    if (isGradEnabled() && this._requiresGrad) {
      const shape = this._shape;
      const rel = f(V.contiguousGeometry(shape));
      v.record(new Node(name, [this], (g) => [V.viewBackward(g, shape, rel)], []));
    }
    return v;
  }

  /**
   * A view's gradFn follows its base: after an in-place op changed the base's history, the view
   * is recomputed from the new base (PyTorch's AsStridedBackward0).
   */
  private refreshView(): void {
    const base = this._base!;
    if (base._gradFn === this._baseFn) return;
    this._baseFn = base._gradFn;
    if (!base._requiresGrad) return;
    const shape = base._shape;
    const rel = this._inBase!;
    this.record(new Node("asStrided", [base], (g) => [V.viewBackward(g, shape, rel)], []));
  }

  /**
   * Writes `compute(self)` into this tensor's elements (through to its base), bumping the
   * storage's version, and records it as PyTorch does: the tensor's history becomes the op's
   * node, or for a view the base's becomes CopySlices. `others` are the op's other tensors.
   */
  private inPlace(op: string, others: readonly Tensor[], compute: (self: Tensor) => Tensor): this {
    const grad = isGradEnabled();
    if (grad) I.checkLeaf(op, this.isLeaf && this.requiresGrad, this._base);
    const geom = this.geometry();
    I.checkOverlap(op, geom);
    const tracked = grad && (this.requiresGrad || others.some((o) => o.requiresGrad));
    // Recorded ops read a copy of the old values, which the write below overwrites.
    const r = compute(tracked ? this.clone() : this);
    I.checkResult(op, this.dtype, this._shape, r.dtype, r._shape);
    const same = S.sameShape(r._shape, this._shape);
    const out = K.expandTo(castKernel(r.value, this.dtype), this._shape, op);
    const st = this.untypedStorage();
    if (this._contiguous) st.data.set(out.data, this._offset);
    else V.scatterStrided(st.data, geom, out.data);
    st.version++;
    if (!tracked) return this;
    const t = (same ? r : r.expand(this.shape)).to(this.dtype);
    if (t._gradFn === null) return this;
    if (this._base === null) this.record(t._gradFn);
    else this._base.record(I.copySlices(this._base, t, this._inBase!));
    return this;
  }

  // ---- properties -------------------------------------------------------------------------
  get shape(): number[] {
    return this._shape.slice();
  }
  get dtype(): DType {
    return (this._value ?? this._storage!).dtype;
  }
  get ndim(): number {
    return this._shape.length;
  }
  get gradFn(): Node | null {
    if (this._base !== null) this.refreshView();
    return this._gradFn;
  }
  get isLeaf(): boolean {
    return this.gradFn === null;
  }
  get retainsGrad(): boolean {
    return this._retainsGrad;
  }
  get requiresGrad(): boolean {
    if (this._base !== null) this.refreshView();
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
    return numelOf(this._shape);
  }
  size(): number[];
  size(dim: number): number;
  size(dim?: number): number | number[] {
    return dim === undefined ? this.shape : this._shape[normalizeDim(dim, this.ndim, "size")];
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
    return this._contiguous ? this.value.data.slice() : this.value.data;
  }
  toString(): string {
    return formatTensor(this.value, this.extras());
  }
  [Symbol.for("nodejs.util.inspect.custom")](): string {
    return this.toString();
  }
  private extras(): string[] {
    if (this.gradFn) return [`grad_fn=${this.gradFn.toString()}`];
    return this._requiresGrad ? ["requires_grad=True"] : [];
  }
  /** A tensor on the same storage (same elements, in-place writes shared) outside the graph. */
  detach(): Tensor {
    return Tensor.onStorage(this.untypedStorage(), this.geometry());
  }
  /** A copy with its own storage, differentiable (gradient passes through). */
  clone(): Tensor {
    const v = this.value;
    const out = this._contiguous ? copyKernel(v) : v;
    return Tensor.apply("clone", { out, backward: (g) => [g], saves: [] }, [this]);
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
          `backward: grad can be implicitly created only for scalar outputs (this tensor has shape ${fmtShape(this._shape)}); pass a gradient of that shape`,
        );
      g = castKernel(new NDArray(new Float64Array([1]), this._shape), this.dtype);
    } else g = castKernel(gradient.value, this.dtype);
    runBackward(this, g, opts.retainGraph ?? false);
  }

  // ---- in-place (trailing underscore: write into this tensor and its views' storage) ------
  add_(o: Tensor | number, alpha = 1): this {
    return this.inPlace("add_", I.tensors(o), (s) => s.add(o, alpha));
  }
  sub_(o: Tensor | number, alpha = 1): this {
    return this.inPlace("sub_", I.tensors(o), (s) => s.sub(o, alpha));
  }
  mul_(o: Tensor | number): this {
    return this.inPlace("mul_", I.tensors(o), (s) => s.mul(o));
  }
  div_(o: Tensor | number): this {
    return this.inPlace("div_", I.tensors(o), (s) => s.div(o));
  }
  pow_(o: Tensor | number): this {
    return this.inPlace("pow_", I.tensors(o), (s) => s.pow(o));
  }
  clamp_(min?: number | null, max?: number | null): this {
    return this.inPlace("clamp_", [], (s) => s.clamp(min, max));
  }
  neg_(): this {
    return this.inPlace("neg_", [], (s) => s.neg());
  }
  exp_(): this {
    return this.inPlace("exp_", [], (s) => s.exp());
  }
  log_(): this {
    return this.inPlace("log_", [], (s) => s.log());
  }
  sqrt_(): this {
    return this.inPlace("sqrt_", [], (s) => s.sqrt());
  }
  abs_(): this {
    return this.inPlace("abs_", [], (s) => s.abs());
  }
  sigmoid_(): this {
    return this.inPlace("sigmoid_", [], (s) => s.sigmoid());
  }
  tanh_(): this {
    return this.inPlace("tanh_", [], (s) => s.tanh());
  }
  relu_(): this {
    return this.inPlace("relu_", [], (s) => s.relu());
  }
  /** Fills with `value`; the old values get no gradient. */
  fill_(value: number): this {
    return this.inPlace("fill_", [], (s) =>
      Tensor.apply("fill", Ix.fill(s.dtype, s._shape, value), [s]),
    );
  }
  zero_(): this {
    return this.fill_(0);
  }
  /** Copies `src` (broadcast to this shape, cast to this dtype) into this tensor. */
  copy_(src: Tensor): this {
    S.checkTensor(src, "copy_");
    return this.inPlace("copy_", [src], (s) =>
      Tensor.apply("copy", Ix.copyFrom(src.value, s._shape, s.dtype), [s, src]),
    );
  }
  /** Fills with N(mean, std^2) samples (torch.Tensor.normal_). */
  normal_(mean = 0, std = 1, opts: { generator?: Generator } = {}): this {
    const g = opts.generator ?? defaultGenerator;
    const draw = () => mean + std * g.normal();
    return this.inPlace("normal_", [], (s) =>
      Tensor.apply("normal", Ix.sample(s.dtype, s._shape, draw), [s]),
    );
  }
  /** Fills with U(from, to) samples (torch.Tensor.uniform_). */
  uniform_(from = 0, to = 1, opts: { generator?: Generator } = {}): this {
    const g = opts.generator ?? defaultGenerator;
    const draw = () => from + (to - from) * g.random();
    return this.inPlace("uniform_", [], (s) =>
      Tensor.apply("uniform", Ix.sample(s.dtype, s._shape, draw), [s]),
    );
  }
  /** Writes `value` where `mask` (bool, broadcast to this shape) is true. */
  maskedFill_(mask: Tensor, value: Tensor | number): this {
    return this.inPlace("maskedFill_", I.tensors(value), (s) => s.maskedFill(mask, value));
  }
  /** `this[indices] = values` (or `+=` with accumulate); one index tensor or null per dim. */
  indexPut_(
    indices: (Tensor | number[] | null)[],
    values: Tensor | number,
    accumulate = false,
  ): this {
    const [p, shape] = X.indexPutPositions(this, indices);
    return this.putPositions_(p, shape, values, accumulate, "indexPut_", "indexPut");
  }
  /** Adds `alpha * source` into the slices `index` along `dim` (torch.Tensor.index_add_). */
  indexAdd_(dim: number, index: Tensor | number[], source: Tensor, alpha = 1): this {
    const [p, shape] = X.indexAddPositions(this, dim, index, source);
    return this.putPositions_(
      p,
      shape,
      alpha === 1 ? source : source.mul(alpha),
      true,
      "indexAdd_",
      "indexAdd",
    );
  }
  /** torch.Tensor.scatter_: this[..., index[i], ...] = src[i] along `dim` (+= with "add"). */
  scatter_(dim: number, index: Tensor, src: Tensor | number, reduce?: "add"): this {
    const p = X.alongPositions(this, dim, index, "scatter_");
    const v = typeof src === "number" ? src : S.narrowTo(src, index.shape, "scatter_");
    const name = reduce === "add" ? "scatterAdd" : "scatter";
    return this.putPositions_(p, index.shape, v, reduce === "add", "scatter_", name);
  }
  /** @internal writes `value` (broadcast to `shape`) at flat positions of this tensor. */
  putPositions_(
    p: Int32Array,
    shape: number[],
    value: Tensor | number,
    accumulate: boolean,
    op: string,
    name = "indexPut",
  ): this {
    const v = this.operand(value, op);
    return this.inPlace(op, [v], (s) =>
      Tensor.apply(name, Ix.put(s.value, p, shape, v.value, accumulate), [s, v]),
    );
  }
  /** @internal the elements at flat positions of this tensor, in `shape`. */
  takePositions(p: Int32Array, shape: number[]): Tensor {
    return Tensor.apply("index", Ix.take(this.value, p, shape), [this]);
  }
  /** This tensor with `value` where `mask` is true (torch.Tensor.masked_fill). */
  maskedFill(mask: Tensor, value: Tensor | number): Tensor {
    S.checkMask(mask, "maskedFill");
    const v = this.operand(value, "maskedFill");
    return Tensor.apply("maskedFill", A.where(mask.value, v.value, this.value), [mask, v, this]);
  }
  /** `this` where `cond` holds, `other` elsewhere (torch.Tensor.where). */
  where(cond: Tensor, other: Tensor | number): Tensor {
    S.checkMask(cond, "where");
    const o = this.operand(other, "where");
    return Tensor.apply("where", A.where(cond.value, this.value, o.value), [cond, this, o]);
  }

  // ---- indexing ---------------------------------------------------------------------------
  /**
   * `t[...index]` with PyTorch's rules: numbers (negative from the end), slices as strings
   * ("1:3", "::2", "-1:", ":"), null for a new axis, "..." for the rest, int32 tensors or number
   * arrays (advanced indexing, a copy) and bool masks. Basic indexing returns a view.
   */
  get(...index: Index[]): Tensor {
    return X.get(this, index);
  }
  /** `t[index] = value` in place, with broadcasting; recorded by autograd. */
  set(index: Index | Index[], value: Tensor | number): this {
    X.set(this, Array.isArray(index) ? (index as Index[]) : [index], value);
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
    S.checkRank(this._shape, 2, "mm");
    S.checkRank(S.checkTensor(o, "mm")._shape, 2, "mm");
    return this.matmul(o);
  }

  // ---- shape and movement (views share storage; see asView) --------------------------------
  /** This tensor's elements in another shape: a view when the strides allow, else a copy. */
  reshape(...shape: (number | number[])[]): Tensor {
    const s = S.inferShape(shape.flat(), this.numel(), "reshape");
    return V.viewGeometry(this.geometry(), s) ? this.view(s) : this.clone().view(s);
  }
  /** A view with another shape (torch.Tensor.view); an error where the strides do not allow it. */
  view(...shape: (number | number[])[]): Tensor {
    const s = S.inferShape(shape.flat(), this.numel(), "view");
    S.checkViewable(V.viewGeometry(this.geometry(), s), this._shape, s);
    return this.asView("view", (g) => V.viewGeometry(g, s)!);
  }
  flatten(startDim = 0, endDim = -1): Tensor {
    return this.reshape(S.flattenShape(this._shape, startDim, endDim));
  }
  squeeze(dim?: number): Tensor {
    const dims = S.squeezeDims(this._shape, dim);
    return this.asView("squeeze", (g) => V.squeezeGeometry(g, dims));
  }
  unsqueeze(dim: number): Tensor {
    const d = normalizeDim(dim, this.ndim + 1, "unsqueeze");
    return this.asView("unsqueeze", (g) => V.unsqueezeGeometry(g, d));
  }
  permute(...dims: (number | number[])[]): Tensor {
    const p = S.checkPerm(dims.flat(), this.ndim);
    return this.asView("permute", (g) => V.permuteGeometry(g, p));
  }
  transpose(dim0: number, dim1: number): Tensor {
    const p = S.swapPerm(this.ndim, dim0, dim1);
    return this.asView("transpose", (g) => V.permuteGeometry(g, p));
  }
  /** Transpose of a matrix (a 0-d or 1-d tensor is returned as is), like `Tensor.t()`. */
  t(): Tensor {
    S.checkRankAtMost(this._shape, 2, "t");
    return this.ndim < 2 ? this : this.transpose(0, 1);
  }
  get T(): Tensor {
    return this.permute([...this._shape.keys()].reverse());
  }
  /** A view broadcast to `shape` (new and size-1 dims get stride 0; -1 keeps a size). */
  expand(...shape: (number | number[])[]): Tensor {
    const s = S.expandShape(this._shape, shape.flat());
    return this.asView("expand", (g) => V.expandGeometry(g, s));
  }
  expandAs(o: Tensor): Tensor {
    return this.expand(o.shape);
  }
  /** `length` elements from `start` along `dim` (torch.narrow); a negative start counts from the end. */
  narrow(dim: number, start: number, length: number): Tensor {
    const d = normalizeDim(dim, this.ndim, "narrow");
    if (start < 0 && start >= -this._shape[d]) start += this._shape[d];
    S.checkRange(this._shape, d, start, start + length, "narrow");
    return this.asView("narrow", (g) => V.narrowGeometry(g, d, start, length));
  }
  /** Rows start..end-1 (every `step`-th) along `dim` (default 0), like `x[start:end:step]`. */
  slice(start: number, end?: number, dim = 0, step = 1): Tensor {
    const d = normalizeDim(dim, this.ndim, "slice");
    const [s, e] = S.sliceBounds(this._shape[d], start, end, step);
    return this.asView("slice", (g) => V.sliceGeometry(g, d, s, e, step));
  }
  /** The `index`-th entry along `dim`, with that dim removed (`x[:, i]` for dim 1). */
  select(dim: number, index: number): Tensor {
    const d = normalizeDim(dim, this.ndim, "select");
    const i = S.checkIndex(index, this._shape[d], "select", d);
    return this.asView("select", (g) => V.selectGeometry(g, d, i));
  }
  /** The i-th entry along dim 0 (`x[i]`), with that dim removed. */
  index(i: number): Tensor {
    S.checkRank(this._shape, -1, "index");
    return this.select(0, i);
  }
  /** The diagonal of dims dim1, dim2 as a view whose last dim runs along it (torch.diagonal). */
  diagonal(offset = 0, dim1 = 0, dim2 = 1): Tensor {
    const [d1, d2] = S.diagonalDims(this.ndim, dim1, dim2);
    return this.asView("diagonal", (g) => V.diagonalGeometry(g, offset, d1, d2));
  }
  /** Entries at the given indices along `dim` (torch.index_select); index is int32 or a list. */
  indexSelect(dim: number, index: Tensor | number[]): Tensor {
    const d = normalizeDim(dim, this.ndim, "indexSelect");
    const idx = S.checkIndices(index, this.value.shape[d], "indexSelect");
    return Tensor.apply("indexSelect", Mv.indexSelect(this.value, d, idx), [this]);
  }
  /** torch.gather: out[i][j] = this[i][index[i][j]] along dim 1 (index may be smaller elsewhere). */
  gather(dim: number, index: Tensor): Tensor {
    return this.takePositions(X.alongPositions(this, dim, index, "gather"), index.shape);
  }
}
