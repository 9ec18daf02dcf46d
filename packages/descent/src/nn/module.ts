import type { Tensor } from "../tensor/index.js";
import { Tensor as TensorClass, noGrad } from "../tensor/index.js";
import { fmtShape } from "../util/shape.js";
import { Parameter } from "./parameter.js";

export type StateDict = Record<string, Tensor>;

/**
 * Base class of layers and models, like `nn.Module`. Parameters and submodules are found by
 * walking the object's own properties in the order they were assigned, so `this.fc1 = new
 * Linear(4, 10)` gives the state-dict keys `fc1.weight` and `fc1.bias`, exactly as in PyTorch.
 *
 * Subclasses implement `forward`. Call it directly: `model.forward(x)`.
 */
export abstract class Module {
  /** True in training mode (the default), false after `eval()`. */
  training = true;

  abstract forward(...inputs: Tensor[]): Tensor;

  /** Direct submodules with their attribute names. */
  *namedChildren(): Generator<[string, Module]> {
    for (const [k, v] of Object.entries(this)) if (v instanceof Module) yield [k, v];
  }

  *children(): Generator<Module> {
    for (const [, m] of this.namedChildren()) yield m;
  }

  /**
   * This module and all below it, depth first, with dotted names ("" for this one); a module
   * reachable by several names is listed once, under the first (as PyTorch's `named_modules`).
   */
  *namedModules(prefix = "", memo = new Set<Module>()): Generator<[string, Module]> {
    if (memo.has(this)) return;
    memo.add(this);
    yield [prefix, this];
    for (const [k, m] of this.namedChildren())
      yield* m.namedModules(prefix ? `${prefix}.${k}` : k, memo);
  }

  *modules(): Generator<Module> {
    for (const [, m] of this.namedModules()) yield m;
  }

  /** Parameters with dotted names, each shared parameter once (as PyTorch). */
  *namedParameters(): Generator<[string, Parameter]> {
    const seen = new Set<Parameter>();
    for (const [prefix, m] of this.namedModules()) {
      for (const [k, v] of Object.entries(m)) {
        if (v instanceof Parameter && !seen.has(v)) {
          seen.add(v);
          yield [prefix ? `${prefix}.${k}` : k, v];
        }
      }
    }
  }

  parameters(): Parameter[] {
    return [...this.namedParameters()].map(([, p]) => p);
  }

  /** Sets training mode here and below (affects layers such as dropout); returns this. */
  train(mode = true): this {
    for (const m of this.modules()) m.training = mode;
    return this;
  }

  eval(): this {
    return this.train(false);
  }

  /** Clears every parameter's gradient (sets it to null, PyTorch 2's default). */
  zeroGrad(): void {
    for (const p of this.parameters()) p.grad = null;
  }

  /** Parameter values by PyTorch key name (`fc1.weight`); tensors share this module's storage. */
  stateDict(): StateDict {
    const sd: StateDict = {};
    for (const [k, p] of this.namedParameters()) sd[k] = p.detach();
    return sd;
  }

  /**
   * Copies values from a state dict into the parameters. With `strict` (the default) every key
   * must match: missing and unexpected keys and shape mismatches are all reported in one error.
   */
  loadStateDict(
    sd: StateDict,
    opts: { strict?: boolean } = {},
  ): { missingKeys: string[]; unexpectedKeys: string[] } {
    const strict = opts.strict ?? true;
    const own = new Map(this.namedParameters());
    const missing = [...own.keys()].filter((k) => !(k in sd));
    const unexpected = Object.keys(sd).filter((k) => !own.has(k));
    const problems: string[] = [];
    for (const [k, p] of own) {
      const src = sd[k];
      if (!src) continue;
      if (!(src instanceof TensorClass)) {
        problems.push(`value for ${k} is not a Tensor`);
      } else if (src.shape.join() !== p.shape.join()) {
        problems.push(
          `size mismatch for ${k}: copying a param with shape ${fmtShape(src.shape)} from checkpoint, ` +
            `the shape in current model is ${fmtShape(p.shape)}.`,
        );
      }
    }
    if (strict) {
      if (unexpected.length)
        problems.unshift(
          `Unexpected key(s) in state_dict: ${unexpected.map((k) => `"${k}"`).join(", ")}.`,
        );
      if (missing.length)
        problems.unshift(
          `Missing key(s) in state_dict: ${missing.map((k) => `"${k}"`).join(", ")}.`,
        );
    }
    if (problems.length) {
      throw new Error(
        `Error(s) in loading state_dict for ${this.constructor.name}:\n\t${problems.join("\n\t")}`,
      );
    }
    noGrad(() => {
      for (const [k, p] of own) if (sd[k]) p.copy_(sd[k]);
    });
    return { missingKeys: missing, unexpectedKeys: unexpected };
  }

  /** The hyper-parameters shown between the parentheses in `toString()`. */
  extraRepr(): string {
    return "";
  }

  /** PyTorch's module print: the class name, its hyper-parameters and its children indented. */
  toString(): string {
    const kids = [...this.namedChildren()];
    const name = this.constructor.name;
    if (kids.length === 0) return `${name}(${this.extraRepr()})`;
    const lines = kids.map(([k, m]) => `  (${k}): ${m.toString().split("\n").join("\n  ")}`);
    const extra = this.extraRepr();
    return `${name}(${extra ? `\n  ${extra}` : ""}\n${lines.join("\n")}\n)`;
  }
}
