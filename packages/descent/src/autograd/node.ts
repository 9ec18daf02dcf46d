import type { NDArray } from "../backend/ndarray.js";
import type { DType, TypedArray } from "../util/dtype.js";
import { fmtShape } from "../util/shape.js";
import type { Reuse } from "./buffers.js";

/**
 * Computes the gradients of an op's inputs from the gradient of its output (null: no gradient).
 * `needs[i]` says whether input i requires a gradient, so costly ones can be skipped.
 * Each returned array is either `grad` itself (or a view of its data) or storage allocated by
 * this call and kept nowhere else, and the closure writes into no other array: the engine may
 * make a returned array a leaf's `.grad` without a copy (the rules are in ./buffers.ts). `reuse`
 * is for `gradOut(grad, reuse)`, which gives `grad` itself to write the result over when the
 * engine alone holds it (elementwise backwards do, saving an allocation).
 */
export type BackwardFn = (
  grad: NDArray,
  needs: readonly boolean[],
  reuse?: Reuse,
) => (NDArray | null)[];

/** What the engine needs of a tensor; `Tensor` implements it (autograd never imports Tensor). */
export interface GradTarget {
  readonly dtype: DType;
  readonly shape: number[];
  readonly requiresGrad: boolean;
  readonly gradFn: Node | null;
  /** Accumulated gradient storage (the engine adds into it). */
  gradValue: NDArray | null;
  /** True for non-leaf tensors that asked to keep their gradient (`retainGrad()`). */
  readonly retainsGrad: boolean;
  /** The version counter of the tensor's storage (bumped by each in-place write). */
  readonly version: number;
  /** Whether `d` is this tensor's storage (or its contiguous data), without copying anything. */
  holdsData(d: TypedArray): boolean;
}

/** Which of an op's tensors its backward reads: input indices, and OUT for its output. */
export const OUT = -1;

/**
 * One recorded operation in the graph: its name (for messages), its inputs with the nodes that
 * made them (fixed when recorded, so that a later in-place op on an input does not reroute this
 * node's gradient), its backward closure, which holds whatever the forward saved, and the
 * versions of the saved tensors, checked before the closure runs. The engine sets `backward` to
 * null after running it unless the graph is retained, releasing the saved arrays.
 */
export class Node {
  /** Which inputs require a gradient (fixed when the op is recorded). */
  readonly needs: readonly boolean[];
  /** Each input's gradFn when the op was recorded (null for leaves). */
  readonly fns: readonly (Node | null)[];
  /** The tensor this node made (for retained gradients and saved-output checks). */
  output: GradTarget | null = null;
  /** Versions of the saved tensors when recorded (null: all were at version 0). */
  private versions: number[] | null = null;
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
    /** Input indices (and OUT) whose values the backward reads; all inputs when omitted. */
    readonly saves?: readonly number[],
    /** Whether the backward runs user code (see `OpResult.external`). */
    readonly external = false,
  ) {
    const n = inputs.length;
    const needs = new Array<boolean>(n);
    const fns = new Array<Node | null>(n);
    for (let i = 0; i < n; i++) {
      needs[i] = inputs[i].requiresGrad;
      fns[i] = inputs[i].gradFn;
    }
    this.needs = needs;
    this.fns = fns;
  }

  /** Records the output and the versions of what backward will read. */
  seal(output: GradTarget): void {
    this.output = output;
    const s = this.saves;
    const n = s ? s.length : this.inputs.length;
    for (let k = 0; k < n; k++) {
      const v = this.savedAt(k).version;
      if (v !== 0) {
        this.versions ??= new Array<number>(n).fill(0);
        this.versions[k] = v;
      }
    }
  }

  private savedAt(k: number): GradTarget {
    const i = this.saves ? this.saves[k] : k;
    return i === OUT ? this.output! : this.inputs[i];
  }

  /** Throws PyTorch's error when a saved tensor was modified in place after it was saved. */
  checkVersions(): void {
    const n = this.saves ? this.saves.length : this.inputs.length;
    for (let k = 0; k < n; k++) {
      const t = this.savedAt(k);
      const expected = this.versions ? this.versions[k] : 0;
      if (t.version === expected) continue;
      const i = this.saves ? this.saves[k] : k;
      // PyTorch names a saved output's own node, and a saved input's current history
      const maker = i === OUT ? this : t.gradFn;
      throw new Error(
        "backward: one of the variables needed for gradient computation has been modified by an " +
          `inplace operation: [${t.dtype} ${fmtShape(t.shape)}]` +
          (maker ? `, which is output 0 of ${maker.typeName()},` : "") +
          ` is at version ${t.version}; expected version ${expected} instead ` +
          `(it is saved by ${this.typeName()}; clone() it before changing it in place)`,
      );
    }
  }

  /** PyTorch's class name of the node: `MulBackward0`. */
  typeName(): string {
    return this.isClassName() ? this.name : `${this.className()}Backward0`;
  }

  toString(): string {
    return `<${this.isClassName() ? this.name : `${this.className()}Backward0`}>`;
  }

  /** A name already in PyTorch's form (CopySlices) is shown as it is. */
  private isClassName(): boolean {
    return this.name[0] !== this.name[0].toLowerCase();
  }

  private className(): string {
    return `${this.name[0].toUpperCase()}${this.name.slice(1)}`;
  }
}

/** The result of a differentiable primitive: its output and how to differentiate it. */
export interface OpResult {
  out: NDArray;
  backward: BackwardFn;
  /** Input indices (and OUT) whose values the backward reads; all inputs when omitted. */
  saves?: readonly number[];
  /**
   * The backward runs user code (a custom `autograd.Function`), which may keep the gradient it
   * is given and return arrays held elsewhere: the engine reuses neither (./buffers.ts).
   */
  external?: boolean;
}
