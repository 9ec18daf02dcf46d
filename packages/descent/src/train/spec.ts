/**
 * Models, losses and optimizers from short text specs, for command lines and configs:
 * `"linear(4,10),sigmoid,linear(10,1),sigmoid"` is `nn.Sequential(nn.Linear(4, 10), nn.Sigmoid(),
 * nn.Linear(10, 1), nn.Sigmoid())`, with PyTorch's state-dict keys `0.weight`, `0.bias`, ...
 */
import type { Module } from "../nn/index.js";
import {
  BCELoss,
  BCEWithLogitsLoss,
  CrossEntropyLoss,
  Flatten,
  Identity,
  Linear,
  LogSoftmax,
  MSELoss,
  NLLLoss,
  ReLU,
  Sequential,
  Sigmoid,
  Softmax,
  Tanh,
} from "../nn/index.js";
import type { Optimizer } from "../optim/index.js";
import {
  Adadelta,
  Adagrad,
  Adam,
  Adamax,
  AdamW,
  NAdam,
  RAdam,
  RMSprop,
  SGD,
} from "../optim/index.js";
import type { Generator, Tensor } from "../tensor/index.js";
import type { LossFn } from "./fit.js";
import type { Task } from "./metrics.js";
import { excerpt, formatBytes } from "../util/text.js";

type LayerFactory = (args: number[], g: Generator | undefined) => Module;

interface LayerKind {
  arity: [number, number];
  usage: string;
  make: LayerFactory;
}

/** Layers by name (a Map: a spec naming `constructor` or `__proto__` is an unknown layer). */
const LAYERS = new Map<string, LayerKind>(
  Object.entries({
    linear: {
      arity: [2, 3],
      usage: "linear(in,out) or linear(in,out,0) for no bias",
      make: ([i, o, bias], g) => new Linear(i, o, { bias: bias !== 0, generator: g }),
    },
    sigmoid: { arity: [0, 0], usage: "sigmoid", make: () => new Sigmoid() },
    relu: { arity: [0, 0], usage: "relu", make: () => new ReLU() },
    tanh: { arity: [0, 0], usage: "tanh", make: () => new Tanh() },
    softmax: {
      arity: [0, 1],
      usage: "softmax or softmax(dim)",
      make: ([d]) => new Softmax(d ?? 1),
    },
    logsoftmax: {
      arity: [0, 1],
      usage: "logsoftmax or logsoftmax(dim)",
      make: ([d]) => new LogSoftmax(d ?? 1),
    },
    flatten: { arity: [0, 0], usage: "flatten", make: () => new Flatten() },
    identity: { arity: [0, 0], usage: "identity", make: () => new Identity() },
  } satisfies Record<string, LayerKind>),
);

/** The layer names `parseModelSpec` knows. */
export const LAYER_NAMES = [...LAYERS.keys()];

/** The longest model spec `parseModelSpec` reads, in characters. */
export const MAX_SPEC_CHARS = 10_000;
/**
 * The most parameters a spec may ask for, by default (2^28, 1 GB of float32); the `maxParameters`
 * option raises it. Checked before any layer is built.
 */
export const MAX_SPEC_PARAMETERS = 2 ** 28;

/**
 * Builds an `nn.Sequential` from a comma-separated list of layers: `linear(in,out)`,
 * `linear(in,out,0)` (no bias), `sigmoid`, `relu`, `tanh`, `softmax(dim=1)`, `logsoftmax(dim=1)`,
 * `flatten`, `identity`. Names are case-insensitive; spaces are ignored.
 *
 * @example
 * parseModelSpec("linear(4,10),sigmoid,linear(10,1),sigmoid").stateDict(); // 0.weight, 0.bias, 2.weight, 2.bias
 */
export function parseModelSpec(
  spec: string,
  opts: { generator?: Generator; maxParameters?: number } = {},
): Sequential {
  if (typeof spec !== "string") {
    throw new TypeError(`model spec: expected a string, got ${typeof spec}`);
  }
  if (spec.length > MAX_SPEC_CHARS) {
    throw new RangeError(
      `model spec: ${spec.length} characters, more than the ${MAX_SPEC_CHARS} descent reads ('${excerpt(spec)}')`,
    );
  }
  const text = spec.replace(/\s+/g, "").toLowerCase();
  if (!text)
    throw new Error("model spec is empty; expected e.g. linear(4,10),sigmoid,linear(10,1)");
  const parsed: { kind: LayerKind; args: number[]; where: string }[] = [];
  const re = /([a-z_]+)(?:\(([^()]*)\))?(?:,|$)/y;
  let pos = 0;
  while (pos < text.length) {
    re.lastIndex = pos;
    const m = re.exec(text);
    const where = `model spec: layer ${parsed.length + 1}`;
    if (!m) throw new Error(`${where}: can't read "${excerpt(text.slice(pos))}"`);
    const [, name, argText] = m;
    const kind = LAYERS.get(name);
    const named = `${where} (${excerpt(name, 20)})`;
    if (!kind) throw new Error(`${named}: unknown layer; known: ${LAYER_NAMES.join(", ")}`);
    const args = argText ? argText.split(",").map((a) => (a === "" ? NaN : Number(a))) : [];
    if (args.some((a) => !Number.isSafeInteger(a))) {
      throw new Error(
        `${named}: arguments must be integers, got "${excerpt(argText)}"; usage: ${kind.usage}`,
      );
    }
    if (args.length < kind.arity[0] || args.length > kind.arity[1]) {
      throw new Error(`${named}: ${args.length} argument(s); usage: ${kind.usage}`);
    }
    parsed.push({ kind, args, where: named });
    pos = re.lastIndex;
  }
  checkParameterCount(parsed, opts.maxParameters ?? MAX_SPEC_PARAMETERS);
  const layers: Module[] = [];
  for (const { kind, args, where } of parsed) {
    try {
      layers.push(kind.make(args, opts.generator));
    } catch (e) {
      throw new Error(`${where}: ${(e as Error).message}`);
    }
  }
  checkChain(layers);
  return new Sequential(...layers);
}

/** Refuses a spec whose linear layers together hold more than `max` parameters, before building. */
function checkParameterCount(parsed: { kind: LayerKind; args: number[] }[], max: number): void {
  let total = 0;
  for (const { kind, args } of parsed) {
    if (kind !== LAYERS.get("linear")) continue;
    const [i, o, bias] = args;
    total += Math.abs(i) * Math.abs(o) + (bias === 0 ? 0 : Math.abs(o));
  }
  if (total > max) {
    throw new RangeError(
      `model spec: its linear layers hold ${total} parameters (${formatBytes(4 * total)} of float32), more than the ${max} allowed (raise it with the maxParameters option)`,
    );
  }
}

/** Consecutive Linear layers must agree on their feature counts. */
function checkChain(layers: Module[]): void {
  let features: number | null = null;
  let from = "";
  layers.forEach((l, i) => {
    if (!(l instanceof Linear)) return;
    if (features !== null && l.inFeatures !== features) {
      throw new Error(
        `model spec: layer ${i + 1} is linear(${l.inFeatures},${l.outFeatures}) but ${from} gives ${features} features`,
      );
    }
    features = l.outFeatures;
    from = `layer ${i + 1}`;
  });
}

/** Input features of a model's first Linear layer, or null. */
export function inputFeatures(model: Module): number | null {
  for (const m of model.modules()) if (m instanceof Linear) return m.inFeatures;
  return null;
}

/** A loss by name, with the task its outputs mean and how targets must be shaped. */
export interface LossSpec {
  name: string;
  lossFn: LossFn;
  task: Task;
  /** Binary-classification threshold on outputs (0.5 for probabilities, 0 for logits). */
  threshold?: number;
  /** Targets as the loss wants them: float [N, 1] ("column"), int32 class indices [N] ("index"). */
  target: "column" | "index";
}

/** Losses by name (a Map, so that `constructor` is an unknown loss, not a function). */
const LOSSES = new Map<string, () => LossSpec>(
  Object.entries({
    bce: () => ({
      name: "bce",
      lossFn: new BCELoss(),
      task: "binary",
      threshold: 0.5,
      target: "column",
    }),
    "bce-with-logits": () => ({
      name: "bce-with-logits",
      lossFn: new BCEWithLogitsLoss(),
      task: "binary",
      threshold: 0,
      target: "column",
    }),
    "cross-entropy": () => ({
      name: "cross-entropy",
      lossFn: new CrossEntropyLoss(),
      task: "multiclass",
      target: "index",
    }),
    nll: () => ({ name: "nll", lossFn: new NLLLoss(), task: "multiclass", target: "index" }),
    mse: () => ({ name: "mse", lossFn: new MSELoss(), task: "regression", target: "column" }),
  } satisfies Record<string, () => LossSpec>),
);

/** The loss names `lossByName` knows. */
export const LOSS_NAMES = [...LOSSES.keys()];

/** The loss of a name in LOSS_NAMES (case-insensitive), with its task and target form; throws listing the names otherwise. */
export function lossByName(name: string): LossSpec {
  const make = LOSSES.get(String(name).toLowerCase());
  if (!make) throw new Error(`unknown loss "${excerpt(name)}"; known: ${LOSS_NAMES.join(", ")}`);
  return make();
}

/** A built-in optimizer class, as `makeOptimizer` uses it: its spec and its constructor. */
type OptimizerClass = {
  readonly spec: { readonly name: string; readonly defaults: object };
  new (params: Iterable<Tensor>, opts: object): Optimizer;
};

/** The optimizers `makeOptimizer` knows, by lower-case name. */
const OPTIMIZERS = new Map<string, OptimizerClass>([
  ["sgd", SGD],
  ["adam", Adam],
  ["adamw", AdamW],
  ["rmsprop", RMSprop],
  ["adagrad", Adagrad],
  ["adadelta", Adadelta],
  ["adamax", Adamax],
  ["nadam", NAdam],
  ["radam", RAdam],
]);

/** The optimizer names `makeOptimizer` knows (every optimizer of `optim`). */
export const OPTIMIZER_NAMES = [...OPTIMIZERS.keys()];

/** The names of the optimizers that have a momentum option (SGD's and RMSprop's). */
export const MOMENTUM_OPTIMIZERS = OPTIMIZER_NAMES.filter(
  (n) => "momentum" in OPTIMIZERS.get(n)!.spec.defaults,
);

/** Options of `makeOptimizer`. */
export interface OptimizerOptions {
  lr: number;
  /** SGD and RMSprop only (default 0). */
  momentum?: number;
  /** Every optimizer; absent or 0: the optimizer's default (0, AdamW's 0.01). */
  weightDecay?: number;
}

/**
 * `new optim.SGD(params, { lr, momentum })`, `new optim.Adam(params, { lr })`, ... by name
 * (case-insensitive), with the optimizer's defaults for everything else.
 */
export function makeOptimizer(
  name: string,
  params: Iterable<Tensor>,
  opts: OptimizerOptions,
): Optimizer {
  const { lr, momentum = 0, weightDecay = 0 } = opts;
  const Opt = OPTIMIZERS.get(String(name).toLowerCase());
  if (!Opt)
    throw new Error(`unknown optimizer "${excerpt(name)}"; known: ${OPTIMIZER_NAMES.join(", ")}`);
  const hasMomentum = "momentum" in Opt.spec.defaults;
  if (momentum !== 0 && !hasMomentum)
    throw new Error(
      `--momentum applies to ${MOMENTUM_OPTIMIZERS.join(" and ")} only; ${Opt.spec.name} has none` +
        ("beta1" in Opt.spec.defaults ? " (it has betas)" : ""),
    );
  const o = { lr, ...(hasMomentum ? { momentum } : {}), ...(weightDecay ? { weightDecay } : {}) };
  return new Opt(params, o);
}
