import type { Tensor } from "../../tensor/index.js";
import { Module, checkChildName } from "../module.js";

/**
 * The ordered store behind Sequential, ModuleList and ModuleDict (PyTorch's `_modules`): children
 * by key in insertion order, each also readable by position as `container[i]`.
 */
export abstract class ModuleContainer<M extends Module = Module> extends Module {
  [index: number]: M;
  readonly #store = new Map<string, M>();

  override *namedChildren(): Generator<[string, Module]> {
    yield* this.#store;
  }

  /** The number of children. */
  get length(): number {
    return this.#store.size;
  }

  /** The children in order, so `for (const m of container)` works as in PyTorch. */
  *[Symbol.iterator](): Iterator<M> {
    yield* this.#store.values();
  }

  /** The children's keys in order. */
  keys(): string[] {
    return [...this.#store.keys()];
  }

  /** Adds (or replaces) the child under `name`, keeping its place if the name exists. */
  override addModule(name: string, module: M): void {
    checkChildName(this, name, module);
    this.#store.set(name, module);
    this.syncIndex();
  }

  /** A child by position (negative from the end) or by key (a dotted path walks down). */
  override get(key: number | string): M {
    if (typeof key === "string" && this.#store.has(key)) return this.#store.get(key)!;
    return super.get(key) as M;
  }

  /** Removes and returns the child at a position or key. */
  pop(key: number | string): M {
    const k = typeof key === "number" ? this.keys()[this.position(key, "pop")] : key;
    const m = this.#store.get(k);
    if (m === undefined)
      throw new RangeError(
        `${this.constructor.name}.pop: no child "${key}" (keys: ${this.keys().join(", ")})`,
      );
    this.#store.delete(k);
    this.renumber();
    return m;
  }

  /** The position of index `i` (negative from the end), or a RangeError naming `op`. */
  protected position(i: number, op: string, n = this.length): number {
    if (!Number.isInteger(i) || i < -n || i >= n)
      throw new RangeError(
        `${this.constructor.name}.${op}: index ${i} is out of range for length ${n}`,
      );
    return i < 0 ? i + n : i;
  }

  /** Inserts before position `index` (PyTorch's algorithm: keys "0".."n" shift up by one). */
  protected insertAt(index: number, module: M): void {
    const n = this.length;
    if (!Number.isInteger(index) || index < -n || index > n)
      throw new RangeError(
        `${this.constructor.name}.insert: index ${index} is out of range for length ${n}`,
      );
    checkChildName(this, "0", module);
    const at = index < 0 ? index + n : index;
    for (let i = n; i > at; i--) this.#store.set(String(i), this.#store.get(String(i - 1))!);
    this.#store.set(String(at), module);
    this.syncIndex();
  }

  /** After a removal from a list: keys back to 0..n-1 (ModuleList overrides; dicts keep keys). */
  protected renumber(): void {
    this.syncIndex();
  }

  /** Keys renumbered 0..n-1 in order (a list's invariant). */
  protected renumberKeys(): void {
    const mods = [...this.#store.values()];
    this.#store.clear();
    mods.forEach((m, i) => this.#store.set(String(i), m));
    this.syncIndex();
  }

  /** `this[i]` for every position, as non-enumerable properties (not children by themselves). */
  private syncIndex(): void {
    let i = 0;
    for (const m of this.#store.values())
      Object.defineProperty(this, i++, { value: m, configurable: true, enumerable: false });
    while (Object.prototype.hasOwnProperty.call(this, i)) delete (this as Record<number, M>)[i++];
  }
}

/** The list-like containers (Sequential, ModuleList): append, insert and extend by position. */
export abstract class ModuleSequence<M extends Module = Module> extends ModuleContainer<M> {
  /** Adds a module at the end under the key `String(length)`; returns this. */
  append(module: M): this {
    this.addModule(String(this.length), module);
    return this;
  }

  /** Inserts a module before position `index` (keys shift up, as PyTorch's); returns this. */
  insert(index: number, module: M): this {
    this.insertAt(index, module);
    return this;
  }

  /** Appends each module of `modules`; returns this. */
  extend(modules: Iterable<M>): this {
    for (const m of modules) this.append(m);
    return this;
  }
}

/**
 * Runs modules in order, each on the previous one's output. Children are named "0", "1", ...,
 * so parameters are `0.weight`, `0.bias`, ... as in PyTorch; `addModule("fc", m)` names one.
 * A child is `net[i]` or `net.get(i)` (and `net.get(0).get(1)` is PyTorch's `net[0][1]`).
 *
 * @example
 * const net = new nn.Sequential(new nn.Flatten(), new nn.Linear(784, 10));
 * net.append(new nn.ReLU());
 *
 * PyTorch: `nn.Sequential(*modules)`.
 */
export class Sequential extends ModuleSequence {
  constructor(...modules: Module[]) {
    super();
    modules.forEach((m, i) => {
      if (!(m instanceof Module))
        throw new TypeError(`Sequential: argument ${i} is not a Module (got ${typeof m})`);
      this.addModule(String(i), m);
    });
  }

  forward(x: Tensor): Tensor {
    for (const m of this) x = m.forward(x);
    return x;
  }
}

/**
 * Holds submodules in a list, registered so that their parameters are the model's, as PyTorch's
 * `nn.ModuleList`; it has no forward of its own: iterate over it in yours.
 *
 * @example
 * this.layers = new nn.ModuleList([new nn.Linear(4, 4), new nn.Linear(4, 4)]);
 * for (const layer of this.layers) x = layer.forward(x).relu();
 */
export class ModuleList<M extends Module = Module> extends ModuleSequence<M> {
  constructor(modules: Iterable<M> = []) {
    super();
    this.extend(modules);
  }

  forward(): Tensor {
    throw new TypeError(
      "ModuleList: has no forward(); iterate over it (for (const layer of list)) in your module's forward",
    );
  }

  protected override renumber(): void {
    this.renumberKeys();
  }
}

/**
 * Holds submodules by name, in insertion order, as PyTorch's `nn.ModuleDict`.
 *
 * @example
 * this.heads = new nn.ModuleDict({ cls: new nn.Linear(8, 3), reg: new nn.Linear(8, 1) });
 * this.heads.get("cls").forward(h);
 */
export class ModuleDict<M extends Module = Module> extends ModuleContainer<M> {
  constructor(modules: Record<string, M> | Iterable<[string, M]> = {}) {
    super();
    this.update(modules);
  }

  forward(): Tensor {
    throw new TypeError(
      "ModuleDict: has no forward(); call its modules (dict.get(name).forward(x))",
    );
  }

  /** Adds or replaces the modules of an object or of [key, module] pairs. */
  update(modules: Record<string, M> | Iterable<[string, M]>): this {
    const entries =
      Symbol.iterator in Object(modules)
        ? (modules as Iterable<[string, M]>)
        : Object.entries(modules as Record<string, M>);
    for (const [k, m] of entries) this.addModule(k, m);
    return this;
  }

  /** Whether a child has this key (PyTorch's `key in module_dict`). */
  has(key: string): boolean {
    return this.keys().includes(key);
  }

  /** The children in insertion order (`ModuleDict.values()`). */
  values(): M[] {
    return [...this];
  }

  /** The (key, child) pairs in insertion order (`ModuleDict.items()`). */
  items(): [string, M][] {
    return [...this.namedChildren()] as [string, M][];
  }
}
