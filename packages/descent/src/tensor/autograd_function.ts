/**
 * User-defined differentiable operations, as `torch.autograd.Function`: a subclass writes a
 * static `forward(ctx, ...inputs)` and a static `backward(ctx, gradOutput)` on tensors, and is
 * called through `apply`. It lives beside Tensor (not in src/autograd) because both halves take and
 * return Tensors; the graph node it records is an ordinary autograd `Node`.
 */
import type { BackwardFn } from "../autograd/node.js";
import { isGradEnabled, noGrad } from "../autograd/grad_mode.js";
import { fmtShape, shapesEqual } from "../util/shape.js";
import { Tensor } from "./tensor.js";

/** What `forward` may be given: tensors, and any other values it needs (not differentiated). */
export type FunctionArg = Tensor | number | boolean | string | null | undefined | object;

/**
 * The context shared by one call's `forward` and `backward` (PyTorch's `ctx`): tensors saved for
 * backward, which inputs need a gradient, and any other values `forward` sets in `saved`.
 */
export class FunctionCtx {
  /** For each argument of `forward`: whether it is a tensor that needs a gradient. */
  readonly needsInputGrad: readonly boolean[];
  /** Non-tensor values forward keeps for backward (PyTorch's `ctx.anything = ...`). */
  readonly saved: Record<string, unknown> = {};
  #toSave: Tensor[] = [];
  #versions: number[] | null = null;
  #name: string;

  /** @internal made by `Function.apply`. */
  constructor(name: string, needsInputGrad: readonly boolean[]) {
    this.#name = name;
    this.needsInputGrad = needsInputGrad;
  }

  /** Keeps tensors for backward (inputs, the output, or intermediates); call it once, in forward. */
  saveForBackward(...tensors: Tensor[]): void {
    for (const t of tensors) {
      if (!(t instanceof Tensor))
        throw new TypeError(
          `${this.#name}.saveForBackward: expects tensors, got ${typeof t} (keep other values in ctx.saved)`,
        );
    }
    this.#toSave = tensors;
  }

  /** @internal after forward: the output stands for the tensor forward returned; versions fixed. */
  seal(result: Tensor, output: Tensor): void {
    this.#toSave = this.#toSave.map((t) => (t === result ? output : t));
    this.#versions = this.#toSave.map((t) => t.version);
  }

  /**
   * The tensors `saveForBackward` kept, in order. Throws PyTorch's error when one of them was
   * changed in place after forward (its version counter moved), since backward would read the
   * new values.
   */
  get savedTensors(): Tensor[] {
    const versions = this.#versions ?? this.#toSave.map(() => 0);
    this.#toSave.forEach((t, i) => {
      if (t.version === versions[i]) return;
      throw new Error(
        "backward: one of the variables needed for gradient computation has been modified by an " +
          `inplace operation: [${t.dtype} ${fmtShape(t.shape)}] is at version ${t.version}; ` +
          `expected version ${versions[i]} instead (it is saved by ${this.#name}Backward; ` +
          "clone() it before changing it in place)",
      );
    });
    return this.#toSave.slice();
  }
}

/** What a Function subclass provides: the two static methods. */
interface FunctionClass {
  readonly name: string;
  forward(ctx: FunctionCtx, ...args: never[]): Tensor;
  backward(ctx: FunctionCtx, gradOutput: Tensor): Tensor | null | (Tensor | null)[];
}

/**
 * A differentiable operation written by its user, as `torch.autograd.Function`. Subclass it with
 * two static methods:
 *
 * - `forward(ctx, ...args)`: computes the output (one tensor) from the arguments, with gradient
 *   tracking off; `ctx.saveForBackward(...)` keeps what backward needs.
 * - `backward(ctx, gradOutput)`: the gradient of the loss with respect to each argument of
 *   forward, in order (an array, or a single tensor when forward takes one argument; null where
 *   an argument needs none), each of that argument's shape. `ctx.savedTensors` gives back the saved
 *   tensors and `ctx.needsInputGrad[i]` says which gradients are wanted.
 *
 * Call it as `MyFunction.apply(x)` (`apply` is already bound: `const P3 = Legendre.apply` works).
 * The output's `gradFn` is named `<ClassName>Backward`, as PyTorch names it. Backward runs with
 * gradient tracking off: a Function is differentiable once (no `createGraph`).
 *
 * @example
 * class LegendrePolynomial3 extends autograd.Function {
 *   static forward(ctx: autograd.FunctionCtx, input: Tensor): Tensor {
 *     ctx.saveForBackward(input);
 *     return input.pow(3).mul(5).sub(input.mul(3)).mul(0.5); // P3(x) = (5x^3 - 3x) / 2
 *   }
 *   static backward(ctx: autograd.FunctionCtx, gradOutput: Tensor): Tensor {
 *     const [input] = ctx.savedTensors;
 *     return gradOutput.mul(1.5).mul(input.pow(2).mul(5).sub(1)); // P3'(x) = 1.5 (5x^2 - 1)
 *   }
 * }
 * const y = LegendrePolynomial3.apply(x);
 *
 * PyTorch: `class LegendrePolynomial3(torch.autograd.Function)` with `@staticmethod`s, and
 * `LegendrePolynomial3.apply(x)`.
 */
export abstract class Function {
  /** Runs forward on `args` and records backward: `MyFunction.apply(x, y)` (bound; may be passed around). */
  static get apply(): (...args: FunctionArg[]) => Tensor {
    const cls = this as unknown as FunctionClass;
    return (...args: FunctionArg[]) => applyFunction(cls, args);
  }
}

function applyFunction(cls: FunctionClass, args: readonly FunctionArg[]): Tensor {
  const name = cls.name;
  if (cls.forward === undefined || cls.backward === undefined)
    throw new TypeError(
      `${name}.apply: a Function subclass needs static forward(ctx, ...args) and backward(ctx, gradOutput)`,
    );
  const tensors = args.filter((a): a is Tensor => a instanceof Tensor);
  const tracked = isGradEnabled() && tensors.some((t) => t.requiresGrad);
  const ctx = new FunctionCtx(
    name,
    args.map((a) => tracked && a instanceof Tensor && a.requiresGrad),
  );
  const result = noGrad(() =>
    (cls.forward as (c: FunctionCtx, ...a: FunctionArg[]) => Tensor)(ctx, ...args),
  );
  if (!(result instanceof Tensor))
    throw new TypeError(`${name}.forward: must return one tensor, got ${typeof result}`);
  // An input returned as it is would share its storage with the output.
  const out = tensors.includes(result) ? result.clone().value : result.value;
  if (!tracked) {
    ctx.seal(result, result);
    return result;
  }
  const positions = args.flatMap((a, i) => (a instanceof Tensor ? [i] : []));
  const backward: BackwardFn = (g) => {
    const grads = gradsOf(name, cls.backward(ctx, new Tensor(g)), args.length);
    return positions.map((i) => {
      const gi = grads[i];
      if (gi === null || gi === undefined || !ctx.needsInputGrad[i]) return null;
      if (!(gi instanceof Tensor))
        throw new TypeError(`${name}.backward: gradient ${i} must be a tensor or null`);
      const want = (args[i] as Tensor).shape;
      if (!shapesEqual(gi.shape, want))
        throw new RangeError(
          `${name}.backward: gradient ${i} has shape ${fmtShape(gi.shape)} but input ${i} has shape ${fmtShape(want)}`,
        );
      // The user may hold gi (or the gradient it was given): the node is external, so the
      // engine copies rather than keeps or reuses either (autograd/buffers.ts).
      return gi.value;
    });
  };
  const output = Tensor.apply(
    `${name}Backward`,
    { out, backward, saves: [], external: true },
    tensors,
  );
  ctx.seal(result, output);
  return output;
}

/** Backward's result as one entry per forward argument, checking the count. */
function gradsOf(
  name: string,
  r: Tensor | null | (Tensor | null)[],
  nArgs: number,
): (Tensor | null)[] {
  const grads = Array.isArray(r) ? r : [r];
  if (grads.length !== nArgs)
    throw new RangeError(
      `${name}.backward: returned ${grads.length} gradient(s) but forward took ${nArgs} argument(s) (return one per argument, null for those without)`,
    );
  return grads;
}
