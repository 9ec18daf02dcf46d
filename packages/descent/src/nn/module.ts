import type { Tensor } from "../tensor/index.js";
import { Tensor as TensorClass, noGrad } from "../tensor/index.js";
import { Parameter } from "./parameter.js";
import { loadInto, stateDictOf } from "./state_dict.js";

/** Tensors by PyTorch key name (`fc1.weight`), as `Module.stateDict()` returns them. */
export type StateDict = Record<string, Tensor>;

/** Options of `namedParameters`, `namedBuffers` and `namedModules`, as PyTorch's keywords. */
export interface NamedOptions {
  /** Prepended to every name (default ""). */
  prefix?: string;
  /** Include submodules' members (default true). */
  recurse?: boolean;
  /** List a member reachable by several names once, under the first (default true). */
  removeDuplicate?: boolean;
}

/**
 * Base class of layers and models, like `nn.Module`. Parameters and submodules are found by
 * walking the object's own properties in the order they were assigned, so `this.fc1 = new
 * Linear(4, 10)` gives the state-dict keys `fc1.weight` and `fc1.bias`, exactly as in PyTorch.
 * Buffers (state that is saved but not trained, like running statistics) are registered with
 * `registerBuffer`.
 *
 * Subclasses implement `forward`. Call it directly: `model.forward(x)`.
 */
export abstract class Module {
  /** True in training mode (the default), false after `eval()`. */
  training = true;
  /** Names of buffers, and which of them are left out of the state dict. */
  readonly #buffers = new Map<string, { persistent: boolean }>();

  /** Computes the module's output from its inputs; call it as `model.forward(x)`. */
  abstract forward(...inputs: Tensor[]): Tensor;

  /** Direct submodules with their attribute names (a container's: its keys). */
  *namedChildren(): Generator<[string, Module]> {
    for (const [k, v] of Object.entries(this)) if (v instanceof Module) yield [k, v];
  }

  /** Direct submodules. */
  *children(): Generator<Module> {
    for (const [, m] of this.namedChildren()) yield m;
  }

  /**
   * This module and all below it, depth first, with dotted names ("" for this one); a module
   * reachable by several names is listed once, under the first, unless `removeDuplicate` is false
   * (as PyTorch's `named_modules`).
   */
  *namedModules(opts: NamedOptions = {}, memo = new Set<Module>()): Generator<[string, Module]> {
    const prefix = opts.prefix ?? "";
    if (opts.removeDuplicate !== false) {
      if (memo.has(this)) return;
      memo.add(this);
    }
    yield [prefix, this];
    for (const [k, m] of this.namedChildren())
      yield* m.namedModules({ ...opts, prefix: prefix ? `${prefix}.${k}` : k }, memo);
  }

  /** This module and all below it, depth first, each once (as PyTorch's `modules`). */
  *modules(): Generator<Module> {
    for (const [, m] of this.namedModules()) yield m;
  }

  /**
   * Parameters with dotted names, each shared parameter once (as PyTorch); with
   * `removeDuplicate: false`, under every name it is reachable by, as `stateDict()` lists them.
   */
  *namedParameters(opts: NamedOptions = {}): Generator<[string, Parameter]> {
    yield* this.members(opts, (m) => m.ownParameters());
  }

  /** The parameters of this module (and below, unless `recurse` is false), each shared one once, as PyTorch's `parameters`. */
  parameters(opts: { recurse?: boolean } = {}): Parameter[] {
    return [...this.namedParameters(opts)].map(([, p]) => p);
  }

  /** Buffers (see `registerBuffer`) with dotted names, as PyTorch's `named_buffers`. */
  *namedBuffers(opts: NamedOptions = {}): Generator<[string, Tensor]> {
    yield* this.members(opts, (m) => m.ownBuffers());
  }

  /** The buffers of this module (and below, unless `recurse` is false), as PyTorch's `buffers`. */
  buffers(opts: { recurse?: boolean } = {}): Tensor[] {
    return [...this.namedBuffers(opts)].map(([, b]) => b);
  }

  private *members<T>(
    opts: NamedOptions,
    own: (m: Module) => Iterable<[string, T]>,
  ): Generator<[string, T]> {
    const dedupe = opts.removeDuplicate !== false;
    const seen = new Set<T>();
    const mods =
      opts.recurse === false
        ? [[opts.prefix ?? "", this] as [string, Module]]
        : this.namedModules({ prefix: opts.prefix, removeDuplicate: dedupe });
    for (const [prefix, m] of mods) {
      for (const [k, v] of own(m)) {
        if (dedupe && seen.has(v)) continue;
        seen.add(v);
        yield [prefix ? `${prefix}.${k}` : k, v];
      }
    }
  }

  /** This module's own parameters (not its children's), in assignment order. */
  *ownParameters(): Generator<[string, Parameter]> {
    for (const [k, v] of Object.entries(this)) if (v instanceof Parameter) yield [k, v];
  }

  /** This module's own buffers; with `persistentOnly`, those that go into the state dict. */
  *ownBuffers(persistentOnly = false): Generator<[string, Tensor]> {
    const self = this as unknown as Record<string, unknown>;
    for (const [k, { persistent }] of this.#buffers) {
      const b = self[k];
      if (b instanceof TensorClass && (persistent || !persistentOnly)) yield [k, b];
    }
  }

  /**
   * Adds a tensor that is part of the module's state but not trained (running statistics, a
   * fixed mask): it is reachable as `this[name]`, moves with the module, is saved in the state
   * dict (unless `persistent` is false) and is not in `parameters()`. `null` reserves the name.
   * PyTorch: `module.register_buffer(name, tensor, persistent=True)`.
   */
  registerBuffer(name: string, tensor: Tensor | null, persistent = true): void {
    if (typeof name !== "string" || name === "" || name.includes("."))
      throw new TypeError(
        `registerBuffer: buffer name must be a non-empty string without ".", got ${JSON.stringify(name)}`,
      );
    const self = this as unknown as Record<string, unknown>;
    if (!this.#buffers.has(name) && name in self)
      throw new Error(
        `registerBuffer: attribute "${name}" already exists on ${this.constructor.name}`,
      );
    if (tensor !== null && !(tensor instanceof TensorClass))
      throw new TypeError(
        `registerBuffer: cannot assign a ${typeof tensor} as buffer "${name}" (a Tensor or null is required)`,
      );
    if (tensor instanceof Parameter)
      throw new TypeError(
        `registerBuffer: "${name}" is a Parameter; assign it as a property to train it`,
      );
    this.#buffers.set(name, { persistent });
    self[name] = tensor;
  }

  /**
   * Adds a child module under `name` (`this[name] = module`), as PyTorch's `add_module`; useful
   * when the name is computed. Containers keep it in their ordered store.
   */
  addModule(name: string, module: Module | null): void {
    checkChildName(this, name, module);
    (this as unknown as Record<string, unknown>)[name] = module;
  }

  /** Alias of `addModule`, as PyTorch's `register_module`. */
  registerModule(name: string, module: Module | null): void {
    this.addModule(name, module);
  }

  /**
   * A child by position (`net.get(0)`, negative from the end) or by name; a dotted path
   * (`"body.0"`) walks down, as PyTorch's `get_submodule`. So `net.get(0).get(1)` is PyTorch's
   * `net[0][1]`.
   */
  get(key: number | string): Module {
    if (typeof key === "number") {
      const kids = [...this.children()];
      const n = kids.length;
      if (!Number.isInteger(key) || key < -n || key >= n)
        throw new RangeError(
          `${this.constructor.name}.get: index ${key} is out of range for ${n} children`,
        );
      return kids[key < 0 ? key + n : key];
    }
    const [head, ...rest] = key.split(".");
    const child = [...this.namedChildren()].find(([k]) => k === head)?.[1];
    if (!child)
      throw new RangeError(
        `get: ${this.constructor.name} has no child "${head}" (children: ${[...this.namedChildren()].map(([k]) => k).join(", ") || "none"})`,
      );
    return rest.length ? child.get(rest.join(".")) : child;
  }

  /**
   * Calls `fn` on every submodule (children first, depth first) and then on this module, as
   * PyTorch's `module.apply(fn)`, typically to initialise weights; returns this.
   *
   * @example
   * net.apply((m) => { if (m instanceof nn.Linear) nn.init.xavierUniform_(m.weight); });
   */
  apply(fn: (m: Module) => void): this {
    for (const m of this.children()) m.apply(fn);
    fn(this);
    return this;
  }

  /** Sets `requiresGrad` of every parameter (false freezes the module); returns this. */
  requiresGrad_(requiresGrad = true): this {
    for (const p of this.parameters()) p.requiresGrad = requiresGrad;
    return this;
  }

  /**
   * Sets training mode here and, through each child's own `train`, below (affects layers such as
   * dropout), as PyTorch does, so that a subclass's override of `train` runs; returns this.
   */
  train(mode = true): this {
    this.training = mode;
    for (const m of this.children()) m.train(mode);
    return this;
  }

  /** Sets evaluation mode here and below (`train(false)`); returns this. */
  eval(): this {
    return this.train(false);
  }

  /**
   * Clears every parameter's gradient: sets it to null (PyTorch 2's default), or with
   * `setToNone: false` fills it with zeros (a parameter unused in the next step then still has a
   * zero gradient, which momentum and weight decay act on, as in PyTorch).
   */
  zeroGrad({ setToNone = true }: { setToNone?: boolean } = {}): void {
    for (const p of this.parameters()) {
      if (setToNone) p.gradValue = null;
      else p.grad?.writeInPlace((d) => d.fill(0)); // in place, bumping the version, as PyTorch's zero_
    }
  }

  /**
   * Parameters and persistent buffers by PyTorch key name (`fc1.weight`), each module's
   * parameters then its buffers then its children's; a shared parameter appears under every name
   * (as in PyTorch). The tensors share this module's storage.
   */
  stateDict(): StateDict {
    return stateDictOf(this.stateEntries());
  }

  /** [key, tensor] of everything in the state dict, shared ones under each name. */
  private stateEntries(): [string, Tensor][] {
    const out: [string, Tensor][] = [];
    for (const [prefix, m] of this.namedModules({ removeDuplicate: false })) {
      const p = prefix ? `${prefix}.` : "";
      for (const [k, v] of m.ownParameters()) out.push([p + k, v]);
      for (const [k, v] of m.ownBuffers(true)) out.push([p + k, v]);
    }
    return out;
  }

  /**
   * Copies values from a state dict into the parameters and buffers. With `strict` (the default)
   * every key must match: missing and unexpected keys and shape mismatches are all reported in
   * one error, as PyTorch's.
   */
  loadStateDict(
    sd: StateDict,
    opts: { strict?: boolean } = {},
  ): { missingKeys: string[]; unexpectedKeys: string[] } {
    const r = loadInto(
      this.constructor.name,
      new Map(this.stateEntries()),
      sd,
      opts.strict ?? true,
    );
    noGrad(() => {
      for (const [dst, src] of r.copies) dst.copy_(src);
    });
    return { missingKeys: r.missingKeys, unexpectedKeys: r.unexpectedKeys };
  }

  /** The hyper-parameters shown between the parentheses in `toString()`. */
  extraRepr(): string {
    return "";
  }

  /** PyTorch's module print: the class name, its hyper-parameters and its children indented. */
  toString(): string {
    const extra = this.extraRepr();
    const lines = [
      ...(extra ? extra.split("\n") : []),
      ...[...this.namedChildren()].map(
        ([k, m]) => `(${k}): ${m.toString().split("\n").join("\n  ")}`,
      ),
    ];
    const name = this.constructor.name;
    if (lines.length === 0) return `${name}()`;
    if (lines.length === 1 && !extra.includes("\n") && extra) return `${name}(${extra})`;
    return `${name}(\n  ${lines.join("\n  ")}\n)`;
  }
}

/** A child's name must be a non-empty string without "." that is not already another member. */
export function checkChildName(owner: Module, name: string, module: Module | null): void {
  const op = `${owner.constructor.name}.addModule`;
  if (typeof name !== "string" || name === "" || name.includes("."))
    throw new TypeError(
      `${op}: module name must be a non-empty string without ".", got ${JSON.stringify(name)}`,
    );
  if (module !== null && !(module instanceof Module))
    throw new TypeError(`${op}: "${name}" is not a Module (got ${typeof module})`);
}
