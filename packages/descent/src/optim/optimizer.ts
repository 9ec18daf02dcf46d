import { NDArray } from "../backend/ndarray.js";
import type { Tensor } from "../tensor/index.js";
import { Tensor as TensorClass, noGrad } from "../tensor/index.js";
import { fmtShape } from "../util/shape.js";
import type { OptimizerStateDict, SavedState } from "./state_dict.js";
import { checkStateDict } from "./state_dict.js";

/** Hyper-parameters of one parameter group (lr and the optimizer's own options). */
export type GroupOptions = { lr: number };

/** One parameter group, flat like PyTorch's dict: `{ params, lr, weightDecay, ... }`. */
export type ParamGroup<O extends GroupOptions = GroupOptions> = O & {
  params: Tensor[];
  /** The lr a scheduler started from (set by the first scheduler, as PyTorch's `initial_lr`). */
  initialLr?: number;
};

/**
 * A parameter group as the constructor and `addParamGroup` take it: PyTorch's dict in camelCase,
 * `{ params: model.fc.parameters(), lr: 0.01 }`; options it leaves out come from the optimizer's.
 * `betas: [b1, b2]` is accepted where the optimizer has beta1 and beta2.
 */
export type ParamGroupInput<O> = { params: Iterable<Tensor> | Tensor } & OptionsInput<O>;

/** The options object: the optimizer's options, each optional, plus `betas` for Adam's family. */
export type OptionsInput<O> = Partial<O> & { betas?: readonly [number, number] };

/** What an optimizer accepts as its first argument: tensors, one tensor, or parameter groups. */
export type Params<O> = Iterable<Tensor> | Tensor | ParamGroupInput<O>[];

/** Per-parameter state (moments, step counts). */
export type ParamState = Record<string, NDArray | number>;

/**
 * Base class of optimizers, like `torch.optim.Optimizer`: owns the parameter groups and the
 * per-parameter state; a subclass writes `update` for one parameter and `checkGroup` for the
 * options of a group.
 *
 * Constructors take PyTorch's forms: `new SGD(params, 0.1)` (lr positionally),
 * `new SGD(params, 0.1, { momentum: 0.9 })`, `new SGD(params, { lr: 0.1, momentum: 0.9 })`, and
 * groups `[{ params: a, lr: 0.1 }, { params: b }]`.
 */
export abstract class Optimizer<O extends GroupOptions = GroupOptions> {
  readonly paramGroups: ParamGroup<O>[] = [];
  /** The options every group starts from (the constructor's over the optimizer's defaults). */
  readonly defaults: O;
  /** Per-parameter state (momentum buffers, moments, step counts). */
  readonly state = new Map<Tensor, ParamState>();

  constructor(
    params: Params<O>,
    lrOrOptions: number | OptionsInput<O> | undefined,
    options: OptionsInput<O> | undefined,
    defaults: O,
    readonly name: string,
  ) {
    const opts: object =
      typeof lrOrOptions === "number"
        ? { ...options, lr: lrOrOptions }
        : { ...lrOrOptions, ...options };
    this.defaults = { ...defaults, ...this.known(opts, defaults, "option") };
    const list = params instanceof TensorClass ? [params] : [...(params as Iterable<unknown>)];
    if (list.length === 0) throw new Error(`${name}: optimizer got an empty parameter list`);
    if (list.every(isGroupInput)) for (const g of list) this.addParamGroup(g);
    else this.addParamGroup({ params: list as Tensor[] } as unknown as ParamGroupInput<O>);
  }

  /**
   * Adds a group of parameters with its own options (those left out are the optimizer's), as
   * `optimizer.add_param_group` in PyTorch, e.g. to train a layer unfrozen later.
   */
  addParamGroup(group: ParamGroupInput<O>): void {
    const name = this.name;
    if (typeof group !== "object" || group === null || !("params" in group))
      throw new TypeError(`${name}: a parameter group must be an object { params, ...options }`);
    const { params, ...rest } = group;
    const list = params instanceof TensorClass ? [params] : [...(params as Iterable<Tensor>)];
    const g = { ...this.defaults, ...this.known(rest, this.defaults, "key"), params: list };
    if (list.length === 0) throw new Error(`${name}: a parameter group has no parameters`);
    checkLr(g, name);
    for (const [k, v] of Object.entries(g)) {
      if (typeof v === "number" && !Number.isFinite(v))
        throw new RangeError(`${name}: option ${k} must be finite, got ${v}`);
    }
    this.checkGroup(g);
    const seen = new Set(this.paramGroups.flatMap((pg) => pg.params));
    for (const p of list) {
      if (!(p instanceof TensorClass))
        throw new TypeError(`${name}: parameters must be Tensors (got ${typeof p})`);
      if (!p.requiresGrad)
        throw new Error(`${name}: can't optimize a tensor that does not require grad`);
      if (p.numel() === 0 && "uninitialized" in p)
        throw new Error(
          `${name}: a lazy module's parameter is not initialized yet; run one forward pass before creating the optimizer`,
        );
      if (seen.has(p))
        throw new Error(`${name}: some parameters appear in more than one parameter group`);
      seen.add(p);
    }
    this.paramGroups.push(g);
  }

  /**
   * The user's options with `betas` split into beta1/beta2 and undefined values dropped; a name
   * the optimizer does not know is refused (as an unexpected keyword is in PyTorch), so that a
   * misspelt or snake_case name (`weight_decay`) is not silently ignored.
   */
  private known(opts: object, defaults: O, what: string): Partial<O> {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(opts)) {
      if (v === undefined) continue;
      if (k === "betas" && "beta1" in defaults) {
        if (!Array.isArray(v) || v.length !== 2)
          throw new TypeError(
            `${this.name}: betas must be a pair [beta1, beta2], got ${String(v)}`,
          );
        [out.beta1, out.beta2] = v as number[];
      } else if (k in defaults) out[k] = v;
      else {
        const hint = k === "options" ? "; write a group's options flat: { params, lr: 0.1 }" : "";
        throw new TypeError(
          `${this.name}: unknown ${what} ${JSON.stringify(k)} (${what === "key" ? "keys: params, " : "options: "}` +
            `${Object.keys(defaults).join(", ")}${"beta1" in defaults ? ", betas" : ""})${hint}`,
        );
      }
    }
    return out as Partial<O>;
  }

  /** Checks one group's options (ranges of momentum, betas, ...), naming the optimizer. */
  protected abstract checkGroup(o: O): void;

  /**
   * Clears the gradients of all parameters: sets them to null (PyTorch 2's default), or with
   * `setToNone: false` fills them with zeros, so that a parameter unused in the next step still
   * has a (zero) gradient and is updated by momentum and weight decay, as in PyTorch.
   */
  zeroGrad({ setToNone = true }: { setToNone?: boolean } = {}): void {
    for (const g of this.paramGroups) for (const p of g.params) zeroGradOf(p, setToNone);
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
          // Through to the storage (also of a view), bumping its version as PyTorch's step does.
          p.writeInPlace((d) => this.update(d, grad.data, st, g));
        }
      }
    });
  }

  /** Updates one parameter in place from its gradient, with its state and group options. */
  protected abstract update(
    param: NDArray["data"],
    grad: NDArray["data"],
    state: ParamState,
    options: O,
  ): void;

  /**
   * The optimizer's state as PyTorch's `state_dict()`: `state` by parameter index (counting
   * through the groups in order) with copies of the buffers, and `paramGroups` with each group's
   * options and its parameters' indices.
   */
  stateDict(): OptimizerStateDict {
    const state: Record<number, SavedState> = {};
    const paramGroups: OptimizerStateDict["paramGroups"] = [];
    let i = 0;
    for (const { params, ...opts } of this.paramGroups) {
      const ids: number[] = [];
      for (const p of params) {
        const st = this.state.get(p);
        if (st) {
          state[i] = Object.fromEntries(
            Object.entries(st).map(([k, v]) => [k, typeof v === "number" ? v : saved(v)]),
          );
        }
        ids.push(i++);
      }
      paramGroups.push({ ...opts, params: ids } as OptimizerStateDict["paramGroups"][number]);
    }
    return { state, paramGroups };
  }

  /**
   * Restores what `stateDict()` returned (options of each group and the per-parameter state), as
   * PyTorch's `load_state_dict`; the groups must have the same sizes as this optimizer's.
   */
  loadStateDict(sd: OptimizerStateDict): void {
    const params = checkStateDict(sd, this.paramGroups, this.name);
    sd.paramGroups.forEach((g, gi) => {
      const { params: _ids, ...opts } = g;
      // the saved options, including those a scheduler keeps in a group (initialLr, maxLr, ...)
      Object.assign(this.paramGroups[gi], opts);
    });
    this.state.clear();
    for (const [id, st] of Object.entries(sd.state)) {
      const p = params[Number(id)];
      const copy: ParamState = {};
      for (const [k, v] of Object.entries(st)) {
        if (typeof v === "number") copy[k] = v;
        else {
          if (v.numel() !== p.numel())
            throw new RangeError(
              `${this.name}.loadStateDict: state ${k} of parameter ${id} has shape ${fmtShape(v.shape)}, ` +
                `the parameter ${fmtShape(p.shape)}; is this the state of another model?`,
            );
          copy[k] = new NDArray(v.to(p.dtype).toTypedArray(), [p.numel()]);
        }
      }
      this.state.set(p, copy);
    }
  }
}

/** A tensor copy of a state buffer, for `stateDict()`. */
function saved(a: NDArray): Tensor {
  return new TensorClass(new NDArray(a.data.slice(), a.shape.slice()));
}

/** `setToNone` clears the gradient; otherwise a gradient present is filled with zeros. */
export function zeroGradOf(p: Tensor, setToNone: boolean): void {
  if (setToNone) p.gradValue = null;
  else p.grad?.writeInPlace((d) => d.fill(0)); // in place, bumping the version, as PyTorch's zero_
}

function isGroupInput(x: unknown): x is ParamGroupInput<never> {
  return typeof x === "object" && x !== null && !(x instanceof TensorClass) && "params" in x;
}

function checkLr(o: GroupOptions, name: string): void {
  if (!(typeof o.lr === "number" && o.lr >= 0)) {
    throw new RangeError(`${name}: invalid learning rate ${o.lr}; expected a number >= 0`);
  }
}

/** Throws `${name}: invalid ${key} value ${v}; expected ${what}` unless `ok`. */
export function checkOption(
  ok: boolean,
  name: string,
  key: string,
  v: unknown,
  what: string,
): void {
  if (!ok) throw new RangeError(`${name}: invalid ${key} value ${String(v)}; expected ${what}`);
}

/** The state buffer `key` of a parameter, created filled with `init` (0) on first use. */
export function buffer(
  state: ParamState,
  key: string,
  p: NDArray["data"],
  init = 0,
): NDArray["data"] {
  let b = state[key] as NDArray | undefined;
  if (!b) {
    b = NDArray.empty(p instanceof Float64Array ? "float64" : "float32", [p.length]);
    if (init !== 0) b.data.fill(init);
    state[key] = b;
  }
  return b.data;
}

/** Increments and returns the parameter's step count (1 on the first step). */
export function nextStep(state: ParamState): number {
  const t = ((state.step as number | undefined) ?? 0) + 1;
  state.step = t;
  return t;
}
