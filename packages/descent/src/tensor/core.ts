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
import * as U from "../autograd/ops/unary.js";
import type { DType, TypedArray } from "../util/dtype.js";
import { checkDType, isFloat } from "../util/dtype.js";
import { fmtShape, normalizeDim, numelOf, stridesOf } from "../util/shape.js";
import { formatTensor } from "./format.js";
import { scalarFor } from "./scalar.js";
import * as S from "./shapes.js";
import * as I from "./inplace.js";
import type { Index as IndexOf } from "./indexing.js";

/**
 * The core of the `Tensor` class: its storage and view geometry, autograd recording
 * (`apply`, `fused`), in-place writes (`inPlace`, `writeInPlace`), properties, conversions and
 * `backward`. The method families are in ./methods_*.ts (elementwise, math, reductions, matrix
 * products, shape and views, indexing, in-place, sorting), declared on the class by declaration
 * merging; ./tensor.ts loads them all, and everything else imports Tensor from there.
 */

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
   * @internal The view of this tensor at geometry `f(this)`, sharing storage (for the view
   * methods in ./methods_shape.ts). Its gradient is `g` placed
   * at the view's positions (the same `f` applied to this tensor's logical layout).
   */
  asView(name: string, f: (g: Geometry) => Geometry): Tensor {
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
   * @internal Writes `compute(self)` into this tensor's elements (through to its base), bumping the
   * storage's version, and records it as PyTorch does: the tensor's history becomes the op's
   * node, or for a view the base's becomes CopySlices. `others` are the op's other tensors.
   */
  inPlace(op: string, others: readonly Tensor[], compute: (self: Tensor) => Tensor): this {
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

  /** The dimensions reversed (`torch.Tensor.T`); a view. */
  get T(): Tensor {
    return this.permute([...this._shape.keys()].reverse());
  }
}

/** @internal Methods of one method file (./methods_*.ts): `this` is the tensor. */
export type Methods = Partial<Tensor> & ThisType<Tensor>;

/**
 * @internal Adds the method files' methods to Tensor's prototype as a class declares them:
 * non-enumerable, each named for its key (./tensor.ts calls it once).
 */
export function installMethods(...families: Methods[]): void {
  const proto = Tensor.prototype as unknown as Record<string, unknown>;
  for (const methods of families)
    for (const [name, m] of Object.entries(methods))
      Object.defineProperty(proto, name, { value: m, writable: true, configurable: true });
}

/** A number as a 0-d tensor of t's dtype (a tensor is checked), for binary methods' operands. */
export function operand(t: Tensor, o: Tensor | number, op: string): Tensor {
  return typeof o === "number" ? new Tensor(scalarFor(t.dtype, o)) : S.checkTensor(o, op);
}
