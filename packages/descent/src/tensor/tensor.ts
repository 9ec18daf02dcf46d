import { NDArray } from "../backend/ndarray.js";
import type { Geometry, Storage } from "../backend/strided.js";
import * as V from "../backend/strided.js";
import { Storage as StorageClass } from "../backend/strided.js";
import { cast as castKernel, copy as copyKernel } from "../backend/kernels/cast.js";
import * as K from "../backend/kernels/binary.js";
import { runBackward } from "../autograd/engine.js";
import { isGradEnabled } from "../autograd/grad_mode.js";
import type { BackwardFn, GradTarget, OpResult } from "../autograd/node.js";
import { Node } from "../autograd/node.js";
import * as A from "../autograd/ops/arithmetic.js";
import * as U from "../autograd/ops/unary.js";
import * as R from "../autograd/ops/reduce.js";
import * as Mv from "../autograd/ops/movement.js";
import * as Ix from "../autograd/ops/indexing.js";
import { matmul as matmulOp } from "../autograd/ops/matmul.js";
import * as MU from "../autograd/ops/math_unary.js";
import { UNARY_MATH, type UnaryMathName } from "../autograd/ops/math_unary.js";
import * as MB from "../autograd/ops/math_binary.js";
import * as Sc from "../autograd/ops/scan.js";
import * as So from "../autograd/ops/sort.js";
import type { BinaryMathName } from "../autograd/ops/math_binary.js";
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
import * as RF from "./reduce_forms.js";
import * as SF from "./shape_forms.js";
import * as SortF from "./sort_forms.js";
import * as RoundF from "./round_forms.js";
import type { SortOptions, UniqueOptions } from "./sort_forms.js";
import type { VarOptions } from "./reduce_forms.js";

/** Nested arrays of numbers or booleans: what `tensor()` takes and `tolist()` returns. */
export type NestedArray = number | boolean | NestedArray[];

/** One index of `get` / `set`: a number, a slice string, null, "...", an index tensor or array. */
export type Index = IndexOf<Tensor>;

/** What `max(dim)` / `min(dim)` return: a pair that also has names, like PyTorch's namedtuple. */
export type ValuesIndices = [Tensor, Tensor] & { values: Tensor; indices: Tensor };

/** The placeholder value of a tensor made on a storage (replaced before anyone reads it). */
const NO_VALUE = new NDArray(new Float32Array(0), [0]);

/**
 * An n-dimensional array that records the operations applied to it, so that `backward()` can
 * compute gradients. Mirrors `torch.Tensor` in camelCase; every method is a thin call into a
 * differentiable primitive (src/autograd/ops) or a kernel.
 */
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
  /** The tensor `grad` gives, while it still holds `gradValue` (see `grad`). */
  private _gradTensor: Tensor | null = null;

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
          t.record(new Node(name, inputs, r.backward, r.saves, r.external));
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
  /** The step in the storage between neighbours along each dimension (`torch.Tensor.stride()`). */
  stride(): number[];
  /** The step in the storage between neighbours along `dim` (`torch.Tensor.stride(dim)`). */
  stride(dim: number): number;
  stride(dim?: number): number | number[] {
    const s = this._strides ?? stridesOf(this._shape);
    return dim === undefined ? s.slice() : s[normalizeDim(dim, this.ndim, "stride")];
  }
  /** Where the first element sits in the storage (`torch.Tensor.storage_offset`). */
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
    this.record(new Node("AsStridedBackward0", [base], (g) => [V.viewBackward(g, shape, rel)], []));
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
    // An empty view may sit one past the storage's end: it has nothing to write.
    if (out.data.length > 0) {
      if (this._contiguous) st.data.set(out.data, this._offset);
      else V.scatterStrided(st.data, geom, out.data);
    }
    st.version++;
    if (!tracked) return this;
    const t = (same ? r : r.expand(this.shape)).to(this.dtype);
    if (t._gradFn === null) return this;
    if (this._base === null) this.record(t._gradFn);
    else this._base.record(I.copySlices(this._base, t, this._inBase!));
    return this;
  }

  /**
   * @internal Runs `write` on this tensor's elements as one contiguous array and writes them
   * through to the storage (a strided view's copy is scattered back), bumping the storage's
   * version as an in-place op does; nothing is recorded. For optimizers and initialisers, which
   * update parameters in place under `noGrad` (PyTorch's `p.add_(...)` in `torch.no_grad()`).
   */
  writeInPlace(write: (d: TypedArray) => void): this {
    const st = this.untypedStorage();
    const d = this.value.data; // the storage itself (or a subarray) when contiguous, else a copy
    write(d);
    if (!this._contiguous && d.length > 0) V.scatterStrided(st.data, this.geometry(), d);
    st.version++;
    return this;
  }

  /**
   * Records a composition of differentiable ops as one node named `name` (PyTorch's node for a
   * function it differentiates as a whole, as `StdBackward0`): `fn` runs on stand-ins of the
   * inputs, and the node's backward runs that inner graph's backward.
   */
  static fused(name: string, inputs: readonly Tensor[], fn: (...xs: Tensor[]) => Tensor): Tensor {
    if (!isGradEnabled() || !inputs.some((x) => x._requiresGrad)) return fn(...inputs);
    const leaves = inputs.map((x) => new Tensor(x.value, x._requiresGrad));
    const inner = fn(...leaves);
    const backward: BackwardFn = (g) => {
      for (const l of leaves) l.gradValue = null;
      if (inner._requiresGrad) runBackward(inner, g, true);
      return leaves.map((l) => l.gradValue);
    };
    return Tensor.apply(name, { out: inner.value, backward }, inputs);
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
  /**
   * The accumulated gradient (a leaf's after backward), or null. One tensor while the engine
   * keeps the same array (as PyTorch's `.grad`), so that an in-place write to it, such as
   * `zeroGrad({ setToNone: false })`, bumps the version every holder sees.
   */
  get grad(): Tensor | null {
    const v = this.gradValue;
    if (v === null) return (this._gradTensor = null);
    if (this._gradTensor?._value !== v) this._gradTensor = new Tensor(v);
    return this._gradTensor;
  }
  set grad(g: Tensor | null) {
    this.gradValue = g === null ? null : g.value;
    // A contiguous g holds that array and is the grad itself; a strided view's is a copy.
    this._gradTensor = g !== null && g._value === this.gradValue ? g : null;
  }
  /** A tensor sharing this one's storage but outside the graph, like PyTorch's `.data`. */
  get data(): Tensor {
    return this.detach();
  }

  /** The number of elements: the product of the shape (`torch.Tensor.numel`). */
  numel(): number {
    return numelOf(this._shape);
  }
  /** The shape, as `torch.Tensor.size()`. */
  size(): number[];
  /** The size of dimension `dim` (negative counts from the end), as `torch.Tensor.size(dim)`. */
  size(dim: number): number;
  size(dim?: number): number | number[] {
    return dim === undefined ? this.shape : this._shape[normalizeDim(dim, this.ndim, "size")];
  }
  /**
   * Sets requiresGrad in place (default true) and returns this tensor
   * (`torch.Tensor.requires_grad_`).
   */
  requiresGrad_(v = true): this {
    this.requiresGrad = v;
    return this;
  }
  /**
   * Makes a non-leaf keep its `.grad` after backward (`torch.Tensor.retain_grad`); returns this.
   */
  retainGrad(): this {
    if (!this.isLeaf) this._retainsGrad = true;
    return this;
  }

  // ---- conversion -------------------------------------------------------------------------
  /**
   * The value of a one-element tensor as a number (`torch.Tensor.item`); throws for more elements.
   */
  item(): number {
    return S.item(this.value);
  }
  /** The elements as nested arrays of numbers (booleans for bool), as `torch.Tensor.tolist`. */
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
    return Tensor.apply("CloneBackward0", { out, backward: (g) => [g], saves: [] }, [this]);
  }
  /**
   * This tensor converted to `dtype` (this one itself if it already has it), as `torch.Tensor.to`.
   */
  to(dtype: DType): Tensor {
    checkDType(dtype, "to");
    return dtype === this.dtype
      ? this
      : Tensor.apply("ToCopyBackward0", U.cast(this.value, dtype), [this]);
  }
  /** Converted to float32 (`torch.Tensor.float`). */
  float(): Tensor {
    return this.to("float32");
  }
  /** Converted to float64 (`torch.Tensor.double`). */
  double(): Tensor {
    return this.to("float64");
  }
  /** Converted to int32 (`torch.Tensor.int`). */
  int(): Tensor {
    return this.to("int32");
  }
  /** Converted to int32, descent's integer type (PyTorch's `long` is int64). */
  long(): Tensor {
    return this.to("int32");
  }
  /** Converted to bool: nonzero is true (`torch.Tensor.bool`). */
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
  /**
   * this += alpha * other, in place (other broadcast to this shape); returns this
   * (`torch.Tensor.add_`).
   */
  add_(o: Tensor | number, alpha = 1): this {
    return this.inPlace("add_", I.tensors(o), (s) => s.add(o, alpha));
  }
  /**
   * this -= alpha * other, in place (other broadcast to this shape); returns this
   * (`torch.Tensor.sub_`).
   */
  sub_(o: Tensor | number, alpha = 1): this {
    return this.inPlace("sub_", I.tensors(o), (s) => s.sub(o, alpha));
  }
  /**
   * this *= other, in place (other broadcast to this shape); returns this (`torch.Tensor.mul_`).
   */
  mul_(o: Tensor | number): this {
    return this.inPlace("mul_", I.tensors(o), (s) => s.mul(o));
  }
  /**
   * this /= other, in place (other broadcast to this shape); returns this (`torch.Tensor.div_`).
   */
  div_(o: Tensor | number): this {
    return this.inPlace("div_", I.tensors(o), (s) => s.div(o));
  }
  /**
   * this **= other, in place (other broadcast to this shape); returns this (`torch.Tensor.pow_`).
   */
  pow_(o: Tensor | number): this {
    return this.inPlace("pow_", I.tensors(o), (s) => s.pow(o));
  }
  /**
   * Clamps to [min, max] in place (either bound may be left out); returns this
   * (`torch.Tensor.clamp_`).
   */
  clamp_(min?: number | null, max?: number | null): this {
    return this.inPlace("clamp_", [], (s) => s.clamp(min, max));
  }
  /** Negates in place; returns this (`torch.Tensor.neg_`). */
  neg_(): this {
    return this.inPlace("neg_", [], (s) => s.neg());
  }
  /** e^x in place; returns this (`torch.Tensor.exp_`). */
  exp_(): this {
    return this.inPlace("exp_", [], (s) => s.exp());
  }
  /** ln(x) in place; returns this (`torch.Tensor.log_`). */
  log_(): this {
    return this.inPlace("log_", [], (s) => s.log());
  }
  /** sqrt(x) in place; returns this (`torch.Tensor.sqrt_`). */
  sqrt_(): this {
    return this.inPlace("sqrt_", [], (s) => s.sqrt());
  }
  /** |x| in place; returns this (`torch.Tensor.abs_`). */
  abs_(): this {
    return this.inPlace("abs_", [], (s) => s.abs());
  }
  /** 1 / (1 + e^-x) in place; returns this (`torch.Tensor.sigmoid_`). */
  sigmoid_(): this {
    return this.inPlace("sigmoid_", [], (s) => s.sigmoid());
  }
  /** tanh(x) in place; returns this (`torch.Tensor.tanh_`). */
  tanh_(): this {
    return this.inPlace("tanh_", [], (s) => s.tanh());
  }
  /** max(x, 0) in place; returns this (`torch.Tensor.relu_`). */
  relu_(): this {
    return this.inPlace("relu_", [], (s) => s.relu());
  }
  /** Fills with `value`; the old values get no gradient. */
  fill_(value: number): this {
    return this.inPlace("fill_", [], (s) =>
      Tensor.apply("fill", Ix.fill(s.dtype, s._shape, value), [s]),
    );
  }
  /** Fills this tensor with zeros, in place; returns this (`torch.Tensor.zero_`). */
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
  takePositions(p: Int32Array, shape: number[], name = "IndexBackward0"): Tensor {
    return Tensor.apply(name, Ix.take(this.value, p, shape), [this]);
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
  /** this + alpha * other, broadcasting (`torch.add`). */
  add(o: Tensor | number, alpha = 1): Tensor {
    const b = alpha === 1 ? this.operand(o, "add") : this.operand(o, "add").mul(alpha);
    return Tensor.apply("AddBackward0", A.add(this.value, b.value), [this, b]);
  }
  /** this - alpha * other, broadcasting (`torch.sub`). */
  sub(o: Tensor | number, alpha = 1): Tensor {
    const b = alpha === 1 ? this.operand(o, "sub") : this.operand(o, "sub").mul(alpha);
    return Tensor.apply("SubBackward0", A.sub(this.value, b.value), [this, b]);
  }
  /** this * other, elementwise with broadcasting (`torch.mul`). */
  mul(o: Tensor | number): Tensor {
    const b = this.operand(o, "mul");
    return Tensor.apply("MulBackward0", A.mul(this.value, b.value), [this, b]);
  }
  /** this / other, elementwise with broadcasting (`torch.div`). */
  div(o: Tensor | number): Tensor {
    const b = this.operand(o, "div");
    return Tensor.apply("DivBackward0", A.div(this.value, b.value), [this, b]);
  }
  /** this ** other, elementwise with broadcasting (`torch.pow`). */
  pow(o: Tensor | number): Tensor {
    return typeof o === "number"
      ? Tensor.apply("PowBackward0", U.powScalar(this.value, o), [this])
      : Tensor.apply("PowBackward1", A.pow(this.value, S.checkTensor(o, "pow").value), [this, o]);
  }
  /** other - this, for `1 - x` written as `x.rsub(1)`. */
  rsub(o: Tensor | number): Tensor {
    const a = this.operand(o, "rsub");
    return Tensor.apply("RsubBackward1", A.sub(a.value, this.value), [a, this]);
  }
  /** max(this, other), elementwise with broadcasting (`torch.maximum`). */
  maximum(o: Tensor): Tensor {
    return Tensor.apply("MaximumBackward0", A.extremum(this.value, o.value, true), [this, o]);
  }
  /** min(this, other), elementwise with broadcasting (`torch.minimum`). */
  minimum(o: Tensor): Tensor {
    return Tensor.apply("MinimumBackward0", A.extremum(this.value, o.value, false), [this, o]);
  }
  /** -this, elementwise (`torch.neg`). */
  neg(): Tensor {
    return Tensor.apply("NegBackward0", U.neg(this.value), [this]);
  }
  /** e^x, elementwise (`torch.exp`). */
  exp(): Tensor {
    return Tensor.apply("ExpBackward0", U.exp(this.value), [this]);
  }
  /** ln(x), elementwise: -Infinity at 0, NaN below (`torch.log`). */
  log(): Tensor {
    return Tensor.apply("LogBackward0", U.log(this.value), [this]);
  }
  /** sqrt(x), elementwise (`torch.sqrt`). */
  sqrt(): Tensor {
    return Tensor.apply("SqrtBackward0", U.sqrt(this.value), [this]);
  }
  /** |x|, elementwise (`torch.abs`). */
  abs(): Tensor {
    return Tensor.apply("AbsBackward0", U.abs(this.value), [this]);
  }
  /** x^2, elementwise (`torch.square`). */
  square(): Tensor {
    return this.pow(2);
  }
  /** 1 / (1 + e^-x), elementwise (`torch.sigmoid`). */
  sigmoid(): Tensor {
    return Tensor.apply("SigmoidBackward0", U.sigmoid(this.value), [this]);
  }
  /** tanh(x), elementwise (`torch.tanh`). */
  tanh(): Tensor {
    return Tensor.apply("TanhBackward0", U.tanh(this.value), [this]);
  }
  /** max(x, 0), elementwise (`torch.relu`). */
  relu(): Tensor {
    return Tensor.apply("ReluBackward0", U.relu(this.value), [this]);
  }
  /** min(max(x, min), max), elementwise; either bound may be left out (`torch.clamp`). */
  clamp(min?: number | null, max?: number | null): Tensor {
    S.checkClamp(min, max);
    return Tensor.apply("ClampBackward1", U.clamp(this.value, min ?? -Infinity, max ?? Infinity), [
      this,
    ]);
  }

  // ---- comparisons (bool results, not differentiable) -------------------------------------
  private compare(o: Tensor | number, f: Parameters<typeof K.binary>[2], op: string): Tensor {
    const b = this.operand(o, op);
    S.checkBroadcast(this.value, b.value, op);
    return new Tensor(K.binary(this.value, b.value, f, "bool", op));
  }
  /** this == other, elementwise with broadcasting, as a bool tensor (`torch.eq`). */
  eq(o: Tensor | number): Tensor {
    return this.compare(o, K.EQ, "eq");
  }
  /** this != other, elementwise with broadcasting, as a bool tensor (`torch.ne`). */
  ne(o: Tensor | number): Tensor {
    return this.compare(o, K.NE, "ne");
  }
  /** this > other, elementwise with broadcasting, as a bool tensor (`torch.gt`). */
  gt(o: Tensor | number): Tensor {
    return this.compare(o, K.GT, "gt");
  }
  /** this >= other, elementwise with broadcasting, as a bool tensor (`torch.ge`). */
  ge(o: Tensor | number): Tensor {
    return this.compare(o, K.GE, "ge");
  }
  /** this < other, elementwise with broadcasting, as a bool tensor (`torch.lt`). */
  lt(o: Tensor | number): Tensor {
    return this.compare(o, K.LT, "lt");
  }
  /** this <= other, elementwise with broadcasting, as a bool tensor (`torch.le`). */
  le(o: Tensor | number): Tensor {
    return this.compare(o, K.LE, "le");
  }

  // ---- reductions -------------------------------------------------------------------------
  /**
   * The sum over `dim` (one, several, or all when left out), keeping them as size 1 with `keepdim`
   * (`torch.sum`); bool sums to int32.
   */
  sum(dim?: number | number[] | null, keepdim = false): Tensor {
    const dims = S.reduceDims(dim, this.ndim, "sum");
    return Tensor.apply(
      dim === undefined || dim === null ? "SumBackward0" : "SumBackward1",
      R.sum(this.value, dims, keepdim, this.dtype === "bool" ? "int32" : this.dtype),
      [this],
    );
  }
  /**
   * The mean over `dim` (one, several, or all when left out) of a floating-point tensor, as
   * `torch.mean`.
   */
  mean(dim?: number | number[] | null, keepdim = false): Tensor {
    S.checkFloatReduce(this.dtype, "mean");
    const dims = S.reduceDims(dim, this.ndim, "mean");
    const name = dim === undefined || dim === null ? "MeanBackward0" : "MeanBackward1";
    return Tensor.apply(name, R.mean(this.value, dims, keepdim), [this]);
  }
  /** The largest element (`torch.max(x)`). */
  max(): Tensor;
  /**
   * The largest values along `dim` and where they are, as (values, indices) (`torch.max(x, dim)`).
   */
  max(dim: number, keepdim?: boolean): ValuesIndices;
  max(dim?: number, keepdim = false): Tensor | ValuesIndices {
    return this.extreme(true, dim, keepdim);
  }
  /** The smallest element (`torch.min(x)`). */
  min(): Tensor;
  /**
   * The smallest values along `dim` and where they are, as (values, indices) (`torch.min(x, dim)`).
   */
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
    const node = isMax ? "MaxBackward" : "MinBackward";
    const said = name ?? op;
    if (dim === undefined) return Tensor.apply(`${node}1`, R.extremeAll(this.value, isMax), [this]);
    const d = normalizeDim(dim, this.ndim, said);
    S.checkNonEmptyDim(this.value, d, said);
    const { result, indices } = R.extremeDim(this.value, d, keepdim, isMax);
    const values = Tensor.apply(`${node}0`, result, [this]);
    const idx = new Tensor(indices);
    return Object.assign([values, idx] as [Tensor, Tensor], { values, indices: idx });
  }
  /** The index of the largest element, in the flattened tensor or along `dim` (`torch.argmax`). */
  argmax(dim?: number, keepdim = false): Tensor {
    return this.argExtreme(true, dim, keepdim, "argmax");
  }
  /** The index of the smallest element, in the flattened tensor or along `dim` (`torch.argmin`). */
  argmin(dim?: number, keepdim = false): Tensor {
    return this.argExtreme(false, dim, keepdim, "argmin");
  }
  private argExtreme(isMax: boolean, dim: number | undefined, keepdim: boolean, op: string) {
    const x = dim === undefined ? this.flatten() : this;
    return (x.extreme(isMax, dim ?? 0, dim === undefined ? false : keepdim, op) as ValuesIndices)
      .indices;
  }
  /** e^x_i / sum_j e^x_j along `dim`, computed stably (`torch.softmax`). */
  softmax(dim: number): Tensor {
    const d = normalizeDim(dim, this.ndim, "softmax");
    return Tensor.apply("SoftmaxBackward0", R.softmax(this.value, d, floatTypeOf(this.dtype)), [
      this,
    ]);
  }
  /** x_i - log(sum_j e^x_j) along `dim`, computed stably (`torch.log_softmax`). */
  logSoftmax(dim: number): Tensor {
    const d = normalizeDim(dim, this.ndim, "logSoftmax");
    return Tensor.apply(
      "LogSoftmaxBackward0",
      R.logSoftmax(this.value, d, floatTypeOf(this.dtype)),
      [this],
    );
  }

  // ---- linear algebra ---------------------------------------------------------------------
  /** Matrix product with PyTorch's rules for 1-D, 2-D and batched (broadcast) operands. */
  matmul(o: Tensor): Tensor {
    S.checkTensor(o, "matmul");
    S.checkMatmul(this.value, o.value);
    const av = this.ndim === 1 ? this.value.reshaped([1, this.numel()]) : this.value;
    const bv = o.ndim === 1 ? o.value.reshaped([o.numel(), 1]) : o.value;
    const r = matmulOp(av, bv);
    const shape = r.out.shape.filter(
      (_, i, s) =>
        !(i === s.length - 2 && this.ndim === 1) && !(i === s.length - 1 && o.ndim === 1),
    );
    // Named as PyTorch's last node: dot, mv, mm, or the reshape (a 2-D x batch: the copy) after
    // a batched product.
    const [na, nb] = [this.ndim, o.ndim];
    const batched = na === 2 && nb > 2 ? "CloneBackward0" : "UnsafeViewBackward0";
    const name =
      na > 2 || nb > 2
        ? batched
        : ["DotBackward0", "SqueezeBackward3", "MvBackward0", "MmBackward0"][(na - 1) * 2 + nb - 1];
    const backward: BackwardFn = (g, needs) => {
      const [ga, gb] = r.backward(g.reshaped(r.out.shape), needs);
      return [ga && ga.reshaped(this.value.shape), gb && gb.reshaped(o.value.shape)];
    };
    return Tensor.apply(name, { out: r.out.reshaped(shape), backward }, [this, o]);
  }
  /**
   * The product of two matrices [n, k] x [k, m] -> [n, m] (`torch.mm`); matmul also takes vectors
   * and batches.
   */
  mm(o: Tensor): Tensor {
    S.checkRank(this._shape, 2, "mm");
    S.checkRank(S.checkTensor(o, "mm")._shape, 2, "mm");
    return this.matmul(o);
  }

  // ---- shape and movement (views share storage; see asView) --------------------------------
  /** This tensor's elements in another shape: a view when the strides allow, else a copy. */
  reshape(...shape: (number | number[])[]): Tensor {
    const s = S.inferShape(shape.flat(), this.numel(), "reshape");
    if (!V.viewGeometry(this.geometry(), s)) return this.clone().view(s);
    return this.asView("ReshapeAliasBackward0", (g) => V.viewGeometry(g, s)!);
  }
  /** A view with another shape (torch.Tensor.view); an error where the strides do not allow it. */
  view(...shape: (number | number[])[]): Tensor {
    const s = S.inferShape(shape.flat(), this.numel(), "view");
    S.checkViewable(V.viewGeometry(this.geometry(), s), this._shape, s);
    return this.asView("ViewBackward0", (g) => V.viewGeometry(g, s)!);
  }
  /** The same data with dims startDim..endDim merged into one (torch.flatten). */
  flatten(startDim = 0, endDim = -1): Tensor {
    return this.reshape(S.flattenShape(this._shape, startDim, endDim));
  }
  /** Without dimensions of size 1 (only `dim` when given), as `torch.squeeze`; a view. */
  squeeze(dim?: number): Tensor {
    const dims = S.squeezeDims(this._shape, dim);
    return this.asView(dim === undefined ? "SqueezeBackward0" : "SqueezeBackward1", (g) =>
      V.squeezeGeometry(g, dims),
    );
  }
  /** With a dimension of size 1 inserted at `dim`, as `torch.unsqueeze`; a view. */
  unsqueeze(dim: number): Tensor {
    const d = normalizeDim(dim, this.ndim + 1, "unsqueeze");
    return this.asView("UnsqueezeBackward0", (g) => V.unsqueezeGeometry(g, d));
  }
  /**
   * The dimensions reordered: result dim i is this tensor's dim dims[i] (`torch.permute`); a view.
   */
  permute(...dims: (number | number[])[]): Tensor {
    const p = S.checkPerm(dims.flat(), this.ndim);
    return this.asView("PermuteBackward0", (g) => V.permuteGeometry(g, p));
  }
  /** Dimensions dim0 and dim1 swapped (`torch.transpose`); a view. */
  transpose(dim0: number, dim1: number): Tensor {
    const p = S.swapPerm(this.ndim, dim0, dim1);
    return this.asView("TransposeBackward0", (g) => V.permuteGeometry(g, p));
  }
  /** Transpose of a matrix (a 0-d or 1-d tensor is returned as is), like `Tensor.t()`. */
  t(): Tensor {
    S.checkRankAtMost(this._shape, 2, "t");
    if (this.ndim < 2) return this.asView("TBackward0", (g) => g);
    const p = S.swapPerm(this.ndim, 0, 1);
    return this.asView("TBackward0", (g) => V.permuteGeometry(g, p));
  }
  get T(): Tensor {
    return this.permute([...this._shape.keys()].reverse());
  }
  /** A view broadcast to `shape` (new and size-1 dims get stride 0; -1 keeps a size). */
  expand(...shape: (number | number[])[]): Tensor {
    const s = S.expandShape(this._shape, shape.flat());
    return this.asView("ExpandBackward0", (g) => V.expandGeometry(g, s));
  }
  /** Expanded to the shape of `o` (`torch.Tensor.expand_as`); a view. */
  expandAs(o: Tensor): Tensor {
    return this.expand(o.shape);
  }
  /** `length` elements from `start` along `dim` (torch.narrow); a negative start counts from the end. */
  narrow(dim: number, start: number, length: number): Tensor {
    const d = normalizeDim(dim, this.ndim, "narrow");
    if (start < 0 && start >= -this._shape[d]) start += this._shape[d];
    S.checkRange(this._shape, d, start, start + length, "narrow");
    return this.asView("SliceBackward0", (g) => V.narrowGeometry(g, d, start, length));
  }
  /** Rows start..end-1 (every `step`-th) along `dim` (default 0), like `x[start:end:step]`. */
  slice(start: number, end?: number, dim = 0, step = 1): Tensor {
    const d = normalizeDim(dim, this.ndim, "slice");
    const [s, e] = S.sliceBounds(this._shape[d], start, end, step);
    return this.asView("SliceBackward0", (g) => V.sliceGeometry(g, d, s, e, step));
  }
  /** The `index`-th entry along `dim`, with that dim removed (`x[:, i]` for dim 1). */
  select(dim: number, index: number): Tensor {
    const d = normalizeDim(dim, this.ndim, "select");
    const i = S.checkIndex(index, this._shape[d], "select", d);
    return this.asView("SelectBackward0", (g) => V.selectGeometry(g, d, i));
  }
  /** The i-th entry along dim 0 (`x[i]`), with that dim removed. */
  index(i: number): Tensor {
    S.checkRank(this._shape, -1, "index");
    return this.select(0, i);
  }
  /** The diagonal of dims dim1, dim2 as a view whose last dim runs along it (torch.diagonal). */
  diagonal(offset = 0, dim1 = 0, dim2 = 1): Tensor {
    const [d1, d2] = S.diagonalDims(this.ndim, dim1, dim2);
    return this.asView("DiagonalBackward0", (g) => V.diagonalGeometry(g, offset, d1, d2));
  }
  /** Entries at the given indices along `dim` (torch.index_select); index is int32 or a list. */
  indexSelect(dim: number, index: Tensor | number[]): Tensor {
    const d = normalizeDim(dim, this.ndim, "indexSelect");
    const idx = S.checkIndices(index, this.value.shape[d], "indexSelect");
    return Tensor.apply("IndexSelectBackward0", Mv.indexSelect(this.value, d, idx), [this]);
  }
  /** torch.gather: out[i][j] = this[i][index[i][j]] along dim 1 (index may be smaller elsewhere). */
  gather(dim: number, index: Tensor): Tensor {
    return this.takePositions(
      X.alongPositions(this, dim, index, "gather"),
      index.shape,
      "GatherBackward0",
    );
  }

  // ---- reductions and scans (one line each over autograd/ops/scan.ts and compositions) ----
  /**
   * Variance over `dim` (all when absent): sum((x - mean)^2) / (N - correction), correction 1
   * (Bessel's) by default; `unbiased: false` is correction 0. PyTorch: `Tensor.var`.
   */
  var(dim?: number | number[] | null, opts: VarOptions = {}): Tensor {
    return Tensor.fused("VarBackward0", [this], (x) => RF.variance(x, dim, opts, "var"));
  }
  /** sqrt(var): the standard deviation over `dim`, correction 1 by default. PyTorch: `Tensor.std`. */
  std(dim?: number | number[] | null, opts: VarOptions = {}): Tensor {
    return Tensor.fused("StdBackward0", [this], (x) => RF.variance(x, dim, opts, "std").sqrt());
  }
  /**
   * The p-norm over `dim` (all when absent): (sum |x|^p)^(1/p); p = 2 or 'fro' (default) is the
   * Euclidean / Frobenius norm, 1 the sum of |x|, Infinity the largest |x|. PyTorch: `Tensor.norm`.
   */
  norm(p: number | "fro" = "fro", dim?: number | number[] | null, keepdim = false): Tensor {
    return Tensor.apply("NormBackward1", RF.norm(this, p, dim, keepdim), [this]);
  }
  /** The p-norm of `this - other` (broadcast), p = 2 by default. PyTorch: `Tensor.dist`. */
  dist(other: Tensor, p: number = 2): Tensor {
    const o = S.checkTensor(other, "dist");
    return Tensor.fused("DistBackward0", [this, o], (a, b) => a.sub(b).norm(p));
  }
  /** The product of the elements, or along `dim`. PyTorch: `Tensor.prod`. */
  prod(dim?: number | null, keepdim = false): Tensor {
    const d = dim === undefined || dim === null ? null : normalizeDim(dim, this.ndim, "prod");
    const dtype = this.dtype === "bool" ? "int32" : this.dtype;
    return Tensor.apply(
      d === null ? "ProdBackward0" : "ProdBackward1",
      Sc.prod(this.value, d, keepdim, dtype),
      [this],
    );
  }
  /** out[i] = x[0] + ... + x[i] along `dim`. PyTorch: `Tensor.cumsum`. */
  cumsum(dim: number): Tensor {
    const d = normalizeDim(dim, this.ndim, "cumsum");
    const dtype = this.dtype === "bool" ? "int32" : this.dtype;
    return Tensor.apply("CumsumBackward0", Sc.cumsum(this.value, d, dtype), [this]);
  }
  /** out[i] = x[0] * ... * x[i] along `dim`. PyTorch: `Tensor.cumprod`. */
  cumprod(dim: number): Tensor {
    const d = normalizeDim(dim, this.ndim, "cumprod");
    const dtype = this.dtype === "bool" ? "int32" : this.dtype;
    return Tensor.apply("CumprodBackward0", Sc.cumprod(this.value, d, dtype), [this]);
  }
  /** log(sum(exp(x))) over `dim` (one or several), computed stably. PyTorch: `Tensor.logsumexp`. */
  logsumexp(dim: number | number[], keepdim = false): Tensor {
    if (Array.isArray(dim))
      return Tensor.fused("LogsumexpBackward0", [this], (x) => RF.logsumexpDims(x, dim, keepdim));
    const d = normalizeDim(dim, this.ndim, "logsumexp");
    const r = Sc.logsumexp(this.value, d, keepdim, floatTypeOf(this.dtype));
    return Tensor.apply("LogsumexpBackward0", r, [this]);
  }
  /** Whether every element (or every one along `dim`) is nonzero; bool. PyTorch: `Tensor.all`. */
  all(dim?: number, keepdim = false): Tensor {
    return new Tensor(RF.anyAll(this.value, dim, keepdim, true));
  }
  /** Whether some element (or some along `dim`) is nonzero; bool. PyTorch: `Tensor.any`. */
  any(dim?: number, keepdim = false): Tensor {
    return new Tensor(RF.anyAll(this.value, dim, keepdim, false));
  }
  /** The sum of the main diagonal of a 2-D tensor. PyTorch: `Tensor.trace`. */
  trace(): Tensor {
    return Tensor.fused("TraceBackward0", [this], RF.trace);
  }
  /** The lower triangle (j - i <= diagonal) of the last two dims, zeros above. PyTorch: `Tensor.tril`. */
  tril(diagonal = 0): Tensor {
    return Tensor.apply(
      "TrilBackward0",
      Sc.triangle(RF.matrixArg(this, "tril").value, diagonal, true),
      [this],
    );
  }
  /** The upper triangle (j - i >= diagonal) of the last two dims, zeros below. PyTorch: `Tensor.triu`. */
  triu(diagonal = 0): Tensor {
    return Tensor.apply(
      "TriuBackward0",
      Sc.triangle(RF.matrixArg(this, "triu").value, diagonal, false),
      [this],
    );
  }
  /** The dot product of two 1-D tensors of one length. PyTorch: `Tensor.dot`. */
  dot(o: Tensor): Tensor {
    return RF.checkLinalg(this, o, "dot", 1, 1).matmul(o);
  }
  /** Matrix [n, m] times vector [m]: [n]. PyTorch: `Tensor.mv`. */
  mv(v: Tensor): Tensor {
    return RF.checkLinalg(this, v, "mv", 2, 1).matmul(v);
  }
  /** Batched matrix product [b, n, m] x [b, m, p] -> [b, n, p] (no broadcasting). PyTorch: `Tensor.bmm`. */
  bmm(o: Tensor): Tensor {
    RF.checkLinalg(this, o, "bmm", 3, 3);
    return Tensor.apply("BmmBackward0", matmulOp(this.value, o.value), [this, o]);
  }
  /** The outer product of two 1-D tensors: out[i][j] = this[i] * v[j]. PyTorch: `Tensor.outer`. */
  outer(v: Tensor): Tensor {
    return RF.checkLinalg(this, v, "outer", 1, 1).unsqueeze(1).mul(v.unsqueeze(0));
  }

  // ---- shape functions (over the movement primitives, so they become views with them) -----
  /** The tensor repeated reps[i] times along each dim (counts >= ndim). PyTorch: `Tensor.repeat`. */
  repeat(...reps: (number | number[])[]): Tensor {
    return Tensor.fused("RepeatBackward0", [this], (x) => SF.repeat(x, reps.flat()));
  }
  /** `repeat` that also takes fewer counts than dims (leading 1s). PyTorch: `Tensor.tile`. */
  tile(...reps: (number | number[])[]): Tensor {
    return Tensor.fused("RepeatBackward0", [this], (x) => SF.tile(x, reps.flat()));
  }
  /** Entries in reverse order along each of `dims`. PyTorch: `Tensor.flip`. */
  flip(...dims: (number | number[])[]): Tensor {
    return Tensor.fused("FlipBackward0", [this], (x) => SF.flip(x, dims.flat()));
  }
  /** Entries shifted by `shifts` along `dims`, wrapping around (flattened without dims). PyTorch: `Tensor.roll`. */
  roll(shifts: number | number[], dims?: number | number[]): Tensor {
    return Tensor.fused("RollBackward0", [this], (x) => SF.roll(x, shifts, dims, Tensor.catOf));
  }
  /** `chunks` pieces along `dim` of ceil(n / chunks) entries (the last smaller). PyTorch: `Tensor.chunk`. */
  chunk(chunks: number, dim = 0): Tensor[] {
    const d = normalizeDim(dim, this.ndim, "chunk");
    return this.pieces("SplitBackward0", SF.chunkSizes(this.value.shape[d], chunks, d), d);
  }
  /** Pieces along `dim` of `size` entries each (the last smaller), or of the given sizes. PyTorch: `Tensor.split`. */
  split(size: number | number[], dim = 0): Tensor[] {
    const d = normalizeDim(dim, this.ndim, "split");
    const name = typeof size === "number" ? "SplitBackward0" : "SplitWithSizesBackward0";
    return this.pieces(name, SF.splitSizes(this.value.shape[d], size, d, "split"), d);
  }
  /** Every entry along `dim`, with that dim removed. PyTorch: `Tensor.unbind`. */
  unbind(dim = 0): Tensor[] {
    const d = normalizeDim(dim, this.ndim, "unbind");
    return Array.from({ length: this._shape[d] }, (_, i) =>
      this.asView("UnbindBackward0", (g) => V.selectGeometry(g, d, i)),
    );
  }
  /** Dims `source` moved to positions `destination`, the others keeping their order. PyTorch: `Tensor.movedim`. */
  movedim(source: number | number[], destination: number | number[]): Tensor {
    return this.permute(SF.movedimPerm(this.ndim, source, destination));
  }
  /** Dim `dim` split into `sizes` (one may be -1). PyTorch: `Tensor.unflatten`. */
  unflatten(dim: number, sizes: number[]): Tensor {
    return this.view(SF.unflattenShape(this._shape, dim, sizes));
  }
  /** Broadcast to `shape` (-1 keeps a dim). PyTorch: `Tensor.broadcast_to`. */
  broadcastTo(...shape: (number | number[])[]): Tensor {
    return this.expand(...shape);
  }
  /** Narrow views of the given sizes along `d`, each recorded under `name` (SplitBackward0, ...). */
  private pieces(name: string, sizes: number[], d: number): Tensor[] {
    let start = 0;
    return sizes.map((n) => {
      const at = (start += n) - n;
      return this.asView(name, (g) => V.narrowGeometry(g, d, at, n));
    });
  }
  /** cat over tensors of one dtype, for the compositions that need it. */
  private static catOf(ts: Tensor[], dim: number): Tensor {
    return Tensor.apply(
      "CatBackward0",
      Mv.cat(
        ts.map((t) => t.value),
        dim,
      ),
      ts,
    );
  }

  // ---- sorting and selection (over autograd/ops/sort.ts) ---------------------------------
  /**
   * Each lane along `dim` (default last) sorted, stably (ties keep their order), NaN last (first
   * when descending); (values, indices). `x.sort({ dim, descending, stable })` is PyTorch's
   * keyword form. PyTorch: `Tensor.sort`.
   */
  sort(dim: number | SortOptions = -1, descending = false): ValuesIndices {
    const o = SortF.sortArgs(dim, descending, this.ndim, "sort");
    return this.sorted(o.node, o.dim, o.descending, 0, this.value.shape[o.dim] ?? 1, true);
  }
  /** The indices that sort each lane along `dim` (stably; options as `sort`'s). PyTorch: `Tensor.argsort`. */
  argsort(dim: number | SortOptions = -1, descending = false): Tensor {
    const o = SortF.sortArgs(dim, descending, this.ndim, "argsort");
    return this.sort(o.dim, o.descending).indices;
  }
  /** The k largest (or smallest) entries along `dim`, in order; (values, indices). PyTorch: `Tensor.topk`. */
  topk(k: number, dim = -1, largest = true): ValuesIndices {
    const d = normalizeDim(dim, this.ndim, "topk");
    S.checkCount(k, this.value.shape[d] ?? 1, 0, "topk", this.value);
    return this.sorted("TopkBackward0", d, largest, 0, k, true);
  }
  /** The k-th smallest entry (k from 1) along `dim`; (values, indices). PyTorch: `Tensor.kthvalue`. */
  kthvalue(k: number, dim = -1, keepdim = false): ValuesIndices {
    const d = normalizeDim(dim, this.ndim, "kthvalue");
    S.checkCount(k, this.value.shape[d] ?? 1, 1, "kthvalue", this.value);
    return this.sorted("KthvalueBackward0", d, false, k - 1, 1, keepdim);
  }
  /**
   * The lower median of all elements, or along `dim` with its index (values, indices).
   * PyTorch: `Tensor.median`.
   */
  median(): Tensor;
  median(dim: number, keepdim?: boolean): ValuesIndices;
  median(dim?: number, keepdim = false): Tensor | ValuesIndices {
    if (dim === undefined)
      return this.reshape([this.numel()]).medianOf("MedianBackward0", 0, false).values;
    return this.medianOf("MedianBackward1", normalizeDim(dim, this.ndim, "median"), keepdim);
  }
  /**
   * The sorted distinct values (or distinct slices along `dim`), with each element's (slice's)
   * position in them and their counts as asked; NaNs are each distinct. PyTorch: `torch.unique`.
   */
  unique(opts: UniqueOptions = {}): Tensor | Tensor[] {
    const r = SortF.unique(this.value, opts).map((a) => new Tensor(a));
    return r.length === 1 ? r[0] : r;
  }
  /** Counts of each non-negative integer (sums of `weights` if given). PyTorch: `Tensor.bincount`. */
  bincount(weights: Tensor | null = null, minlength = 0): Tensor {
    return new Tensor(SortF.bincount(this.value, weights?.value ?? null, minlength));
  }
  /** Counts in `bins` equal bins between min and max (the data's range when both are 0). PyTorch: `Tensor.histc`. */
  histc(bins = 100, min = 0, max = 0): Tensor {
    return new Tensor(SortF.histc(this.value, bins, min, max));
  }
  private medianOf(name: string, d: number, keepdim: boolean): ValuesIndices {
    S.checkNonEmptyDim(this.value, d, "median");
    return this.sorted(
      name,
      d,
      false,
      Math.floor(((this.value.shape[d] ?? 1) - 1) / 2),
      1,
      keepdim,
    );
  }
  /** `count` entries from `start` of each sorted lane as (values, indices), the values recorded as `name`. */
  private sorted(
    name: string,
    d: number,
    descending: boolean,
    start: number,
    count: number,
    keepdim: boolean,
  ): ValuesIndices {
    const { result, indices } = So.sortedSlice(this.value, d, descending, start, count);
    const shape = keepdim ? result.out.shape : result.out.shape.filter((_, i) => i !== d);
    const values = Tensor.apply(
      name,
      {
        out: result.out.reshaped(shape),
        backward: (g, n) => result.backward(g.reshaped(result.out.shape), n),
      },
      [this],
    );
    const idx = new Tensor(indices.reshaped(shape));
    return Object.assign([values, idx] as [Tensor, Tensor], { values, indices: idx });
  }

  // ---- elementwise math (one line each over autograd/ops/math_*.ts) ----------------------
  /** sin x (radians). PyTorch: `Tensor.sin`. */
  sin(): Tensor {
    return this.unaryMath("sin");
  }
  /** cos x. PyTorch: `Tensor.cos`. */
  cos(): Tensor {
    return this.unaryMath("cos");
  }
  /** tan x. PyTorch: `Tensor.tan`. */
  tan(): Tensor {
    return this.unaryMath("tan");
  }
  /** arcsin x, NaN outside [-1, 1]. PyTorch: `Tensor.asin`. */
  asin(): Tensor {
    return this.unaryMath("asin");
  }
  /** arccos x, NaN outside [-1, 1]. PyTorch: `Tensor.acos`. */
  acos(): Tensor {
    return this.unaryMath("acos");
  }
  /** arctan x. PyTorch: `Tensor.atan`. */
  atan(): Tensor {
    return this.unaryMath("atan");
  }
  /** sinh x = (e^x - e^-x) / 2. PyTorch: `Tensor.sinh`. */
  sinh(): Tensor {
    return this.unaryMath("sinh");
  }
  /** cosh x = (e^x + e^-x) / 2. PyTorch: `Tensor.cosh`. */
  cosh(): Tensor {
    return this.unaryMath("cosh");
  }
  /** log base 2. PyTorch: `Tensor.log2`. */
  log2(): Tensor {
    return this.unaryMath("log2");
  }
  /** log base 10. PyTorch: `Tensor.log10`. */
  log10(): Tensor {
    return this.unaryMath("log10");
  }
  /** ln(1 + x), accurate for small x. PyTorch: `Tensor.log1p`. */
  log1p(): Tensor {
    return this.unaryMath("log1p");
  }
  /** e^x - 1, accurate for small x. PyTorch: `Tensor.expm1`. */
  expm1(): Tensor {
    return this.unaryMath("expm1");
  }
  /** 1 / x. PyTorch: `Tensor.reciprocal`. */
  reciprocal(): Tensor {
    return this.unaryMath("reciprocal");
  }
  /** 1 / sqrt(x). PyTorch: `Tensor.rsqrt`. */
  rsqrt(): Tensor {
    return this.unaryMath("rsqrt");
  }
  /** The error function 2/sqrt(pi) * integral_0^x e^(-t^2) dt. PyTorch: `Tensor.erf`. */
  erf(): Tensor {
    return this.unaryMath("erf");
  }
  /** x - trunc(x), with x's sign. PyTorch: `Tensor.frac`. */
  frac(): Tensor {
    return this.unaryMath("frac");
  }
  /** -1, 0 or 1 by the sign of x (gradient 0). PyTorch: `Tensor.sign`. */
  sign(): Tensor {
    return this.unaryMath("sign");
  }
  /** Largest integer <= x (gradient 0). PyTorch: `Tensor.floor`. */
  floor(): Tensor {
    return this.unaryMath("floor");
  }
  /** Smallest integer >= x (gradient 0). PyTorch: `Tensor.ceil`. */
  ceil(): Tensor {
    return this.unaryMath("ceil");
  }
  /**
   * Nearest integer, halves to even (0.5 -> 0, 1.5 -> 2; gradient 0); with `decimals`, to that
   * many decimal places (negative: to tens, hundreds, ...), as PyTorch computes it in x's dtype.
   * PyTorch: `Tensor.round(decimals=0)`.
   */
  round(decimals?: number): Tensor {
    if (decimals === undefined) return this.unaryMath("round");
    return Tensor.apply("RoundBackward1", RoundF.round(this.value, decimals), [this]);
  }
  /** x without its fractional part, toward 0 (gradient 0). PyTorch: `Tensor.trunc`. */
  trunc(): Tensor {
    return this.unaryMath("trunc");
  }
  /** atan2(this, other): the angle of the point (other, this) in (-pi, pi]. PyTorch: `Tensor.atan2`. */
  atan2(other: Tensor): Tensor {
    return this.binaryMath(S.checkTensor(other, "atan2"), "atan2", "Atan2Backward0");
  }
  /** C's fmod: this - trunc(this / other) * other, with this's sign. PyTorch: `Tensor.fmod`. */
  fmod(other: Tensor | number): Tensor {
    return this.binaryMath(
      this.operand(other, "fmod"),
      "fmod",
      "FmodBackward" + (typeof other === "number" ? "0" : "1"),
    );
  }
  /** Python's %: this - floor(this / other) * other, with other's sign. PyTorch: `Tensor.remainder`. */
  remainder(other: Tensor | number): Tensor {
    return this.binaryMath(
      this.operand(other, "remainder"),
      "remainder",
      "RemainderBackward" + (typeof other === "number" ? "0" : "1"),
    );
  }
  /** this + weight * (end - this), broadcast. PyTorch: `Tensor.lerp`. */
  lerp(end: Tensor, weight: Tensor | number): Tensor {
    const w =
      typeof weight === "number"
        ? new Tensor(scalarFor(this.dtype, weight))
        : S.checkTensor(weight, "lerp");
    S.checkTensor(end, "lerp");
    const name = typeof weight === "number" ? "LerpBackward0" : "LerpBackward1";
    return Tensor.apply(name, MB.lerp(this.value, end.value, w.value), [this, end, w]);
  }
  private unaryMath(name: UnaryMathName): Tensor {
    return Tensor.apply(UNARY_MATH[name].node, MU.unaryMath(this.value, name), [this]);
  }
  private binaryMath(o: Tensor, name: BinaryMathName, node: string): Tensor {
    return Tensor.apply(node, MB.binaryMath(this.value, o.value, name), [this, o]);
  }
}
