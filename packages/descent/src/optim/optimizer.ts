import type { NDArray } from "../backend/ndarray.js";
import type { Tensor } from "../tensor/index.js";
import { noGrad } from "../tensor/index.js";

/** Hyper-parameters of one parameter group (lr and the optimizer's own options). */
export type GroupOptions = { lr: number } & Record<string, number | boolean>;

export interface ParamGroup<O extends GroupOptions = GroupOptions> {
  params: Tensor[];
  options: O;
}

/** What `new SGD(...)` accepts: a list of tensors, or groups with their own options. */
export type Params<O> = Iterable<Tensor> | { params: Iterable<Tensor>; options?: Partial<O> }[];

/**
 * Base class of optimizers, like `torch.optim.Optimizer`: owns the parameter groups and the
 * per-parameter state; a subclass writes `update` for one parameter.
 */
export abstract class Optimizer<O extends GroupOptions = GroupOptions> {
  readonly paramGroups: ParamGroup<O>[];
  /** Per-parameter state (momentum buffers, moments, step counts). */
  readonly state = new Map<Tensor, Record<string, NDArray | number>>();

  constructor(params: Params<O>, defaults: O, name: string) {
    const list = [...(params as Iterable<unknown>)];
    if (list.length === 0) throw new Error(`${name}: optimizer got an empty parameter list`);
    const groups = isGroupList(list)
      ? list.map((g) => ({
          params: [...g.params],
          options: { ...defaults, ...defined(g.options ?? {}) } as O,
        }))
      : [{ params: list as Tensor[], options: { ...defaults } }];
    for (const g of groups) {
      checkOptions(g.options, name);
      for (const p of g.params) {
        if (!p || typeof p !== "object" || !("requiresGrad" in p)) {
          throw new TypeError(`${name}: parameters must be Tensors (got ${typeof p})`);
        }
        if (!p.requiresGrad)
          throw new Error(`${name}: can't optimize a tensor that does not require grad`);
      }
    }
    this.paramGroups = groups;
  }

  /** Clears the gradients of all parameters (sets them to null, PyTorch 2's default). */
  zeroGrad(): void {
    for (const g of this.paramGroups) for (const p of g.params) p.grad = null;
  }

  /** Updates every parameter that has a gradient. */
  step(): void {
    noGrad(() => {
      for (const g of this.paramGroups) {
        for (const p of g.params) {
          const grad = p.gradValue;
          if (grad === null) continue;
          let st = this.state.get(p);
          if (!st) this.state.set(p, (st = {}));
          this.update(p.value.data, grad.data, st, g.options);
        }
      }
    });
  }

  /** Updates one parameter in place from its gradient, with its state and group options. */
  protected abstract update(
    param: NDArray["data"],
    grad: NDArray["data"],
    state: Record<string, NDArray | number>,
    options: O,
  ): void;
}

/**
 * The constructor's options over the optimizer's defaults. An option name the optimizer does not
 * know is an error (as an unexpected keyword is in PyTorch), so that a misspelt or snake_case
 * name (`weight_decay`, `betas`) is not silently ignored.
 */
export function withDefaults<O extends GroupOptions>(
  defaults: O,
  opts: Partial<O>,
  name: string,
): O {
  for (const k of Object.keys(opts)) {
    if (!(k in defaults)) {
      throw new TypeError(
        `${name}: unknown option ${JSON.stringify(k)} (options: ${Object.keys(defaults).join(", ")})`,
      );
    }
  }
  return { ...defaults, ...defined(opts) };
}

/** The entries that are not undefined: `{ momentum: undefined }` keeps the default. */
function defined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

function isGroupList(list: unknown[]): list is { params: Iterable<Tensor>; options?: object }[] {
  return list.every((x) => typeof x === "object" && x !== null && "params" in x);
}

function checkOptions(o: GroupOptions, name: string): void {
  if (!(typeof o.lr === "number" && o.lr >= 0)) {
    throw new RangeError(`${name}: invalid learning rate ${o.lr}; expected a number >= 0`);
  }
  for (const [k, v] of Object.entries(o)) {
    if (typeof v === "number" && !Number.isFinite(v)) {
      throw new RangeError(`${name}: option ${k} must be finite, got ${v}`);
    }
  }
}
