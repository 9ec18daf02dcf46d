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
import { Adam, AdamW, SGD } from "../optim/index.js";
import type { Generator, Tensor } from "../tensor/index.js";
import type { LossFn } from "./fit.js";
import type { Task } from "./metrics.js";

type LayerFactory = (args: number[], g: Generator | undefined) => Module;

const LAYERS: Record<string, { arity: [number, number]; usage: string; make: LayerFactory }> = {
  linear: {
    arity: [2, 3],
    usage: "linear(in,out) or linear(in,out,0) for no bias",
    make: ([i, o, bias], g) => new Linear(i, o, { bias: bias !== 0, generator: g }),
  },
  sigmoid: { arity: [0, 0], usage: "sigmoid", make: () => new Sigmoid() },
  relu: { arity: [0, 0], usage: "relu", make: () => new ReLU() },
  tanh: { arity: [0, 0], usage: "tanh", make: () => new Tanh() },
  softmax: { arity: [0, 1], usage: "softmax or softmax(dim)", make: ([d]) => new Softmax(d ?? 1) },
  logsoftmax: {
    arity: [0, 1],
    usage: "logsoftmax or logsoftmax(dim)",
    make: ([d]) => new LogSoftmax(d ?? 1),
  },
  flatten: { arity: [0, 0], usage: "flatten", make: () => new Flatten() },
  identity: { arity: [0, 0], usage: "identity", make: () => new Identity() },
};

/** The layer names `parseModelSpec` knows. */
export const LAYER_NAMES = Object.keys(LAYERS);

/**
 * Builds an `nn.Sequential` from a comma-separated list of layers: `linear(in,out)`,
 * `linear(in,out,0)` (no bias), `sigmoid`, `relu`, `tanh`, `softmax(dim=1)`, `logsoftmax(dim=1)`,
 * `flatten`, `identity`. Names are case-insensitive; spaces are ignored.
 *
 * @example
 * parseModelSpec("linear(4,10),sigmoid,linear(10,1),sigmoid").stateDict(); // 0.weight, 0.bias, 2.weight, 2.bias
 */
export function parseModelSpec(spec: string, opts: { generator?: Generator } = {}): Sequential {
  const text = spec.replace(/\s+/g, "").toLowerCase();
  if (!text)
    throw new Error("model spec is empty; expected e.g. linear(4,10),sigmoid,linear(10,1)");
  const layers: Module[] = [];
  const re = /([a-z_]+)(?:\(([^()]*)\))?(?:,|$)/y;
  let pos = 0;
  while (pos < text.length) {
    re.lastIndex = pos;
    const m = re.exec(text);
    if (!m) {
      throw new Error(`model spec: can't read "${text.slice(pos)}" (layer ${layers.length + 1})`);
    }
    const [, name, argText] = m;
    const layer = LAYERS[name];
    const where = `model spec: layer ${layers.length + 1} (${name})`;
    if (!layer) throw new Error(`${where}: unknown layer; known: ${LAYER_NAMES.join(", ")}`);
    const args = argText ? argText.split(",").map(Number) : [];
    if (args.some((a) => !Number.isInteger(a))) {
      throw new Error(
        `${where}: arguments must be integers, got "${argText}"; usage: ${layer.usage}`,
      );
    }
    if (args.length < layer.arity[0] || args.length > layer.arity[1]) {
      throw new Error(`${where}: ${args.length} argument(s); usage: ${layer.usage}`);
    }
    try {
      layers.push(layer.make(args, opts.generator));
    } catch (e) {
      throw new Error(`${where}: ${(e as Error).message}`);
    }
    pos = re.lastIndex;
  }
  checkChain(layers);
  return new Sequential(...layers);
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

const LOSSES: Record<string, () => LossSpec> = {
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
};

/** The loss names `lossByName` knows. */
export const LOSS_NAMES = Object.keys(LOSSES);

/** The loss of a name in LOSS_NAMES (case-insensitive), with its task and target form; throws listing the names otherwise. */
export function lossByName(name: string): LossSpec {
  const make = LOSSES[name.toLowerCase()];
  if (!make) throw new Error(`unknown loss "${name}"; known: ${LOSS_NAMES.join(", ")}`);
  return make();
}

/** The optimizer names `makeOptimizer` knows. */
export const OPTIMIZER_NAMES = ["sgd", "adam", "adamw"];

/** Options of `makeOptimizer`. */
export interface OptimizerOptions {
  lr: number;
  /** SGD only (default 0). */
  momentum?: number;
  weightDecay?: number;
}

/** `new optim.SGD(params, { lr, momentum })`, `new optim.Adam(params, { lr })`, ... by name. */
export function makeOptimizer(
  name: string,
  params: Iterable<Tensor>,
  opts: OptimizerOptions,
): Optimizer {
  const { lr, momentum = 0, weightDecay = 0 } = opts;
  switch (name.toLowerCase()) {
    case "sgd":
      return new SGD(params, { lr, momentum, weightDecay });
    case "adam":
      if (momentum !== 0) throw new Error("--momentum applies to sgd only; Adam has betas");
      return new Adam(params, { lr, weightDecay });
    case "adamw":
      if (momentum !== 0) throw new Error("--momentum applies to sgd only; AdamW has betas");
      return new AdamW(params, { lr, ...(weightDecay ? { weightDecay } : {}) });
    default:
      throw new Error(`unknown optimizer "${name}"; known: ${OPTIMIZER_NAMES.join(", ")}`);
  }
}
